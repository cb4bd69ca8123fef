/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The word lists live in PostgreSQL; compiling them costs far more than a
 * request, so each worker keeps the compiled lists with the settings
 * version they came from and reloads only when the facts statement reports
 * a newer one. The cache is checked on every request, so a worker holds no
 * state that could disagree with the database.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/list.h"
#include "lib/log.h"
#include "moderation/screen.h"
#include "moderation/words.h"

static struct {
	int64_t		 version;	/* 0: nothing loaded */
	struct words	*banned;
	struct words	*suspect;
} cache;

/* Brings the cached lists up to version; on failure keeps the old ones. */
static enum err
screen_words_load(struct db *db, struct arena *a, int64_t version)
{
	struct words	*banned, *suspect;
	const char	*b, *s;
	char		 why[128];
	int64_t		 got;
	enum err	 e;

	if (cache.version == version)
		return ERR_OK;
	if ((e = db_words_get(db, a, &got, &b, &s)) != ERR_OK)
		return e;
	if ((banned = words_compile(b, strlen(b), why, sizeof(why))) == NULL) {
		log_error("banned words: %s", why);
		return ERR_INTERNAL;
	}
	if ((suspect = words_compile(s, strlen(s), why, sizeof(why))) == NULL) {
		log_error("suspect words: %s", why);
		words_free(banned);
		return ERR_INTERNAL;
	}
	words_free(cache.banned);
	words_free(cache.suspect);
	cache.banned = banned;
	cache.suspect = suspect;
	cache.version = got;
	return ERR_OK;
}

/* The space-separated domains of list as an arena array. */
static const char *const *
screen_domains(struct arena *a, const char *list, size_t *n)
{
	const char	**v;
	size_t		  cap = 1, len;

	for (const char *p = list; *p != '\0'; p++)
		cap += *p == ' ';
	v = arena_alloc(a, cap * sizeof(*v));
	*n = 0;
	for (const char *p = list, *item; list_next(&p, &item, &len);)
		v[(*n)++] = arena_strndup(a, item, len);
	return v;
}

static enum policy_standing
screen_standing(const struct post_facts *f)
{
	if (strcmp(f->role, "moderator") == 0 || strcmp(f->role, "admin") == 0)
		return STANDING_STAFF;
	return strcmp(f->standing, "trusted") == 0 ? STANDING_TRUSTED : STANDING_READER;
}

static const char *
screen_status(enum policy_action a)
{
	switch (a) {
	case POLICY_HOLD:
		return "held";
	case POLICY_REJECT:
		return "rejected";
	default:
		return "published";
	}
}

enum err
screen_comment(struct db *db, struct arena *a, time_t now, int edit_minutes,
    struct comment_new *c, int64_t sid, int64_t uid, struct policy_verdict *v)
{
	struct post_facts	 f;
	struct policy_facts	 pf;
	struct policy_settings	 ps;
	enum err		 e;

	if ((e = db_post_facts(db, a, c->key, c->body, c->address, sid, uid,
	    c->edit_id, edit_minutes, c->post_key, c->author_name,
	    uid == 0 ? c->author_key : NULL, &f)) != ERR_OK)
		return e;
	/* A retry of a post that was stored: its answer, not a second comment. */
	if (f.replay_id != 0 && !f.replay_mine)
		return ERR_IDEMPOTENCY_KEY_USED;
	if ((c->replay_id = f.replay_id) != 0)
		return ERR_OK;
	if (uid != 0 && !f.live)
		return ERR_UNAUTHORIZED;
	/* Two guests under one name on one article read as one person. */
	if (f.guest_name_used)
		return ERR_GUEST_NAME_USED;
	if (c->edit_id != 0 && !f.edit_own)
		return ERR_NOT_FOUND;
	if (c->edit_id != 0 && !f.edit_open)
		return ERR_EDIT_WINDOW_OVER;
	if ((e = screen_words_load(db, a, f.settings.version)) != ERR_OK)
		return e;
	memset(&ps, 0, sizeof(ps));
	ps.premoderate = f.settings.premoderate;
	ps.banned = cache.banned;
	ps.suspect = cache.suspect;
	ps.suspect_holds = f.settings.suspect_holds;
	ps.link_max = f.settings.link_max;
	ps.blocked_domains = screen_domains(a, f.settings.blocked_domains,
	    &ps.nblocked_domains);
	ps.rate_author_max = f.settings.rate_author_max;
	ps.rate_address_max = f.settings.rate_address_max;
	ps.rate_window = f.settings.rate_window;
	ps.approved_min = f.settings.approved_min;
	memset(&pf, 0, sizeof(pf));
	pf.body = c->body;
	pf.body_len = strlen(c->body);
	pf.now = now;
	pf.thread_closed = f.closed;
	pf.premoderate_article = f.premoderate_article;
	pf.standing = screen_standing(&f);
	pf.banned = f.banned;
	pf.suspended_until = (time_t)f.suspended_until;
	pf.premoderate_author = strcmp(f.standing, "premoderate") == 0;
	pf.approved_count = f.approved_count;
	pf.repeat = f.repeat;
	pf.recent_by_author = f.recent_by_author;
	pf.recent_by_address = f.recent_by_address;
	policy_evaluate(&pf, &ps, v);

	c->status = screen_status(v->action);
	c->flagged = v->reported && v->action == POLICY_PUBLISH;
	c->action = c->flagged ? "flag" : policy_action_name(v->action);
	c->nfindings = v->nfindings;
	c->reasons = arena_alloc(a, (v->nfindings + 1) * sizeof(*c->reasons));
	c->notes = arena_alloc(a, (v->nfindings + 1) * sizeof(*c->notes));
	for (size_t i = 0; i < v->nfindings; i++) {
		c->reasons[i] = policy_reason_code(v->findings[i].reason);
		c->notes[i] = v->findings[i].text;
	}
	return ERR_OK;
}

enum err
screen_refusal(const struct policy_verdict *v)
{
	for (size_t i = 0; i < v->nfindings; i++) {
		switch (v->findings[i].reason) {
		case REASON_THREAD_CLOSED:
			return ERR_THREAD_CLOSED;
		case REASON_AUTHOR_BANNED:
			return ERR_USER_BANNED;
		case REASON_AUTHOR_SUSPENDED:
			return ERR_USER_SUSPENDED;
		case REASON_REPEAT:
			return ERR_REPEATED_COMMENT;
		case REASON_RATE_AUTHOR:
		case REASON_RATE_ADDRESS:
			return ERR_TOO_MANY_REQUESTS;
		default:
			break;
		}
	}
	return ERR_FORBIDDEN;
}
