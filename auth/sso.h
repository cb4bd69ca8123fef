/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Single sign-on from the news site: its backend signs a short-lived
 * PASETO v4.public token for its logged-in reader; Rostra holds only the
 * site's public keys (PASERK k4.public), checks the signature, the
 * audience (aud: this Rostra's, so a token the site signed with the same
 * key for another service is refused), the claims and the validity window
 * here, and the database refuses a replayed jti.
 * The same format is what "rostra sso-sign" and the demo produce.
 */
#ifndef ROSTRA_SSO_H
#define ROSTRA_SSO_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "lib/arena.h"
#include "db/db.h"
#include "lib/token.h"

struct sso;

enum sso_check {
	SSO_VALID,
	SSO_DISABLED,		/* no site key configured */
	SSO_TOKEN,		/* size, header or encoding: see the tok_error */
	SSO_FOOTER,		/* footer neither empty nor a small JSON object */
	SSO_SIGNATURE,		/* no configured key verifies it */
	SSO_NO_AUDIENCE,	/* no aud claim: for whom is not said */
	SSO_AUDIENCE,		/* aud is not sso_audience: for another service */
	SSO_CLAIMS,		/* missing or malformed sub, name, jti, exp, … */
	SSO_EXPIRED,
	SSO_TOO_LONG,		/* claims a validity longer than sso_max_age */
	SSO_NOT_YET_VALID,
	SSO__MAX
};

#define SSO_NAME_MAX	64	/* characters of a name claim, as app_user.display_name */
#define SSO_AUDIENCE_MAX	512	/* bytes of sso_audience and of an aud claim */

/*
 * The site keys in paserks (k4.public strings, space-separated; "" for
 * none) and the audience every token must name in its aud claim, exactly
 * (sso_audience; required when there is a key). NULL with err set if a key
 * is malformed or the audience missing or too long. Caller frees with
 * sso_free.
 */
struct sso		*sso_open(const char *paserks, const char *audience, char *err,
			    size_t errlen);
void			 sso_free(struct sso *s);
bool			 sso_enabled(const struct sso *s);

/* Short reason for logs; static memory. */
const char		*sso_check_string(enum sso_check c);

/*
 * Verifies token at now, accepting a validity of at most max_age seconds,
 * and fills *id (arena memory). On SSO_TOKEN, *why says which check failed.
 */
enum sso_check		 sso_token_check(struct arena *a, const struct sso *s,
			    const char *token, size_t len, time_t now, int max_age,
			    struct sso_identity *id, enum tok_error *why);

/*
 * Signs a token as a news site would: claims aud (omitted if NULL), sub,
 * name, email (may be NULL), iat, exp (now + lifetime) and a random jti.
 * Arena memory; 0 or -1.
 */
int			 sso_token_make(struct arena *a, const struct tok_secret *sk,
			    const char *aud, const char *sub, const char *name, const char *email,
			    time_t now, int lifetime, char **token);

/*
 * Reads a site secret key file (one base64url line, mode 0600). Caller
 * frees with tok_secret_free; NULL with err set (never the secret).
 */
struct tok_secret	*sso_secret_load(const char *path, char *err, size_t errlen);

#endif
