/* SPDX-License-Identifier: ISC — Rostra */
/* Reading a FastCGI request into a struct request (fcgi/api/request.h). */
#ifndef ROSTRA_FCGI_IN_H
#define ROSTRA_FCGI_IN_H

#include <fcgiapp.h>

#include "fcgi/api/request.h"
#include "lib/arena.h"
#include "lib/error.h"

/*
 * Fills r from the FastCGI parameters: method, path and query, the headers
 * the daemon reads, the request id (nginx's, else a new one). An error if
 * they are not a request we take (too many or too long headers, a bad
 * Content-Length).
 */
enum err	fcgi_in_params(FCGX_Request *fr, struct request *r);

/* Reads exactly the declared body into arena memory; -1 if the stream ends early. */
int		fcgi_in_body(FCGX_Request *fr, struct arena *a, struct request *r);

/*
 * Reads away a body nobody will use, so nginx can finish sending it and
 * still pass our response on (closing early would turn a 413 into a 502).
 */
void		fcgi_in_drain(FCGX_Request *fr);

#endif
