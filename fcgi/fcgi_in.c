/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Reading a FastCGI request into a struct request: nginx's parameters,
 * then the body, or the body read away when nobody will use it.
 */
#include <stdint.h>
#include <string.h>

#include <fcgiapp.h>

#include "fcgi/fcgi_in.h"
#include "lib/token.h"

#define DRAIN_MAX	(4 * 1024 * 1024)	/* an unread body we still read away */
/* More than nginx sends (its params plus the client's headers, 32 KiB at most by default). */
#define PARAMS_MAX	256
#define PARAMS_BYTES_MAX (64 * 1024)

/* nginx's $msec ("1732800000.123") as Unix milliseconds; 0 if absent or odd. */
static int64_t
fcgi_in_msec(const char *s)
{
	int64_t	 ms = 0;
	int	 frac = -1;

	if (s == NULL)
		return 0;
	for (; *s != '\0'; s++) {
		if (*s == '.' && frac == -1) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || ms > INT64_MAX / 20)
			return 0;
		if (frac >= 3)
			continue;
		ms = ms * 10 + (*s - '0');
		if (frac >= 0)
			frac++;
	}
	for (frac = frac < 0 ? 0 : frac; frac < 3; frac++)
		ms *= 10;
	return ms;
}

/* nginx's $request_id if it sent one (hex), so both logs name the request alike; else ours. */
static void
fcgi_in_request_id(const char *given, char id[33])
{
	size_t	 n = given != NULL ? strspn(given, "0123456789abcdef") : 0;

	if (n >= 8 && n <= 32 && given[n] == '\0')
		memcpy(id, given, n + 1);
	else
		tok_random_hex(id, 8);
}

enum err
fcgi_in_params(FCGX_Request *fr, struct request *r)
{
	const char	*method = FCGX_GetParam("REQUEST_METHOD", fr->envp);
	const char	*uri = FCGX_GetParam("REQUEST_URI", fr->envp);
	const char	*q;
	size_t		 count = 0, bytes = 0;

	memset(r, 0, sizeof(*r));
	fcgi_in_request_id(FCGX_GetParam("REQUEST_ID", fr->envp), r->id);
	r->method = request_method_parse(method != NULL ? method : "");
	if (uri == NULL)
		uri = "";
	if ((q = strchr(uri, '?')) != NULL) {
		r->path_len = (size_t)(q - uri);
		r->query = q + 1;
		r->query_len = strlen(q + 1);
	} else {
		r->path_len = strlen(uri);
		r->query = "";
	}
	r->path = uri;
	for (char **p = fr->envp; *p != NULL; p++) {
		count++;
		bytes += strlen(*p);
	}
	if (count > PARAMS_MAX || bytes > PARAMS_BYTES_MAX)
		return ERR_HEADERS_TOO_LARGE;
	r->content_type = FCGX_GetParam("CONTENT_TYPE", fr->envp);
	if (r->content_type != NULL && *r->content_type == '\0')
		r->content_type = NULL;
	r->if_none_match = FCGX_GetParam("HTTP_IF_NONE_MATCH", fr->envp);
	r->remote_addr = FCGX_GetParam("REMOTE_ADDR", fr->envp);
	r->cookie = FCGX_GetParam("HTTP_COOKIE", fr->envp);
	r->origin = FCGX_GetParam("HTTP_ORIGIN", fr->envp);
	r->fetch_site = FCGX_GetParam("HTTP_SEC_FETCH_SITE", fr->envp);
	r->csrf = FCGX_GetParam("HTTP_X_ROSTRA_CSRF", fr->envp);
	r->idempotency_key = FCGX_GetParam("HTTP_IDEMPOTENCY_KEY", fr->envp);
	r->queued_ms = fcgi_in_msec(FCGX_GetParam("ROSTRA_QUEUED_AT", fr->envp));
	if (request_length_parse(FCGX_GetParam("CONTENT_LENGTH", fr->envp), &r->content_length) == -1)
		return ERR_INVALID_PARAMETER;
	return ERR_OK;
}

int
fcgi_in_body(FCGX_Request *fr, struct arena *a, struct request *r)
{
	char	*buf = arena_alloc(a, r->content_length + 1);
	size_t	 got = 0;

	while (got < r->content_length) {
		size_t	 chunk = r->content_length - got;
		int	 n = FCGX_GetStr(buf + got, chunk > INT32_MAX ? INT32_MAX : (int)chunk, fr->in);

		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	buf[got] = '\0';
	r->body = buf;
	return 0;
}

void
fcgi_in_drain(FCGX_Request *fr)
{
	char	 buf[8192];
	size_t	 total = 0;
	int	 n;

	while (total < DRAIN_MAX && (n = FCGX_GetStr(buf, sizeof(buf), fr->in)) > 0)
		total += (size_t)n;
}
