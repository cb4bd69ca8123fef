/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Session tokens: what session_token_make signs, session_token_check takes
 * back; expired, future, retired-and-dropped and malformed ones are refused
 * with their own reason. Also the site's SSO tokens and their time window.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "auth/session.h"
#include "auth/sso.h"
#include "lib/token.h"

static char		 dir[64], ring[96];
static struct keyring	*kr;
static struct arena	 a;
static const time_t	 now = 1795000000;	/* 2026-11-18 */

static int
setup(void **state)
{
	char	 err[256];

	(void)state;
	assert_int_equal(tok_init(), 0);
	snprintf(dir, sizeof(dir), "/tmp/rostra-session-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(ring, sizeof(ring), "%s/keyring", dir);
	kr = keyring_open(ring, err, sizeof(err));
	assert_non_null(kr);
	arena_init(&a);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_release(&a);
	keyring_free(kr);
	unlink(ring);
	rmdir(dir);
	return 0;
}

static char *
make(time_t issued, time_t expires, enum role role)
{
	struct session_claims	 c = { 42, 7, role, issued, expires };
	char			*token;

	assert_int_equal(session_token_make(&a, kr, &c, &token), 0);
	return token;
}

static enum session_check
check(const char *token, struct session_claims *c)
{
	enum tok_error	 why;

	return session_token_check(&a, kr, token, strlen(token), now, c, &why);
}

static void
round_trip(void **state)
{
	struct session_claims	 c;

	(void)state;
	assert_int_equal(check(make(now - 10, now + 3600, ROLE_MODERATOR), &c), SESSION_VALID);
	assert_int_equal(c.user_id, 42);
	assert_int_equal(c.session_id, 7);
	assert_int_equal(c.role, ROLE_MODERATOR);
	assert_int_equal(c.expires, now + 3600);
}

static void
time_window(void **state)
{
	struct session_claims	 c;

	(void)state;
	assert_int_equal(check(make(now - 7200, now - 1, ROLE_READER), &c), SESSION_EXPIRED);
	assert_int_equal(check(make(now - 7200, now, ROLE_READER), &c), SESSION_EXPIRED);
	assert_int_equal(check(make(now + 3600, now + 7200, ROLE_READER), &c), SESSION_NOT_YET_VALID);
	/* A clock a little ahead is tolerated. */
	assert_int_equal(check(make(now + 30, now + 7200, ROLE_READER), &c), SESSION_VALID);
}

static void
refusals(void **state)
{
	struct session_claims	 c;
	char			*t = make(now, now + 60, ROLE_READER), *dot;
	char			*tampered = arena_strndup(&a, t, strlen(t));

	(void)state;
	assert_int_equal(check("", &c), SESSION_TOKEN);
	assert_int_equal(check("v4.public.AAAA", &c), SESSION_TOKEN);
	/* Without its footer the token names no key. */
	dot = strrchr(tampered, '.');
	*dot = '\0';
	assert_int_equal(check(tampered, &c), SESSION_FOOTER);
	tampered = arena_strndup(&a, t, strlen(t));
	tampered[15] = tampered[15] == 'A' ? 'B' : 'A';
	assert_int_equal(check(tampered, &c), SESSION_TOKEN);
}

static void
cookies(void **state)
{
	struct config	 cfg;
	const char	*v;
	size_t		 len;

	(void)state;
	v = session_cookie_find("a=1; rostra_session=v4.public.x.y; b=2", &len);
	assert_non_null(v);
	assert_int_equal(len, 13);
	assert_memory_equal(v, "v4.public.x.y", 13);
	assert_null(session_cookie_find("xrostra_session=1; rostra_sessionx=2", &len));
	config_defaults(&cfg);
	free(cfg.site_origins);
	cfg.site_origins = strdup("http://127.0.0.1:8080");
	assert_null(strstr(session_cookie_header(&a, &cfg, "T", 60), "Secure"));
	free(cfg.site_origins);
	cfg.site_origins = strdup("https://news.example");
	assert_non_null(strstr(session_cookie_header(&a, &cfg, "T", 60), "; Secure"));
	assert_non_null(strstr(session_cookie_header(&a, &cfg, NULL, 0), "rostra_session=; Max-Age=0"));
	config_free(&cfg);
}

static void
rfc3339(void **state)
{
	time_t	 t;
	char	 buf[21];

	(void)state;
	session_time_format(now, buf);
	assert_int_equal(session_time_parse(buf, &t), 0);
	assert_true(t == now);
	assert_int_equal(session_time_parse("2022-01-01T00:00:00+00:00", &t), 0);
	assert_int_equal(session_time_parse("2022-01-01T01:00:00.123+01:00", &t), 0);
	assert_true(t == 1640995200);
	assert_int_equal(session_time_parse("2022-01-01 00:00:00Z", &t), -1);
	assert_int_equal(session_time_parse("2022-13-01T00:00:00Z", &t), -1);
	assert_int_equal(session_time_parse("2022-01-01T00:00:00", &t), -1);
	assert_int_equal(session_time_parse("1640995200", &t), -1);
}

#define AUD	"https://news.example/comments"	/* this Rostra, as sso_audience names it */

static void
sso_window(void **state)
{
	struct tok_secret	*sk = tok_secret_generate();
	struct tok_public	*pk = tok_public_of(sk);
	struct sso_identity	 id;
	struct sso		*s;
	enum tok_error		 why;
	char			*paserk = tok_public_to_paserk(pk), err[128], *t;

	(void)state;
	assert_non_null(s = sso_open(paserk, AUD, err, sizeof(err)));
	assert_int_equal(sso_token_make(&a, sk, AUD, "u1", "Reader One", "r@news.example", now, 300,
	    &t), 0);
	assert_int_equal(sso_token_check(&a, s, t, strlen(t), now, 600, &id, &why), SSO_VALID);
	assert_string_equal(id.site_user_id, "u1");
	assert_string_equal(id.name, "Reader One");
	assert_string_equal(id.email, "r@news.example");
	assert_int_equal(strlen(id.jti), 32);
	assert_int_equal(sso_token_check(&a, s, t, strlen(t), now + 301, 600, &id, &why), SSO_EXPIRED);
	assert_int_equal(sso_token_make(&a, sk, AUD, "u1", "Reader One", NULL, now, 3600, &t), 0);
	assert_int_equal(sso_token_check(&a, s, t, strlen(t), now, 600, &id, &why), SSO_TOO_LONG);
	assert_int_equal(sso_token_make(&a, sk, AUD, "u1", "Reader One", NULL, now + 600, 60, &t), 0);
	assert_int_equal(sso_token_check(&a, s, t, strlen(t), now, 6000, &id, &why), SSO_NOT_YET_VALID);
	assert_int_equal(sso_token_make(&a, sk, AUD, "u1", "Bad\nName", NULL, now, 60, &t), 0);
	assert_int_equal(sso_token_check(&a, s, t, strlen(t), now, 600, &id, &why), SSO_CLAIMS);
	assert_null(sso_open("k4.public.nope", AUD, err, sizeof(err)));
	sso_free(s);
	assert_non_null(s = sso_open("", "", err, sizeof(err)));
	assert_false(sso_enabled(s));
	sso_free(s);
	/* A key needs an audience: without one any token of the site's would do. */
	assert_null(s = sso_open(paserk, "", err, sizeof(err)));
	assert_non_null(strstr(err, "sso_audience"));
	tok_string_free(paserk);
	tok_public_free(pk);
	tok_secret_free(sk);
}

/* A token names this Rostra in aud, exactly: another service's, or none, is refused. */
static void
sso_audience(void **state)
{
	struct tok_secret	*sk = tok_secret_generate();
	struct tok_public	*pk = tok_public_of(sk);
	struct sso_identity	 id;
	struct sso		*s;
	enum tok_error		 why;
	char			*paserk = tok_public_to_paserk(pk), err[128], *t;
	static const struct {
		const char	*aud;
		enum sso_check	 want;
	} cases[] = {
		{ AUD, SSO_VALID },
		{ NULL, SSO_NO_AUDIENCE },
		{ "https://billing.example", SSO_AUDIENCE },
		{ AUD "/", SSO_AUDIENCE },
		{ "HTTPS://NEWS.EXAMPLE/COMMENTS", SSO_AUDIENCE },
		{ "https://news.example", SSO_AUDIENCE },
	};

	(void)state;
	assert_non_null(s = sso_open(paserk, AUD, err, sizeof(err)));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(sso_token_make(&a, sk, cases[i].aud, "u1", "Reader One", NULL, now,
		    60, &t), 0);
		assert_int_equal(sso_token_check(&a, s, t, strlen(t), now, 600, &id, &why),
		    cases[i].want);
	}
	assert_string_not_equal(sso_check_string(SSO_AUDIENCE), "?");
	assert_string_not_equal(sso_check_string(SSO_NO_AUDIENCE), "?");
	sso_free(s);
	tok_string_free(paserk);
	tok_public_free(pk);
	tok_secret_free(sk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(time_window),
		cmocka_unit_test(refusals),
		cmocka_unit_test(cookies),
		cmocka_unit_test(rfc3339),
		cmocka_unit_test(sso_window),
		cmocka_unit_test(sso_audience),
	};

	return cmocka_run_group_tests_name("session", tests, setup, teardown);
}
