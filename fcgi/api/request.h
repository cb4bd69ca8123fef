/* SPDX-License-Identifier: ISC — Rostra */
/*
 * What a handler knows of an HTTP request, independent of FastCGI. The
 * worker fills it; strings are arena memory or point into the FastCGI
 * parameters, which live until the response is sent.
 */
#ifndef ROSTRA_REQUEST_H
#define ROSTRA_REQUEST_H

#include <stddef.h>
#include <stdint.h>

enum method {
	METHOD_GET,
	METHOD_HEAD,
	METHOD_POST,
	METHOD_PUT,
	METHOD_PATCH,
	METHOD_DELETE,
	METHOD_OPTIONS,
	METHOD_OTHER,
	METHOD__MAX
};

struct request {
	enum method	 method;
	const char	*path;		/* raw, not percent-decoded; never NULL */
	size_t		 path_len;
	const char	*query;		/* raw, after '?'; "" if none */
	size_t		 query_len;
	const char	*content_type;	/* NULL if none */
	size_t		 content_length;
	const char	*if_none_match;	/* NULL if none */
	const char	*remote_addr;	/* NULL if none */
	const char	*cookie;	/* the Cookie header, or NULL */
	const char	*origin;	/* the Origin header, or NULL */
	const char	*fetch_site;	/* the Sec-Fetch-Site header, or NULL */
	const char	*csrf;		/* the X-Rostra-CSRF header the embed sends, or NULL */
	const char	*idempotency_key;	/* the Idempotency-Key header of a post, or NULL */
	const char	*body;		/* content_length bytes, NUL-terminated; NULL until read */
	int64_t		 queued_ms;	/* when nginx passed it on (Unix ms), 0 if unknown */
	char		 id[33];	/* the request id: nginx's, or our own */
};

/* True for methods that may change state (everything but GET, HEAD and OPTIONS). */
int		 request_method_changes_state(enum method m);

/* Maps "GET", "POST", … to the enum; METHOD_OTHER for anything else. */
enum method	 request_method_parse(const char *name);

/*
 * Parses a Content-Length value: decimal digits only, no overflow; NULL
 * or "" is 0. Returns 0 with *len set, or -1 if malformed.
 */
int		 request_length_parse(const char *s, size_t *len);

/* "GET", "POST", …; static memory. */
const char	*request_method_name(enum method m);

#endif
