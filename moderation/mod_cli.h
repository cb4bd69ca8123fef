/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The moderation commands of the rostra CLI, for scripts: the same
 * statements, checks and log as the moderator API, recorded as done "via
 * cli". Called by main only.
 */
#ifndef ROSTRA_MOD_CLI_H
#define ROSTRA_MOD_CLI_H

#include "config.h"

/* Usage lines for these commands, for rostra's usage message. */
extern const char mod_cli_usage[];

/*
 * Runs command (queue, comment, article, words, settings, log, or a
 * moderation action of user) with its arguments. Returns the exit status,
 * or -1 if command is not one of these.
 */
int	mod_cli_run(const struct config *cfg, const char *command, int argc, char *argv[]);

#endif
