/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The commands the table in cli/cli.c points at, for it alone. Each gets
 * the arguments after its command word (a subcommand first) and returns
 * the exit status; CLI_USAGE asks the table to print the usage message.
 */
#ifndef ROSTRA_CLI_COMMANDS_H
#define ROSTRA_CLI_COMMANDS_H

#include "lib/arena.h"
#include "lib/config.h"
#include "db/db.h"
#include "lib/error.h"

#define CLI_USAGE	(-2)

/* What a command runs with; db and a only for commands the table marks so. */
struct cli {
	const struct config	*cfg;
	struct db		*db;
	struct arena		*a;
};

/* "rostra NAME: why" (err_message(e) if why is NULL) on stderr; returns 1. */
int	cli_fail(const char *name, enum err e, const char *why);

/* cli/cli_admin.c: the schema, upkeep, keys and accounts. */
int	cli_migrate(struct cli *c, int argc, char *argv[]);
int	cli_maintain(struct cli *c, int argc, char *argv[]);
int	cli_key(struct cli *c, int argc, char *argv[]);
int	cli_account(struct cli *c, int argc, char *argv[]);
int	cli_sso_keygen(struct cli *c, int argc, char *argv[]);
int	cli_sso_sign(struct cli *c, int argc, char *argv[]);

/* cli/cli_moderation.c: what a moderator does, as the moderator API does it. */
int	cli_queue(struct cli *c, int argc, char *argv[]);
int	cli_comment(struct cli *c, int argc, char *argv[]);
int	cli_reader(struct cli *c, int argc, char *argv[]);
int	cli_article(struct cli *c, int argc, char *argv[]);
int	cli_words(struct cli *c, int argc, char *argv[]);
int	cli_settings(struct cli *c, int argc, char *argv[]);
int	cli_log(struct cli *c, int argc, char *argv[]);

#endif
