/* SPDX-License-Identifier: ISC — Rostra */
/*
 * GET /articles/{key}/fragment: the first page of a thread as HTML, for
 * nginx to include into the article page (SSI), so readers without
 * JavaScript and search engines see the comments. Every piece of data is
 * escaped here; comment bodies are the HTML lib/render.c made when they
 * were written. The data-* attributes let the embed take the page over
 * without fetching it again. Public and cached like the JSON listing.
 */
#include <stdint.h>
#include <string.h>

#include "fcgi/api/api.h"
#include "lib/cursor.h"
#include "db/db.h"
#include "lib/htmlw.h"
#include "lib/query.h"

/* The fragment's words, in the languages a page may ask for (?lang=). */
enum msg { MSG_COMMENTS, MSG_FEATURED, MSG_REMOVED, MSG_EDITED, MSG_REPLYING_TO, MSG_STAFF,
	MSG_GUEST, MSG_MORE_REPLIES, MSG_MORE_COMMENTS, MSG_JOIN, MSG_JOIN_NOTE, MSG_CLOSED,
	MSG_EMPTY, MSG__MAX };

static const struct {
	const char	*lang;
	const char	*text[MSG__MAX];
} messages[] = {
	{ "en", {
		[MSG_COMMENTS] = "Comments",
		[MSG_FEATURED] = "Featured",
		[MSG_REMOVED] = "This comment was removed.",
		[MSG_EDITED] = "edited",
		[MSG_REPLYING_TO] = "replying to",
		[MSG_STAFF] = "Staff",
		[MSG_GUEST] = "Guest",
		[MSG_MORE_REPLIES] = "more replies",
		[MSG_MORE_COMMENTS] = "Older comments are shown with JavaScript on.",
		[MSG_JOIN] = "Join the discussion",
		[MSG_JOIN_NOTE] = "(posting needs JavaScript)",
		[MSG_CLOSED] = "This discussion is closed: no new comments can be posted.",
		[MSG_EMPTY] = "No comments yet.",
	} },
	{ "fr", {
		[MSG_COMMENTS] = "Commentaires",
		[MSG_FEATURED] = "À la une",
		[MSG_REMOVED] = "Ce commentaire a été retiré.",
		[MSG_EDITED] = "modifié",
		[MSG_REPLYING_TO] = "en réponse à",
		[MSG_STAFF] = "Équipe",
		[MSG_GUEST] = "Invité",
		[MSG_MORE_REPLIES] = "autres réponses",
		[MSG_MORE_COMMENTS] = "Les commentaires plus anciens s'affichent avec JavaScript.",
		[MSG_JOIN] = "Participer à la discussion",
		[MSG_JOIN_NOTE] = "(il faut JavaScript pour publier)",
		[MSG_CLOSED] = "Cette discussion est close : il n'est plus possible de commenter.",
		[MSG_EMPTY] = "Aucun commentaire pour l'instant.",
	} },
};

struct fragment {
	struct htmlw	 w;
	int		 lang;		/* index in messages */
	int		 depth_max;	/* config reply_depth */
	const char	*label;		/* config reaction_label */
};

static const char *
say(const struct fragment *f, enum msg m)
{
	return messages[f->lang].text[m];
}

static void
attr_bool(struct htmlw *w, const char *name, bool v)
{
	htmlw_markup(w, name);
	htmlw_markup(w, v ? "=\"true\"" : "=\"false\"");
}

static void
attr_int(struct htmlw *w, const char *name, int64_t v)
{
	htmlw_markup(w, name);
	htmlw_markup(w, "=\"");
	htmlw_int(w, v);
	htmlw_markup(w, "\"");
}

/* A string attribute; empty when s is NULL. */
static void
attr_text(struct htmlw *w, const char *name, const char *s, size_t len)
{
	htmlw_markup(w, name);
	htmlw_markup(w, "=\"");
	if (s != NULL)
		htmlw_text(w, s, len);
	htmlw_markup(w, "\"");
}

/* "2026-11-28T07:25:02.114Z" as "2026-11-28 07:25 UTC". */
static void
when(struct htmlw *w, const char *iso)
{
	if (strlen(iso) < 16) {
		htmlw_ctext(w, iso);
		return;
	}
	htmlw_text(w, iso, 10);
	htmlw_markup(w, " ");
	htmlw_text(w, iso + 11, 5);
	htmlw_markup(w, " UTC");
}

/* Opens <li> for c and writes the comment; the caller closes it. in_list: it has an id. */
static void
comment_open(struct fragment *f, const struct comment *c, bool in_list)
{
	struct htmlw	*w = &f->w;

	htmlw_markup(w, "<li class=\"rostra-ssr-comment\"");
	if (in_list) {
		htmlw_markup(w, " id=\"comment-");
		htmlw_int(w, c->id);
		htmlw_markup(w, "\"");
	}
	attr_int(w, " data-id", c->id);
	if (c->parent_id > 0)
		attr_int(w, " data-parent", c->parent_id);
	else
		htmlw_markup(w, " data-parent=\"\"");
	attr_int(w, " data-depth", c->depth);
	attr_int(w, " data-reactions", c->reactions);
	attr_int(w, " data-reply-count", c->replies);
	attr_text(w, " data-created", c->created_at, strlen(c->created_at));
	attr_text(w, " data-edited", c->edited_at, c->edited_at != NULL ? strlen(c->edited_at) : 0);
	attr_bool(w, " data-featured", c->featured);
	attr_text(w, " data-badge", c->badge, c->badge != NULL ? strlen(c->badge) : 0);
	attr_bool(w, " data-removed", c->removed);
	attr_text(w, " data-reply-to", c->reply_to, c->reply_to_len);
	htmlw_markup(w, ">");
	if (c->removed) {
		htmlw_markup(w, "<p class=\"rostra-ssr-removed\">");
		htmlw_ctext(w, say(f, MSG_REMOVED));
		htmlw_markup(w, "</p>");
		return;
	}
	htmlw_markup(w, "<article><p class=\"rostra-ssr-meta\"><strong class=\"rostra-ssr-author\">");
	htmlw_text(w, c->author_name, c->author_name_len);
	htmlw_markup(w, "</strong>");
	if (c->badge != NULL) {
		htmlw_markup(w, " <span class=\"rostra-ssr-badge\">");
		htmlw_ctext(w, say(f, strcmp(c->badge, "guest") == 0 ? MSG_GUEST : MSG_STAFF));
		htmlw_markup(w, "</span>");
	}
	if (c->featured) {
		htmlw_markup(w, " <span class=\"rostra-ssr-badge\">");
		htmlw_ctext(w, say(f, MSG_FEATURED));
		htmlw_markup(w, "</span>");
	}
	if (c->depth > f->depth_max && c->reply_to != NULL) {
		htmlw_markup(w, " <span class=\"rostra-ssr-reply-to\">");
		htmlw_ctext(w, say(f, MSG_REPLYING_TO));
		htmlw_markup(w, " ");
		htmlw_text(w, c->reply_to, c->reply_to_len);
		htmlw_markup(w, "</span>");
	}
	htmlw_markup(w, " · <a href=\"#comment-");
	htmlw_int(w, c->id);
	htmlw_markup(w, "\"><time datetime=\"");
	htmlw_ctext(w, c->created_at);
	htmlw_markup(w, "\">");
	when(w, c->created_at);
	htmlw_markup(w, "</time></a>");
	if (c->edited_at != NULL) {
		htmlw_markup(w, " · <span class=\"rostra-ssr-edited\">");
		htmlw_ctext(w, say(f, MSG_EDITED));
		htmlw_markup(w, "</span>");
	}
	htmlw_markup(w, "</p><div class=\"rostra-ssr-text\">");
	if (c->html != NULL) {
		htmlw_trusted(w, c->html, c->html_len);
	} else {
		htmlw_markup(w, "<p>");
		htmlw_text(w, c->body, c->body_len);
		htmlw_markup(w, "</p>");
	}
	/* Under the text, where the embed puts its buttons. */
	htmlw_markup(w, "</div><p class=\"rostra-ssr-foot\"><span class=\"rostra-ssr-reactions\">");
	htmlw_ctext(w, f->label);
	htmlw_markup(w, " (");
	htmlw_int(w, c->reactions);
	htmlw_markup(w, ")</span></p></article>");
}

/*
 * A top-level comment with its replies nested to depth_max: the replies
 * come depth first, so each one either opens a list inside the one before
 * or closes lists back to its own depth.
 */
static void
thread_html(struct fragment *f, const struct thread *t)
{
	struct htmlw	*w = &f->w;
	int64_t		 open = 0;	/* depth of the <li> whose end is pending */

	comment_open(f, &t->top, true);
	for (size_t i = 0; i < t->n; i++) {
		const struct comment	*r = &t->replies[i];
		int64_t			 d = r->depth < f->depth_max ? r->depth : f->depth_max;

		if (d > open) {
			htmlw_markup(w, "<ol class=\"rostra-ssr-replies\">");
			d = open + 1;
		} else {
			htmlw_markup(w, "</li>");
			for (; open > d; open--)
				htmlw_markup(w, "</ol></li>");
		}
		comment_open(f, r, true);
		open = d;
	}
	for (; open > 0; open--)
		htmlw_markup(w, "</li></ol>");
	if (t->more > 0) {
		char	 cursor[CURSOR_LEN_MAX] = "";

		/* None shown (replies_shown 0): the replies start at the first. */
		if (t->n > 0)
			cursor_encode(t->replies[t->n - 1].id, cursor);
		htmlw_markup(w, "<p class=\"rostra-ssr-more\"");
		attr_int(w, " data-more-replies", t->more);
		attr_text(w, " data-replies-cursor", cursor, strlen(cursor));
		htmlw_markup(w, ">");
		htmlw_int(w, t->more);
		htmlw_markup(w, " ");
		htmlw_ctext(w, say(f, MSG_MORE_REPLIES));
		htmlw_markup(w, "</p>");
	}
	htmlw_markup(w, "</li>");
}

/* ?lang=en|fr (default en); anything else is ignored, as caches add their own. */
static int
fragment_lang(struct ctx *ctx)
{
	const char	*lang = query_get(ctx->query, ctx->nquery, "lang");

	for (size_t l = 0; lang != NULL && l < sizeof(messages) / sizeof(messages[0]); l++)
		if (strcmp(lang, messages[l].lang) == 0)
			return (int)l;
	return 0;
}

enum err
api_fragment_get(struct ctx *ctx)
{
	struct comment_page	 page;
	struct page_start	 start = { .first = true };
	struct fragment		 f;
	size_t			 hint = 1024;
	enum err		 e;

	if ((e = db_comment_page(ctx->db, ctx->arena, ctx->key, ORDER_NEWEST, &start,
	    ctx->cfg->page_size, ctx->cfg->replies_shown, &page)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	for (size_t i = 0; i < page.n; i++) {
		hint += page.items[i].top.body_len + page.items[i].top.html_len + 640;
		for (size_t j = 0; j < page.items[i].n; j++)
			hint += page.items[i].replies[j].body_len + page.items[i].replies[j].html_len + 640;
	}
	memset(&f, 0, sizeof(f));
	f.lang = fragment_lang(ctx);
	f.depth_max = ctx->cfg->reply_depth;
	f.label = ctx->cfg->reaction_label;
	htmlw_init(&f.w, ctx->arena, hint + hint / 4);

	htmlw_markup(&f.w, "<div class=\"rostra-ssr\" data-rostra-ssr=\"1\"");
	attr_text(&f.w, " data-article", ctx->key, ctx->key_len);
	attr_text(&f.w, " lang", messages[f.lang].lang, strlen(messages[f.lang].lang));
	attr_int(&f.w, " data-count", page.comment_count);
	attr_bool(&f.w, " data-closed", page.closed);
	htmlw_markup(&f.w, " data-sort=\"newest\"");
	if (page.more && page.n > 0) {
		char	 cursor[CURSOR_LEN_MAX];

		cursor_encode(page.items[page.n - 1].top.seq, cursor);
		attr_text(&f.w, " data-next-cursor", cursor, strlen(cursor));
	} else {
		htmlw_markup(&f.w, " data-next-cursor=\"\"");
	}
	attr_text(&f.w, " data-reaction-label", f.label, strlen(f.label));
	attr_int(&f.w, " data-reply-depth", ctx->cfg->reply_depth);
	attr_int(&f.w, " data-edit-minutes", ctx->cfg->edit_minutes);
	htmlw_markup(&f.w, "><h2 class=\"rostra-ssr-title\">");
	htmlw_ctext(&f.w, say(&f, MSG_COMMENTS));
	htmlw_markup(&f.w, " (");
	htmlw_int(&f.w, page.comment_count);
	htmlw_markup(&f.w, ")</h2>");
	if (page.closed) {
		htmlw_markup(&f.w, "<p class=\"rostra-ssr-closed\">");
		htmlw_ctext(&f.w, say(&f, MSG_CLOSED));
		htmlw_markup(&f.w, "</p>");
	}
	/* Before the comments, where the embed puts its form. */
	if (!page.closed) {
		htmlw_markup(&f.w, "<p class=\"rostra-ssr-join\"><a href=\"#comments\">");
		htmlw_ctext(&f.w, say(&f, MSG_JOIN));
		htmlw_markup(&f.w, "</a> ");
		htmlw_ctext(&f.w, say(&f, MSG_JOIN_NOTE));
		htmlw_markup(&f.w, "</p>");
	}
	if (page.nfeatured > 0) {
		htmlw_markup(&f.w, "<section class=\"rostra-ssr-featured\"><h3>");
		htmlw_ctext(&f.w, say(&f, MSG_FEATURED));
		htmlw_markup(&f.w, "</h3><ol>");
		for (size_t i = 0; i < page.nfeatured; i++) {
			comment_open(&f, &page.featured[i], false);
			htmlw_markup(&f.w, "</li>");
		}
		htmlw_markup(&f.w, "</ol></section>");
	}
	if (page.n == 0) {
		htmlw_markup(&f.w, "<p class=\"rostra-ssr-empty\">");
		htmlw_ctext(&f.w, say(&f, MSG_EMPTY));
		htmlw_markup(&f.w, "</p>");
	}
	htmlw_markup(&f.w, "<ol class=\"rostra-ssr-list\">");
	for (size_t i = 0; i < page.n; i++)
		thread_html(&f, &page.items[i]);
	htmlw_markup(&f.w, "</ol>");
	if (page.more) {
		htmlw_markup(&f.w, "<p class=\"rostra-ssr-next\">");
		htmlw_ctext(&f.w, say(&f, MSG_MORE_COMMENTS));
		htmlw_markup(&f.w, "</p>");
	}
	htmlw_markup(&f.w, "</div>\n");

	ctx->res->status = 200;
	ctx->res->body = f.w.buf;
	ctx->res->body_len = f.w.len;
	out_header(ctx->res, "Content-Type", "text/html; charset=utf-8");
	/*
	 * Opened on its own, the fragment may run and load nothing; search
	 * engines index the article page that includes it, not this address.
	 */
	out_header(ctx->res, "Content-Security-Policy",
	    "default-src 'none'; frame-ancestors 'none'; sandbox");
	out_header(ctx->res, "X-Robots-Tag", "noindex");
	return ERR_OK;
}
