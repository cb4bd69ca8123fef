/* SPDX-License-Identifier: ISC — Rostra */
/*
 * libFuzzer target: the request headers the daemon reads, one per line:
 * method, request URI, Content-Type, Content-Length, Cookie, Origin,
 * Sec-Fetch-Site, X-Rostra-CSRF, If-None-Match, Idempotency-Key (a line
 * missing is a header absent). Routing with its preconditions (body size
 * and type, the cross-site check, the session cookie against a real key
 * ring), the Content-Length parser, the ETag matcher and the
 * Idempotency-Key check must never crash, and routing must never let
 * through what its table refuses.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_keys.h"
#include "fcgi/route.h"
#include "lib/validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum line {
	L_METHOD, L_URI, L_TYPE, L_LENGTH, L_COOKIE, L_ORIGIN, L_FETCH_SITE, L_CSRF,
	L_IF_NONE_MATCH, L_IDEMPOTENCY_KEY, L__MAX
};

#define ORIGINS	"https://news.example http://127.0.0.1:8080"

/* True if origin is one of ORIGINS exactly. */
static int
origin_ours(const char *origin)
{
	return origin != NULL && (strcmp(origin, "https://news.example") == 0 ||
	    strcmp(origin, "http://127.0.0.1:8080") == 0);
}

static void
fuzz_length(const char *s)
{
	char	 again[32];
	size_t	 n;

	if (request_length_parse(s, &n) == -1)
		return;
	/* Accepted: digits only, and the number they spell. */
	while (s != NULL && *s == '0' && s[1] != '\0')
		s++;
	snprintf(again, sizeof(again), "%zu", n);
	if (s != NULL && *s != '\0' && strcmp(again, s) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config	 cfg;
	static struct keyring	*kr;
	static const char	 etag[] = "\"00c0ffee00c0ffee\"";
	const char		*line[L__MAX] = { NULL };
	const struct route	*route;
	struct arena		 a;
	struct request		 req;
	struct response		 res;
	struct ctx		 ctx;
	char			*text, *p, *q;
	size_t			 n = 0;

	if (kr == NULL) {
		if (tok_init() == -1)
			abort();
		config_defaults(&cfg);
		free(cfg.site_origins);
		if ((cfg.site_origins = strdup(ORIGINS)) == NULL)
			abort();
		kr = fuzz_keyring_open();
	}
	/* Header values reach the daemon as C strings: the input ends at a NUL. */
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	for (p = text; n < L__MAX && p != NULL; n++) {
		line[n] = p;
		if ((p = strchr(p, '\n')) != NULL)
			*p++ = '\0';
	}
	arena_init(&a);
	memset(&req, 0, sizeof(req));
	req.method = request_method_parse(line[L_METHOD] != NULL ? line[L_METHOD] : "");
	req.path = line[L_URI] != NULL ? line[L_URI] : "";
	req.query = "";
	if ((q = strchr(req.path, '?')) != NULL) {
		req.query = q + 1;
		req.query_len = strlen(q + 1);
		req.path_len = (size_t)(q - req.path);
	} else {
		req.path_len = strlen(req.path);
	}
	req.content_type = line[L_TYPE];
	fuzz_length(line[L_LENGTH]);
	if (request_length_parse(line[L_LENGTH], &req.content_length) == -1)
		goto out;	/* the worker refuses the request */
	req.cookie = line[L_COOKIE];
	req.origin = line[L_ORIGIN];
	req.fetch_site = line[L_FETCH_SITE];
	req.csrf = line[L_CSRF];
	req.if_none_match = line[L_IF_NONE_MATCH];
	req.idempotency_key = line[L_IDEMPOTENCY_KEY];
	out_init(&res, &a);
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = &a;
	ctx.cfg = &cfg;
	ctx.req = &req;
	ctx.res = &res;
	ctx.keys = kr;
	ctx.now = FUZZ_NOW;
	if (route_resolve(&ctx, &route) == ERR_OK) {
		if (request_method_changes_state(req.method) && (req.csrf == NULL ||
		    strcmp(req.csrf, "1") != 0 || !((req.fetch_site != NULL &&
		    strcmp(req.fetch_site, "same-origin") == 0) || origin_ours(req.origin))))
			abort();
		if (route->body != NULL && req.content_length > cfg.body_limit)
			abort();
		if (route->auth == AUTH_SESSION && (!ctx.signed_in || ctx.session.role < route->role))
			abort();
		if (route->auth == AUTH_PUBLIC && ctx.signed_in)
			abort();
	} else if (res.status < 400 || res.body == NULL) {
		abort();
	}
	if (out_etag_listed(req.if_none_match, etag) &&
	    (req.if_none_match == NULL || (strstr(req.if_none_match, etag) == NULL &&
	    strchr(req.if_none_match, '*') == NULL)))
		abort();
	if (req.idempotency_key != NULL && validate_idempotency_key(req.idempotency_key) == 0 &&
	    (strlen(req.idempotency_key) < 16 || strlen(req.idempotency_key) > 64 ||
	    strspn(req.idempotency_key, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(req.idempotency_key)))
		abort();
out:
	arena_release(&a);
	free(text);
	return 0;
}
