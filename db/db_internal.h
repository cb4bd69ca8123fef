/* SPDX-License-Identifier: ISC — Rostra */
/*
 * What the database module's files share: running a statement and reading
 * its columns. Only db/db_*.c include this; nothing outside sees PGresult.
 */
#ifndef ROSTRA_DB_INTERNAL_H
#define ROSTRA_DB_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "lib/arena.h"
#include "db/db.h"
#include "db/db_columns.h"
#include "db/db_stmt.h"
#include "lib/error.h"

/*
 * Runs statement s with n text parameters (NULL is SQL NULL). Returns a
 * result owned by the arena, or NULL with *err set: ERR_CONFLICT for a
 * unique violation, ERR_DATABASE_UNAVAILABLE, or ERR_INTERNAL.
 */
PGresult	*db_exec(struct db *db, struct arena *a, enum stmt s, int n,
		    const char *const *params, enum err *err);

/* A conflict that no constraint named (db_conflict_constraint reads ""). */
void		 db_conflict_clear(struct db *db);

/* The integer in row, col; 0 if NULL. */
int64_t		 db_int64(const PGresult *res, int row, int col);

/* True if the boolean in row, col is true. */
bool		 db_bool(const PGresult *res, int row, int col);

/* Decimal text of v in arena memory, for a statement parameter. */
const char	*db_param_int(struct arena *a, int64_t v);

/* A PostgreSQL text[] literal of the n strings, in arena memory. */
const char	*db_text_array(struct arena *a, const char *const *v, size_t n);

/* Fills c from the DB_COMMENT_NCOLS columns of COMMENT_COLUMNS (db/db_columns.h), starting at col. */
void		 db_comment_read(const PGresult *res, int row, int col, struct comment *c);

#endif
