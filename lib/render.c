/* SPDX-License-Identifier: ISC — Rostra */
/*
 * cmark parses the whole CommonMark language; this file narrows the tree to
 * the subset before rendering, so the HTML can only hold the elements the
 * embed expects: p, br, em, strong, a, blockquote, ul, ol, li, code. Each
 * node type has a rule: kept, unwrapped (its children stay, the node goes),
 * turned into a paragraph, turned into its literal text, or dropped; a
 * link to anything but http(s) is unwrapped to its text. Quotes and lists
 * nested deeper than RENDER_NEST_MAX are unwrapped into the level above, so
 * the HTML grows with the text, not with its nesting (7,000 '>' once made
 * 27 times their size in nested blockquotes); whatever still renders past
 * RENDER_GROWTH_MAX times the text is shown as the plain text it was.
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "lib/render.h"

enum keep { KEEP, UNWRAP, FLATTEN, AS_PARAGRAPH, AS_TEXT, DROP };

/* Block quotes and lists inside one another, at most (deeper ones are unwrapped). */
#define RENDER_NEST_MAX		4
/* The HTML may be this many times the text (plus a little): far above any real comment. */
#define RENDER_GROWTH_MAX	8
#define RENDER_GROWTH_SLACK	256

/* A node to change, and how. */
struct render_change {
	cmark_node	*node;
	enum keep	 rule;
};

/* Only web links stay links: data:, mailto:, relative and the rest become their text. */
static int
render_url_ok(const char *url)
{
	return url != NULL && (strncasecmp(url, "https://", 8) == 0 ||
	    strncasecmp(url, "http://", 7) == 0);
}

static enum keep
render_rule(cmark_node *n)
{
	cmark_node_type	 t = cmark_node_get_type(n);

	if (t == CMARK_NODE_LINK && !render_url_ok(cmark_node_get_url(n)))
		return UNWRAP;
	switch (t) {
	case CMARK_NODE_DOCUMENT:
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_TEXT:
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
	case CMARK_NODE_EMPH:
	case CMARK_NODE_STRONG:
	case CMARK_NODE_LINK:
	case CMARK_NODE_BLOCK_QUOTE:
	case CMARK_NODE_LIST:
	case CMARK_NODE_ITEM:
	case CMARK_NODE_CODE:
		return KEEP;
	case CMARK_NODE_IMAGE:		/* its description, as text */
		return UNWRAP;
	case CMARK_NODE_HEADING:
	case CMARK_NODE_CODE_BLOCK:
		return AS_PARAGRAPH;
	case CMARK_NODE_HTML_INLINE:	/* what the reader typed, shown as typed */
	case CMARK_NODE_HTML_BLOCK:
		return AS_TEXT;
	default:			/* thematic breaks, custom nodes */
		return DROP;
	}
}

/*
 * Moves every child of from to just before n (from is n or one of its
 * children). 0, or -1 if n's parent cannot hold such a child.
 */
static int
render_children_lift(cmark_node *from, cmark_node *n)
{
	cmark_node	*c;

	while ((c = cmark_node_first_child(from)) != NULL)
		if (!cmark_node_insert_before(n, c))
			return -1;
	return 0;
}

/* cmark_node_free, which (unlike free) must not be given NULL. */
static void
render_free(cmark_node *n)
{
	if (n != NULL)
		cmark_node_free(n);
}

/* A text node holding s without its final line breaks; NULL on out of memory. */
static cmark_node *
render_text(const char *s)
{
	cmark_node	*t = cmark_node_new(CMARK_NODE_TEXT);
	size_t		 len = s != NULL ? strlen(s) : 0;
	char		*copy;

	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	if (t == NULL || (copy = strndup(s != NULL ? s : "", len)) == NULL) {
		render_free(t);
		return NULL;
	}
	if (!cmark_node_set_literal(t, copy)) {
		render_free(t);
		t = NULL;
	}
	free(copy);
	return t;
}

/* Applies rule to node n; 0, or -1 on out of memory. */
static int
render_narrow(cmark_node *n, enum keep rule)
{
	cmark_node	*p, *t;

	switch (rule) {
	case KEEP:
		return 0;
	case UNWRAP:
		if (render_children_lift(n, n) == -1)
			return -1;
		break;
	case FLATTEN:	/* a list: what its items hold, without the items */
		for (t = cmark_node_first_child(n); t != NULL; t = cmark_node_next(t))
			if (render_children_lift(t, n) == -1)
				return -1;
		break;
	case AS_PARAGRAPH:
		if ((p = cmark_node_new(CMARK_NODE_PARAGRAPH)) == NULL)
			return -1;
		if (cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK) {
			/* Kept as code, so its spacing shows as typed. */
			if ((t = cmark_node_new(CMARK_NODE_CODE)) == NULL ||
			    !cmark_node_set_literal(t, cmark_node_get_literal(n)) ||
			    !cmark_node_append_child(p, t)) {
				render_free(t);
				render_free(p);
				return -1;
			}
		} else {
			while ((t = cmark_node_first_child(n)) != NULL)
				cmark_node_append_child(p, t);
		}
		cmark_node_insert_before(n, p);
		break;
	case AS_TEXT:
		if ((t = render_text(cmark_node_get_literal(n))) == NULL)
			return -1;
		if (cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK) {
			if ((p = cmark_node_new(CMARK_NODE_PARAGRAPH)) == NULL) {
				render_free(t);
				return -1;
			}
			cmark_node_append_child(p, t);
			t = p;
		}
		cmark_node_insert_before(n, t);
		break;
	case DROP:
		break;
	}
	cmark_node_unlink(n);
	cmark_node_free(n);
	return 0;
}

/* Gives every link rel="nofollow ugc noopener": cmark writes each as "<a href=". */
static char *
render_links_rel(struct arena *a, const char *html, size_t *len)
{
	static const char	 from[] = "<a href=\"", to[] = "<a rel=\"nofollow ugc noopener\" href=\"";
	size_t			 n = 0, out_len;
	const char		*p;
	char			*out, *o;

	for (p = html; (p = strstr(p, from)) != NULL; p += sizeof(from) - 1)
		n++;
	out_len = strlen(html) + n * (sizeof(to) - sizeof(from));
	o = out = arena_alloc(a, out_len + 1);
	for (p = html;;) {
		const char	*hit = strstr(p, from);
		size_t		 k = hit != NULL ? (size_t)(hit - p) : strlen(p);

		memcpy(o, p, k);
		o += k;
		if (hit == NULL)
			break;
		memcpy(o, to, sizeof(to) - 1);
		o += sizeof(to) - 1;
		p = hit + sizeof(from) - 1;
	}
	*o = '\0';
	*len = out_len;
	return out;
}

/* Whether n is a block quote or a list: the nodes whose nesting is bounded. */
static int
render_nests(cmark_node *n)
{
	cmark_node_type	 t = cmark_node_get_type(n);

	return t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_LIST;
}

/*
 * The changes the tree needs, outermost first, into *out (caller frees):
 * each node's rule, and for a quote or list nested deeper than
 * RENDER_NEST_MAX, UNWRAP or FLATTEN. Returns their number, or -1 on out of
 * memory. The tree is only read: it must not move under the iterator.
 */
static ssize_t
render_changes(cmark_node *doc, struct render_change **out)
{
	struct render_change	*ch = NULL;
	cmark_iter		*it;
	size_t			 n = 0, cap = 0;
	int			 nest = 0;

	if ((it = cmark_iter_new(doc)) == NULL)
		return -1;
	for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
		cmark_node	*node = cmark_iter_get_node(it);
		enum keep	 rule;

		if (ev == CMARK_EVENT_EXIT) {
			nest -= render_nests(node);
			continue;
		}
		nest += render_nests(node);
		if (render_nests(node) && nest > RENDER_NEST_MAX)
			rule = cmark_node_get_type(node) == CMARK_NODE_LIST ? FLATTEN : UNWRAP;
		else if ((rule = render_rule(node)) == KEEP)
			continue;
		if (n == cap) {
			struct render_change	*grown = realloc(ch, (cap = cap ? 2 * cap : 16) *
			    sizeof(*ch));

			if (grown == NULL) {
				free(ch);
				cmark_iter_free(it);
				return -1;
			}
			ch = grown;
		}
		ch[n++] = (struct render_change){ node, rule };
	}
	cmark_iter_free(it);
	*out = ch;
	return (ssize_t)n;
}

/*
 * The text as one paragraph of plain text, escaped by cmark: the answer for
 * a text whose markup would render too large. NULL on out of memory.
 */
static char *
render_plain(const char *text, size_t len)
{
	cmark_node	*doc = cmark_node_new(CMARK_NODE_DOCUMENT);
	cmark_node	*p = cmark_node_new(CMARK_NODE_PARAGRAPH);
	cmark_node	*t = cmark_node_new(CMARK_NODE_TEXT);
	char		*copy = strndup(text, len), *html = NULL;

	if (doc == NULL || p == NULL || t == NULL || copy == NULL || !cmark_node_set_literal(t, copy))
		goto out;
	cmark_node_append_child(p, t);
	t = NULL;
	cmark_node_append_child(doc, p);
	p = NULL;
	html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
out:
	free(copy);
	render_free(t);
	render_free(p);
	render_free(doc);
	return html;
}

int
render_comment(struct arena *a, const char *text, size_t len, char **html, size_t *html_len)
{
	struct render_change	*changes = NULL;
	cmark_node		*doc;
	ssize_t			 n;
	char			*raw = NULL;
	int			 rc = -1;

	/* Safe mode is cmark's default: raw HTML omitted, unsafe link schemes emptied. */
	if ((doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT)) == NULL)
		return -1;
	if ((n = render_changes(doc, &changes)) == -1)
		goto out;
	/* Innermost first, so a node is narrowed before whatever holds it is. */
	while (n > 0) {
		n--;
		if (render_narrow(changes[n].node, changes[n].rule) == -1)
			goto out;
	}
	if ((raw = cmark_render_html(doc, CMARK_OPT_HARDBREAKS)) == NULL)
		goto out;
	if (strlen(raw) > RENDER_GROWTH_MAX * len + RENDER_GROWTH_SLACK) {
		free(raw);
		if ((raw = render_plain(text, len)) == NULL)
			goto out;
	}
	*html = render_links_rel(a, raw, html_len);
	rc = 0;
out:
	free(raw);
	free(changes);
	cmark_node_free(doc);
	return rc;
}
