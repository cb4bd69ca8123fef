/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Response building behind out.h. The ETag is a 64-bit FNV-1a over the
 * body's 8-byte words, enough to tell two versions of one listing apart.
 */
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fcgi/api/out.h"

void
out_init(struct response *res, struct arena *a)
{
	memset(res, 0, sizeof(*res));
	res->arena = a;
	res->status = 200;
}

void
out_header(struct response *res, const char *name, const char *value)
{
	assert(res->nheaders < OUT_HEADERS_MAX);
	res->headers[res->nheaders].name = name;
	res->headers[res->nheaders].value = value;
	res->nheaders++;
}

const char *
out_header_get(const struct response *res, const char *name)
{
	for (size_t i = 0; i < res->nheaders; i++)
		if (strcasecmp(res->headers[i].name, name) == 0)
			return res->headers[i].value;
	return NULL;
}

void
out_json(struct response *res, int status, const struct jsonw *w)
{
	assert(w->depth == 0);
	res->status = status;
	res->body = w->buf;
	res->body_len = w->len;
	out_header(res, "Content-Type", "application/json; charset=utf-8");
}

static enum err	out_fail_detail(struct response *, enum err, const char *, const char *,
		    const char *, int64_t, int64_t);

enum err
out_fail(struct response *res, enum err e, const char *field, const char *message)
{
	return out_fail_detail(res, e, field, NULL, message, 0, 0);
}

enum err
out_fail_limit(struct response *res, enum err e, const char *field, const char *message,
    int64_t min, int64_t max)
{
	return out_fail_detail(res, e, field, NULL, message, min, max);
}

enum err
out_fail_rule(struct response *res, enum err e, const char *field, const char *rule,
    const char *message)
{
	return out_fail_detail(res, e, field, rule, message, 0, 0);
}

/* The error body with every optional member: "rule", "min" and "max" when set. */
static enum err
out_fail_detail(struct response *res, enum err e, const char *field, const char *rule,
    const char *message, int64_t min, int64_t max)
{
	struct jsonw	 w;
	const char	*allow = out_header_get(res, "Allow");
	const char	*retry = out_header_get(res, "Retry-After");
	const char	*cookie = out_header_get(res, "Set-Cookie");

	assert(e != ERR_OK);
	/*
	 * An error replaces whatever the handler had set, but Allow (405),
	 * Retry-After (429) and a cookie being cleared (401).
	 */
	res->nheaders = 0;
	if (allow != NULL)
		out_header(res, "Allow", allow);
	if (retry == NULL && err_status(e) == 503)
		retry = "2";	/* a busy or restarting database: soon, not at once */
	if (retry != NULL)
		out_header(res, "Retry-After", retry);
	if (cookie != NULL)
		out_header(res, "Set-Cookie", cookie);
	if (message == NULL)
		message = err_message(e);
	jsonw_init(&w, res->arena, 256);
	jsonw_object_begin(&w);
	jsonw_key(&w, "error");
	jsonw_object_begin(&w);
	jsonw_key(&w, "code");
	jsonw_cstring(&w, err_code(e));
	jsonw_key(&w, "message");
	jsonw_cstring(&w, message);
	if (field != NULL) {
		jsonw_key(&w, "field");
		jsonw_cstring(&w, field);
	}
	if (rule != NULL) {
		jsonw_key(&w, "rule");
		jsonw_cstring(&w, rule);
	}
	if (min > 0) {
		jsonw_key(&w, "min");
		jsonw_int(&w, min);
	}
	if (max > 0) {
		jsonw_key(&w, "max");
		jsonw_int(&w, max);
	}
	jsonw_object_end(&w);
	jsonw_object_end(&w);
	out_json(res, err_status(e), &w);
	out_header(res, "Cache-Control", "no-store");
	return e;
}

/* The opaque part of an ETag, between its quotes, compared character by character. */
static bool
etag_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && memcmp(a, b, alen) == 0;
}

bool
out_etag_listed(const char *if_none_match, const char *etag)
{
	const char	*p = if_none_match;
	size_t		 etag_len = strlen(etag);

	if (p == NULL)
		return false;
	while (*p != '\0') {
		const char	*start, *end;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (*p != '"')
			return false;
		start = p;
		end = strchr(start + 1, '"');
		if (end == NULL)
			return false;
		if (etag_equal(start, (size_t)(end - start + 1), etag, etag_len))
			return true;
		p = end + 1;
	}
	return false;
}

/* A strong validator for the body: FNV-1a over 8-byte words, in arena memory. */
static char *
out_etag(struct response *res)
{
	uint64_t	 hash = 0xcbf29ce484222325u;
	size_t		 i = 0;

	for (; i + 8 <= res->body_len; i += 8) {
		uint64_t	 word;

		memcpy(&word, res->body + i, 8);
		hash = (hash ^ word) * 0x100000001b3u;
	}
	for (; i < res->body_len; i++)
		hash = (hash ^ (unsigned char)res->body[i]) * 0x100000001b3u;
	return arena_printf(res->arena, "\"%016" PRIx64 "\"", hash);
}

/* Sends the ETag of the body, and 304 with no body if the client has it. */
static void
out_etag_apply(struct response *res, const char *if_none_match)
{
	char	*etag = out_etag(res);

	out_header(res, "ETag", etag);
	if (out_etag_listed(if_none_match, etag)) {
		res->status = 304;
		res->body = NULL;
		res->body_len = 0;
	}
}

void
out_private(struct response *res, const char *if_none_match)
{
	out_header(res, "Cache-Control", "no-store");
	out_etag_apply(res, if_none_match);
}

void
out_public(struct response *res, int max_age, const char *if_none_match)
{
	/*
	 * Shared caches keep it max_age seconds, then may hand out the old copy
	 * for max_age more while one request fetches the new one, so nobody
	 * waits and nothing is older than about twice max_age. Browsers
	 * revalidate (a cheap 304 from nginx's cache).
	 */
	out_header(res, "Cache-Control", arena_printf(res->arena,
	    "public, max-age=0, s-maxage=%d, stale-while-revalidate=%d", max_age, max_age));
	out_etag_apply(res, if_none_match);
}
