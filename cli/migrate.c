/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Migration files are trusted project files, run whole through the simple
 * query protocol (DDL cannot be parameterised); everything migrate itself
 * asks of the database is parameterised, the app role's name included
 * (rostra_grant_app, sql/009_app_role.sql, quotes it on the server).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "lib/arena.h"
#include "lib/jsonw.h"
#include "cli/migrate.h"
#include "moderation/name.h"

#define MIGRATE_LOCK	"7301"	/* advisory lock key shared by every rostra migrate */
#define MIGRATE_FILES_MAX	1000
#define MIGRATE_NAMES_BATCH	"1000"	/* name keys filled per transaction */

static const char	migrate_table_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_migration ("
    " version integer PRIMARY KEY,"
    " name text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now());"
    "COMMENT ON TABLE schema_migration IS"
    " 'One row per file of sql/ applied by rostra migrate.'";

/* NNN_name.sql, with a lower-case name: anything else in the directory is ignored. */
static int
migrate_name_valid(const char *name)
{
	size_t	 len = strlen(name);

	if (len < 9 || strcmp(name + len - 4, ".sql") != 0)
		return 0;
	for (int i = 0; i < 3; i++)
		if (name[i] < '0' || name[i] > '9')
			return 0;
	if (name[3] != '_')
		return 0;
	for (size_t i = 4; i < len - 4; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		    name[i] == '_'))
			return 0;
	return 1;
}

static int
migrate_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
migrate_file_read(const char *path)
{
	FILE	*f = fopen(path, "rb");
	char	*text = NULL;
	long	 size;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (text = malloc((size_t)size + 1)) != NULL) {
		if (fread(text, 1, (size_t)size, f) != (size_t)size) {
			free(text);
			text = NULL;
		} else {
			text[size] = '\0';
		}
	}
	fclose(f);
	return text;
}

/* Runs sql (no parameters); 0 or -1 after printing the server's message. */
static int
migrate_exec(PGconn *conn, const char *what, const char *sql, int nparams,
    const char *const *params, int *rows)
{
	PGresult	*res = nparams > 0 || rows != NULL ?
	    PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0) : PQexec(conn, sql);
	ExecStatusType	 st = PQresultStatus(res);
	int		 rc = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		fprintf(stderr, "rostra migrate: %s: %s", what, PQresultErrorMessage(res));
		rc = -1;
	} else if (rows != NULL) {
		*rows = PQntuples(res);
	}
	PQclear(res);
	return rc;
}

/* Applies one file unless recorded; 0 or -1. */
static int
migrate_file_apply(PGconn *conn, const char *dir, const char *name)
{
	char		 version[4] = { name[0], name[1], name[2], '\0' };
	const char	*params[2] = { version, name };
	char		 path[4096];
	char		*sql = NULL;
	int		 rows = 0, rc = -1;

	if (migrate_exec(conn, "begin", "BEGIN", 0, NULL, NULL) == -1)
		return -1;
	if (migrate_exec(conn, "lock", "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK ")", 0, NULL, NULL) == -1 ||
	    migrate_exec(conn, "schema_migration", migrate_table_sql, 0, NULL, NULL) == -1 ||
	    migrate_exec(conn, "check", "SELECT 1 FROM schema_migration WHERE version = $1::integer",
	    1, params, &rows) == -1)
		goto out;
	if (rows > 0) {
		rc = migrate_exec(conn, "rollback", "ROLLBACK", 0, NULL, NULL);
		return rc;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((sql = migrate_file_read(path)) == NULL) {
		fprintf(stderr, "rostra migrate: %s: %s\n", path, strerror(errno));
		goto out;
	}
	if (migrate_exec(conn, name, sql, 0, NULL, NULL) == -1 ||
	    migrate_exec(conn, "record", "INSERT INTO schema_migration (version, name)"
	    " VALUES ($1::integer, $2::text)", 2, params, NULL) == -1 ||
	    migrate_exec(conn, "commit", "COMMIT", 0, NULL, NULL) == -1)
		goto out;
	printf("rostra migrate: applied %s\n", name);
	rc = 0;
out:
	free(sql);
	if (rc == -1)
		migrate_exec(conn, "rollback", "ROLLBACK", 0, NULL, NULL);
	return rc;
}

/*
 * Loads the shipped default word lists (banned.default, suspect.default in
 * words_dir) once, the first time the schema has them: an operator who
 * later empties a list keeps it empty.
 */
static int
migrate_words_seed(PGconn *conn, const char *words_dir)
{
	static const char	 sql[] =
	    "WITH s AS (UPDATE moderation_setting SET words_seeded = true, version = version + 1"
	    "  WHERE NOT words_seeded RETURNING 1),"
	    " lines AS (SELECT 'banned' AS list, btrim(l) AS entry"
	    "  FROM regexp_split_to_table($1::text, E'\\n') l"
	    "  UNION ALL SELECT 'suspect', btrim(l) FROM regexp_split_to_table($2::text, E'\\n') l)"
	    " INSERT INTO moderation_word (list, entry) SELECT list, entry FROM s, lines"
	    " WHERE entry <> '' AND entry NOT LIKE '#%' ON CONFLICT DO NOTHING";
	char		 path[4096];
	char		*lists[2] = { NULL, NULL };
	const char	*names[2] = { "banned.default", "suspect.default" };
	int		 rc = -1;

	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", words_dir, names[i]);
		if ((lists[i] = migrate_file_read(path)) == NULL) {
			fprintf(stderr, "rostra migrate: %s: %s\n", path, strerror(errno));
			goto out;
		}
	}
	rc = migrate_exec(conn, "default words", sql, 2, (const char *const *)lists, NULL);
out:
	free(lists[0]);
	free(lists[1]);
	return rc;
}

/*
 * Fills app_user.name_key (sql/012_name_key.sql) where it is NULL: rows
 * older than that migration, or written by an older daemon during an
 * upgrade. The key is the daemon's own fold (name_key), which SQL cannot
 * run, so it is computed here, in batches, each one transaction and one
 * UPDATE (the keys go as a JSON array of {"id","k"}); the rows are locked,
 * so none is renamed between read and write. Cheap when nothing is NULL.
 */
static int
migrate_name_keys(PGconn *conn)
{
	static const char	 pick[] = "SELECT id, display_name FROM app_user"
	    " WHERE name_key IS NULL ORDER BY id LIMIT " MIGRATE_NAMES_BATCH " FOR UPDATE";
	static const char	 set[] = "UPDATE app_user u SET name_key = v.k"
	    " FROM json_to_recordset($1::json) AS v(id bigint, k text) WHERE u.id = v.id";
	static const char	 has[] = "SELECT 1 FROM pg_attribute"
	    " WHERE attrelid = to_regclass('app_user') AND attname = 'name_key' AND NOT attisdropped";
	long			 total = 0;
	int			 rows;

	/* An sql_dir that stops before 012 (a test's, an old one) has no key to fill. */
	if (migrate_exec(conn, "name keys", has, 0, NULL, &rows) == -1)
		return -1;
	if (rows == 0)
		return 0;
	do {
		PGresult	*res;
		struct arena	 a;
		struct jsonw	 w;
		const char	*params[1];
		int		 rc = 0;

		if (migrate_exec(conn, "begin", "BEGIN", 0, NULL, NULL) == -1)
			return -1;
		res = PQexec(conn, pick);
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			fprintf(stderr, "rostra migrate: name keys: %s", PQresultErrorMessage(res));
			PQclear(res);
			migrate_exec(conn, "rollback", "ROLLBACK", 0, NULL, NULL);
			return -1;
		}
		rows = PQntuples(res);
		arena_init(&a);
		jsonw_init(&w, &a, (size_t)rows * 160 + 16);
		jsonw_array_begin(&w);
		for (int i = 0; i < rows && rc == 0; i++) {
			const char	*key;

			if (name_key(&a, PQgetvalue(res, i, 1), &key) == -1) {
				fputs("rostra migrate: name keys: out of memory\n", stderr);
				rc = -1;
				break;
			}
			jsonw_object_begin(&w);
			jsonw_key(&w, "id");
			jsonw_int(&w, strtoll(PQgetvalue(res, i, 0), NULL, 10));
			jsonw_key(&w, "k");
			jsonw_cstring(&w, key);
			jsonw_object_end(&w);
		}
		jsonw_array_end(&w);
		params[0] = arena_strndup(&a, w.buf, w.len);
		if (rc == 0 && rows > 0)
			rc = migrate_exec(conn, "name keys", set, 1, params, NULL);
		arena_release(&a);
		PQclear(res);
		if (rc == -1 || migrate_exec(conn, "commit", "COMMIT", 0, NULL, NULL) == -1) {
			migrate_exec(conn, "rollback", "ROLLBACK", 0, NULL, NULL);
			return -1;
		}
		total += rows;
	} while (rows > 0);
	if (total > 0)
		printf("rostra migrate: name keys for %ld users\n", total);
	return 0;
}

/*
 * Copies a guest's name key to their recent comments that have none
 * (comment.author_key, sql/013_guest_names.sql): those whose key only
 * migrate_name_keys has just filled, on an upgrade from before 012. Only
 * comments still under the guest's current name, and within the guest name
 * rule's 30 days (older ones no longer count), so the scan stays small.
 */
static int
migrate_guest_comment_keys(PGconn *conn)
{
	static const char	 has[] = "SELECT 1 FROM pg_attribute"
	    " WHERE attrelid = to_regclass('comment') AND attname = 'author_key' AND NOT attisdropped";
	static const char	 set[] = "UPDATE comment c SET author_key = u.name_key FROM app_user u"
	    " WHERE c.author_key IS NULL AND c.author_badge = 'guest'"
	    " AND c.created_at > now() - interval '30 days' AND u.id = c.user_id"
	    " AND u.kind = 'guest' AND u.role = 'reader' AND c.author_name = u.display_name"
	    " AND u.name_key IS NOT NULL";
	int			 rows;

	if (migrate_exec(conn, "guest comment keys", has, 0, NULL, &rows) == -1)
		return -1;
	return rows == 0 ? 0 : migrate_exec(conn, "guest comment keys", set, 0, NULL, NULL);
}

/*
 * Gives role the daemon's rights on whatever the schema holds now, in one
 * transaction under the migrations' lock (two hosts granting at once would
 * otherwise race on the same catalog rows).
 */
static int
migrate_app_grant(PGconn *conn, const char *role)
{
	const char	*params[1] = { role };

	if (migrate_exec(conn, "begin", "BEGIN", 0, NULL, NULL) == -1)
		return -1;
	if (migrate_exec(conn, "lock", "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK ")", 0, NULL, NULL) == -1 ||
	    migrate_exec(conn, "app_role", "SELECT rostra_grant_app($1::name)", 1, params, NULL) == -1 ||
	    migrate_exec(conn, "commit", "COMMIT", 0, NULL, NULL) == -1) {
		migrate_exec(conn, "rollback", "ROLLBACK", 0, NULL, NULL);
		return -1;
	}
	return 0;
}

int
migrate_run(const char *conninfo, const char *dir, const char *words_dir, const char *app_role)
{
	static const char *const keys[] = { "dbname", "client_encoding", "application_name", NULL };
	const char *const values[] = { conninfo, "UTF8", "rostra-migrate", NULL };
	char		*names[MIGRATE_FILES_MAX];
	size_t		 n = 0;
	struct dirent	*de;
	DIR		*d;
	PGconn		*conn;
	int		 rc = -1;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "rostra migrate: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL && n < MIGRATE_FILES_MAX)
		if (migrate_name_valid(de->d_name) && (names[n] = strdup(de->d_name)) != NULL)
			n++;
	closedir(d);
	qsort(names, n, sizeof(names[0]), migrate_cmp);
	conn = PQconnectdbParams(keys, values, 1);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "rostra migrate: connect: %s", PQerrorMessage(conn));
		goto out;
	}
	/* Notices such as "relation already exists, skipping" are noise here. */
	if (migrate_exec(conn, "settings", "SET client_min_messages = warning", 0, NULL, NULL) == -1)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (i > 0 && strncmp(names[i], names[i - 1], 3) == 0) {
			fprintf(stderr, "rostra migrate: %s and %s share a number\n", names[i - 1], names[i]);
			goto out;
		}
	for (size_t i = 0; i < n; i++)
		if (migrate_file_apply(conn, dir, names[i]) == -1)
			goto out;
	if (migrate_words_seed(conn, words_dir) == -1 || migrate_name_keys(conn) == -1 ||
	    migrate_guest_comment_keys(conn) == -1)
		goto out;
	if (app_role[0] != '\0' && migrate_app_grant(conn, app_role) == -1)
		goto out;
	rc = 0;
out:
	PQfinish(conn);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	return rc;
}
