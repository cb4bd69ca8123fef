/* SPDX-License-Identifier: ISC — Rostra */
/*
 * "rostra migrate": applies the numbered files of the sql/ directory that
 * the database has not seen, each in its own transaction, in order, and
 * records each in schema_migration, fills the name keys SQL cannot compute
 * (app_user.name_key, and a guest's on their recent comments), then grants
 * the daemon's role its rights.
 * Safe to run again, and from several hosts at once (an advisory lock
 * serializes them).
 */
#ifndef ROSTRA_MIGRATE_H
#define ROSTRA_MIGRATE_H

/*
 * Connects with conninfo (the schema owner's), applies the migrations in
 * dir, then, the first time only, the default word lists from words_dir;
 * then, unless app_role is "", grants app_role the daemon's rights on every
 * table, sequence and function, and nothing more (every run, so a new table
 * is covered). Returns 0, or -1 after printing why to stderr.
 */
int	migrate_run(const char *conninfo, const char *dir, const char *words_dir,
	    const char *app_role);

#endif
