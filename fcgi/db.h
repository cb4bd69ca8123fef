/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The database module: one PostgreSQL connection per worker, its statements
 * prepared, and typed functions over them. Only this module reads a
 * PGresult. Results point into arena memory (the PGresult itself is an
 * arena cleanup), so they live until the request ends.
 */
#ifndef ROSTRA_DB_H
#define ROSTRA_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "error.h"

struct db;

struct comment {
	int64_t		 seq;		/* position in its thread; the paging cursor */
	int64_t		 id;
	const char	*author_name;
	size_t		 author_name_len;
	const char	*body;
	size_t		 body_len;
	const char	*created_at;	/* RFC 3339, UTC */
};

struct comment_page {
	int64_t		 comment_count;	/* visible comments of the article */
	struct comment	*items;		/* newest first */
	size_t		 n;
	bool		 more;		/* older comments exist after items[n - 1] */
};

/* A validated new comment; all strings NUL-terminated, title and url may be NULL. */
struct comment_new {
	const char	*key;
	const char	*title;
	const char	*url;
	const char	*author_name;
	const char	*body;
};

/*
 * A handle for conninfo (libpq keywords or URL). Connects lazily, and again
 * after a lost connection. Caller frees with db_close. Call after fork only.
 */
struct db	*db_open(const char *conninfo);
void		 db_close(struct db *db);

/* Connects now if needed and prepares every statement. 0 or -1 (logged). */
int		 db_connect(struct db *db);

/* ERR_OK when the database answers a query, else ERR_DATABASE_UNAVAILABLE. */
enum err	 db_health(struct db *db, struct arena *a);

/*
 * The newest visible comments of article key with seq < before_seq, at most
 * limit of them. An unknown article is an empty page with count 0.
 */
enum err	 db_comment_page(struct db *db, struct arena *a, const char *key,
		    int64_t before_seq, int limit, struct comment_page *page);

/* Stores c (creating its article on first use); the stored row goes to *out. */
enum err	 db_comment_insert(struct db *db, struct arena *a,
		    const struct comment_new *c, struct comment *out);

/* counts[i] = visible comments of keys[i] (0 if unknown), for n keys. */
enum err	 db_article_counts(struct db *db, struct arena *a,
		    const char *const *keys, size_t n, int64_t *counts);

#endif
