/* SPDX-License-Identifier: ISC — Rostra */
/* Writing a response (fcgi/api/out.h) to FastCGI. */
#ifndef ROSTRA_FCGI_OUT_H
#define ROSTRA_FCGI_OUT_H

#include <fcgiapp.h>

#include "fcgi/api/out.h"
#include "fcgi/api/request.h"
#include "lib/arena.h"

/*
 * Writes res as the answer to r: the status and res's headers, the ones
 * every answer carries (nosniff, a Content-Security-Policy unless res has
 * its own, the request id), Content-Length, then the body unless r is a
 * HEAD.
 */
void	fcgi_out_response(FCGX_Request *fr, struct arena *a, const struct request *r,
	    const struct response *res);

#endif
