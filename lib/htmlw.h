/* SPDX-License-Identifier: ISC — Rostra */
/*
 * An HTML document built in arena memory: markup written as literal
 * strings by our own code, and every piece of data through htmlw_text,
 * which escapes it for text and for double-quoted attribute values alike.
 */
#ifndef ROSTRA_HTMLW_H
#define ROSTRA_HTMLW_H

#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"

struct htmlw {
	struct arena	*arena;
	char		*buf;		/* arena memory; not NUL-terminated */
	size_t		 len;
	size_t		 cap;
};

void	htmlw_init(struct htmlw *w, struct arena *a, size_t size_hint);

/* Our own markup, written as is: never data. */
void	htmlw_markup(struct htmlw *w, const char *s);

/* Data: len bytes of s with & < > " ' escaped, fit for text or a quoted attribute. */
void	htmlw_text(struct htmlw *w, const char *s, size_t len);

/* htmlw_text of a NUL-terminated string. */
void	htmlw_ctext(struct htmlw *w, const char *s);

/* A number as decimal text. */
void	htmlw_int(struct htmlw *w, int64_t v);

/*
 * HTML we made ourselves and stored (a comment rendered by lib/render.c
 * when it was written), written as is.
 */
void	htmlw_trusted(struct htmlw *w, const char *s, size_t len);

#endif
