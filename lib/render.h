/* SPDX-License-Identifier: ISC — Rostra */
/*
 * A comment's text as the HTML readers see: a small CommonMark subset
 * (emphasis, strong, links, block quotes, lists, inline code, line breaks)
 * rendered by cmark in its safe mode. Raw HTML shows as the text it was,
 * images as their description, headings as paragraphs; no javascript: or
 * data: link survives, and every link gets rel="nofollow ugc noopener".
 * Quotes and lists nest four deep at most; the HTML is at most 8 times the
 * text (plus 256 bytes), else the text is shown as plain text.
 * Pure: called when a comment is written, never when it is read.
 */
#ifndef ROSTRA_RENDER_H
#define ROSTRA_RENDER_H

#include <stddef.h>

#include "lib/arena.h"

/*
 * Renders text (len bytes of valid UTF-8) into *html, NUL-terminated, in
 * arena memory; its length to *html_len. Returns 0, or -1 if cmark ran
 * out of memory.
 */
int	render_comment(struct arena *a, const char *text, size_t len, char **html,
	    size_t *html_len);

#endif
