/* SPDX-License-Identifier: ISC — Rostra */
/*
 * libFuzzer target: comment formatting. Any valid UTF-8 a reader may post
 * renders without crash or leak, and the HTML holds no element outside the
 * subset and no link but http(s).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unistr.h>

#include "lib/render.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True if every "<" in html opens or closes an allowed element. */
static int
tags_allowed(const char *html)
{
	static const char *const tags[] = { "p>", "br />", "em>", "strong>",
	    "a rel=\"nofollow ugc noopener\" href=\"http",
	    "a>", "blockquote>", "ul>", "ol>", "ol start=\"", "li>", "code>", NULL };

	for (const char *p = html; (p = strchr(p, '<')) != NULL; p++) {
		const char	*t = p + 1 + (p[1] == '/');
		int		 ok = 0;

		for (size_t i = 0; tags[i] != NULL && !ok; i++)
			ok = strncasecmp(t, tags[i], strlen(tags[i])) == 0;
		if (!ok)
			return 0;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	char		*html;
	size_t		 len;

	/* Bodies reach the renderer validated: UTF-8, no NUL. */
	if (u8_check(data, size) != NULL || memchr(data, '\0', size) != NULL)
		return 0;
	arena_init(&a);
	if (render_comment(&a, (const char *)data, size, &html, &len) == 0 &&
	    (strlen(html) != len || !tags_allowed(html)))
		abort();
	arena_release(&a);
	return 0;
}
