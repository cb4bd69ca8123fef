/* SPDX-License-Identifier: ISC — Rostra */
/*
 * libpq lifecycle and typed queries. A broken connection is noticed before
 * a statement is sent (PQconsumeInput sees the server's goodbye without a
 * round trip) and replaced once; a read that loses its connection mid-way
 * is retried once; otherwise the caller gets ERR_DATABASE_UNAVAILABLE (503).
 * Error logs carry SQLSTATE and the primary message only: details can quote
 * row values, which may be a reader's text.
 */
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libpq-fe.h>

#include "db.h"
#include "db_internal.h"
#include "db_stmt.h"
#include "fault.h"
#include "log.h"
#include "scoreboard.h"

#define RECONNECT_PAUSE_MS	1000	/* after a failed connect, answer 503 at once this long */

struct db {
	PGconn	*conn;		/* NULL until connected */
	char	*conninfo;
	char	 conflict[64];	/* constraint of the last unique violation */
	int	 retry_after;	/* seconds, from the last RS002's hint */
	char	 timeouts[3][12];	/* statement, lock, idle in transaction: ms, "0" none */
	int64_t	 spent_us;	/* in statements since db_time_take */
	int64_t	 retry_ms;	/* no connection attempt before this (monotonic ms) */
	bool	 connected;	/* once: later connections count as reconnects */
	bool	 generic;	/* plan_cache_mode is force_generic_plan */
};

struct db *
db_open(const char *conninfo)
{
	struct db	*db = calloc(1, sizeof(*db));

	if (db == NULL || (db->conninfo = strdup(conninfo)) == NULL)
		abort();
	for (int i = 0; i < 3; i++)
		strcpy(db->timeouts[i], "0");
	return db;
}

void
db_set_timeouts(struct db *db, int statement_ms, int lock_ms, int idle_ms)
{
	snprintf(db->timeouts[0], sizeof(db->timeouts[0]), "%d", statement_ms);
	snprintf(db->timeouts[1], sizeof(db->timeouts[1]), "%d", lock_ms);
	snprintf(db->timeouts[2], sizeof(db->timeouts[2]), "%d", idle_ms);
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->conn != NULL)
		PQfinish(db->conn);
	free(db->conninfo);
	free(db);
}

static void
db_drop(struct db *db)
{
	if (db->conn != NULL)
		PQfinish(db->conn);
	db->conn = NULL;
	db->generic = false;
}

/* Prepares every statement; a failure is logged and the others still tried, so one run names every typo. */
static int
db_prepare_all(struct db *db)
{
	int	 rc = 0;

	for (int i = 0; i < STMT__MAX; i++) {
		PGresult	*res = PQprepare(db->conn, db_stmts[i].name, db_stmts[i].sql, 0, NULL);
		int		 ok = PQresultStatus(res) == PGRES_COMMAND_OK;

		if (!ok)
			log_error("db: prepare %s: %s", db_stmts[i].name, PQresultErrorField(res,
			    PG_DIAG_MESSAGE_PRIMARY) != NULL ? PQresultErrorField(res,
			    PG_DIAG_MESSAGE_PRIMARY) : PQerrorMessage(db->conn));
		PQclear(res);
		if (!ok)
			rc = -1;
	}
	return rc;
}

/*
 * Per-connection settings. JIT compilation off: every statement here reads a
 * page's worth of rows in a millisecond or two, and a misestimate that
 * crosses jit_above_cost once cost the bench 1.5 s a page compiling code.
 * The timeouts keep a request from waiting on a lock or a slow statement
 * for longer than a reader would: it is answered 503 instead, nothing
 * stored.
 */
static int
db_session_setup(struct db *db)
{
	const char *const params[3] = { db->timeouts[0], db->timeouts[1], db->timeouts[2] };
	PGresult	*res = PQexecParams(db->conn, "SELECT set_config('jit', 'off', false),"
	    " set_config('statement_timeout', $1, false), set_config('lock_timeout', $2, false),"
	    " set_config('idle_in_transaction_session_timeout', $3, false)", 3, NULL, params, NULL,
	    NULL, 0);
	int		 ok = PQresultStatus(res) == PGRES_TUPLES_OK;

	if (!ok)
		log_error("db: session settings: %s", PQerrorMessage(db->conn));
	PQclear(res);
	return ok ? 0 : -1;
}

int
db_connect(struct db *db)
{
	/*
	 * Our defaults come before the operator's conninfo, which may override
	 * them: a dead host is given up on after 2 s, a vanished one noticed by
	 * TCP keepalives within seconds (both apply to TCP only).
	 */
	static const char *const keys[] = {
		"connect_timeout", "keepalives_idle", "keepalives_interval", "keepalives_count",
		"dbname", "client_encoding", "application_name", NULL
	};
	const char *const values[] = { "2", "5", "2", "2", db->conninfo, "UTF8", "rostra", NULL };

	if (db->conn != NULL) {
		/* Reads what the server sent while we were idle: a shutdown notice shows here. */
		if (PQstatus(db->conn) == CONNECTION_OK && PQconsumeInput(db->conn) == 1)
			return 0;
		log_warn("db: connection lost; reconnecting");
		db_drop(db);
	}
	if (scoreboard_now_ms() < db->retry_ms)
		return -1;
	db->conn = PQconnectdbParams(keys, values, 1);
	if (db->conn == NULL)
		abort();
	if (PQstatus(db->conn) != CONNECTION_OK) {
		char	*msg = PQerrorMessage(db->conn), *nl;

		if ((nl = strchr(msg, '\n')) != NULL)
			*nl = '\0';
		log_error("db: connect: %s", msg);
		goto fail;
	}
	if (db_session_setup(db) == -1 || db_prepare_all(db) == -1)
		goto fail;
	if (db->connected)
		scoreboard_count(SCORE_DB_RECONNECTS);
	db->connected = true;
	db->retry_ms = 0;
	return 0;
fail:
	scoreboard_count(SCORE_DB_ERRORS);
	db_drop(db);
	db->retry_ms = scoreboard_now_ms() + RECONNECT_PAUSE_MS;
	return -1;
}

int64_t
db_time_take(struct db *db)
{
	int64_t	 us = db->spent_us;

	db->spent_us = 0;
	return us;
}

/*
 * PQexecPrepared, where a faults build (fault.h) may lose the connection
 * for real, by shutting its socket: before the statement is sent (the
 * server never runs it) or after it ran and committed (its answer is lost).
 * Either way libpq reports a lost connection, as a network failure would.
 */
static PGresult *
db_exec_prepared(struct db *db, enum stmt s, int n, const char *const *params)
{
	PGresult	*res;

	/*
	 * A statement marked generic runs on the plan PostgreSQL made once for
	 * any parameters; left to choose, it planned post_facts again at every
	 * post (about 1.2 ms, for 0.1 ms of work). The others keep PostgreSQL's
	 * choice: a forced generic plan read 98,000 rows for a page of one
	 * article's unmoderated queue. Switching costs a round trip, and only
	 * when the kind of statement changes; if it fails, the statement runs
	 * as it is and meets the same failure.
	 */
	if (db_stmts[s].generic != db->generic) {
		res = PQexec(db->conn, db_stmts[s].generic ?
		    "SET plan_cache_mode = force_generic_plan" : "RESET plan_cache_mode");
		if (PQresultStatus(res) == PGRES_COMMAND_OK)
			db->generic = db_stmts[s].generic;
		PQclear(res);
	}
	if (fault_hit(FAULT_QUERY))
		shutdown(PQsocket(db->conn), SHUT_RDWR);
	res = PQexecPrepared(db->conn, db_stmts[s].name, n, params, NULL, NULL, 0);
	if (fault_hit(FAULT_REPLY)) {
		PQclear(res);
		shutdown(PQsocket(db->conn), SHUT_RDWR);
		res = PQexec(db->conn, "SELECT 1");
	}
	return res;
}

static void
db_result_clear(void *res)
{
	PQclear(res);
}

/*
 * What a failed statement's SQLSTATE means to the caller (the connection
 * still up): a unique violation is a conflict, a check violation a bad
 * value, RS001 (sql/007_threads.sql) a reply to no shown comment, RS002
 * (sql/010_standing.sql) one guest too many from an address; a lock or
 * statement timeout, a busy database: try again; anything else, our bug.
 */
static enum err
db_error_map(const char *state)
{
	if (state == NULL)
		return ERR_INTERNAL;
	if (strcmp(state, "23505") == 0)
		return ERR_CONFLICT;
	if (strcmp(state, "23514") == 0)
		return ERR_INVALID_FIELD;
	if (strcmp(state, "RS001") == 0)
		return ERR_INVALID_PARENT;
	if (strcmp(state, "RS002") == 0)
		return ERR_TOO_MANY_REQUESTS;
	if (strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0)
		return ERR_DATABASE_UNAVAILABLE;
	return ERR_INTERNAL;
}

static bool
db_error_is_callers(enum err e)
{
	return e == ERR_CONFLICT || e == ERR_INVALID_FIELD || e == ERR_INVALID_PARENT ||
	    e == ERR_TOO_MANY_REQUESTS;
}

PGresult *
db_exec(struct db *db, struct arena *a, enum stmt s, int n,
    const char *const *params, enum err *err)
{
	PGresult	*res = NULL;

	for (int attempt = 0; attempt < 2; attempt++) {
		ExecStatusType	 status;
		const char	*state, *msg;
		int64_t		 started;
		bool		 lost;
		enum err	 e;

		if (db_connect(db) == -1) {
			*err = ERR_DATABASE_UNAVAILABLE;
			return NULL;
		}
		started = scoreboard_now_us();
		res = db_exec_prepared(db, s, n, params);
		db->spent_us += scoreboard_now_us() - started;
		status = PQresultStatus(res);
		if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
			arena_on_release(a, db_result_clear, res);
			return res;
		}
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		lost = PQstatus(db->conn) == CONNECTION_BAD;
		e = lost ? ERR_DATABASE_UNAVAILABLE : db_error_map(state);
		/* The caller's mistakes (a taken name, a bad parent) are not the database's. */
		if (db_error_is_callers(e)) {
			log_info("db: %s: %s %s", db_stmts[s].name, state, msg != NULL ? msg : "-");
		} else {
			scoreboard_count(SCORE_DB_ERRORS);
			log_error("db: %s: %s %s", db_stmts[s].name, state != NULL ? state : "-",
			    msg != NULL ? msg : "connection lost");
		}
		if (!lost && attempt == 0 && state != NULL && strcmp(state, "40P01") == 0) {
			/*
			 * A deadlock rolled the statement back (a reply locks the
			 * comments above it after the article; a moderator's
			 * decision, the other way round): once more is safe.
			 */
			PQclear(res);
			continue;
		}
		if (!lost) {
			*err = e;
			if (e == ERR_CONFLICT) {
				const char	*c = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);

				snprintf(db->conflict, sizeof(db->conflict), "%s", c != NULL ? c : "");
			}
			if (e == ERR_TOO_MANY_REQUESTS) {
				const char	*h = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
				long		 secs = h != NULL ? strtol(h, NULL, 10) : 0;

				db->retry_after = secs > 0 && secs <= 86400 ? (int)secs : 60;
			}
			PQclear(res);
			return NULL;
		}
		PQclear(res);
		db_drop(db);
		if (!db_stmts[s].read_only)
			break;
	}
	*err = ERR_DATABASE_UNAVAILABLE;
	return NULL;
}

enum err
db_health(struct db *db, struct arena *a)
{
	enum err	 err;

	return db_exec(db, a, STMT_HEALTH, 0, NULL, &err) != NULL ? ERR_OK : ERR_DATABASE_UNAVAILABLE;
}

int64_t
db_int64(const PGresult *res, int row, int col)
{
	return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

bool
db_bool(const PGresult *res, int row, int col)
{
	return PQgetvalue(res, row, col)[0] == 't';
}

const char *
db_text_array(struct arena *a, const char *const *v, size_t n)
{
	size_t	 len = 3;
	char	*out, *p;

	for (size_t i = 0; i < n; i++)
		len += 2 * strlen(v[i]) + 3;
	p = out = arena_alloc(a, len);
	*p++ = '{';
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			*p++ = ',';
		*p++ = '"';
		/* Inside quotes only the quote and the backslash need escaping. */
		for (const char *q = v[i]; *q != '\0'; q++) {
			if (*q == '"' || *q == '\\')
				*p++ = '\\';
			*p++ = *q;
		}
		*p++ = '"';
	}
	*p++ = '}';
	*p = '\0';
	return out;
}

void
db_comment_read(const PGresult *res, int row, int col, struct comment *c)
{
	c->seq = db_int64(res, row, col);
	c->id = db_int64(res, row, col + 1);
	c->author_name = PQgetisnull(res, row, col + 2) ? NULL : PQgetvalue(res, row, col + 2);
	c->author_name_len = (size_t)PQgetlength(res, row, col + 2);
	c->body = PQgetisnull(res, row, col + 3) ? NULL : PQgetvalue(res, row, col + 3);
	c->body_len = (size_t)PQgetlength(res, row, col + 3);
	c->created_at = PQgetvalue(res, row, col + 4);
	c->html = PQgetisnull(res, row, col + 5) ? NULL : PQgetvalue(res, row, col + 5);
	c->html_len = (size_t)PQgetlength(res, row, col + 5);
	c->reactions = db_int64(res, row, col + 6);
	c->featured = db_bool(res, row, col + 7);
	c->badge = PQgetisnull(res, row, col + 8) ? NULL : PQgetvalue(res, row, col + 8);
	c->parent_id = db_int64(res, row, col + 9);
	c->depth = db_int64(res, row, col + 10);
	c->replies = db_int64(res, row, col + 11);
	c->edited_at = PQgetisnull(res, row, col + 12) ? NULL : PQgetvalue(res, row, col + 12);
	c->reply_to = PQgetisnull(res, row, col + 13) ? NULL : PQgetvalue(res, row, col + 13);
	c->reply_to_len = (size_t)PQgetlength(res, row, col + 13);
	c->removed = db_bool(res, row, col + 14);
	c->reaction_weight = db_int64(res, row, col + 15);
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
	if (PQgetisnull(res, 0, 4))
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
	if (PQgetisnull(res, 0, 2))
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

const char *
db_param_int(struct arena *a, int64_t v)
{
	return arena_printf(a, "%" PRId64, v);
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

/* Fills u from the USER_COLUMNS of row 0. */
static void
db_user_read(const PGresult *res, struct user *u)
{
	u->id = db_int64(res, 0, 0);
	u->kind = PQgetvalue(res, 0, 1);
	u->display_name = PQgetvalue(res, 0, 2);
	u->role = PQgetvalue(res, 0, 3);
	u->email = PQgetvalue(res, 0, 4);
	u->avatar_url = PQgetvalue(res, 0, 5);
}

/* Fills u and s from row 0: the USER_COLUMNS, then the new session's id. */
static void
db_user_session_read(const PGresult *res, struct user *u, struct new_session *s)
{
	db_user_read(res, u);
	s->user_id = u->id;
	s->session_id = db_int64(res, 0, 6);
}

enum err
db_guest_create(struct db *db, struct arena *a, const char *name, const char *key,
    const char *expires, const char *address, struct user *u, struct new_session *s)
{
	const char *const params[4] = { name, expires, key, address };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_GUEST_CREATE, 4, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_CONFLICT;	/* the name is held */
	db_user_session_read(res, u, s);
	return ERR_OK;
}

/* Runs a statement about the caller's session; no row means it is over. */
static enum err
db_session_exec(struct db *db, struct arena *a, enum stmt st, int64_t sid, int64_t uid,
    const char *extra, PGresult **out)
{
	const char *const params[3] = { db_param_int(a, sid), db_param_int(a, uid), extra };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, st, extra != NULL ? 3 : 2, params, &err)) == NULL)
		return err;
	if (PQntuples(res) == 0)
		return ERR_UNAUTHORIZED;
	if (out != NULL)
		*out = res;
	return ERR_OK;
}

enum err
db_me_get(struct db *db, struct arena *a, int64_t sid, int64_t uid, struct user *u)
{
	PGresult	*res;
	enum err	 err;

	if ((err = db_session_exec(db, a, STMT_ME_GET, sid, uid, NULL, &res)) != ERR_OK)
		return err;
	db_user_read(res, u);
	return ERR_OK;
}

enum err
db_me_rename(struct db *db, struct arena *a, int64_t sid, int64_t uid, const char *name,
    const char *key, struct user *u)
{
	const char *const params[4] = { db_param_int(a, sid), db_param_int(a, uid), name, key };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_ME_RENAME, 4, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_UNAUTHORIZED;
	if (strcmp(PQgetvalue(res, 0, 6), "t") == 0)
		return ERR_CONFLICT;	/* another identity holds the name */
	db_user_read(res, u);
	return ERR_OK;
}

enum err
db_guest_name_used(struct db *db, struct arena *a, const char *article, const char *key,
    int64_t uid, bool *used)
{
	const char *const params[3] = { article, key, db_param_int(a, uid) };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_GUEST_NAME_USED, 3, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_INTERNAL;
	*used = db_bool(res, 0, 0);
	return ERR_OK;
}

enum err
db_session_revoke(struct db *db, struct arena *a, int64_t sid, int64_t uid)
{
	return db_session_exec(db, a, STMT_SESSION_REVOKE, sid, uid, NULL, NULL);
}

enum err
db_sessions_revoke_all(struct db *db, struct arena *a, int64_t sid, int64_t uid)
{
	return db_session_exec(db, a, STMT_SESSIONS_REVOKE_ALL, sid, uid, NULL, NULL);
}

/* Appends s to a PostgreSQL array literal element, quoted and escaped. */
static char *
db_array_quote(char *p, const char *s)
{
	*p++ = '"';
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			*p++ = '\\';
		*p++ = *s;
	}
	*p++ = '"';
	return p;
}

enum err
db_article_counts(struct db *db, struct arena *a, const char *const *keys,
    size_t n, int64_t *counts)
{
	size_t		 size = 3;
	char		*array, *p;
	const char	*params[1];
	PGresult	*res;
	enum err	 err;

	/* The keys travel as one text[] parameter: "{"k1","k2"}". */
	for (size_t i = 0; i < n; i++)
		size += 2 * strlen(keys[i]) + 3;
	p = array = arena_alloc(a, size);
	*p++ = '{';
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			*p++ = ',';
		p = db_array_quote(p, keys[i]);
	}
	*p++ = '}';
	*p = '\0';
	params[0] = array;
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

const char *
db_conflict_constraint(const struct db *db)
{
	return db->conflict;
}

int
db_retry_after(const struct db *db)
{
	return db->retry_after;
}

enum err
db_account_create(struct db *db, struct arena *a, const char *email, const char *hash,
    const char *name, const char *key, const char *expires, const char *net, struct user *u,
    struct new_session *s)
{
	const char *const params[6] = { email, hash, name, expires, key, net };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_ACCOUNT_CREATE, 6, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1) {
		db->conflict[0] = '\0';	/* the name is held: no constraint named it */
		return ERR_CONFLICT;
	}
	db_user_session_read(res, u, s);
	return ERR_OK;
}

enum err
db_login_lookup(struct db *db, struct arena *a, const char *email, const char *addr,
    const char *net, int window, struct login_lookup *l)
{
	const char *const params[4] = { email, addr, db_param_int(a, window), net };
	PGresult	*res;
	enum err	 err;

	memset(l, 0, sizeof(*l));
	if ((res = db_exec(db, a, STMT_LOGIN_LOOKUP, 4, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_INTERNAL;
	for (int i = 0; i < LOGIN__MAX; i++) {
		l->count[i].n = db_int64(res, 0, 7 + 2 * i);
		l->count[i].since = db_int64(res, 0, 8 + 2 * i);
	}
	l->known = db_bool(res, 0, 7 + 2 * LOGIN__MAX);
	if (PQgetisnull(res, 0, 0))
		return ERR_OK;
	l->found = true;
	db_user_read(res, &l->user);
	l->hash = PQgetvalue(res, 0, 6);
	return ERR_OK;
}

enum err
db_login_failed(struct db *db, struct arena *a, const char *email, const char *addr,
    int window)
{
	const char *const params[3] = { email, addr, db_param_int(a, window) };
	enum err	 err;

	return db_exec(db, a, STMT_LOGIN_FAILED, 3, params, &err) != NULL ? ERR_OK : err;
}

enum err
db_signup_noted(struct db *db, struct arena *a, const char *addr, int window)
{
	const char *const params[2] = { addr, db_param_int(a, window) };
	enum err	 err;

	return db_exec(db, a, STMT_SIGNUP_NOTED, 2, params, &err) != NULL ? ERR_OK : err;
}

enum err
db_login_session(struct db *db, struct arena *a, int64_t uid, const char *expires,
    const char *email, const char *addr, const char *net, int64_t *sid)
{
	const char *const params[5] = { db_param_int(a, uid), expires, email, addr, net };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_LOGIN_SESSION, 5, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_UNAUTHORIZED;	/* banned between lookup and now */
	*sid = db_int64(res, 0, 0);
	return ERR_OK;
}

enum err
db_sso_login(struct db *db, struct arena *a, const struct sso_identity *id,
    const char *const *names, const char *const *keys, size_t n, const char *expires,
    struct user *u, struct new_session *s)
{
	const char *const params[8] = { id->jti, id->jti_expires, id->site_user_id,
	    db_text_array(a, names, n), id->email, id->avatar_url, expires,
	    db_text_array(a, keys, n) };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_SSO_LOGIN, 8, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_UNAUTHORIZED;
	db_user_session_read(res, u, s);
	return ERR_OK;
}

enum err
db_user_role_set(struct db *db, struct arena *a, const char *email, const char *role)
{
	const char *const params[2] = { email, role };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_USER_ROLE_SET, 2, params, &err)) == NULL)
		return err;
	return PQntuples(res) == 1 ? ERR_OK : ERR_NOT_FOUND;
}

enum err
db_user_add(struct db *db, struct arena *a, const char *email, const char *hash,
    const char *name, const char *key, const char *role)
{
	const char *const params[5] = { email, hash, name, role, key };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_USER_ADD, 5, params, &err)) == NULL)
		return err;
	return PQntuples(res) == 1 ? ERR_OK : ERR_CONFLICT;	/* none: the name is held */
}
