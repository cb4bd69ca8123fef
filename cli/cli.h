/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The rostra command line: every command but "serve" (fcgi/main.c runs
 * the daemon), found in one table (cli/cli.c). Output is for scripts and
 * operators; errors go to stderr with status 1, 2 for a usage mistake.
 */
#ifndef ROSTRA_CLI_H
#define ROSTRA_CLI_H

#include "lib/config.h"

/* The usage message, every command's line from the table, on stderr. */
void	cli_usage(void);

/*
 * Runs command with its arguments (those after it) under cfg. Returns the
 * exit status: 2 with the usage message for an unknown command.
 */
int	cli_run(const struct config *cfg, const char *command, int argc, char *argv[]);

#endif
