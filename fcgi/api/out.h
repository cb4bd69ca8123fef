/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Building a response: status, headers, and a JSON body written with
 * jsonw, so output is escaped by construction. out_fail() is the one place
 * an error becomes a status code and a body. Nothing here writes to the
 * network; the worker sends the finished struct response.
 */
#ifndef ROSTRA_OUT_H
#define ROSTRA_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"
#include "lib/error.h"
#include "lib/jsonw.h"

#define OUT_HEADERS_MAX	16

struct out_header {
	const char	*name;
	const char	*value;
};

struct response {
	struct arena		*arena;
	int			 status;
	struct out_header	 headers[OUT_HEADERS_MAX];
	size_t			 nheaders;
	const char		*body;		/* arena memory or static */
	size_t			 body_len;
};

/* Empty 200 response whose strings will live in a. */
void		 out_init(struct response *res, struct arena *a);

/* Adds a header; name and value must outlive the response (static or arena). */
void		 out_header(struct response *res, const char *name, const char *value);

/* Value of header name already set, or NULL. */
const char	*out_header_get(const struct response *res, const char *name);

/* Makes the finished document w the body, with the given status and JSON content type. */
void		 out_json(struct response *res, int status, const struct jsonw *w);

/*
 * Replaces the response with the error body
 * {"error":{"code":…,"message":…,"field":…}} and the status err_status(e).
 * message NULL: the default for e; field NULL: no "field" member.
 * Returns e, so handlers can "return out_fail(…)".
 */
enum err	 out_fail(struct response *res, enum err e, const char *field, const char *message);

/*
 * As out_fail, plus the bound the field broke, so a client can say it in
 * its own words: "min": min when min > 0 (fewer characters than allowed),
 * "max": max when max > 0 (more).
 */
enum err	 out_fail_limit(struct response *res, enum err e, const char *field,
		    const char *message, int64_t min, int64_t max);

/*
 * As out_fail, with "rule": rule in the error object when rule is not
 * NULL: which of the site's rules a comment broke ("banned_word", …), so a
 * client can say it in the reader's language.
 */
enum err	 out_fail_rule(struct response *res, enum err e, const char *field, const char *rule,
		    const char *message);

/*
 * Marks a finished public response as cacheable by anyone for max_age
 * seconds in shared caches, then served stale for at most max_age more
 * while it is refreshed (browsers revalidate every time), and adds an
 * ETag computed from the body. If if_none_match (the request header, may be
 * NULL) names that ETag, turns the response into a bodiless 304.
 */
void		 out_public(struct response *res, int max_age, const char *if_none_match);

/*
 * For a signed-in user's view that changes (the moderation queue): "no-store"
 * as every authenticated answer, plus an ETag; if if_none_match (sent by the
 * page's script) names it, a bodiless 304, so polling costs almost nothing
 * while nothing changed.
 */
void		 out_private(struct response *res, const char *if_none_match);

/* True if the If-None-Match value lists etag, compared weakly (RFC 9110). */
bool		 out_etag_listed(const char *if_none_match, const char *etag);

#endif
