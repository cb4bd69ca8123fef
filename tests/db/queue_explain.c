/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The daemon's own SQL for the tests and the bench, so no statement is ever
 * copied out of db/db_stmt.c: print one (as it is, or as a pgbench script),
 * or EXPLAIN ANALYZE it with parameters bound by libpq. Run by
 * tests/e2e/queue_explain.test.mjs and bench/run.sh; never by the daemon.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "db/db_stmt.h"

_Noreturn static void
usage(void)
{
	fputs("usage: queue_explain sql NAME\n"
	    "       queue_explain pgbench NAME\n"
	    "       queue_explain [-p] explain CONNINFO NAME [PARAM ...]\n"
	    "NAME is a statement's prepared name in db/db_stmt.c (queue_pending);\n"
	    "a PARAM of \\N is NULL; -p EXPLAINs the sixth run of the prepared statement.\n",
	    stderr);
	exit(2);
}

static const struct db_stmt *
stmt_find(const char *name)
{
	for (int i = 0; i < STMT__MAX; i++)
		if (strcmp(db_stmts[i].name, name) == 0)
			return &db_stmts[i];
	fprintf(stderr, "queue_explain: no statement %s in db/db_stmt.c\n", name);
	exit(2);
}

/*
 * The statement as a pgbench script line: $N becomes :NAME_N, so each
 * statement of a script has its own variables (unset ones are sent as
 * NULL), and a literal holding a colon is written as an E'' literal with
 * \x3a, which PostgreSQL reads as the same constant but pgbench cannot
 * take for a variable. The SQL holds no comments or dollar quotes.
 */
static int
stmt_pgbench(const struct db_stmt *st)
{
	const char	*p = st->sql;

	while (*p != '\0') {
		if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			printf(":%s_", st->name);
			for (p++; *p >= '0' && *p <= '9'; p++)
				putchar(*p);
		} else if (*p == '\'') {
			/* One literal, p to end: '' is a quote inside; E'' literals escape with \. */
			int		 e = p > st->sql && (p[-1] == 'E' || p[-1] == 'e') &&
			    (p - 1 == st->sql || strchr(" ,(=", p[-2]) != NULL);
			const char	*end = p + 1;

			for (;; end++) {
				if (*end == '\0') {
					fprintf(stderr, "queue_explain: %s: unterminated literal\n",
					    st->name);
					return -1;
				}
				if (e && *end == '\\' && end[1] != '\0')
					end++;
				else if (*end == '\'' && end[1] == '\'')
					end++;
				else if (*end == '\'')
					break;
			}
			if (memchr(p, ':', (size_t)(end - p)) == NULL) {
				fwrite(p, 1, (size_t)(end - p + 1), stdout);
			} else {
				if (!e)
					putchar('E');
				putchar('\'');
				for (const char *q = p + 1; q < end; q++) {
					if (*q == ':')
						fputs("\\x3a", stdout);
					else if (*q == '\\' && !e)
						fputs("\\\\", stdout);
					else
						putchar(*q);
				}
				putchar('\'');
			}
			p = end + 1;
		} else if (*p == ':' && p[1] != ':' && (p == st->sql || p[-1] != ':')) {
			/* Not a cast: pgbench would take it for a variable. */
			fprintf(stderr, "queue_explain: %s: a lone colon pgbench would misread\n",
			    st->name);
			return -1;
		} else if (*p == ';') {
			/* pgbench would end the command here. */
			fprintf(stderr, "queue_explain: %s: a semicolon ends a pgbench command\n",
			    st->name);
			return -1;
		} else {
			putchar(*p++);
		}
	}
	puts(";");
	return 0;
}

/* Runs sql with the n parameters; prints its one value. 0 on success, -1 after printing the error. */
static int
run(PGconn *conn, const char *sql, int n, const char *const *params, int print)
{
	PGresult	*res = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType	 st = PQresultStatus(res);
	int		 rc = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		fprintf(stderr, "queue_explain: %s", PQerrorMessage(conn));
		rc = -1;
	} else if (print) {
		for (int i = 0; i < PQntuples(res); i++)
			puts(PQgetvalue(res, i, 0));
	}
	PQclear(res);
	return rc;
}

/* Keeps the first notice: auto_explain's plan arrives as one. */
static void
notice_keep(void *arg, const PGresult *res)
{
	char	**first = arg;

	if (*first == NULL && (*first = strdup(PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) != NULL ?
	    PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : "")) == NULL)
		abort();
}

/*
 * EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of the statement, in a
 * transaction rolled back, since ANALYZE runs it. By default the SQL text
 * itself follows EXPLAIN and libpq binds the parameters, so PostgreSQL
 * plans for these values (a custom plan). With prepared, the statement is
 * prepared and run five times as the daemon does (PQexecPrepared): on its
 * generic plan, or for a PLAN_CHOSEN one (db_stmt_plan) on the plan
 * PostgreSQL's plan cache chooses after five runs; the sixth run, its
 * parameters bound the same way, is then explained by auto_explain, which
 * sends the plan back as a notice. Either way the plan is printed as
 * EXPLAIN prints it: a JSON array of one object with "Plan".
 */
static int
stmt_explain(const char *conninfo, const struct db_stmt *st, int n, char **argv, int prepared)
{
	static const char *const auto_explain[] = {
		"LOAD 'auto_explain'",
		"SET LOCAL auto_explain.log_min_duration = 0",
		"SET LOCAL auto_explain.log_analyze = on",
		"SET LOCAL auto_explain.log_buffers = on",
		"SET LOCAL auto_explain.log_format = json",
		"SET LOCAL auto_explain.log_level = notice",
		"SET LOCAL client_min_messages = notice",
		NULL
	};
	const char	**params;
	char		 *sql = NULL, *notice = NULL;
	const char	 *plan;
	size_t		  len;
	PGconn		 *conn;
	PGresult	 *res;
	int		  ok, rc = -1;

	if ((params = calloc((size_t)n + 1, sizeof(*params))) == NULL)
		abort();
	for (int i = 0; i < n; i++)
		params[i] = strcmp(argv[i], "\\N") == 0 ? NULL : argv[i];
	conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "queue_explain: %s", PQerrorMessage(conn));
		goto out;
	}
	/*
	 * As the daemon's connections (db/db_exec.c): no JIT, and in prepared
	 * runs the generic plan, unless the statement is one whose plan
	 * PostgreSQL chooses per run.
	 */
	if (run(conn, "BEGIN", 0, NULL, 0) == -1 || run(conn, "SET LOCAL jit = off", 0, NULL, 0) == -1)
		goto out;
	if (prepared && db_stmt_plan[st - db_stmts] != PLAN_CHOSEN &&
	    run(conn, "SET LOCAL plan_cache_mode = force_generic_plan", 0, NULL, 0) == -1)
		goto out;
	if (!prepared) {
		len = strlen(st->sql) + 64;
		if ((sql = malloc(len)) == NULL)
			abort();
		snprintf(sql, len, "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) %s", st->sql);
		if (run(conn, sql, n, params, 1) == -1)
			goto out;
		rc = run(conn, "ROLLBACK", 0, NULL, 0);
		goto out;
	}
	res = PQprepare(conn, st->name, st->sql, 0, NULL);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	for (int i = 0; i < 6 && ok; i++) {
		if (i == 5) {
			for (int k = 0; auto_explain[k] != NULL; k++)
				if (run(conn, auto_explain[k], 0, NULL, 0) == -1)
					goto out;
			PQsetNoticeReceiver(conn, notice_keep, &notice);
		}
		res = PQexecPrepared(conn, st->name, n, params, NULL, NULL, 0);
		ok = PQresultStatus(res) == PGRES_TUPLES_OK || PQresultStatus(res) == PGRES_COMMAND_OK;
		PQclear(res);
	}
	if (!ok) {
		fprintf(stderr, "queue_explain: %s: %s", st->name, PQerrorMessage(conn));
		goto out;
	}
	/*
	 * In a transaction the run's portal ends, and auto_explain speaks, only
	 * when the next statement replaces it: one that is not itself explained.
	 */
	if (run(conn, "SET LOCAL auto_explain.log_min_duration = -1", 0, NULL, 0) == -1)
		goto out;
	/* "duration: 1.234 ms  plan:\n{ … }": the plan is the JSON object. */
	if (notice == NULL || strncmp(notice, "duration: ", 10) != 0 ||
	    (plan = strchr(notice, '{')) == NULL) {
		fprintf(stderr, "queue_explain: %s: auto_explain sent no plan\n", st->name);
		goto out;
	}
	/* EXPLAIN's own shape: the run's time goes in as "Execution Time". */
	printf("[{\"Execution Time\": %.3f, %s]\n", strtod(notice + strlen("duration: "), NULL),
	    plan + 1);
	rc = run(conn, "ROLLBACK", 0, NULL, 0);
out:
	PQfinish(conn);
	free(sql);
	free(notice);
	free(params);
	return rc;
}

int
main(int argc, char *argv[])
{
	int	 prepared = 0, ch;

	while ((ch = getopt(argc, argv, "+p")) != -1) {
		if (ch != 'p')
			usage();
		prepared = 1;
	}
	argc -= optind;
	argv += optind;
	if (argc == 2 && strcmp(argv[0], "sql") == 0 && !prepared) {
		puts(stmt_find(argv[1])->sql);
		return 0;
	}
	if (argc == 2 && strcmp(argv[0], "pgbench") == 0 && !prepared)
		return stmt_pgbench(stmt_find(argv[1])) == 0 ? 0 : 1;
	if (argc >= 3 && strcmp(argv[0], "explain") == 0)
		return stmt_explain(argv[1], stmt_find(argv[2]), argc - 3, argv + 3, prepared) == 0 ?
		    0 : 1;
	usage();
}
