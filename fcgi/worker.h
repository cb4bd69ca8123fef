/* SPDX-License-Identifier: ISC — Rostra */
/*
 * A worker process: connects to PostgreSQL (after the fork), then accepts
 * FastCGI requests on the inherited socket one at a time until SIGTERM or
 * worker_max_requests; SIGUSR1 reopens the log file. The only file that
 * reads or writes FastCGI requests (main.c opens the socket before the
 * fork).
 */
#ifndef ROSTRA_WORKER_H
#define ROSTRA_WORKER_H

#include "fcgi/api/app.h"

/* Serves requests until told to stop; returns the process exit status. */
int	worker_run(const struct app *app, int listen_fd);

#endif
