/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The moderation policy: facts about a new or edited comment in, a verdict
 * and its reasons out. Pure: no SQL, no HTTP, no clock (the caller passes
 * "now"), so the API, the CLI and the importer share it and a table of
 * cases tests it exhaustively. The checks run in a fixed order (README,
 * "Moderation policy"); the first deciding check sets the action, and every
 * check that fired is recorded with a reason a moderator can read.
 */
#ifndef ROSTRA_POLICY_H
#define ROSTRA_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct words;

enum policy_action {
	POLICY_PUBLISH,		/* visible at once */
	POLICY_HOLD,		/* stored, invisible until a moderator decides */
	POLICY_REJECT,		/* stored as rejected; the author is told */
	POLICY_REFUSE,		/* not stored: the request fails with the reason */
	POLICY_RATE_LIMIT,	/* not stored: 429 with Retry-After */
	POLICY__MAX
};

enum policy_reason {
	REASON_THREAD_CLOSED,
	REASON_AUTHOR_BANNED,
	REASON_AUTHOR_SUSPENDED,
	REASON_TRUSTED_AUTHOR,	/* staff or trusted: content checks skipped */
	REASON_BANNED_WORD,
	REASON_SUSPECT_WORD,
	REASON_TOO_MANY_LINKS,
	REASON_BLOCKED_DOMAIN,
	REASON_REPEAT,
	REASON_RATE_AUTHOR,
	REASON_RATE_ADDRESS,
	REASON_PREMOD_SITE,
	REASON_PREMOD_ARTICLE,
	REASON_PREMOD_AUTHOR,
	REASON_NEW_AUTHOR,
	REASON__MAX
};

enum policy_standing {
	STANDING_READER,
	STANDING_TRUSTED,	/* a reader a moderator marked trusted */
	STANDING_STAFF,		/* moderator or admin */
};

struct policy_settings {
	bool			 premoderate;		/* the whole site */
	const struct words	*banned;		/* may be NULL */
	const struct words	*suspect;		/* may be NULL */
	bool			 suspect_holds;		/* false: suspect words only report */
	int			 link_max;		/* more links than this are held */
	const char *const	*blocked_domains;	/* a link to one (or a subdomain) is rejected */
	size_t			 nblocked_domains;
	int			 rate_author_max;	/* comments per rate window; 0: no limit */
	int			 rate_address_max;
	int			 rate_window;		/* seconds */
	int			 approved_min;		/* fewer approved comments: held; 0: off */
};

struct policy_facts {
	const char		*body;			/* valid UTF-8 */
	size_t			 body_len;
	time_t			 now;
	bool			 thread_closed;
	bool			 premoderate_article;
	enum policy_standing	 standing;
	bool			 banned;
	time_t			 suspended_until;	/* 0: not suspended */
	bool			 premoderate_author;
	int			 approved_count;	/* the author's approved comments */
	bool			 repeat;		/* same text as the author's recent comment */
	int			 recent_by_author;	/* comments in the rate window */
	int			 recent_by_address;
};

#define POLICY_REASONS_MAX	REASON__MAX
#define POLICY_TEXT_MAX		128

struct policy_finding {
	enum policy_reason	 reason;
	char			 text[POLICY_TEXT_MAX];	/* "held: 3 links, limit is 2" */
};

struct policy_verdict {
	enum policy_action	 action;
	bool			 reported;	/* a non-deciding check flagged it for review */
	int			 retry_after;	/* seconds, with POLICY_RATE_LIMIT */
	struct policy_finding	 findings[POLICY_REASONS_MAX];
	size_t			 nfindings;	/* every check that fired, in order */
};

/* Evaluates facts under settings into *v. Never fails. */
void		 policy_evaluate(const struct policy_facts *facts,
		    const struct policy_settings *settings, struct policy_verdict *v);

/* "publish", "hold", …; static memory. */
const char	*policy_action_name(enum policy_action a);

/* A stable code for the reason, e.g. "too_many_links"; static memory. */
const char	*policy_reason_code(enum policy_reason r);

/* Links (http://, https://, www.) in text, as the policy counts them. */
int		 policy_link_count(const char *text, size_t len);

#endif
