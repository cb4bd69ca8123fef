/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The submit pipeline (submit.h): a new comment, a guest's first comment
 * and an edit go through the same steps, in the order of submit_steps[].
 * Each step does one thing and either goes on or answers the error that
 * ends the request; submit_run decides a replay, in one place. The SQL is
 * db/'s, the judging moderation/screen.c's; nothing here reads the
 * database's rows or the policy's facts.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fcgi/api/api.h"
#include "fcgi/api/comment_input.h"
#include "fcgi/api/signin.h"
#include "fcgi/api/submit.h"
#include "db/db.h"
#include "lib/render.h"
#include "lib/validate.h"
#include "moderation/name.h"
#include "moderation/screen.h"

/* Who submits, which decides how a step stores and answers. */
enum submit_who {
	SUBMIT_USER,	/* a new comment by the session's user */
	SUBMIT_GUEST,	/* a guest's first comment: the guest, its session and the comment */
	SUBMIT_EDIT,	/* the new text of the session's user's comment */
};

/* One submission through the pipeline; its strings are arena memory. */
struct submission {
	struct ctx		*ctx;
	enum submit_who		 who;
	int64_t			 sid;		/* the session's ids; 0 for a guest */
	int64_t			 uid;
	const char		*key;		/* the article (a post) */
	int64_t			 edit_id;	/* the comment (an edit) */
	struct comment_new	 c;		/* parsed, rendered, judged */
	struct policy_verdict	 v;
	struct comment		 stored;	/* as stored */
	const char		*status;	/* its status after: published, held or rejected */
	struct new_session	 session;	/* a guest's, to be signed in */
	int64_t			 replay;	/* the comment the post's key stored; -1 someone else's */
	bool			 as_guest;	/* the session ended: judge and store again as a guest */
};

/* What a failed screen or store answers, by who submits; any other error answers alone. */
static const struct {
	enum submit_who	 who;
	enum err	 e;
	const char	*field;
	const char	*message;	/* NULL: the error's own */
} submit_failures[] = {
	{ SUBMIT_USER, ERR_GUEST_NAME_USED, "display_name", "Another guest commented on this "
	    "article under your name in the last 30 days; please change your name to comment here." },
	{ SUBMIT_GUEST, ERR_GUEST_NAME_USED, "author_name", NULL },
	{ SUBMIT_GUEST, ERR_CONFLICT, "author_name", API_NAME_TAKEN },
	{ SUBMIT_EDIT, ERR_NOT_FOUND, NULL, "You have no such comment to edit." },
};

/*
 * A failed screen or store, answered: a signed-in poster's 401 also clears
 * their cookie, one guest too many from an address waits (Retry-After).
 */
static enum err
submit_fail(struct submission *s, enum err e)
{
	struct ctx	*ctx = s->ctx;

	if (s->who == SUBMIT_USER && e == ERR_UNAUTHORIZED)
		out_header(ctx->res, "Set-Cookie", session_cookie_header(ctx->arena, ctx->cfg, NULL, 0));
	if (s->who == SUBMIT_GUEST && e == ERR_TOO_MANY_REQUESTS)
		return api_session_guest_limited(ctx);
	if (s->who == SUBMIT_EDIT && e == ERR_EDIT_WINDOW_OVER)
		return out_fail(ctx->res, e, NULL, arena_printf(ctx->arena,
		    "Comments can be edited for %d minutes after posting.", ctx->cfg->edit_minutes));
	for (size_t i = 0; i < sizeof(submit_failures) / sizeof(submit_failures[0]); i++)
		if (submit_failures[i].who == s->who && submit_failures[i].e == e)
			return out_fail(ctx->res, e, submit_failures[i].field,
			    submit_failures[i].message);
	return out_fail(ctx->res, e, NULL, NULL);
}

/*
 * A session that has ended is no session: a signed-in poster who also
 * gave a name posts as a guest, if the site takes guests. True if so.
 */
static bool
submit_guest_instead(struct submission *s)
{
	if (s->who != SUBMIT_USER || s->c.author_name == NULL || !s->ctx->cfg->guests)
		return false;
	s->who = SUBMIT_GUEST;
	s->sid = s->uid = 0;
	s->ctx->signed_in = false;
	s->as_guest = true;
	return true;
}

/* The body into s->c, with what a post takes from its headers. */
static enum err
submit_parse(struct submission *s)
{
	struct ctx		*ctx = s->ctx;
	struct input_error	 why;
	enum err		 e;

	if (s->who == SUBMIT_EDIT)
		e = comment_edit_read(ctx->arena, ctx->cfg, ctx->body, &s->c, &why);
	else
		e = comment_input_read(ctx->arena, ctx->cfg, ctx->body, &s->c, &why);
	if (e != ERR_OK)
		return out_fail_limit(ctx->res, why.code, why.field, why.message, why.min, why.max);
	if (s->who == SUBMIT_EDIT) {
		s->c.edit_id = s->edit_id;
		return ERR_OK;
	}
	s->c.key = s->key;
	/* The article's address moderators open: only one on the page's own site. */
	if (s->c.url != NULL && validate_url_origin(s->c.url, ctx->req->origin) == -1)
		return out_fail(ctx->res, ERR_INVALID_FIELD, "url",
		    "url must be an address on the site the comment is posted from.");
	if ((s->c.post_key = ctx->req->idempotency_key) != NULL &&
	    validate_idempotency_key(s->c.post_key) == -1)
		return out_fail(ctx->res, ERR_INVALID_PARAMETER, "Idempotency-Key",
		    "Idempotency-Key must be 16 to 64 characters from A-Z, a-z, 0-9, '-' and '_'.");
	s->c.address = api_client_address(ctx);
	return ERR_OK;
}

/* The Markdown into safe HTML, once: what is stored is what readers get. */
static enum err
submit_render(struct submission *s)
{
	char	*html;
	size_t	 len;

	if (render_comment(s->ctx->arena, s->c.body, strlen(s->c.body), &html, &len) == -1)
		return out_fail(s->ctx->res, ERR_INTERNAL, NULL, NULL);
	s->c.html = html;
	return ERR_OK;
}

/*
 * Who writes: a signed-in reader under their display name (author_name is
 * ignored), or a guest under the name they give, if the site takes guests.
 */
static enum err
submit_author(struct submission *s)
{
	struct ctx	*ctx = s->ctx;

	if (s->who != SUBMIT_GUEST)
		return ERR_OK;
	if (!ctx->cfg->guests)
		return out_fail(ctx->res, ERR_UNAUTHORIZED, NULL, "Please sign in to comment.");
	if (s->c.author_name == NULL)
		return out_fail(ctx->res, ERR_MISSING_FIELD, "author_name", "Please enter your name.");
	if (name_key(ctx->arena, s->c.author_name, &s->c.author_key) == -1)
		return out_fail(ctx->res, ERR_INTERNAL, NULL, NULL);
	return ERR_OK;
}

/* The policy's verdict; or, for a post whose key stored a comment, that comment. */
static enum err
submit_screen(struct submission *s)
{
	struct ctx	*ctx = s->ctx;
	enum err	 e;

	e = screen_comment(ctx->db, ctx->arena, ctx->now, ctx->cfg->edit_minutes, &s->c, s->sid,
	    s->uid, &s->v);
	if (e == ERR_UNAUTHORIZED && submit_guest_instead(s))
		return ERR_OK;
	if (e == ERR_IDEMPOTENCY_KEY_USED) {
		s->replay = -1;
		return ERR_OK;
	}
	if (e != ERR_OK)
		return submit_fail(s, e);
	s->replay = s->c.replay_id;
	return ERR_OK;
}

/* The rules a rejected comment broke, as the reader is told them. */
static const struct {
	enum policy_reason	 reason;
	const char		*broke;	/* what is wrong, without the listed word or domain */
	const char		*fix;	/* what the reader may do */
} rejected_rules[] = {
	{ REASON_BANNED_WORD, "it contains a word or phrase this site does not allow",
	    "rephrase it" },
	{ REASON_BLOCKED_DOMAIN, "it links to a site this site does not accept links to",
	    "remove the link" },
};

/*
 * A rejected comment (stored for moderators) or edit (not stored): 422
 * naming the rule it broke ("rule", docs/API.md), never the listed word or
 * domain, and that the reader may rephrase.
 */
static enum err
submit_rejected(struct submission *s)
{
	struct ctx	*ctx = s->ctx;
	bool		 edit = s->who == SUBMIT_EDIT;

	for (size_t i = 0; i < s->v.nfindings; i++)
		for (size_t k = 0; k < sizeof(rejected_rules) / sizeof(rejected_rules[0]); k++) {
			if (s->v.findings[i].reason != rejected_rules[k].reason)
				continue;
			return out_fail_rule(ctx->res, ERR_COMMENT_REJECTED, "body",
			    policy_reason_code(rejected_rules[k].reason), arena_printf(ctx->arena, edit ?
			    "Your edit was not saved (your comment is unchanged): %s. You may %s and save again." :
			    "Your comment was not published: %s. You may %s and post it again.",
			    rejected_rules[k].broke, rejected_rules[k].fix));
		}
	return out_fail(ctx->res, ERR_COMMENT_REJECTED, "body", edit ?
	    "Your edit could not be saved: it breaks this site's rules. Your comment is unchanged." :
	    NULL);
}

/*
 * A verdict that stores nothing: refused (closed, banned, …) or too fast;
 * and a rejected edit, which leaves the comment as it was.
 */
static enum err
submit_verdict(struct submission *s)
{
	struct ctx			*ctx = s->ctx;
	const struct policy_verdict	*v = &s->v;
	enum err			 e;

	switch (v->action) {
	case POLICY_RATE_LIMIT:
		out_header(ctx->res, "Retry-After", arena_printf(ctx->arena, "%d", v->retry_after));
		return out_fail(ctx->res, ERR_TOO_MANY_REQUESTS, NULL, arena_printf(ctx->arena,
		    "You are commenting too fast; please wait %d second%s and try again.",
		    v->retry_after, v->retry_after == 1 ? "" : "s"));
	case POLICY_REFUSE:
		if ((e = screen_refusal(v)) == ERR_USER_SUSPENDED)
			return out_fail(ctx->res, e, NULL, "You may not comment for now: a "
			    "moderator suspended this account for a while.");
		return out_fail(ctx->res, e, NULL, NULL);
	case POLICY_REJECT:
		return s->who == SUBMIT_EDIT ? submit_rejected(s) : ERR_OK;
	default:
		return ERR_OK;
	}
}

static enum err
submit_store_user(struct submission *s)
{
	s->status = s->c.status;
	return db_comment_insert(s->ctx->db, s->ctx->arena, &s->c, s->sid, s->uid, &s->stored);
}

/* The guest, their session (until session_days from now) and the comment, in one statement. */
static enum err
submit_store_guest(struct submission *s)
{
	char	 expires[21];

	signin_expiry(s->ctx, expires);
	s->status = s->c.status;
	return db_guest_comment_insert(s->ctx->db, s->ctx->arena, &s->c, expires, &s->stored,
	    &s->session);
}

/* A held comment stays held whatever the verdict: the statement says which. */
static enum err
submit_store_edit(struct submission *s)
{
	return db_comment_edit(s->ctx->db, s->ctx->arena, &s->c, s->sid, s->uid,
	    s->ctx->cfg->edit_minutes, &s->stored, &s->status);
}

static enum err (*const submit_stores[])(struct submission *) = {
	[SUBMIT_USER] = submit_store_user,
	[SUBMIT_GUEST] = submit_store_guest,
	[SUBMIT_EDIT] = submit_store_edit,
};

/*
 * One statement; triggers keep the article's counts. A unique violation
 * on the post's key is a concurrent retry that stored first: its comment,
 * when it is the caller's (the same user, or a new guest with the same
 * body and name), -1 when someone else's.
 */
static enum err
submit_store(struct submission *s)
{
	struct ctx	*ctx = s->ctx;
	int64_t		 id;
	bool		 mine;
	enum err	 e = submit_stores[s->who](s);

	if (e == ERR_CONFLICT && s->c.post_key != NULL && db_post_key_comment(ctx->db,
	    ctx->arena, s->c.post_key, s->uid, s->c.body, s->c.author_name, &id,
	    &mine) == ERR_OK) {
		s->replay = mine ? id : -1;
		return ERR_OK;
	}
	if (e == ERR_UNAUTHORIZED && submit_guest_instead(s))
		return ERR_OK;
	return e == ERR_OK ? ERR_OK : submit_fail(s, e);
}

/* A new guest's session, signed into its cookie. */
static enum err
submit_signin(struct submission *s)
{
	enum err	 e;

	if (s->who != SUBMIT_GUEST)
		return ERR_OK;
	if ((e = signin_start(s->ctx, &s->session, ROLE_READER)) != ERR_OK)
		return out_fail(s->ctx->res, e, NULL, NULL);
	return ERR_OK;
}

/* Comment c, of status (as its author is told it), answered with code. */
static void
submit_json(struct ctx *ctx, const struct comment *c, const char *status, int code)
{
	struct jsonw	 w;

	jsonw_init(&w, ctx->arena, api_comment_size(c));
	api_comment_json(&w, c, status);
	out_json(ctx->res, code, &w);
}

/*
 * The stored comment: 201 published, 202 held (its author is told it
 * awaits review), an edit 200 or 202; a rejected post is stored for
 * moderators and its author told (422).
 */
static enum err
submit_answer(struct submission *s)
{
	bool	 held = strcmp(s->status, "held") == 0;

	if (s->v.action == POLICY_REJECT)
		return submit_rejected(s);
	submit_json(s->ctx, &s->stored, s->status, held ? 202 : s->who == SUBMIT_EDIT ? 200 : 201);
	api_fresh_grant(s->ctx);
	return ERR_OK;
}

/*
 * The answer to a retried post: the comment the first request stored, as
 * it is now, with the status code it had. -1: the key came with someone
 * else's post, of which nothing is shown.
 */
static enum err
submit_replay(struct submission *s)
{
	struct ctx	*ctx = s->ctx;
	struct comment	 c;
	const char	*status;
	bool		 held;
	enum err	 e;

	if (s->replay == -1)
		return out_fail(ctx->res, ERR_IDEMPOTENCY_KEY_USED, NULL, NULL);
	if ((e = db_comment_get(ctx->db, ctx->arena, s->replay, &c, &status)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	if (strcmp(status, "rejected") == 0)
		return out_fail(ctx->res, ERR_COMMENT_REJECTED, NULL, NULL);
	if (strcmp(status, "deleted") == 0)
		return out_fail(ctx->res, ERR_NOT_FOUND, NULL, "That comment was posted, then deleted.");
	held = strcmp(status, "held") == 0;
	submit_json(ctx, &c, held ? "held" : "published", held ? 202 : 201);
	out_header(ctx->res, "Idempotent-Replayed", "true");
	return ERR_OK;
}

enum submit_step {
	STEP_PARSE,
	STEP_RENDER,
	STEP_AUTHOR,
	STEP_SCREEN,
	STEP_VERDICT,
	STEP_STORE,
	STEP_SIGNIN,
	STEP_ANSWER,
	STEP__MAX
};

/* Each returns ERR_OK to go on, or the error it answered. */
static enum err (*const submit_steps[STEP__MAX])(struct submission *) = {
	[STEP_PARSE] = submit_parse,
	[STEP_RENDER] = submit_render,
	[STEP_AUTHOR] = submit_author,
	[STEP_SCREEN] = submit_screen,
	[STEP_VERDICT] = submit_verdict,
	[STEP_STORE] = submit_store,
	[STEP_SIGNIN] = submit_signin,
	[STEP_ANSWER] = submit_answer,
};

static enum err
submit_run(struct submission *s)
{
	enum err	 e;

	for (size_t i = 0; i < STEP__MAX; i++) {
		if ((e = submit_steps[i](s)) != ERR_OK)
			return e;
		/*
		 * The one place a retried post is answered: its key stored a
		 * comment before (screen) or just now, racing this one (store).
		 */
		if (s->replay != 0)
			return submit_replay(s);
		if (s->as_guest) {
			s->as_guest = false;
			i = STEP_AUTHOR - 1;
		}
	}
	return ERR_OK;
}

enum err
submit_post(struct ctx *ctx)
{
	struct submission	 s = { .ctx = ctx, .who = ctx->signed_in ? SUBMIT_USER : SUBMIT_GUEST,
	    .key = ctx->key };

	if (ctx->signed_in) {
		s.sid = ctx->session.session_id;
		s.uid = ctx->session.user_id;
	}
	return submit_run(&s);
}

enum err
submit_edit(struct ctx *ctx)
{
	struct submission	 s = { .ctx = ctx, .who = SUBMIT_EDIT, .edit_id = ctx->id,
	    .sid = ctx->session.session_id, .uid = ctx->session.user_id };

	return submit_run(&s);
}
