/* SPDX-License-Identifier: ISC — Rostra */
/* Writing a response to FastCGI: the status line and headers, then the body. */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include <fcgiapp.h>

#include "fcgi/fcgi_out.h"
#include "lib/fault.h"
#include "lib/status.h"

/* libfcgi's own printf lacks some conversions, so the head is formatted here. */
void
fcgi_out_response(FCGX_Request *fr, struct arena *a, const struct request *r,
    const struct response *res)
{
	/*
	 * Every answer is data: it runs nothing, loads nothing and is framed
	 * nowhere, whatever a browser makes of it (a handler may say more).
	 */
	static const char	 csp[] =
	    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n";
	const char		*fixed = out_header_get(res, "Content-Security-Policy") == NULL ? csp : "";
	size_t	 size = 192 + sizeof(csp), len;
	char	*head;

#ifdef ROSTRA_FAULTS
	size += 64;
#endif

	for (size_t i = 0; i < res->nheaders; i++)
		size += strlen(res->headers[i].name) + strlen(res->headers[i].value) + 4;
	head = arena_alloc(a, size);
	len = (size_t)snprintf(head, size, "Status: %d %s\r\n", res->status, status_reason(res->status));
	for (size_t i = 0; i < res->nheaders; i++)
		len += (size_t)snprintf(head + len, size - len, "%s: %s\r\n",
		    res->headers[i].name, res->headers[i].value);
	len += (size_t)snprintf(head + len, size - len,
	    "X-Content-Type-Options: nosniff\r\n%sX-Request-Id: %s\r\n", fixed, r->id);
#ifdef ROSTRA_FAULTS
	/* How the armed fault went: a test runs N = 1, 2, … until it no longer fires. */
	if (fault_armed())
		len += (size_t)snprintf(head + len, size - len,
		    "X-Rostra-Faults: %d\r\nX-Rostra-Fault-Calls: %ld\r\n", fault_hits(), fault_calls());
#endif
	if (res->status != 304 && res->status != 204)	/* bodiless by definition */
		len += (size_t)snprintf(head + len, size - len, "Content-Length: %zu\r\n", res->body_len);
	len += (size_t)snprintf(head + len, size - len, "\r\n");
	assert(len < size);
	FCGX_PutStr(head, (int)len, fr->out);
	if (r->method != METHOD_HEAD && res->body_len > 0)
		FCGX_PutStr(res->body, (int)res->body_len, fr->out);
}
