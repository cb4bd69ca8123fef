/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Accounts: register with email, password and display name; log in with
 * email and password. Passwords are hashed with Argon2id (token.c). Failed
 * logins are counted per account and per client address in PostgreSQL, so
 * the limit holds across workers and hosts; the answer to a wrong email and
 * to a wrong password is the same, in words and in time.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <unistr.h>

#include "api.h"
#include "api_user.h"
#include "db.h"
#include "json_in.h"
#include "log.h"
#include "scoreboard.h"
#include "token.h"
#include "validate.h"

#define PASSWORD_BYTES_MAX	1024	/* Argon2 reads it all: bound the work */

enum err
api_account_credentials_parse(struct ctx *ctx, bool registering, struct credentials *c,
    struct input_error *why)
{
	struct json_object	*root;
	const char		*s;
	size_t			 len;
	enum err		 e;

	memset(c, 0, sizeof(*c));
	why->field = NULL;
	if ((e = json_in_object(ctx->arena, ctx->req->body, ctx->req->content_length, &root,
	    &why->message)) != ERR_OK)
		return e;
	json_object_object_foreach(root, key, value) {
		(void)value;
		if (strcmp(key, "email") != 0 && strcmp(key, "password") != 0 &&
		    !(registering && strcmp(key, "display_name") == 0)) {
			why->message = registering ?
			    "An account needs only email, password and display_name." :
			    "Logging in needs only email and password.";
			return ERR_UNKNOWN_FIELD;
		}
	}
	why->field = "email";
	if (json_in_string(root, "email", &s, &len) != ERR_OK || s == NULL) {
		why->message = "Please enter your email address.";
		return s == NULL ? ERR_MISSING_FIELD : ERR_INVALID_FIELD;
	}
	if (validate_email(s, len) == -1) {
		why->message = "That does not look like an email address.";
		return ERR_INVALID_FIELD;
	}
	c->email = arena_strndup(ctx->arena, s, len);
	why->field = "password";
	if (json_in_string(root, "password", &s, &len) != ERR_OK || s == NULL) {
		why->message = "Please enter your password.";
		return s == NULL ? ERR_MISSING_FIELD : ERR_INVALID_FIELD;
	}
	if (len > PASSWORD_BYTES_MAX || memchr(s, '\0', len) != NULL) {
		why->message = "That password is too long.";
		return ERR_FIELD_TOO_LONG;
	}
	c->password = s;
	c->password_len = len;
	if (registering) {
		if (validate_text(s, len, false, PASSWORD_BYTES_MAX) == ERR_OK &&
		    u8_mbsnlen((const uint8_t *)s, len) < (size_t)ctx->cfg->password_min) {
			why->message = arena_printf(ctx->arena,
			    "Please choose a password of at least %d characters.", ctx->cfg->password_min);
			return ERR_INVALID_FIELD;
		}
		if ((e = api_user_name_get(ctx, root, &c->display_name, &c->name_key, why)) != ERR_OK)
			return e;
	}
	why->field = NULL;
	return ERR_OK;
}

/*
 * Each Argon2id hash takes 64 MiB for a moment: past hash_concurrency at
 * once (across workers) a sign-up or login is answered 503 at once, so a
 * flood of them cannot exhaust memory. false: the answer is written.
 */
static bool
api_account_hash_enter(struct ctx *ctx)
{
	if (scoreboard_hash_enter(ctx->cfg->hash_concurrency))
		return true;
	scoreboard_count(SCORE_SHED);
	out_header(ctx->res, "Retry-After", "1");
	out_fail(ctx->res, ERR_BUSY, NULL, NULL);
	return false;
}

enum err
api_account_create(struct ctx *ctx)
{
	struct credentials	 c;
	struct input_error	 why;
	struct new_session	 s;
	struct user		 u;
	char			*hash, expires[21];
	int			 r;
	enum err		 e;

	if ((e = api_account_credentials_parse(ctx, true, &c, &why)) != ERR_OK)
		return out_fail(ctx->res, e, why.field, why.message);
	if (!api_account_hash_enter(ctx))
		return ERR_BUSY;
	r = tok_password_hash(ctx->arena, c.password, c.password_len, &hash);
	scoreboard_hash_leave();
	if (r == -1)
		return out_fail(ctx->res, ERR_INTERNAL, NULL, NULL);
	api_session_expiry(ctx, expires);
	e = db_account_create(ctx->db, ctx->arena, c.email, hash, c.display_name, c.name_key,
	    expires, &u, &s);
	if (e == ERR_CONFLICT) {
		bool	 email = strcmp(db_conflict_constraint(ctx->db), "app_user_account_email") == 0;

		return out_fail(ctx->res, e, email ? "email" : "display_name", email ?
		    "An account with this email already exists; please sign in." :
		    API_NAME_TAKEN);
	}
	if (e != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	return api_user_signed_in(ctx, 201, &u, &s);
}

enum err
api_session_login(struct ctx *ctx)
{
	struct credentials	 c;
	struct input_error	 why;
	struct login_lookup	 l;
	struct new_session	 s;
	const char		*addr = ctx->req->remote_addr != NULL ? ctx->req->remote_addr : "-";
	char			 expires[21];
	int			 r;
	enum err		 e;

	if ((e = api_account_credentials_parse(ctx, false, &c, &why)) != ERR_OK)
		return out_fail(ctx->res, e, why.field, why.message);
	if ((e = db_login_lookup(ctx->db, ctx->arena, c.email, addr, ctx->cfg->login_window,
	    &l)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	if (l.failures_account >= ctx->cfg->login_failures_account ||
	    l.failures_address >= ctx->cfg->login_failures_address) {
		log_info("login: too many failures (%s)", l.failures_address >=
		    ctx->cfg->login_failures_address ? "address" : "account");
		out_header(ctx->res, "Retry-After", arena_printf(ctx->arena, "%d",
		    ctx->cfg->login_window));
		return out_fail(ctx->res, ERR_TOO_MANY_REQUESTS, NULL,
		    "Too many failed attempts; please wait a few minutes and try again.");
	}
	/* An unknown email costs a hash check too, so timing does not tell. */
	if (!api_account_hash_enter(ctx))
		return ERR_BUSY;
	r = tok_password_check(l.found ? l.hash : NULL, c.password, c.password_len);
	scoreboard_hash_leave();
	if (r == -1) {
		if ((e = db_login_failed(ctx->db, ctx->arena, c.email, addr,
		    ctx->cfg->login_window)) != ERR_OK)
			return out_fail(ctx->res, e, NULL, NULL);
		return out_fail(ctx->res, ERR_INVALID_CREDENTIALS, NULL, NULL);
	}
	s.user_id = l.user.id;
	api_session_expiry(ctx, expires);
	if ((e = db_login_session(ctx->db, ctx->arena, l.user.id, expires, c.email,
	    &s.session_id)) != ERR_OK)
		return out_fail(ctx->res, e == ERR_UNAUTHORIZED ? ERR_INVALID_CREDENTIALS : e, NULL, NULL);
	return api_user_signed_in(ctx, 200, &l.user, &s);
}
