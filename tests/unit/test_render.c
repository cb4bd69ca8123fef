/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Formatting comments: a table of what readers type and the exact HTML
 * others see. Whatever the input, no element outside the subset, no raw
 * HTML, no image, no script or data link, and rel on every link.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/render.h"

static const struct {
	const char	*in;
	const char	*out;
} cases[] = {
	{ "Hello", "<p>Hello</p>\n" },
	{ "*soft* and **strong** and `a < b`", "<p><em>soft</em> and <strong>strong</strong> and "
	    "<code>a &lt; b</code></p>\n" },
	{ "line one\nline two", "<p>line one<br />\nline two</p>\n" },
	{ "> quoted\n\nanswer", "<blockquote>\n<p>quoted</p>\n</blockquote>\n<p>answer</p>\n" },
	{ "- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n" },
	{ "1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n" },
	{ "[site](https://news.example/a?b=1&c=2)", "<p><a rel=\"nofollow ugc noopener\" "
	    "href=\"https://news.example/a?b=1&amp;c=2\">site</a></p>\n" },
	{ "see <https://news.example>", "<p>see <a rel=\"nofollow ugc noopener\" "
	    "href=\"https://news.example\">https://news.example</a></p>\n" },
	/* What must never reach a page. */
	{ "[x](javascript:alert(1))", "<p>x</p>\n" },
	{ "[x](JaVaScRiPt:alert(1))", "<p>x</p>\n" },
	{ "[x](data:image/png;base64,AAAA)", "<p>x</p>\n" },
	{ "[x](data:text/html,<script>alert(1)</script>)", "<p>x</p>\n" },
	{ "[x](/relative)", "<p>x</p>\n" },
	{ "![a cat](https://evil.example/cat.png)", "<p>a cat</p>\n" },
	{ "<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n" },
	{ "hi <b onclick=\"x()\">there</b>", "<p>hi &lt;b onclick=&quot;x()&quot;&gt;there&lt;/b&gt;</p>\n" },
	{ "<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n" },
	{ "# Big *title*", "<p>Big <em>title</em></p>\n" },
	{ "```\nint x;\n```", "<p><code>int x;\n</code></p>\n" },
	{ "a\n\n---\n\nb", "<p>a</p>\n<p>b</p>\n" },
	{ "[a ![b](https://x.example/i.png) c](https://news.example)", "<p><a rel=\"nofollow ugc noopener\" "
	    "href=\"https://news.example\">a b c</a></p>\n" },
	{ "\"quotes\" & 'apostrophes'", "<p>&quot;quotes&quot; &amp; 'apostrophes'</p>\n" },
};

static void
table(void **state)
{
	struct arena	 a;

	(void)state;
	arena_init(&a);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char	*html;
		size_t	 len;

		assert_int_equal(render_comment(&a, cases[i].in, strlen(cases[i].in), &html, &len), 0);
		assert_int_equal(len, strlen(html));
		if (strcmp(html, cases[i].out) != 0)
			fail_msg("case %zu: %s\n got: %s\nwant: %s", i, cases[i].in, html, cases[i].out);
	}
	arena_release(&a);
}

/*
 * Deep nesting and long runs stay bounded: no crash, and at most 8 bytes
 * of HTML a byte of text (the renderer's own limit, past which it falls
 * back to the escaped text), measured rather than assumed.
 */
static void
hostile_shapes(void **state)
{
	static char	 text[10001];
	const char	*fill = "*>[-`<!";
	struct arena	 a;

	(void)state;
	arena_init(&a);
	for (size_t f = 0; fill[f] != '\0'; f++) {
		char	*html;
		size_t	 len;

		memset(text, fill[f], sizeof(text) - 1);
		assert_int_equal(render_comment(&a, text, sizeof(text) - 1, &html, &len), 0);
		assert_null(strstr(html, "<img"));
		assert_null(strstr(html, "<!--"));
		if (len > 8 * (sizeof(text) - 1))
			fail_msg("10,000 \"%c\": %zu bytes of HTML", fill[f], len);
	}
	arena_release(&a);
}

/* How many times needle occurs in s. */
static size_t
count(const char *s, const char *needle)
{
	size_t	 n = 0;

	for (; (s = strstr(s, needle)) != NULL; s += strlen(needle))
		n++;
	return n;
}

/*
 * Quotes and lists nest four deep at most, deeper ones join the level
 * above; the HTML stays within 8 times the text, and every list item
 * stays inside a list.
 */
static void
nesting_bounded(void **state)
{
	static char	 text[10001];
	static const struct {
		const char	*unit;		/* repeated to fill the text */
		const char	*open, *close;	/* the element whose nesting is bounded */
	} shapes[] = {
		{ ">", "<blockquote>", "</blockquote>" },
		{ "> ", "<blockquote>", "</blockquote>" },
		{ "- ", "<ul>", "</ul>" },
		{ "1. ", "<ol>", "</ol>" },
		{ "> - ", "<blockquote>", "</blockquote>" },
		{ "- > ", "<ul>", "</ul>" },
	};
	struct arena	 a;

	(void)state;
	arena_init(&a);
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		size_t	 ulen = strlen(shapes[i].unit), tlen, len;
		char	*html;

		for (tlen = 0; tlen + ulen < sizeof(text) - 2; tlen += ulen)
			memcpy(text + tlen, shapes[i].unit, ulen);
		text[tlen++] = 'x';
		text[tlen] = '\0';
		assert_int_equal(render_comment(&a, text, tlen, &html, &len), 0);
		if (len > 8 * tlen + 256)
			fail_msg("%s: %zu bytes of text made %zu of HTML", shapes[i].unit, tlen, len);
		if (count(html, shapes[i].open) > 4 || count(html, shapes[i].open) == 0)
			fail_msg("%s: %zu %s", shapes[i].unit, count(html, shapes[i].open), shapes[i].open);
		assert_int_equal(count(html, shapes[i].open), count(html, shapes[i].close));
		assert_int_equal(count(html, "<li>"), count(html, "</li>"));
		assert_true(count(html, "<li>") <= count(html, "<ul>") + count(html, "<ol"));
		assert_non_null(strstr(html, "x"));
	}
	arena_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table),
		cmocka_unit_test(hostile_shapes),
		cmocka_unit_test(nesting_bounded),
	};

	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
