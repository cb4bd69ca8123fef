/* SPDX-License-Identifier: ISC — Rostra */
/*
 * What a moderator does, for scripts: the same statements, checks and log
 * as the moderator API, recorded as done "via cli". One JSON object per
 * line where the API answers with JSON, a short sentence otherwise. Rows
 * of the table in cli/cli.c, which opens the database for them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_commands.h"
#include "lib/validate.h"
#include "moderation/actions.h"
#include "moderation/words.h"

static const struct actor cli_actor = { 0, "cli" };

static int64_t
cli_id(const char *s)
{
	char	*end;
	long long v = strtoll(s, &end, 10);

	return *s != '\0' && *end == '\0' && v > 0 ? v : -1;
}

int
cli_queue(struct cli *c, int argc, char *argv[])
{
	struct db	*db = c->db;
	struct arena	*a = c->a;
	struct queue_filter	 f;
	struct json_row		*rows;
	enum queue		 q = QUEUE_PENDING;
	size_t			 n;
	bool			 more = true;
	enum err		 e;

	memset(&f, 0, sizeof(f));
	if (argc > 0) {
		int	 i;

		/* queue=all needs an author, which this command does not take. */
		for (i = 0; i < QUEUE__COUNTED && strcmp(argv[0], db_queue_names[i]) != 0; i++)
			;
		if (i == QUEUE__COUNTED)
			return cli_fail("queue", ERR_INVALID_PARAMETER, "no such queue");
		q = (enum queue)i;
	}
	if (argc > 1) {
		if (validate_article_key(argv[1], strlen(argv[1])) == -1)
			return cli_fail("queue", ERR_INVALID_ARTICLE_KEY, NULL);
		f.key = argv[1];
	}
	f.limit = 100;
	while (more) {
		if ((e = db_queue_page(db, a, q, &f, &rows, &n, &more)) != ERR_OK)
			return cli_fail("queue", e, NULL);
		for (size_t i = 0; i < n; i++)
			printf("%.*s\n", (int)rows[i].len, rows[i].json);
		if (n > 0)
			f.cursor = rows[n - 1].id;
	}
	return 0;
}

int
cli_comment(struct cli *c, int argc, char *argv[])
{
	struct db	*db = c->db;
	struct arena	*a = c->a;
	const struct comment_action *act = actions_comment_find(argc > 0 ? argv[0] : NULL);
	const char	*reason = NULL;
	struct id_list	 ids, changed;
	enum err	 e;

	if (act == NULL)
		return cli_fail("comment", ERR_INVALID_PARAMETER, "unknown action");
	ids.v = arena_alloc(a, (size_t)(argc + 1) * sizeof(*ids.v));
	ids.n = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-r") == 0 && i + 1 < argc) {
			reason = argv[++i];
			continue;
		}
		if ((ids.v[ids.n++] = cli_id(argv[i])) == -1)
			return cli_fail("comment", ERR_INVALID_PARAMETER, "ids are positive numbers");
	}
	if (ids.n == 0)
		return cli_fail("comment", ERR_INVALID_PARAMETER, "name at least one comment id");
	e = actions_comment_run(db, a, &cli_actor, act, &ids, NULL, 0, reason, NULL, &changed);
	if (e != ERR_OK)
		return cli_fail("comment", e, NULL);
	for (size_t i = 0; i < changed.n; i++)
		printf("%s %lld\n", act->name, (long long)changed.v[i]);
	if (changed.n < ids.n) {
		fprintf(stderr, "rostra comment: %zu of %zu unchanged (already decided, or no such "
		    "comment)\n", ids.n - changed.n, ids.n);
		return 1;
	}
	return 0;
}

int
cli_reader(struct cli *c, int argc, char *argv[])
{
	struct db	*db = c->db;
	struct arena	*a = c->a;
	const char	*json;
	int64_t		 id = argc > 1 ? cli_id(argv[1]) : -1, rejected;
	long		 hours = 0;
	enum err	 e;

	if (id == -1)
		return cli_fail("user", ERR_INVALID_PARAMETER, "give a user id");
	if (strcmp(argv[0], "note") == 0) {
		if (argc != 3 || validate_text(argv[2], strlen(argv[2]), true, 2000) != ERR_OK)
			return cli_fail("user", ERR_INVALID_PARAMETER, "give the note as one argument");
		if ((e = db_user_note_add(db, a, &cli_actor, id, argv[2])) != ERR_OK ||
		    (e = db_user_get(db, a, id, &json)) != ERR_OK)
			return cli_fail("user", e, e == ERR_NOT_FOUND ? "no such user" : NULL);
	} else {
		if (strcmp(argv[0], "suspend") == 0 &&
		    (argc != 3 || (hours = strtol(argv[2], NULL, 10)) < 1 || hours > 24 * 365))
			return cli_fail("user", ERR_INVALID_PARAMETER, "suspend for 1 to 8760 hours");
		if ((e = db_user_moderate(db, a, &cli_actor, id, argv[0], (int)hours, NULL, false,
		    &json, &rejected)) != ERR_OK)
			return cli_fail("user", e, e == ERR_NOT_FOUND ? "no such reader" : NULL);
	}
	printf("%s\n", json);
	return 0;
}

int
cli_article(struct cli *c, int argc, char *argv[])
{
	struct db	*db = c->db;
	struct arena	*a = c->a;
	const char	*json;
	enum err	 e;

	if (argc != 2 || !actions_article_known(argv[0]) ||
	    validate_article_key(argv[1], strlen(argv[1])) == -1)
		return cli_fail("article", ERR_INVALID_PARAMETER, "usage: article ACTION KEY");
	if ((e = db_article_moderate(db, a, &cli_actor, argv[1], argv[0], NULL, &json)) != ERR_OK)
		return cli_fail("article", e, NULL);
	printf("%s\n", json);
	return 0;
}

int
cli_words(struct cli *c, int argc, char *argv[])
{
	struct db	*db = c->db;
	struct arena	*a = c->a;
	const char	*banned, *suspect, *list;
	char		*text;
	size_t		 len = 1;
	int64_t		 version, added, removed;
	enum err	 e;

	if (argc == 0 || strcmp(argv[0], "list") == 0) {
		if ((e = db_words_get(db, a, &version, &banned, &suspect)) != ERR_OK)
			return cli_fail("words", e, NULL);
		printf("# banned\n%s%s# suspect\n%s%s", banned, *banned != '\0' ? "\n" : "", suspect,
		    *suspect != '\0' ? "\n" : "");
		return 0;
	}
	if (argc < 3 || (strcmp(argv[0], "add") != 0 && strcmp(argv[0], "remove") != 0) ||
	    (strcmp(argv[1], "banned") != 0 && strcmp(argv[1], "suspect") != 0))
		return cli_fail("words", ERR_INVALID_PARAMETER,
		    "usage: words add|remove banned|suspect ENTRY...");
	list = argv[1];
	for (int i = 2; i < argc; i++) {
		char		 why[96];
		struct words	*one;

		if (validate_text(argv[i], strlen(argv[i]), false, WORDS_ENTRY_MAX) != ERR_OK ||
		    (one = words_compile(argv[i], strlen(argv[i]), why, sizeof(why))) == NULL) {
			fprintf(stderr, "rostra words: \"%s\" cannot be matched\n", argv[i]);
			return 1;
		}
		words_free(one);
		len += strlen(argv[i]) + 1;
	}
	text = arena_alloc(a, len);
	text[0] = '\0';
	for (int i = 2; i < argc; i++) {
		strcat(text, argv[i]);
		strcat(text, "\n");
	}
	if ((e = db_words_change(db, a, &cli_actor, list, argv[0][0] == 'a' ? text : "",
	    argv[0][0] == 'r' ? text : "", &added, &removed)) != ERR_OK)
		return cli_fail("words", e, NULL);
	printf("%s: %lld added, %lld removed\n", list, (long long)added, (long long)removed);
	return 0;
}

int
cli_settings(struct cli *c, int argc, char *argv[])
{
	struct db	*db = c->db;
	struct arena	*a = c->a;
	const char	*values[MOD_SETTINGS_N] = { NULL }, *json;
	int		 i;
	enum err	 e;

	if (argc == 0) {
		if ((e = db_settings_get(db, a, &json)) != ERR_OK)
			return cli_fail("settings", e, NULL);
		printf("%s\n", json);
		return 0;
	}
	if (argc != 3 || strcmp(argv[0], "set") != 0)
		return cli_fail("settings", ERR_INVALID_PARAMETER, "usage: settings set NAME VALUE");
	for (i = 0; i < MOD_SETTINGS_N && strcmp(argv[1], db_setting_names[i]) != 0; i++)
		;
	if (i == MOD_SETTINGS_N)
		return cli_fail("settings", ERR_INVALID_PARAMETER, "no such setting");
	values[i] = argv[2];
	/* PostgreSQL reads the text as the column's type; a bad value is refused there. */
	if ((e = db_settings_update(db, a, &cli_actor, values, &json)) != ERR_OK)
		return cli_fail("settings", e, e == ERR_INVALID_FIELD ? "value out of range" : NULL);
	printf("%s\n", json);
	return 0;
}

int
cli_log(struct cli *c, int argc, char *argv[])
{
	struct db	*db = c->db;
	struct arena	*a = c->a;
	struct json_row	*rows;
	size_t		 n;
	int64_t		 id = argc == 2 ? cli_id(argv[1]) : -1;
	enum err	 e;

	if (id == -1 || (strcmp(argv[0], "comment") != 0 && strcmp(argv[0], "user") != 0))
		return cli_fail("log", ERR_INVALID_PARAMETER, "usage: log comment|user ID");
	if ((e = db_log_get(db, a, argv[0][0] == 'u', id, &rows, &n)) != ERR_OK)
		return cli_fail("log", e, NULL);
	for (size_t i = 0; i < n; i++)
		printf("%.*s\n", (int)rows[i].len, rows[i].json);
	return 0;
}
