/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The moderation policy as a table of cases: each check alone, the order
 * when several fire (first deciding wins, all are recorded), the trusted
 * bypass, the flag-only suspect words, links and blocked domains.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "moderation/policy.h"
#include "moderation/words.h"

#define NOW	1795000000

static const char *const blocked[] = { "spam.example", "bad.test" };
static struct words	*banned, *suspect;

static struct policy_settings
settings(void)
{
	struct policy_settings	 st;

	memset(&st, 0, sizeof(st));
	st.banned = banned;
	st.suspect = suspect;
	st.suspect_holds = true;
	st.link_max = 2;
	st.blocked_domains = blocked;
	st.nblocked_domains = 2;
	st.rate_author_max = 5;
	st.rate_address_max = 20;
	st.rate_window = 60;
	st.approved_min = 0;
	return st;
}

static struct policy_facts
facts(const char *body)
{
	struct policy_facts	 f;

	memset(&f, 0, sizeof(f));
	f.body = body;
	f.body_len = strlen(body);
	f.now = NOW;
	f.approved_count = 3;
	return f;
}

static int
setup(void **state)
{
	static const char	 b[] = "# banned\nscumbag\nkill yourself\n";
	static const char	 s[] = "idiot\n";
	char			 err[128];

	(void)state;
	banned = words_compile(b, sizeof(b) - 1, err, sizeof(err));
	suspect = words_compile(s, sizeof(s) - 1, err, sizeof(err));
	return banned != NULL && suspect != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	words_free(banned);
	words_free(suspect);
	return 0;
}

/* Each case changes the clean facts or settings and expects an action and the reasons, in order. */
struct policy_case {
	const char		*name;
	const char		*body;
	void			(*tweak)(struct policy_facts *, struct policy_settings *);
	enum policy_action	 action;
	bool			 reported;
	enum policy_reason	 reasons[POLICY_REASONS_MAX];	/* exactly the findings, in order */
	size_t			 nreasons;
	const char		*first_text;	/* substring of the first finding, or NULL */
};

static void t_closed(struct policy_facts *f, struct policy_settings *s) { (void)s; f->thread_closed = true; }
static void t_banned(struct policy_facts *f, struct policy_settings *s) { (void)s; f->banned = true; }
static void t_suspended(struct policy_facts *f, struct policy_settings *s) { (void)s; f->suspended_until = NOW + 3600; }
static void t_suspension_over(struct policy_facts *f, struct policy_settings *s) { (void)s; f->suspended_until = NOW - 1; }
static void t_staff(struct policy_facts *f, struct policy_settings *s) { (void)s; f->standing = STANDING_STAFF; }
static void t_trusted(struct policy_facts *f, struct policy_settings *s) { (void)s; f->standing = STANDING_TRUSTED; }
static void t_staff_closed(struct policy_facts *f, struct policy_settings *s) { (void)s; f->standing = STANDING_STAFF; f->thread_closed = true; }
static void t_repeat(struct policy_facts *f, struct policy_settings *s) { (void)s; f->repeat = true; }
static void t_rate(struct policy_facts *f, struct policy_settings *s) { (void)s; f->recent_by_author = 5; }
static void t_rate_addr(struct policy_facts *f, struct policy_settings *s) { (void)s; f->recent_by_address = 25; }
static void t_premod_site(struct policy_facts *f, struct policy_settings *s) { (void)f; s->premoderate = true; }
static void t_premod_article(struct policy_facts *f, struct policy_settings *s) { (void)s; f->premoderate_article = true; }
static void t_premod_author(struct policy_facts *f, struct policy_settings *s) { (void)s; f->premoderate_author = true; }
static void t_new(struct policy_facts *f, struct policy_settings *s) { f->approved_count = 0; s->approved_min = 2; }
static void t_new_one(struct policy_facts *f, struct policy_settings *s) { f->approved_count = 1; s->approved_min = 2; }
static void t_report_only(struct policy_facts *f, struct policy_settings *s) { (void)f; s->suspect_holds = false; }
static void t_many(struct policy_facts *f, struct policy_settings *s) { f->repeat = true; f->recent_by_author = 9; s->premoderate = true; }
static void t_no_lists(struct policy_facts *f, struct policy_settings *s) { (void)f; s->banned = s->suspect = NULL; }

#define R(...)	{ __VA_ARGS__ }, sizeof((enum policy_reason[]){ __VA_ARGS__ }) / sizeof(enum policy_reason)

static const struct policy_case cases[] = {
	{ "clean comment", "A fair point about the treaty.", NULL, POLICY_PUBLISH, false, { 0 }, 0, NULL },
	{ "closed thread", "Hello", t_closed, POLICY_REFUSE, false, R(REASON_THREAD_CLOSED), "closed" },
	{ "banned author", "Hello", t_banned, POLICY_REFUSE, false, R(REASON_AUTHOR_BANNED), "banned" },
	{ "suspended author", "Hello", t_suspended, POLICY_REFUSE, false, R(REASON_AUTHOR_SUSPENDED), "60 more minutes" },
	{ "suspension over", "Hello", t_suspension_over, POLICY_PUBLISH, false, { 0 }, 0, NULL },
	{ "staff skip content checks", "scumbag http://spam.example", t_staff, POLICY_PUBLISH, false, R(REASON_TRUSTED_AUTHOR), "staff" },
	{ "trusted skip content checks", "idiot idiot", t_trusted, POLICY_PUBLISH, false, R(REASON_TRUSTED_AUTHOR), "trusted" },
	{ "staff still cannot post to a closed thread", "Hi", t_staff_closed, POLICY_REFUSE, false, R(REASON_THREAD_CLOSED), NULL },
	{ "banned word", "You SCUMBAG.", NULL, POLICY_REJECT, false, R(REASON_BANNED_WORD), "\"scumbag\"" },
	{ "banned phrase", "just kill   yourself", NULL, POLICY_REJECT, false, R(REASON_BANNED_WORD), "kill yourself" },
	{ "suspect word holds", "What an idiot.", NULL, POLICY_HOLD, false, R(REASON_SUSPECT_WORD), "held: suspect word" },
	{ "suspect word only reports", "What an idiot.", t_report_only, POLICY_PUBLISH, true, R(REASON_SUSPECT_WORD), "reported" },
	{ "word lists off", "scumbag", t_no_lists, POLICY_PUBLISH, false, { 0 }, 0, NULL },
	{ "two links are fine", "see https://a.example and www.b.example", NULL, POLICY_PUBLISH, false, { 0 }, 0, NULL },
	{ "three links are held", "http://a.example/x https://b.example www.c.example", NULL, POLICY_HOLD, false, R(REASON_TOO_MANY_LINKS), "held: 3 links, limit is 2" },
	{ "blocked domain", "buy at https://shop.spam.example/now", NULL, POLICY_REJECT, false, R(REASON_BLOCKED_DOMAIN), "spam.example" },
	{ "lookalike domain is not blocked", "see https://notspam.example", NULL, POLICY_PUBLISH, false, { 0 }, 0, NULL },
	{ "blocked domain among many links", "http://x.example http://y.example http://bad.test", NULL, POLICY_HOLD, false, R(REASON_TOO_MANY_LINKS, REASON_BLOCKED_DOMAIN), "3 links" },
	{ "repeat", "Same again", t_repeat, POLICY_REFUSE, false, R(REASON_REPEAT), "same text" },
	{ "too fast, author", "Hi", t_rate, POLICY_RATE_LIMIT, false, R(REASON_RATE_AUTHOR), "5 comments in 60 s" },
	{ "too fast, address", "Hi", t_rate_addr, POLICY_RATE_LIMIT, false, R(REASON_RATE_ADDRESS), "address" },
	{ "pre-moderated site", "Hi", t_premod_site, POLICY_HOLD, false, R(REASON_PREMOD_SITE), "site" },
	{ "pre-moderated article", "Hi", t_premod_article, POLICY_HOLD, false, R(REASON_PREMOD_ARTICLE), "article" },
	{ "pre-moderated author", "Hi", t_premod_author, POLICY_HOLD, false, R(REASON_PREMOD_AUTHOR), "always" },
	{ "first comment of a new commenter", "Hi", t_new, POLICY_HOLD, false, R(REASON_NEW_AUTHOR), "first comment of a new commenter" },
	{ "not yet enough approved", "Hi", t_new_one, POLICY_HOLD, false, R(REASON_NEW_AUTHOR), "1 approved comment, 2 needed" },
	{ "first deciding check wins, all recorded", "idiot http://a.example http://b.example http://c.example", t_many, POLICY_HOLD, false,
	    R(REASON_SUSPECT_WORD, REASON_TOO_MANY_LINKS, REASON_REPEAT, REASON_RATE_AUTHOR, REASON_PREMOD_SITE), "suspect" },
	{ "a flag does not decide", "idiot http://a.example http://b.example http://c.example", t_report_only, POLICY_HOLD, true,
	    R(REASON_SUSPECT_WORD, REASON_TOO_MANY_LINKS), "reported" },
};

static void
table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct policy_case	*c = &cases[i];
		struct policy_settings		 st = settings();
		struct policy_facts		 f = facts(c->body);
		struct policy_verdict		 v;

		if (c->tweak != NULL)
			c->tweak(&f, &st);
		policy_evaluate(&f, &st, &v);
		if (v.action != c->action || v.reported != c->reported)
			fail_msg("%s: action %s reported %d", c->name, policy_action_name(v.action), v.reported);
		if (v.nfindings != c->nreasons)
			fail_msg("%s: %zu findings, want %zu", c->name, v.nfindings, c->nreasons);
		for (size_t r = 0; r < c->nreasons; r++)
			if (v.findings[r].reason != c->reasons[r])
				fail_msg("%s: finding %zu is %s", c->name, r,
				    policy_reason_code(v.findings[r].reason));
		if (c->first_text != NULL && strstr(v.findings[0].text, c->first_text) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", c->name, v.findings[0].text, c->first_text);
		if (c->action == POLICY_RATE_LIMIT)
			assert_int_equal(v.retry_after, 60);
	}
}

static void
link_counting(void **state)
{
	(void)state;
	assert_int_equal(policy_link_count("", 0), 0);
	assert_int_equal(policy_link_count("no links here.", 14), 0);
	assert_int_equal(policy_link_count("HTTPS://A.EXAMPLE", 17), 1);
	/* Inside a word or a URL it is not a new link. */
	assert_int_equal(policy_link_count("xhttp://a.example", 17), 0);
	assert_int_equal(policy_link_count("http://a.example/www.b.example", 30), 1);
	assert_int_equal(policy_link_count("(see www.a.example)", 19), 1);
	assert_int_equal(policy_link_count("www.", 4), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table),
		cmocka_unit_test(link_counting),
	};

	return cmocka_run_group_tests_name("policy", tests, setup, teardown);
}
