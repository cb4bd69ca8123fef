/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The command table: each row is a command word (and, for "user", the
 * subcommand that picks between accounts and moderation), its usage lines,
 * whether it needs the database, and the function that runs it. The usage
 * message is the table's lines in order. Called by fcgi/main.c.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_commands.h"
#include "moderation/actions.h"

/* A "user" subcommand that is a moderator's action on a reader (ban, note…). */
static bool
cli_is_reader_action(const char *sub)
{
	return actions_user_known(sub);
}

static const struct cli_command {
	const char	*name;
	const char	*sub;		/* this subcommand only, or NULL */
	bool		(*sub_match)(const char *);	/* or subcommands it accepts */
	bool		 needs_db;	/* a connection and an arena, opened by cli_run */
	int		(*run)(struct cli *, int, char **);
	const char	*usage;
} cli_commands[] = {
	{ "serve", NULL, NULL, false, NULL,
	    "  serve              run the FastCGI daemon (the default)\n" },
	{ "migrate", NULL, NULL, false, cli_migrate,
	    "  migrate            apply the SQL migrations in sql_dir to the database, as\n"
	    "                     migrate_database (the schema owner); grant app_role its rights\n" },
	{ "maintain", NULL, NULL, false, cli_maintain,
	    "  maintain           forget what is no longer needed (post keys, old login\n"
	    "                     failures, used single sign-on tokens, networks unused\n"
	    "                     for 180 days); run it daily\n" },
	{ "key", NULL, NULL, false, cli_key,
	    "  key rotate         sign new sessions with a new key; old ones stay valid\n"
	    "  key drop KID       forget a retired key: its sessions end\n" },
	{ "user", "add", NULL, false, cli_account,
	    "  user add EMAIL NAME ROLE\n"
	    "                     create an account (a moderator, say); the password is\n"
	    "                     read from the first line of standard input\n" },
	{ "user", "role", NULL, false, cli_account,
	    "  user role EMAIL reader|moderator|admin\n"
	    "                     set an account's role (it applies from its next sign-in)\n" },
	{ "sso-keygen", NULL, NULL, false, cli_sso_keygen,
	    "  sso-keygen FILE    make a site key pair: the secret into FILE (0600),\n"
	    "                     the public k4.public string for sso_keys on stdout\n" },
	{ "sso-sign", NULL, NULL, false, cli_sso_sign,
	    "  sso-sign [-a AUDIENCE] FILE SUB NAME [EMAIL]\n"
	    "                     sign a 5-minute single sign-on token, as a site would,\n"
	    "                     for AUDIENCE (its aud claim; default sso_audience)\n" },
	{ "queue", NULL, NULL, true, cli_queue,
	    "  queue [pending|reported|unmoderated|approved|rejected] [ARTICLE]\n"
	    "                     list a queue, one JSON object per comment, oldest first\n" },
	{ "comment", NULL, NULL, true, cli_comment,
	    "  comment approve|reject|hold|publish|feature|unfeature|dismiss ID... [-r REASON]\n"
	    "                     act on comments, as a moderator would\n" },
	{ "user", NULL, cli_is_reader_action, true, cli_reader,
	    "  user ban|unban|unsuspend|trust|premoderate|normal USER-ID\n"
	    "  user suspend USER-ID HOURS\n"
	    "  user note USER-ID TEXT\n" },
	{ "article", NULL, NULL, true, cli_article,
	    "  article close|reopen|premoderate|unpremoderate KEY\n" },
	{ "words", NULL, NULL, true, cli_words,
	    "  words list | words add|remove banned|suspect ENTRY...\n" },
	{ "settings", NULL, NULL, true, cli_settings,
	    "  settings | settings set NAME VALUE\n" },
	{ "log", NULL, NULL, true, cli_log,
	    "  log comment|user ID   the moderation log, newest first\n" },
};

#define CLI_COMMANDS_N	(sizeof(cli_commands) / sizeof(cli_commands[0]))

void
cli_usage(void)
{
	fputs("usage: rostra [-c config-file] [command]\n", stderr);
	for (size_t i = 0; i < CLI_COMMANDS_N; i++)
		fputs(cli_commands[i].usage, stderr);
	fputs("The config file may also be named by ROSTRA_CONFIG; see rostra.conf.example.\n",
	    stderr);
}

int
cli_fail(const char *name, enum err e, const char *why)
{
	fprintf(stderr, "rostra %s: %s\n", name, why != NULL ? why : err_message(e));
	return 1;
}

/* The row for command and its first argument, or NULL. */
static const struct cli_command *
cli_find(const char *command, int argc, char *argv[])
{
	const char	*sub = argc > 0 ? argv[0] : NULL;

	for (size_t i = 0; i < CLI_COMMANDS_N; i++) {
		const struct cli_command	*c = &cli_commands[i];

		if (c->run == NULL || strcmp(c->name, command) != 0)
			continue;
		if (c->sub != NULL && (sub == NULL || strcmp(c->sub, sub) != 0))
			continue;
		if (c->sub_match != NULL && (sub == NULL || !c->sub_match(sub)))
			continue;
		return c;
	}
	return NULL;
}

int
cli_run(const struct config *cfg, const char *command, int argc, char *argv[])
{
	const struct cli_command	*row = cli_find(command, argc, argv);
	struct cli			 c = { cfg, NULL, NULL };
	struct arena			 a;
	int				 rc;

	if (row == NULL) {
		cli_usage();
		return 2;
	}
	if (!row->needs_db) {
		rc = row->run(&c, argc, argv);
	} else {
		arena_init(&a);
		c.a = &a;
		c.db = db_open(cfg->database);
		rc = db_connect(c.db) == -1 ? cli_fail(command, ERR_DATABASE_UNAVAILABLE, NULL) :
		    row->run(&c, argc, argv);
		arena_release(&a);
		db_close(c.db);
	}
	if (rc == CLI_USAGE) {
		cli_usage();
		rc = 2;
	}
	return rc;
}
