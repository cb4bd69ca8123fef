/* SPDX-License-Identifier: ISC — Rostra */
/*
 * A streaming JSON writer into arena memory: the only way the daemon
 * produces JSON, so every string is escaped by construction. Written for
 * the hot path (json-c's object tree cost three quarters of a listing's
 * CPU, measured with callgrind); json-c still parses untrusted input.
 * Commas are placed by the writer; callers only open, add and close.
 */
#ifndef ROSTRA_JSONW_H
#define ROSTRA_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"

#define JSONW_DEPTH_MAX	16

struct jsonw {
	struct arena	*arena;
	char		*buf;		/* arena memory; not NUL-terminated */
	size_t		 len;
	size_t		 cap;
	int		 depth;
	bool		 first[JSONW_DEPTH_MAX];	/* nothing written yet at this depth */
	bool		 after_key;	/* the next value follows a key: no comma */
};

/* Starts an empty document whose memory comes from a. */
void	jsonw_init(struct jsonw *w, struct arena *a, size_t size_hint);

void	jsonw_object_begin(struct jsonw *w);
void	jsonw_object_end(struct jsonw *w);
void	jsonw_array_begin(struct jsonw *w);
void	jsonw_array_end(struct jsonw *w);

/* An object member's name: a trusted ASCII literal, written as is. */
void	jsonw_key(struct jsonw *w, const char *name);

/* A string value of len bytes of UTF-8, escaped as JSON requires. */
void	jsonw_string(struct jsonw *w, const char *s, size_t len);

/* jsonw_string of a NUL-terminated string. */
void	jsonw_cstring(struct jsonw *w, const char *s);

void	jsonw_int(struct jsonw *w, int64_t v);
void	jsonw_bool(struct jsonw *w, bool v);
void	jsonw_null(struct jsonw *w);

/*
 * A value that is already JSON, len bytes, written as is. Only for text
 * PostgreSQL's json functions produced (they escape by construction).
 */
void	jsonw_json(struct jsonw *w, const char *json, size_t len);

#endif
