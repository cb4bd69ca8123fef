/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Comments: a thread's pages, replies, a comment in its context, a new
 * comment (a reader's or a new guest's), and the published counts of
 * several articles. The columns every comment statement selects are one
 * list, DB_COMMENT_COLUMNS (db/db_internal.h).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db/db.h"
#include "db/db_internal.h"

/* Each kind's reader: column col of row into member m of c. */
#define READ_COL_INT(m)		c->m = db_int64(res, row, col)
#define READ_COL_ID_OPT(m)	c->m = db_int64(res, row, col)
#define READ_COL_BOOL(m)	c->m = db_bool(res, row, col)
#define READ_COL_STAMP(m)	c->m = PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col)
#define READ_COL_TEXT(m)	READ_COL_STAMP(m); c->m##_len = (size_t)PQgetlength(res, row, col)
#define READ_FIELD(member, json, kind, sql)	READ_##kind(member); col++;

void
db_comment_read(const PGresult *res, int row, int col, struct comment *c)
{
	COMMENT_FIELDS(READ_FIELD, , )
	c->seq = db_int64(res, row, col);
	c->reaction_weight = db_int64(res, row, col + 1);
}

/*
 * Groups rows [from, to) of a thread listing, top-level comments each
 * followed by their replies, into threads; returns how many.
 */
static size_t
db_threads_read(const PGresult *res, int from, int to, int col, struct arena *a,
    struct thread *t)
{
	struct comment	*all = arena_alloc(a, (size_t)(to - from + 1) * sizeof(*all));
	size_t		 n = 0;

	for (int row = from; row < to; row++) {
		struct comment	*c = &all[row - from];

		db_comment_read(res, row, col, c);
		if (c->parent_id == 0) {
			t[n].top = *c;
			t[n].replies = c + 1;	/* its replies are the rows that follow */
			t[n].n = 0;
			t[n].more = c->replies;
			n++;
		} else if (n > 0) {
			t[n - 1].n++;
			if (!c->removed)
				t[n - 1].more--;
		}
	}
	return n;
}

/* The page statement of each order, and whether it takes a count's cursor. */
static const struct {
	enum stmt	 stmt;
	bool		 keyed;
} db_orders[] = {
	[ORDER_NEWEST] = { STMT_COMMENT_PAGE, false },
	[ORDER_OLDEST] = { STMT_COMMENT_PAGE_OLDEST, false },
	[ORDER_REACTIONS] = { STMT_COMMENT_PAGE_REACTIONS, true },
	[ORDER_REPLIES] = { STMT_COMMENT_PAGE_REPLIES, true },
};

enum err
db_comment_page(struct db *db, struct arena *a, const char *key, enum thread_order order,
    const struct page_start *start, int limit, int replies, struct comment_page *page)
{
	const char	*params[6];
	PGresult	*res;
	enum err	 err;
	int		 rows, top = 0, first;

	assert(limit > 0 && replies >= 0);
	params[0] = key;
	/* The first page starts past the order's edge. */
	params[1] = !start->first ? db_param_int(a, start->seq) :
	    order == ORDER_OLDEST ? "0" : "9223372036854775807";
	/* One more than asked tells whether another page exists. */
	params[2] = db_param_int(a, limit + 1);
	params[3] = start->first ? "true" : "false";
	params[4] = db_param_int(a, replies);
	params[5] = start->first ? "2147483647" : db_param_int(a, start->key);
	memset(page, 0, sizeof(*page));
	if ((res = db_exec(db, a, db_orders[order].stmt, db_orders[order].keyed ? 6 : 5, params,
	    &err)) == NULL)
		return err;
	if ((rows = PQntuples(res)) == 0)
		return ERR_OK;
	page->comment_count = db_int64(res, 0, 0);
	page->closed = db_bool(res, 0, 1);
	if (PQgetisnull(res, 0, 3 + DB_COMMENT_ID))
		return ERR_OK;
	/* Featured rows (slot 0) come first, then the page's threads. */
	while (page->nfeatured < (size_t)rows && db_int64(res, (int)page->nfeatured, 2) == 0)
		page->nfeatured++;
	page->featured = arena_alloc(a, (page->nfeatured + 1) * sizeof(*page->featured));
	for (size_t i = 0; i < page->nfeatured; i++)
		db_comment_read(res, (int)i, 3, &page->featured[i]);
	/* The row after the limit-th top-level comment's thread says more exist. */
	first = (int)page->nfeatured;
	for (int row = first; row < rows; row++) {
		if (db_int64(res, row, 2) == 1 && ++top > limit) {
			page->more = true;
			rows = row;
			break;
		}
	}
	page->items = arena_alloc(a, (size_t)(rows - first + 1) * sizeof(*page->items));
	page->n = db_threads_read(res, first, rows, 3, a, page->items);
	return ERR_OK;
}

enum err
db_reply_page(struct db *db, struct arena *a, int64_t root, int64_t after_id, int limit,
    struct thread *t, bool *more)
{
	const char *const params[3] = { db_param_int(a, root), db_param_int(a, after_id),
	    db_param_int(a, limit + 1) };
	PGresult	*res;
	enum err	 err;
	int		 rows;

	memset(t, 0, sizeof(*t));
	*more = false;
	if ((res = db_exec(db, a, STMT_REPLY_PAGE, 3, params, &err)) == NULL)
		return err;
	if ((rows = PQntuples(res)) == 0)
		return ERR_NOT_FOUND;
	if (PQgetisnull(res, 0, 1 + DB_COMMENT_ID))
		rows = 0;
	if (rows > limit) {
		*more = true;
		rows = limit;
	}
	t->replies = arena_alloc(a, (size_t)(rows + 1) * sizeof(*t->replies));
	for (int row = 0; row < rows; row++)
		db_comment_read(res, row, 1, &t->replies[t->n++]);
	return ERR_OK;
}

enum err
db_comment_context(struct db *db, struct arena *a, int64_t id, int limit, const char **key,
    struct thread *t, bool *more)
{
	const char *const params[2] = { db_param_int(a, id), db_param_int(a, limit + 1) };
	PGresult	*res;
	enum err	 err;
	int		 rows;

	memset(t, 0, sizeof(*t));
	*more = false;
	if ((res = db_exec(db, a, STMT_COMMENT_CONTEXT, 2, params, &err)) == NULL)
		return err;
	if ((rows = PQntuples(res)) == 0)
		return ERR_NOT_FOUND;
	*key = PQgetvalue(res, 0, 0);
	/* The rows after id are at most limit + 1; the last of those says more exist. */
	for (int row = 0; row < rows; row++)
		if (db_int64(res, row, 2) == id && rows - row - 1 > limit) {
			*more = true;
			rows--;
			break;
		}
	if (db_threads_read(res, 0, rows, 1, a, t) != 1)
		return ERR_INTERNAL;	/* the path starts at a top-level comment */
	return ERR_OK;
}

enum err
db_comment_insert(struct db *db, struct arena *a, const struct comment_new *c,
    int64_t sid, int64_t uid, struct comment *out)
{
	const char *const params[15] = { c->key, c->title, c->url, c->body,
	    db_param_int(a, sid), db_param_int(a, uid), c->status, c->flagged ? "true" : "false",
	    c->address, c->action, db_text_array(a, c->reasons, c->nfindings),
	    db_text_array(a, c->notes, c->nfindings), c->html,
	    c->parent_id > 0 ? db_param_int(a, c->parent_id) : NULL, c->post_key };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_COMMENT_INSERT, 15, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_UNAUTHORIZED;
	db_comment_read(res, 0, 0, out);
	return ERR_OK;
}

enum err
db_guest_comment_insert(struct db *db, struct arena *a, const struct comment_new *c,
    const char *expires, struct comment *out, struct new_session *s)
{
	const char *const params[16] = { c->key, c->title, c->url, c->author_name, c->body,
	    expires, c->status, c->flagged ? "true" : "false", c->address, c->action,
	    db_text_array(a, c->reasons, c->nfindings), db_text_array(a, c->notes, c->nfindings),
	    c->html, c->parent_id > 0 ? db_param_int(a, c->parent_id) : NULL, c->post_key,
	    c->author_key };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_GUEST_COMMENT_INSERT, 16, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_CONFLICT;	/* the name is held */
	db_comment_read(res, 0, 0, out);
	s->user_id = db_int64(res, 0, DB_COMMENT_NCOLS);
	s->session_id = db_int64(res, 0, DB_COMMENT_NCOLS + 1);
	return ERR_OK;
}


enum err
db_article_counts(struct db *db, struct arena *a, const char *const *keys,
    size_t n, int64_t *counts)
{
	const char	*params[1];
	PGresult	*res;
	enum err	 err;

	/* The keys travel as one text[] parameter: {"k1","k2"}. */
	params[0] = db_text_array(a, keys, n);
	for (size_t i = 0; i < n; i++)
		counts[i] = 0;
	if ((res = db_exec(db, a, STMT_ARTICLE_COUNTS, 1, params, &err)) == NULL)
		return err;
	for (int row = 0; row < PQntuples(res); row++) {
		const char	*key = PQgetvalue(res, row, 0);

		for (size_t i = 0; i < n; i++)
			if (strcmp(keys[i], key) == 0)
				counts[i] = db_int64(res, row, 1);
	}
	return ERR_OK;
}
