/* SPDX-License-Identifier: ISC — Rostra */
/*
 * "rostra migrate": applies the numbered files of the sql/ directory that
 * the database has not seen, each in its own transaction, in order, and
 * records each in schema_migration. Safe to run again, and from several
 * hosts at once (an advisory lock serializes them).
 */
#ifndef ROSTRA_MIGRATE_H
#define ROSTRA_MIGRATE_H

/*
 * Applies the migrations in dir, then, the first time only, the default
 * word lists from words_dir. Returns 0, or -1 after printing why to stderr.
 */
int	migrate_run(const char *conninfo, const char *dir, const char *words_dir);

#endif
