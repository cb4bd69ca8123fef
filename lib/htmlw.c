/* SPDX-License-Identifier: ISC — Rostra */
/* The writer behind htmlw.h: text copied in runs between the bytes that need escaping. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/htmlw.h"

void
htmlw_init(struct htmlw *w, struct arena *a, size_t size_hint)
{
	memset(w, 0, sizeof(*w));
	w->arena = a;
	w->cap = size_hint > 256 ? size_hint : 256;
	w->buf = arena_alloc(a, w->cap);
}

static void
htmlw_raw(struct htmlw *w, const char *s, size_t len)
{
	if (w->len + len > w->cap) {
		size_t	 cap = w->cap;
		char	*bigger;

		while (cap < w->len + len)
			cap *= 2;
		bigger = arena_alloc(w->arena, cap);
		memcpy(bigger, w->buf, w->len);
		w->buf = bigger;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, s, len);
	w->len += len;
}

void
htmlw_markup(struct htmlw *w, const char *s)
{
	htmlw_raw(w, s, strlen(s));
}

void
htmlw_trusted(struct htmlw *w, const char *s, size_t len)
{
	htmlw_raw(w, s, len);
}

void
htmlw_text(struct htmlw *w, const char *s, size_t len)
{
	size_t	 run = 0;

	for (size_t i = 0; i < len; i++) {
		const char	*entity;

		switch (s[i]) {
		case '&':
			entity = "&amp;";
			break;
		case '<':
			entity = "&lt;";
			break;
		case '>':
			entity = "&gt;";
			break;
		case '"':
			entity = "&quot;";
			break;
		case '\'':
			entity = "&#39;";
			break;
		default:
			continue;
		}
		htmlw_raw(w, s + run, i - run);
		htmlw_raw(w, entity, strlen(entity));
		run = i + 1;
	}
	htmlw_raw(w, s + run, len - run);
}

void
htmlw_ctext(struct htmlw *w, const char *s)
{
	htmlw_text(w, s, strlen(s));
}

void
htmlw_int(struct htmlw *w, int64_t v)
{
	char	 buf[24];
	int	 n = snprintf(buf, sizeof(buf), "%" PRId64, v);

	htmlw_raw(w, buf, (size_t)n);
}
