/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Reading a thread: a page of top-level comments in the reader's order,
 * each with its first replies; more replies of one comment; and one
 * comment in its thread, for a permalink. All public: the same bytes for
 * every reader, so nginx can cache them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/api/api.h"
#include "lib/cursor.h"
#include "db/db.h"
#include "db/db_columns.h"
#include "lib/query.h"
#include "lib/validate.h"

static const char *const order_names[] = {
	[ORDER_NEWEST] = "newest", [ORDER_OLDEST] = "oldest",
	[ORDER_REACTIONS] = "reactions", [ORDER_REPLIES] = "replies",
};

/* Each kind's writer: member m of c as a JSON value (db/db_columns.h). */
#define WRITE_COL_INT(m)	jsonw_int(w, c->m)
#define WRITE_COL_ID_OPT(m)	if (c->m > 0) jsonw_int(w, c->m); else jsonw_null(w)
#define WRITE_COL_BOOL(m)	jsonw_bool(w, c->m)
#define WRITE_COL_STAMP(m)	if (c->m != NULL) jsonw_cstring(w, c->m); else jsonw_null(w)
#define WRITE_COL_TEXT(m)	if (c->m != NULL) jsonw_string(w, c->m, c->m##_len); else jsonw_null(w)
#define WRITE_FIELD(member, json, kind, sql)	jsonw_key(w, json); WRITE_##kind(member);

/* The members of a comment's JSON object: its status for its author, then every column. */
static void
comment_members(struct jsonw *w, const struct comment *c, const char *status)
{
	if (status != NULL) {
		jsonw_key(w, "status");
		jsonw_cstring(w, status);
	}
	COMMENT_FIELDS(WRITE_FIELD, , )
}

void
api_comment_json(struct jsonw *w, const struct comment *c, const char *status)
{
	jsonw_object_begin(w);
	comment_members(w, c, status);
	jsonw_object_end(w);
}

size_t
api_comment_size(const struct comment *c)
{
	return c->author_name_len + c->body_len + c->html_len + c->reply_to_len + 288;
}

/* The replies after t's last shown, or null. */
static void
replies_cursor(struct jsonw *w, const struct thread *t, bool more)
{
	char	 cursor[CURSOR_LEN_MAX];

	jsonw_key(w, "replies_cursor");
	if (!more || t->n == 0) {
		jsonw_null(w);
		return;
	}
	cursor_encode(t->replies[t->n - 1].id, cursor);
	jsonw_cstring(w, cursor);
}

/* A top-level comment with its replies so far; more_replies is null when unknown (< 0). */
static void
thread_json(struct jsonw *w, const struct thread *t, int64_t more_replies, bool more)
{
	jsonw_object_begin(w);
	comment_members(w, &t->top, NULL);
	jsonw_key(w, "replies");
	jsonw_array_begin(w);
	for (size_t i = 0; i < t->n; i++)
		api_comment_json(w, &t->replies[i], NULL);
	jsonw_array_end(w);
	jsonw_key(w, "more_replies");
	if (more_replies >= 0)
		jsonw_int(w, more_replies);
	else
		jsonw_null(w);
	replies_cursor(w, t, more);
	jsonw_object_end(w);
}

static size_t
thread_size(const struct thread *t)
{
	size_t	 n = api_comment_size(&t->top) + 64;

	for (size_t i = 0; i < t->n; i++)
		n += api_comment_size(&t->replies[i]);
	return n;
}

/* ?limit= from 1 to max (default def); 0, or -1 after answering 400. */
static int
limit_param(struct ctx *ctx, const struct query_param *p, int max, int *limit)
{
	char	*end;
	long	 v = strtol(p->value, &end, 10);

	if (p->value_len == 0 || *end != '\0' || v < 1 || v > max) {
		out_fail(ctx->res, ERR_INVALID_PARAMETER, "limit",
		    arena_printf(ctx->arena, "limit must be a whole number from 1 to %d.", max));
		return -1;
	}
	*limit = (int)v;
	return 0;
}

/*
 * Reads ?sort=, ?limit= and ?cursor= (a cursor is only good for the order
 * that issued it); unknown parameters are ignored, as caches add their own.
 */
static enum err
list_params(struct ctx *ctx, enum thread_order *order, int *limit, struct page_start *start)
{
	const struct query_param *params = ctx->query, *cursor = NULL;
	size_t			 n = ctx->nquery;

	*order = ORDER_NEWEST;
	*limit = ctx->cfg->page_size;
	memset(start, 0, sizeof(*start));
	start->first = true;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(params[i].name, "limit") == 0) {
			if (limit_param(ctx, &params[i], ctx->cfg->page_size_max, limit) == -1)
				return ERR_INVALID_PARAMETER;
		} else if (strcmp(params[i].name, "cursor") == 0) {
			cursor = &params[i];
		} else if (strcmp(params[i].name, "sort") == 0) {
			size_t	 o;

			for (o = 0; o < sizeof(order_names) / sizeof(order_names[0]); o++)
				if (strcmp(params[i].value, order_names[o]) == 0)
					break;
			if (o == sizeof(order_names) / sizeof(order_names[0]))
				return out_fail(ctx->res, ERR_INVALID_PARAMETER, "sort",
				    "sort must be newest, oldest, reactions or replies.");
			*order = (enum thread_order)o;
		}
	}
	if (cursor == NULL)
		return ERR_OK;
	start->first = false;
	if (*order == ORDER_REACTIONS || *order == ORDER_REPLIES ?
	    cursor_decode_keyed(cursor->value, cursor->value_len, &start->key, &start->seq) == -1 ||
	    start->key > INT32_MAX :
	    cursor_decode(cursor->value, cursor->value_len, &start->seq) == -1)
		return out_fail(ctx->res, ERR_INVALID_CURSOR, "cursor", NULL);
	return ERR_OK;
}

/* The cursor after the page's last top-level comment, in the page's order. */
static void
next_cursor(struct jsonw *w, const struct comment_page *page, enum thread_order order)
{
	const struct comment	*last;
	char			 cursor[CURSOR_LEN_MAX];

	jsonw_key(w, "next_cursor");
	if (!page->more || page->n == 0) {
		jsonw_null(w);
		return;
	}
	last = &page->items[page->n - 1].top;
	if (order == ORDER_REACTIONS)
		cursor_encode_keyed(last->reaction_weight, last->seq, cursor);
	else if (order == ORDER_REPLIES)
		cursor_encode_keyed(last->replies, last->seq, cursor);
	else
		cursor_encode(last->seq, cursor);
	jsonw_cstring(w, cursor);
}

enum err
api_comments_list(struct ctx *ctx)
{
	struct comment_page	 page;
	struct page_start	 start;
	struct jsonw		 w;
	enum thread_order	 order;
	size_t			 hint = 256;
	int			 limit;
	enum err		 e;

	if ((e = list_params(ctx, &order, &limit, &start)) != ERR_OK)
		return e;
	if ((e = db_comment_page(ctx->db, ctx->arena, ctx->key, order, &start, limit,
	    ctx->cfg->replies_shown, &page)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	for (size_t i = 0; i < page.n; i++)
		hint += thread_size(&page.items[i]);
	for (size_t i = 0; i < page.nfeatured; i++)
		hint += api_comment_size(&page.featured[i]);
	jsonw_init(&w, ctx->arena, hint + hint / 8 + strlen(ctx->cfg->reaction_label));
	jsonw_object_begin(&w);
	jsonw_key(&w, "article");
	jsonw_object_begin(&w);
	jsonw_key(&w, "key");
	jsonw_string(&w, ctx->key, ctx->key_len);
	jsonw_key(&w, "comment_count");
	jsonw_int(&w, page.comment_count);
	jsonw_key(&w, "closed");
	jsonw_bool(&w, page.closed);
	jsonw_object_end(&w);
	jsonw_key(&w, "sort");
	jsonw_cstring(&w, order_names[order]);
	jsonw_key(&w, "reaction_label");
	jsonw_cstring(&w, ctx->cfg->reaction_label);
	jsonw_key(&w, "reply_depth");
	jsonw_int(&w, ctx->cfg->reply_depth);
	jsonw_key(&w, "edit_minutes");
	jsonw_int(&w, ctx->cfg->edit_minutes);
	jsonw_key(&w, "featured");
	jsonw_array_begin(&w);
	for (size_t i = 0; i < page.nfeatured; i++)
		api_comment_json(&w, &page.featured[i], NULL);
	jsonw_array_end(&w);
	jsonw_key(&w, "comments");
	jsonw_array_begin(&w);
	for (size_t i = 0; i < page.n; i++)
		thread_json(&w, &page.items[i], page.items[i].more, page.items[i].more > 0);
	jsonw_array_end(&w);
	next_cursor(&w, &page, order);
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
	return ERR_OK;
}

/* GET /comments/{id}/replies: the next replies below top-level comment id. */
enum err
api_replies_list(struct ctx *ctx)
{
	const struct query_param *params = ctx->query;
	struct thread		 t;
	struct jsonw		 w;
	size_t			 n = ctx->nquery, hint = 64;
	int64_t			 root = ctx->id, after = 0;
	int			 limit = ctx->cfg->page_size;
	bool			 more;
	enum err		 e;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(params[i].name, "limit") == 0 &&
		    limit_param(ctx, &params[i], ctx->cfg->page_size_max, &limit) == -1)
			return ERR_INVALID_PARAMETER;
		if (strcmp(params[i].name, "cursor") == 0 &&
		    cursor_decode(params[i].value, params[i].value_len, &after) == -1)
			return out_fail(ctx->res, ERR_INVALID_CURSOR, "cursor", NULL);
	}
	if ((e = db_reply_page(ctx->db, ctx->arena, root, after, limit, &t, &more)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, e == ERR_NOT_FOUND ?
		    "There is no such comment, or it was removed." : NULL);
	for (size_t i = 0; i < t.n; i++)
		hint += api_comment_size(&t.replies[i]);
	jsonw_init(&w, ctx->arena, hint + hint / 8);
	jsonw_object_begin(&w);
	jsonw_key(&w, "replies");
	jsonw_array_begin(&w);
	for (size_t i = 0; i < t.n; i++)
		api_comment_json(&w, &t.replies[i], NULL);
	jsonw_array_end(&w);
	replies_cursor(&w, &t, more);
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
	return ERR_OK;
}

/*
 * GET /comments/{id}/context: a permalink's comment in its thread (the
 * top-level comment, the replies leading to it, it, and the replies after
 * it), with the article's key so a page can tell it is one of its own.
 */
enum err
api_comment_context(struct ctx *ctx)
{
	struct thread	 t;
	struct jsonw	 w;
	const char	*key;
	int64_t		 id = ctx->id;
	bool		 more;
	enum err	 e;

	if ((e = db_comment_context(ctx->db, ctx->arena, id, ctx->cfg->page_size, &key, &t,
	    &more)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, e == ERR_NOT_FOUND ?
		    "There is no such comment, or it was removed." : NULL);
	jsonw_init(&w, ctx->arena, thread_size(&t) + strlen(key) + 64);
	jsonw_object_begin(&w);
	jsonw_key(&w, "article");
	jsonw_object_begin(&w);
	jsonw_key(&w, "key");
	jsonw_cstring(&w, key);
	jsonw_object_end(&w);
	jsonw_key(&w, "id");
	jsonw_int(&w, id);
	jsonw_key(&w, "thread");
	/* Replies before the permalink's are skipped: how many remain is not known. */
	thread_json(&w, &t, -1, more);
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
	return ERR_OK;
}
