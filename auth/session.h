/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Session tokens as Rostra uses them: the claims (sub, sid, role, iat,
 * exp) in a PASETO v4.public token whose footer names the signing key
 * ({"kid":"…"}), carried in the rostra_session cookie. Checking a token
 * costs no database round trip; the handler's own statement then checks
 * that the session is still live (not logged out, user not banned).
 */
#ifndef ROSTRA_SESSION_H
#define ROSTRA_SESSION_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/config.h"
#include "lib/keyring.h"

#define SESSION_COOKIE	"rostra_session"
/*
 * Set after a change so the writer's next reads skip nginx's cache; nginx
 * skips it only when a session cookie comes too, and the daemon sends a
 * read whose session does not verify back to the cache (route.c).
 */
#define SESSION_FRESH_COOKIE	"rostra_fresh"

enum role {
	ROLE_READER,
	ROLE_MODERATOR,
	ROLE_ADMIN,
	ROLE__MAX
};

struct session_claims {
	int64_t		 user_id;	/* sub */
	int64_t		 session_id;	/* sid */
	enum role	 role;
	time_t		 issued;	/* iat */
	time_t		 expires;	/* exp */
};

/* Why a token was refused: each has a distinct log line, all are a plain 401. */
enum session_check {
	SESSION_VALID,
	SESSION_TOKEN,		/* size, header, encoding or signature: see the tok_error */
	SESSION_FOOTER,		/* footer is not {"kid":"…"} */
	SESSION_UNKNOWN_KEY,	/* kid not in the key ring (dropped, or never ours) */
	SESSION_CLAIMS,		/* payload is not the claims we issue */
	SESSION_EXPIRED,
	SESSION_NOT_YET_VALID,
	SESSION__MAX
};

/* "reader", "moderator", "admin"; static memory. */
const char		*session_role_name(enum role r);

/* The role named s, or -1. */
int			 session_role_parse(const char *s);

/* Short reason for logs; static memory. */
const char		*session_check_string(enum session_check c);

/*
 * Signs claims with the key ring's current key: the token, arena memory.
 * Returns 0, or -1 if signing failed (logged).
 */
int			 session_token_make(struct arena *a, const struct keyring *kr,
			    const struct session_claims *c, char **token);

/*
 * Verifies token (len bytes) at time now and fills *c. On SESSION_TOKEN,
 * *tok_reason says which check failed.
 */
enum session_check	 session_token_check(struct arena *a, const struct keyring *kr,
			    const char *token, size_t len, time_t now,
			    struct session_claims *c, enum tok_error *tok_reason);

/*
 * The value of the rostra_session cookie in a Cookie header (NULL if
 * absent), pointing into header; its length in *len.
 */
const char		*session_cookie_find(const char *header, size_t *len);

/* The same for the cookie called name. */
const char		*session_cookie_named(const char *header, const char *name,
			    size_t *len);

/*
 * A Set-Cookie value carrying token for max_age seconds; token NULL clears
 * the cookie. Arena memory.
 */
char			*session_cookie_header(struct arena *a, const struct config *cfg,
			    const char *token, long max_age);

/* Formats t as RFC 3339 UTC ("2026-11-28T07:21:34Z") into buf (21 bytes). */
void			 session_time_format(time_t t, char buf[21]);

/* Parses RFC 3339 with Z or a numeric offset; -1 if malformed. */
int			 session_time_parse(const char *s, time_t *t);

#endif
