/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Starting a session: the expiry of a session starting now, the signed
 * token in its cookie, and the answer that says who signed in.
 */
#ifndef ROSTRA_SIGNIN_H
#define ROSTRA_SIGNIN_H

#include "fcgi/api/api.h"
#include "db/db.h"

/* The expiry of a session starting now, RFC 3339 (21 bytes). */
void		signin_expiry(const struct ctx *ctx, char buf[21]);

/* Signs s (a user of role) into a token and sets the session cookie. */
enum err	signin_start(struct ctx *ctx, const struct new_session *s, enum role role);

/*
 * Signs the new session s of user u in (token, cookie) and answers status
 * with u. The role in the token is the stored one; an unknown role reads
 * as reader. Returns ERR_OK, or the error already written.
 */
enum err	signin_answer(struct ctx *ctx, int status, const struct user *u,
		    const struct new_session *s);

#endif
