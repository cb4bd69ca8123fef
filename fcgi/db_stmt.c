/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The statement table. Each statement does its request's whole database
 * work in one round trip. Timestamps leave as RFC 3339 UTC text so no code
 * outside PostgreSQL formats dates.
 */
#include "db_stmt.h"

#define RFC3339(col) \
	"to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

const struct db_stmt db_stmts[STMT__MAX] = {
	[STMT_HEALTH] = { "health", "SELECT 1", true },

	/*
	 * $1 article key, $2 thread position to start below (a cursor; a huge
	 * number for the first page), $3 rows wanted. One row per comment plus
	 * the visible count; an article without comments on this page gives one
	 * row with NULL comment columns; an unknown article gives no row. The
	 * partial index comment_visible_newest makes this a bounded index scan
	 * however long the thread is.
	 */
	[STMT_COMMENT_PAGE] = { "comment_page",
	    "SELECT a.comment_count, c.seq, c.id, c.author_name, c.body, " RFC3339("c.created_at")
	    " FROM article a LEFT JOIN LATERAL ("
	    "   SELECT seq, id, author_name, body, created_at FROM comment"
	    "   WHERE article_id = a.id AND seq < $2::bigint"
	    "     AND status IN ('published', 'approved')"
	    "   ORDER BY seq DESC LIMIT $3::int) c ON true"
	    " WHERE a.key = $1::text"
	    " ORDER BY c.seq DESC", true },

	/*
	 * $1 key, $2 title, $3 url (NULL if not given), $4 author name, $5 body.
	 * The first comment creates the article; the upsert's row lock
	 * serializes posts to one article, so comment_count and the thread
	 * position (comment_seq) stay exact.
	 */
	[STMT_COMMENT_INSERT] = { "comment_insert",
	    "WITH a AS ("
	    "  INSERT INTO article AS a (key, title, url, comment_count, comment_seq)"
	    "  VALUES ($1::text, $2::text, $3::text, 1, 1)"
	    "  ON CONFLICT (key) DO UPDATE SET comment_count = a.comment_count + 1,"
	    "    comment_seq = a.comment_seq + 1,"
	    "    title = COALESCE(a.title, EXCLUDED.title),"
	    "    url = COALESCE(a.url, EXCLUDED.url)"
	    "  RETURNING a.id, a.comment_seq)"
	    " INSERT INTO comment (article_id, seq, author_name, body)"
	    " SELECT id, comment_seq, $4::text, $5::text FROM a"
	    " RETURNING seq, id, author_name, body, " RFC3339("created_at"), false },

	/* $1 a text[] of article keys; unknown keys give no row. */
	[STMT_ARTICLE_COUNTS] = { "article_counts",
	    "SELECT key, comment_count FROM article WHERE key = ANY($1::text[])", true },
};
