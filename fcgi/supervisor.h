/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The process supervisor: forks the workers on the bound FastCGI socket,
 * replaces any that dies or is recycled, kills one whose request runs past
 * request_timeout, and answers the operator's signals: SIGTERM and SIGINT
 * stop the workers in order (in-flight requests finish within
 * shutdown_grace), SIGHUP reloads the configuration and keys and replaces
 * the workers without closing the socket, SIGUSR1 reopens the log file.
 */
#ifndef ROSTRA_SUPERVISOR_H
#define ROSTRA_SUPERVISOR_H

#include "fcgi/api/app.h"

/*
 * Runs until stopped; returns the process exit status. app is the state
 * the workers start with; on SIGHUP the supervisor builds a new one with
 * app_load(config_path) and frees the old with app_free. It owns app.
 */
int	supervisor_run(struct app *app, const char *config_path, int listen_fd);

#endif
