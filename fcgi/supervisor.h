/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The process supervisor: forks the workers on the bound FastCGI socket,
 * replaces any that dies, and on SIGTERM or SIGINT stops them in order,
 * letting in-flight requests finish within the configured grace period.
 */
#ifndef ROSTRA_SUPERVISOR_H
#define ROSTRA_SUPERVISOR_H

#include "app.h"

/* Runs until stopped; returns the process exit status. */
int	supervisor_run(const struct app *app, int listen_fd);

#endif
