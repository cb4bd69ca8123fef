/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The policy behind policy.h. Each check is a row of the table below, run
 * in order; a check returns whether it fired and, if so, its action and a
 * sentence. POLICY_PUBLISH from a check that fired means "flag only": it
 * marks the comment reported but decides nothing.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "moderation/policy.h"
#include "moderation/words.h"

static const char *const action_names[POLICY__MAX] = {
	[POLICY_PUBLISH] = "publish",
	[POLICY_HOLD] = "hold",
	[POLICY_REJECT] = "reject",
	[POLICY_REFUSE] = "refuse",
	[POLICY_RATE_LIMIT] = "rate_limit",
};

static const char *const reason_codes[REASON__MAX] = {
	[REASON_THREAD_CLOSED] = "thread_closed",
	[REASON_AUTHOR_BANNED] = "author_banned",
	[REASON_AUTHOR_SUSPENDED] = "author_suspended",
	[REASON_TRUSTED_AUTHOR] = "trusted_author",
	[REASON_BANNED_WORD] = "banned_word",
	[REASON_SUSPECT_WORD] = "suspect_word",
	[REASON_TOO_MANY_LINKS] = "too_many_links",
	[REASON_BLOCKED_DOMAIN] = "blocked_domain",
	[REASON_REPEAT] = "repeat",
	[REASON_RATE_AUTHOR] = "rate_author",
	[REASON_RATE_ADDRESS] = "rate_address",
	[REASON_PREMOD_SITE] = "premoderated_site",
	[REASON_PREMOD_ARTICLE] = "premoderated_article",
	[REASON_PREMOD_AUTHOR] = "premoderated_author",
	[REASON_NEW_AUTHOR] = "new_author",
};

const char *
policy_action_name(enum policy_action a)
{
	return a >= 0 && a < POLICY__MAX ? action_names[a] : "?";
}

const char *
policy_reason_code(enum policy_reason r)
{
	return r >= 0 && r < REASON__MAX ? reason_codes[r] : "?";
}

/* Where the link starting at s[i] begins its host, or (size_t)-1 if no link starts here. */
static size_t
link_at(const char *s, size_t len, size_t i)
{
	/* A link starts a word: "xhttp://" is not one, "(https://" is. */
	if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '/'))
		return (size_t)-1;
	if (len - i >= 7 && strncasecmp(s + i, "http://", 7) == 0)
		return i + 7;
	if (len - i >= 8 && strncasecmp(s + i, "https://", 8) == 0)
		return i + 8;
	if (len - i >= 5 && strncasecmp(s + i, "www.", 4) == 0 && isalnum((unsigned char)s[i + 4]))
		return i;
	return (size_t)-1;
}

/* Length of the host name at s (letters, digits, '-', '.'). */
static size_t
host_len(const char *s, size_t len)
{
	size_t	 n = 0;

	while (n < len && (isalnum((unsigned char)s[n]) || s[n] == '-' || s[n] == '.'))
		n++;
	while (n > 0 && s[n - 1] == '.')
		n--;	/* "see example.com." ends a sentence, not the host */
	return n;
}

int
policy_link_count(const char *text, size_t len)
{
	int	 n = 0;

	for (size_t i = 0; i < len; i++) {
		size_t	 h = link_at(text, len, i);

		if (h != (size_t)-1) {
			n++;
			i = h + host_len(text + h, len - h);
		}
	}
	return n;
}

/* The first blocked domain a link in text points to (the domain or a subdomain), or NULL. */
static const char *
blocked_link(const struct policy_settings *st, const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		size_t		 h = link_at(text, len, i), n;
		const char	*host;

		if (h == (size_t)-1)
			continue;
		host = text + h;
		n = host_len(host, len - h);
		for (size_t d = 0; d < st->nblocked_domains; d++) {
			const char	*dom = st->blocked_domains[d];
			size_t		 dl = strlen(dom);

			if (n == dl && strncasecmp(host, dom, n) == 0)
				return dom;
			if (n > dl && host[n - dl - 1] == '.' && strncasecmp(host + n - dl, dom, dl) == 0)
				return dom;
		}
		i = h + n;
	}
	return NULL;
}

/* The outcome of one check: fired or not, its action, its sentence. */
struct check_result {
	bool			 fired;
	enum policy_action	 action;	/* POLICY_PUBLISH: flag only */
	char			 text[POLICY_TEXT_MAX];
};

typedef void	check_fn(const struct policy_facts *, const struct policy_settings *,
		    struct check_result *);

static void
check_closed(const struct policy_facts *f, const struct policy_settings *st, struct check_result *r)
{
	(void)st;
	if ((r->fired = f->thread_closed)) {
		r->action = POLICY_REFUSE;
		snprintf(r->text, sizeof(r->text), "refused: the discussion is closed");
	}
}

static void
check_banned(const struct policy_facts *f, const struct policy_settings *st, struct check_result *r)
{
	(void)st;
	if ((r->fired = f->banned)) {
		r->action = POLICY_REFUSE;
		snprintf(r->text, sizeof(r->text), "refused: the author is banned");
	}
}

static void
check_suspended(const struct policy_facts *f, const struct policy_settings *st,
    struct check_result *r)
{
	(void)st;
	if ((r->fired = f->suspended_until > f->now)) {
		r->action = POLICY_REFUSE;
		snprintf(r->text, sizeof(r->text), "refused: the author is suspended for %ld more minutes",
		    (long)((f->suspended_until - f->now + 59) / 60));
	}
}

/* True if an entry of list occurs in the body; out of memory aborts, as everywhere. */
static bool
word_found(const struct words *list, const struct policy_facts *f, const char **entry)
{
	int	 m = words_match(list, f->body, f->body_len, entry);

	if (m == -1)
		abort();
	return m == 1;
}

static void
check_banned_words(const struct policy_facts *f, const struct policy_settings *st,
    struct check_result *r)
{
	const char	*entry;

	if (st->banned == NULL)
		return;
	if ((r->fired = word_found(st->banned, f, &entry))) {
		r->action = POLICY_REJECT;
		snprintf(r->text, sizeof(r->text), "rejected: banned word \"%.48s\"", entry);
	}
}

static void
check_suspect_words(const struct policy_facts *f, const struct policy_settings *st,
    struct check_result *r)
{
	const char	*entry;

	if (st->suspect == NULL)
		return;
	if ((r->fired = word_found(st->suspect, f, &entry))) {
		r->action = st->suspect_holds ? POLICY_HOLD : POLICY_PUBLISH;
		snprintf(r->text, sizeof(r->text), "%s: suspect word \"%.48s\"",
		    st->suspect_holds ? "held" : "reported", entry);
	}
}

static void
check_links(const struct policy_facts *f, const struct policy_settings *st, struct check_result *r)
{
	int	 n = policy_link_count(f->body, f->body_len);

	if ((r->fired = n > st->link_max)) {
		r->action = POLICY_HOLD;
		snprintf(r->text, sizeof(r->text), "held: %d link%s, limit is %d", n, n == 1 ? "" : "s",
		    st->link_max);
	}
}

static void
check_domains(const struct policy_facts *f, const struct policy_settings *st, struct check_result *r)
{
	const char	*dom = blocked_link(st, f->body, f->body_len);

	if ((r->fired = dom != NULL)) {
		r->action = POLICY_REJECT;
		snprintf(r->text, sizeof(r->text), "rejected: link to blocked domain %.64s", dom);
	}
}

static void
check_repeat(const struct policy_facts *f, const struct policy_settings *st, struct check_result *r)
{
	(void)st;
	if ((r->fired = f->repeat)) {
		r->action = POLICY_REFUSE;
		snprintf(r->text, sizeof(r->text), "refused: the same text as the author's last comment");
	}
}

static void
check_rate_author(const struct policy_facts *f, const struct policy_settings *st,
    struct check_result *r)
{
	if ((r->fired = st->rate_author_max > 0 && f->recent_by_author >= st->rate_author_max)) {
		r->action = POLICY_RATE_LIMIT;
		snprintf(r->text, sizeof(r->text), "too fast: %d comments in %d s from this author",
		    f->recent_by_author, st->rate_window);
	}
}

static void
check_rate_address(const struct policy_facts *f, const struct policy_settings *st,
    struct check_result *r)
{
	if ((r->fired = st->rate_address_max > 0 && f->recent_by_address >= st->rate_address_max)) {
		r->action = POLICY_RATE_LIMIT;
		snprintf(r->text, sizeof(r->text), "too fast: %d comments in %d s from this address",
		    f->recent_by_address, st->rate_window);
	}
}

static void
check_premod_site(const struct policy_facts *f, const struct policy_settings *st,
    struct check_result *r)
{
	(void)f;
	if ((r->fired = st->premoderate)) {
		r->action = POLICY_HOLD;
		snprintf(r->text, sizeof(r->text), "held: the site is pre-moderated");
	}
}

static void
check_premod_article(const struct policy_facts *f, const struct policy_settings *st,
    struct check_result *r)
{
	(void)st;
	if ((r->fired = f->premoderate_article)) {
		r->action = POLICY_HOLD;
		snprintf(r->text, sizeof(r->text), "held: the article is pre-moderated");
	}
}

static void
check_premod_author(const struct policy_facts *f, const struct policy_settings *st,
    struct check_result *r)
{
	(void)st;
	if ((r->fired = f->premoderate_author)) {
		r->action = POLICY_HOLD;
		snprintf(r->text, sizeof(r->text), "held: the author is always pre-moderated");
	}
}

static void
check_new_author(const struct policy_facts *f, const struct policy_settings *st,
    struct check_result *r)
{
	if ((r->fired = st->approved_min > 0 && f->approved_count < st->approved_min)) {
		r->action = POLICY_HOLD;
		if (f->approved_count == 0)
			snprintf(r->text, sizeof(r->text), "held: first comment of a new commenter");
		else
			snprintf(r->text, sizeof(r->text), "held: %d approved comment%s, %d needed",
			    f->approved_count, f->approved_count == 1 ? "" : "s", st->approved_min);
	}
}

/* The documented order. Content checks come after the trusted-author bypass. */
static const struct {
	enum policy_reason	 reason;
	check_fn		*fn;
	bool			 content;	/* skipped for staff and trusted authors */
} checks[] = {
	{ REASON_THREAD_CLOSED, check_closed, false },
	{ REASON_AUTHOR_BANNED, check_banned, false },
	{ REASON_AUTHOR_SUSPENDED, check_suspended, false },
	{ REASON_BANNED_WORD, check_banned_words, true },
	{ REASON_SUSPECT_WORD, check_suspect_words, true },
	{ REASON_TOO_MANY_LINKS, check_links, true },
	{ REASON_BLOCKED_DOMAIN, check_domains, true },
	{ REASON_REPEAT, check_repeat, true },
	{ REASON_RATE_AUTHOR, check_rate_author, true },
	{ REASON_RATE_ADDRESS, check_rate_address, true },
	{ REASON_PREMOD_SITE, check_premod_site, true },
	{ REASON_PREMOD_ARTICLE, check_premod_article, true },
	{ REASON_PREMOD_AUTHOR, check_premod_author, true },
	{ REASON_NEW_AUTHOR, check_new_author, true },
};

static void
verdict_add(struct policy_verdict *v, enum policy_reason reason, const char *text)
{
	struct policy_finding	*f = &v->findings[v->nfindings++];

	f->reason = reason;
	snprintf(f->text, sizeof(f->text), "%s", text);
}

void
policy_evaluate(const struct policy_facts *facts, const struct policy_settings *st,
    struct policy_verdict *v)
{
	bool	 decided = false, trusted = facts->standing != STANDING_READER;

	memset(v, 0, sizeof(*v));
	v->action = POLICY_PUBLISH;
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		struct check_result	 r;

		if (checks[i].content && trusted) {
			if (!decided) {
				verdict_add(v, REASON_TRUSTED_AUTHOR, facts->standing == STANDING_STAFF ?
				    "published: staff" : "published: trusted commenter");
				decided = true;
			}
			break;
		}
		memset(&r, 0, sizeof(r));
		checks[i].fn(facts, st, &r);
		if (!r.fired)
			continue;
		verdict_add(v, checks[i].reason, r.text);
		if (r.action == POLICY_PUBLISH) {
			v->reported = true;
		} else if (!decided) {
			v->action = r.action;
			decided = true;
		}
		if (r.action == POLICY_RATE_LIMIT && v->retry_after == 0)
			v->retry_after = st->rate_window;
	}
}
