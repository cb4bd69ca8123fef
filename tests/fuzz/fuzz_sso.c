/* SPDX-License-Identifier: ISC — Rostra */
/*
 * libFuzzer target: single sign-on tokens, checked against a configured
 * site key. The first byte picks the mode. 'S' (any odd byte): the rest is
 * a claims payload, then after a NUL an optional footer, signed here with
 * the site's key; it is checked, then again with one character changed
 * (which must never get past the signature) and signed with the session
 * key instead (which is not a site key). Otherwise the rest is a token as
 * a page would post it: no crash, and if it verifies it is byte for byte
 * the token we would sign for its payload and footer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_keys.h"
#include "auth/session.h"
#include "auth/sso.h"
#include "lib/validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_AGE	600	/* the default sso_max_age */

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static struct sso		*sso;
static struct tok_secret	*site, *other;
static struct tok_public	*site_pk;

/* True if the check got past the signature. */
static int
signature_passed(enum sso_check c)
{
	return c != SSO_DISABLED && c != SSO_TOKEN && c != SSO_FOOTER && c != SSO_SIGNATURE;
}

/* What a valid token hands on to the database must be what we accept. */
static void
check_identity(const struct sso_identity *id)
{
	time_t	 exp;

	if (id->site_user_id == NULL || *id->site_user_id == '\0' || id->jti == NULL ||
	    id->name == NULL ||
	    validate_text(id->name, strlen(id->name), false, 64) != ERR_OK ||
	    (id->email != NULL && validate_email(id->email, strlen(id->email)) != 0) ||
	    (id->avatar_url != NULL && validate_url(id->avatar_url, strlen(id->avatar_url)) != 0) ||
	    id->jti_expires == NULL || session_time_parse(id->jti_expires, &exp) != 0 ||
	    exp <= FUZZ_NOW)
		abort();
}

static enum sso_check
check(struct arena *a, const char *token, size_t len, struct sso_identity *id)
{
	enum tok_error	 why;
	enum sso_check	 r;

	r = sso_token_check(a, sso, token, len, FUZZ_NOW, MAX_AGE, id, &why);
	if (r == SSO_VALID)
		check_identity(id);
	return r;
}

static void
fuzz_signed(struct arena *a, const uint8_t *data, size_t size)
{
	const uint8_t		*nul = memchr(data, '\0', size);
	size_t			 payload_len = nul != NULL ? (size_t)(nul - data) : size;
	const char		*footer = nul != NULL ? (const char *)nul + 1 : NULL;
	size_t			 footer_len = nul != NULL ? size - payload_len - 1 : 0;
	struct sso_identity	 id;
	enum sso_check		 r;
	char			*token;
	size_t			 len, at;
	const char		*old;

	if (footer_len == 0)
		footer = NULL;
	if (tok_sign(a, site, data, payload_len, footer, footer_len, NULL, 0, &token) != TOK_OK)
		return;
	len = strlen(token);
	r = check(a, token, len, &id);
	if (r == SSO_TOKEN || r == SSO_SIGNATURE)
		abort();	/* the site's own signature must verify */
	at = size > 0 ? (data[0] * 31u + data[size - 1] + size) % len : 0;
	old = strchr(b64url, token[at]);
	token[at] = old != NULL && *old != '\0' ? b64url[((size_t)(old - b64url) +
	    1 + size % 63) % 64] : 'A';
	if (signature_passed(check(a, token, len, &id)))
		abort();
	if (tok_sign(a, other, data, payload_len, footer, footer_len, NULL, 0, &token) == TOK_OK &&
	    signature_passed(check(a, token, strlen(token), &id)))
		abort();
}

static void
fuzz_token(struct arena *a, const char *token, size_t len)
{
	struct sso_identity	 id;
	char			*footer, *payload, *again;
	size_t			 footer_len, payload_len;

	if (!signature_passed(check(a, token, len, &id)))
		return;
	if (tok_footer_peek(a, token, len, &footer, &footer_len) != TOK_OK ||
	    tok_verify(a, site_pk, token, len, footer, footer_len, NULL, 0, &payload,
	    &payload_len) != TOK_OK)
		abort();
	if (tok_sign(a, site, payload, payload_len, footer_len > 0 ? footer : NULL, footer_len,
	    NULL, 0, &again) != TOK_OK || strlen(again) != len || memcmp(again, token, len) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;

	if (sso == NULL) {
		char	*paserk, err[256];

		if (tok_init() == -1 || (site = tok_secret_from_b64(FUZZ_SITE_SECRET)) == NULL ||
		    (other = tok_secret_from_b64(FUZZ_SESSION_SECRET)) == NULL)
			abort();
		site_pk = tok_public_of(site);
		paserk = tok_public_to_paserk(site_pk);
		if ((sso = sso_open(paserk, FUZZ_SSO_AUDIENCE, err, sizeof(err))) == NULL)
			abort();
		tok_string_free(paserk);
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
