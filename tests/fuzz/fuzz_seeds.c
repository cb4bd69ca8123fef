/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Writes the seeds that carry signed tokens (session, sso, cookie and
 * headers corpora) into DIR, signed with the fixed keys of fuzz_keys.h at
 * FUZZ_NOW; Ed25519 is deterministic, so the files come out the same on
 * every run. The other seeds are written by hand.
 *	build/tests/fuzz/fuzz_seeds tests/fuzz/corpus
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_keys.h"
#include "auth/session.h"

static const char	*dir;

static void
seed(const char *corpus, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
seed(const char *corpus, const char *name, const char *fmt, ...)
{
	char	 path[512];
	FILE	*f;
	va_list	 ap;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, corpus, name);
	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		exit(1);
	}
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
}

/* A session token for user 42, session 7, with role and validity from FUZZ_NOW. */
static char *
session_token(struct arena *a, struct keyring *kr, enum role role, long from, long to)
{
	struct session_claims	 c = { 42, 7, role, FUZZ_NOW + from, FUZZ_NOW + to };
	char			*token;

	if (session_token_make(a, kr, &c, &token) == -1)
		exit(1);
	return token;
}

/* An SSO token signed by the site key: claims as given, footer optional. */
static char *
sso_token(struct arena *a, const struct tok_secret *site, const char *claims,
    const char *footer)
{
	char	*token;

	if (tok_sign(a, site, claims, strlen(claims), footer, footer != NULL ? strlen(footer) : 0,
	    NULL, 0, &token) != TOK_OK)
		exit(1);
	return token;
}

int
main(int argc, char *argv[])
{
	static const char	 claims[] = "{\"aud\":\"" FUZZ_SSO_AUDIENCE "\","
	    "\"sub\":\"site-user-1\",\"name\":\"Ada Reader\","
	    "\"email\":\"ada@news.example\",\"avatar\":\"https://news.example/a.png\","
	    "\"iat\":\"2026-01-01T00:00:00Z\",\"exp\":\"2026-01-01T00:05:00Z\",\"jti\":\"j-1\"}";
	struct keyring		*kr;
	struct tok_secret	*site;
	struct arena		 a;
	char			*reader, *mod;

	if (argc != 2) {
		fprintf(stderr, "usage: fuzz_seeds DIR\n");
		return 2;
	}
	dir = argv[1];
	if (tok_init() == -1 || (site = tok_secret_from_b64(FUZZ_SITE_SECRET)) == NULL)
		return 1;
	kr = fuzz_keyring_open();
	arena_init(&a);
	reader = session_token(&a, kr, ROLE_READER, -60, 3600);
	mod = session_token(&a, kr, ROLE_MODERATOR, -60, 3600);
	seed("session", "token-reader", "T%s", reader);
	seed("session", "token-moderator", "T%s", mod);
	seed("session", "token-expired", "T%s", session_token(&a, kr, ROLE_READER, -7200, -3600));
	seed("session", "token-future", "T%s", session_token(&a, kr, ROLE_ADMIN, 3600, 7200));
	seed("sso", "token", "T%s", sso_token(&a, site, claims, NULL));
	seed("sso", "token-footer", "T%s", sso_token(&a, site, claims, "{\"kid\":\"site-1\"}"));
	seed("cookie", "among-others", "theme=dark; rostra_session=%s; rostra_fresh=1", reader);
	seed("cookie", "alone", "rostra_session=%s", mod);
	seed("headers", "me", "GET\n/comments/api/v1/me\n\n\nrostra_session=%s\n", reader);
	seed("headers", "moderation-post",
	    "POST\n/comments/api/v1/moderation/comments/actions\napplication/json; charset=utf-8\n"
	    "64\nrostra_session=%s\nhttps://news.example\n\n1\n", mod);
	seed("headers", "report",
	    "POST\n/comments/api/v1/comments/12/reports\napplication/json\n20\n"
	    "a=b; rostra_session=%s\n\nsame-origin\n1\n", reader);
	arena_release(&a);
	keyring_free(kr);
	tok_secret_free(site);
	return 0;
}
