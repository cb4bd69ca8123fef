/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Response building behind out.h. JSON goes through json-c; the ETag is a
 * 64-bit FNV-1a of the body, enough to tell two versions of one listing apart.
 */
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "out.h"

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

static void
out_json_put(void *obj)
{
	json_object_put(obj);
}

static struct json_object *
json_checked(struct json_object *obj)
{
	if (obj == NULL)
		abort();	/* json-c fails only on out-of-memory */
	return obj;
}

struct json_object *
out_json_string(const char *s, size_t len)
{
	assert(len <= INT32_MAX);
	return json_checked(json_object_new_string_len(s, (int)len));
}

void
out_json(struct response *res, int status, struct json_object *obj)
{
	const char	*text;
	size_t		 len;

	arena_on_release(res->arena, out_json_put, obj);
	text = json_object_to_json_string_length(obj,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (text == NULL)
		abort();
	res->status = status;
	res->body = text;
	res->body_len = len;
	out_header(res, "Content-Type", "application/json; charset=utf-8");
}

enum err
out_fail(struct response *res, enum err e, const char *field, const char *message)
{
	struct json_object	*error, *root;
	const char		*allow = out_header_get(res, "Allow");

	assert(e != ERR_OK);
	/* An error replaces whatever the handler had set, except Allow, which a 405 needs. */
	res->nheaders = 0;
	if (allow != NULL)
		out_header(res, "Allow", allow);
	if (message == NULL)
		message = err_message(e);
	error = json_checked(json_object_new_object());
	json_object_object_add(error, "code", json_checked(json_object_new_string(err_code(e))));
	json_object_object_add(error, "message", json_checked(json_object_new_string(message)));
	if (field != NULL)
		json_object_object_add(error, "field", json_checked(json_object_new_string(field)));
	root = json_checked(json_object_new_object());
	json_object_object_add(root, "error", error);
	out_json(res, err_status(e), root);
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

void
out_public(struct response *res, int max_age, const char *if_none_match)
{
	uint64_t	 hash = 0xcbf29ce484222325u;
	char		*etag;

	for (size_t i = 0; i < res->body_len; i++) {
		hash ^= (unsigned char)res->body[i];
		hash *= 0x100000001b3u;
	}
	etag = arena_printf(res->arena, "\"%016" PRIx64 "\"", hash);
	out_header(res, "ETag", etag);
	/*
	 * Shared caches keep it max_age seconds, then may hand out the old copy
	 * for max_age more while one request fetches the new one, so nobody
	 * waits and nothing is older than about twice max_age. Browsers
	 * revalidate (a cheap 304 from nginx's cache).
	 */
	out_header(res, "Cache-Control", arena_printf(res->arena,
	    "public, max-age=0, s-maxage=%d, stale-while-revalidate=%d", max_age, max_age));
	if (out_etag_listed(if_none_match, etag)) {
		res->status = 304;
		res->body = NULL;
		res->body_len = 0;
	}
}
