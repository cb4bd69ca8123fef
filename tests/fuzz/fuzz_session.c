/* SPDX-License-Identifier: ISC — Rostra */
/*
 * libFuzzer target: session tokens, checked against a real key ring. The
 * first byte picks the mode. 'S' (any odd byte): the rest is a claims
 * payload, signed here with the ring's key as session.c signs, checked,
 * then checked again with one character changed; the changed token must
 * never get past the signature. Otherwise the rest is a token as a cookie
 * would carry it: it must never crash, and if its signature verifies it
 * must be byte for byte the token we would sign for its payload (no second
 * spelling of a signed token, no forgery).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_keys.h"
#include "auth/session.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static struct keyring	*kr;

/* True if the check got past the signature (the claims were read). */
static int
signature_passed(enum session_check c)
{
	return c == SESSION_VALID || c == SESSION_CLAIMS || c == SESSION_EXPIRED ||
	    c == SESSION_NOT_YET_VALID;
}

/* The token we sign for payload with the footer naming our key; NULL if too long. */
static char *
sign(struct arena *a, const struct tok_secret *sk, const char *payload, size_t len,
    const char *implicit)
{
	static const char	 footer[] = "{\"kid\":\"" FUZZ_KID "\"}";
	char			*token;

	if (tok_sign(a, sk, payload, len, footer, strlen(footer), implicit,
	    implicit != NULL ? strlen(implicit) : 0, &token) != TOK_OK)
		return NULL;
	return token;
}

static void
check_claims(const struct session_claims *c)
{
	if (c->user_id <= 0 || c->session_id <= 0 || c->role < 0 || c->role >= ROLE__MAX ||
	    c->expires <= FUZZ_NOW)
		abort();
}

/* A payload signed by us: checked as is, then with one character changed. */
static void
fuzz_signed(struct arena *a, const uint8_t *data, size_t size)
{
	const struct tok_secret	*sk = keyring_current(kr, NULL);
	struct session_claims	 c;
	enum session_check	 r;
	enum tok_error		 why;
	char			*token;
	size_t			 len, at;
	const char		*old;

	if ((token = sign(a, sk, (const char *)data, size, FUZZ_SESSION_IMPLICIT)) == NULL)
		return;
	len = strlen(token);
	r = session_token_check(a, kr, token, len, FUZZ_NOW, &c, &why);
	if (!signature_passed(r))
		abort();	/* our own signature must verify */
	if (r == SESSION_VALID)
		check_claims(&c);
	/* One character, chosen by the payload, becomes another base64url one. */
	at = size > 0 ? (data[0] * 31u + data[size - 1] + size) % len : 0;
	old = strchr(b64url, token[at]);
	token[at] = old != NULL && *old != '\0' ? b64url[((size_t)(old - b64url) +
	    1 + size % 63) % 64] : 'A';
	if (signature_passed(session_token_check(a, kr, token, len, FUZZ_NOW, &c, &why)))
		abort();
	/* Signed without the session's implicit assertion: another purpose. */
	if ((token = sign(a, sk, (const char *)data, size, NULL)) != NULL &&
	    signature_passed(session_token_check(a, kr, token, strlen(token), FUZZ_NOW, &c, &why)))
		abort();
}

/* Any token: if it verifies, it is the one we would have signed. */
static void
fuzz_token(struct arena *a, const char *token, size_t len)
{
	const struct tok_public	*pk = keyring_public(kr, FUZZ_KID);
	struct session_claims	 c;
	enum session_check	 r;
	enum tok_error		 why;
	char			*footer, *payload, *again;
	size_t			 footer_len, payload_len;

	r = session_token_check(a, kr, token, len, FUZZ_NOW, &c, &why);
	if (r == SESSION_VALID)
		check_claims(&c);
	if (!signature_passed(r))
		return;
	if (tok_footer_peek(a, token, len, &footer, &footer_len) != TOK_OK ||
	    tok_verify(a, pk, token, len, footer, footer_len, FUZZ_SESSION_IMPLICIT,
	    strlen(FUZZ_SESSION_IMPLICIT), &payload, &payload_len) != TOK_OK)
		abort();
	if (tok_sign(a, keyring_current(kr, NULL), payload, payload_len, footer, footer_len,
	    FUZZ_SESSION_IMPLICIT, strlen(FUZZ_SESSION_IMPLICIT), &again) != TOK_OK ||
	    strlen(again) != len || memcmp(again, token, len) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;

	if (kr == NULL) {
		if (tok_init() == -1)
			abort();
		kr = fuzz_keyring_open();
	}
	if (size == 0)
		return 0;
	arena_init(&a);
	if (data[0] & 1)
		fuzz_signed(&a, data + 1, size - 1);
	else
		fuzz_token(&a, (const char *)data + 1, size - 1);
	arena_release(&a);
	return 0;
}
