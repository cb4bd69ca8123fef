/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The connection and running a statement; the typed queries are in
 * db_comments.c, db_users.c, db_moderation.c and db_discussion.c. A broken connection is noticed before
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

#include "db/db.h"
#include "db/db_internal.h"
#include "db/db_stmt.h"
#include "lib/fault.h"
#include "lib/log.h"
#include "lib/scoreboard.h"

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
	bool	 chooser;	/* plan_cache_mode is auto: PostgreSQL chooses per run */
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
	db->chooser = false;
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
	    " set_config('plan_cache_mode', 'force_generic_plan', false),"
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
	 * Statements run on the plan PostgreSQL made once for any values (set
	 * at connect): left to choose, it planned a thread's page again at
	 * every read (1.2 ms, for 0.4 ms of work) and post_facts at every post.
	 * The few PLAN_CHOSEN ones (db_stmt_plan) keep PostgreSQL's choice per
	 * run: a forced generic plan read 98,000 rows for a page of one
	 * article's unmoderated queue. Switching costs a round trip, and only
	 * when a worker moves between the two kinds (to and from a moderator's
	 * request); if it fails, the statement runs as it is and meets the
	 * same failure.
	 */
	if (db_stmt_plan[s] != PLAN_EITHER && (db_stmt_plan[s] == PLAN_CHOSEN) != db->chooser) {
		res = PQexec(db->conn, db->chooser ?
		    "SET plan_cache_mode = force_generic_plan" : "SET plan_cache_mode = auto");
		if (PQresultStatus(res) == PGRES_COMMAND_OK)
			db->chooser = !db->chooser;
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

const char *
db_param_int(struct arena *a, int64_t v)
{
	return arena_printf(a, "%" PRId64, v);
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

void
db_conflict_clear(struct db *db)
{
	db->conflict[0] = '\0';
}
