/* SPDX-License-Identifier: ISC — Rostra */
/*
 * A comment as readers see it, one line per column: the member of struct
 * comment (db/db.h) it fills, its name in the API's JSON, its kind, and
 * the SQL that selects it from comment tbl, where open says whether its
 * words may show (a tombstone shows none). This one list makes the select
 * list (COMMENT_COLUMNS, db/db_stmt.c), the row reader (db_comment_read)
 * and the JSON writer (api_comment_json), in this order: adding a column
 * is a line here and a member of struct comment.
 */
#ifndef ROSTRA_DB_COLUMNS_H
#define ROSTRA_DB_COLUMNS_H

#define RFC3339(col) \
	"to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/* Readers see published and approved comments. */
#define VISIBLE(c) c ".status IN ('published', 'approved')"

/*
 * Kinds: COL_INT a number; COL_ID_OPT an id, null when 0; COL_BOOL;
 * COL_TEXT text with its length (member and member_len), null when NULL;
 * COL_STAMP an RFC 3339 time, null when NULL.
 */
#define COMMENT_FIELDS(X, tbl, open) \
	X(id, "id", COL_INT, tbl ".id") \
	X(removed, "removed", COL_BOOL, "NOT (" open ")") \
	X(author_name, "author_name", COL_TEXT, "CASE WHEN " open " THEN " tbl ".author_name END") \
	X(body, "body", COL_TEXT, "CASE WHEN " open " THEN " tbl ".body END") \
	X(html, "html", COL_TEXT, "CASE WHEN " open " THEN " tbl ".body_html END") \
	X(created_at, "created_at", COL_STAMP, RFC3339(tbl ".created_at")) \
	X(edited_at, "edited_at", COL_STAMP, RFC3339(tbl ".edited_at")) \
	X(reactions, "reactions", COL_INT, tbl ".reaction_count") \
	X(featured, "featured", COL_BOOL, tbl ".featured") \
	X(badge, "badge", COL_STAMP, "CASE WHEN " open " THEN " tbl ".author_badge END") \
	X(parent_id, "parent_id", COL_ID_OPT, tbl ".parent_id") \
	X(depth, "depth", COL_INT, tbl ".depth") \
	X(reply_to, "reply_to", COL_TEXT, "(SELECT p.author_name FROM comment p" \
	    " WHERE p.id = " tbl ".parent_id AND " VISIBLE("p") ")") \
	X(replies, "reply_count", COL_INT, tbl ".reply_count")

/*
 * After them, never shown: the comment's place in its thread (the paging
 * cursor) and the weight the "reactions" order sorts by.
 */
#define COMMENT_KEYS(tbl)	tbl ".seq, " tbl ".reaction_weight"

#define COMMENT_FIELD_SQL(member, json, kind, sql)	sql ", "
#define COMMENT_FIELD_ONE(member, json, kind, sql)	+ 1

/* The select list of a comment; a statement's own columns follow it. */
#define COMMENT_COLUMNS(tbl, open) COMMENT_FIELDS(COMMENT_FIELD_SQL, tbl, open) COMMENT_KEYS(tbl)

/* The id's place in COMMENT_COLUMNS (it comes first): NULL there is a row with no comment. */
#define DB_COMMENT_ID		0

/* How many columns COMMENT_COLUMNS selects. */
#define DB_COMMENT_NCOLS	(0 COMMENT_FIELDS(COMMENT_FIELD_ONE, , ) + 2)

#endif
