/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The writer behind jsonw.h. Strings are copied in runs between the bytes
 * that need escaping (quote, backslash, control characters), so a typical
 * comment costs one scan and one memcpy.
 */
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/jsonw.h"

void
jsonw_init(struct jsonw *w, struct arena *a, size_t size_hint)
{
	memset(w, 0, sizeof(*w));
	w->arena = a;
	w->cap = size_hint > 64 ? size_hint : 64;
	w->buf = arena_alloc(a, w->cap);
	w->first[0] = true;
}

static void
jsonw_reserve(struct jsonw *w, size_t more)
{
	char	*bigger;
	size_t	 cap = w->cap;

	if (w->len + more <= w->cap)
		return;
	while (cap < w->len + more)
		cap *= 2;
	bigger = arena_alloc(w->arena, cap);
	memcpy(bigger, w->buf, w->len);
	w->buf = bigger;
	w->cap = cap;
}

static void
jsonw_raw(struct jsonw *w, const char *s, size_t len)
{
	jsonw_reserve(w, len);
	memcpy(w->buf + w->len, s, len);
	w->len += len;
}

/* Writes the comma a value needs before it, if any. */
static void
jsonw_value_start(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first[w->depth])
		jsonw_raw(w, ",", 1);
	w->first[w->depth] = false;
}

static void
jsonw_open(struct jsonw *w, char c)
{
	jsonw_value_start(w);
	jsonw_raw(w, &c, 1);
	w->depth++;
	assert(w->depth < JSONW_DEPTH_MAX);
	w->first[w->depth] = true;
}

static void
jsonw_close(struct jsonw *w, char c)
{
	assert(w->depth > 0 && !w->after_key);
	w->depth--;
	jsonw_raw(w, &c, 1);
}

void
jsonw_object_begin(struct jsonw *w)
{
	jsonw_open(w, '{');
}

void
jsonw_object_end(struct jsonw *w)
{
	jsonw_close(w, '}');
}

void
jsonw_array_begin(struct jsonw *w)
{
	jsonw_open(w, '[');
}

void
jsonw_array_end(struct jsonw *w)
{
	jsonw_close(w, ']');
}

void
jsonw_key(struct jsonw *w, const char *name)
{
	size_t	 len = strlen(name);

	jsonw_value_start(w);
	jsonw_reserve(w, len + 3);
	w->buf[w->len++] = '"';
	memcpy(w->buf + w->len, name, len);
	w->len += len;
	w->buf[w->len++] = '"';
	w->buf[w->len++] = ':';
	w->after_key = true;
}

void
jsonw_string(struct jsonw *w, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 run = 0;

	jsonw_value_start(w);
	/* Worst case every byte becomes \u00XX. */
	jsonw_reserve(w, len * 6 + 2);
	w->buf[w->len++] = '"';
	for (size_t i = 0; i < len; i++) {
		unsigned char	 c = (unsigned char)s[i];
		char		*p;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		memcpy(w->buf + w->len, s + run, i - run);
		w->len += i - run;
		run = i + 1;
		p = w->buf + w->len;
		*p++ = '\\';
		switch (c) {
		case '"': *p++ = '"'; break;
		case '\\': *p++ = '\\'; break;
		case '\n': *p++ = 'n'; break;
		case '\r': *p++ = 'r'; break;
		case '\t': *p++ = 't'; break;
		default:
			*p++ = 'u';
			*p++ = '0';
			*p++ = '0';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 0xf];
			break;
		}
		w->len = (size_t)(p - w->buf);
	}
	memcpy(w->buf + w->len, s + run, len - run);
	w->len += len - run;
	w->buf[w->len++] = '"';
}

void
jsonw_cstring(struct jsonw *w, const char *s)
{
	jsonw_string(w, s, strlen(s));
}

void
jsonw_int(struct jsonw *w, int64_t v)
{
	char	 num[24];
	int	 n = snprintf(num, sizeof(num), "%" PRId64, v);

	jsonw_value_start(w);
	jsonw_raw(w, num, (size_t)n);
}

void
jsonw_bool(struct jsonw *w, bool v)
{
	jsonw_value_start(w);
	jsonw_raw(w, v ? "true" : "false", v ? 4 : 5);
}

void
jsonw_json(struct jsonw *w, const char *json, size_t len)
{
	jsonw_value_start(w);
	jsonw_raw(w, json, len);
}

void
jsonw_null(struct jsonw *w)
{
	jsonw_value_start(w);
	jsonw_raw(w, "null", 4);
}
