/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Accounts: register with email, password and display name; log in with
 * email and password. Passwords are hashed with Argon2id (token.c). The
 * answer to a wrong email and to a wrong password is the same, in words and
 * in time, and a sign-up with an email that has an account says no more
 * than a failed login (or signs its owner in, given the right password).
 *
 * Throttling slows a guesser without locking the owner out. Failures are
 * counted in PostgreSQL (so across workers and hosts) per client address
 * at one account, per address, and per account from anywhere. Past a
 * limit the address waits before its next try: 1 s, doubling with each
 * further failure, up to login_window; the account's own count makes only
 * networks it never signed in from wait, and at most login_delay_max, so a
 * right password from where the owner signed in before always gets through.
 * Every refusal comes before any Argon2 run.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <unistr.h>

#include "fcgi/api/api.h"
#include "fcgi/api/signin.h"
#include "fcgi/api/api_user.h"
#include "db/db.h"
#include "lib/json_in.h"
#include "lib/log.h"
#include "lib/scoreboard.h"
#include "lib/token.h"
#include "lib/validate.h"

#define PASSWORD_BYTES_MAX	1024	/* Argon2 reads it all: bound the work */

enum err
api_account_credentials_parse(struct ctx *ctx, bool registering, struct credentials *c,
    struct input_error *why)
{
	struct json_object	*root = ctx->body;
	const char		*s;
	size_t			 len;
	enum err		 e;

	memset(c, 0, sizeof(*c));
	why->min = why->max = 0;
	why->field = "email";
	if (json_in_string(root, "email", &s, &len) != ERR_OK || s == NULL) {
		why->message = "Please enter your email address.";
		return s == NULL ? ERR_MISSING_FIELD : ERR_INVALID_FIELD;
	}
	if (len == 0) {
		why->message = "Please enter your email address.";
		return ERR_EMPTY_FIELD;
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
	if (len == 0) {
		why->message = "Please enter your password.";
		return ERR_EMPTY_FIELD;
	}
	if (len > PASSWORD_BYTES_MAX || memchr(s, '\0', len) != NULL) {
		why->message = "That password is too long.";
		return ERR_FIELD_TOO_LONG;
	}
	c->password = s;
	c->password_len = len;
	if (registering) {
		/* Counted in characters; bytes when it is not UTF-8 text. */
		if ((u8_check((const uint8_t *)s, len) == NULL ? u8_mbsnlen((const uint8_t *)s, len) :
		    len) < (size_t)ctx->cfg->password_min) {
			why->message = arena_printf(ctx->arena,
			    "Please choose a password of at least %d characters.", ctx->cfg->password_min);
			why->min = ctx->cfg->password_min;
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

/*
 * The client's network as text, for login_known: an IPv4 address's /24, an
 * IPv6 address's /64 (one household or office, whose address moves within
 * it); NULL when addr is not an IP address (nginx on a unix socket).
 * Arena memory.
 */
static const char *
api_account_network(struct arena *a, const char *addr)
{
	unsigned char	 buf[sizeof(struct in6_addr)];
	char		 text[INET6_ADDRSTRLEN];

	if (addr == NULL)
		return NULL;
	if (inet_pton(AF_INET, addr, buf) == 1) {
		buf[3] = 0;
		if (inet_ntop(AF_INET, buf, text, sizeof(text)) == NULL)
			return NULL;
		return arena_printf(a, "%s/24", text);
	}
	if (inet_pton(AF_INET6, addr, buf) == 1) {
		memset(buf + 8, 0, 8);
		if (inet_ntop(AF_INET6, buf, text, sizeof(text)) == NULL)
			return NULL;
		return arena_printf(a, "%s/64", text);
	}
	return NULL;
}

/*
 * Seconds still to wait for count c: none below limit (0: no limit), then
 * base seconds after the try that reached it, doubling with each further
 * one, at most cap.
 */
static int64_t
api_account_wait(const struct login_count *c, int limit, int base, int cap)
{
	int64_t	 delay, over;

	if (limit <= 0 || c->n < limit)
		return 0;
	over = c->n - limit;
	delay = over >= 30 ? cap : (int64_t)base << over;
	if (delay > cap)
		delay = cap;
	return delay > c->since ? delay - c->since : 0;
}

/*
 * Whether this try must wait: the address at this account always counts;
 * the address's failures at every account and the account's from anywhere
 * do not hold back a network the account signed in from before. A sign-up
 * also counts the address's sign-ups (net: the address's network, NULL if
 * it is none). false: the 429 is written.
 */
static bool
api_account_throttle(struct ctx *ctx, const struct login_lookup *l, bool signup,
    const char *net)
{
	const struct config	*cfg = ctx->cfg;
	int64_t			 w, most = 0;
	const char		*why = NULL;

	if ((w = api_account_wait(&l->count[LOGIN_PAIR], cfg->login_failures_account, 1,
	    cfg->login_window)) > most)
		most = w, why = "this address at this account";
	if (!l->known && (w = api_account_wait(&l->count[LOGIN_ADDR],
	    cfg->login_failures_address, 1, cfg->login_window)) > most)
		most = w, why = "this address";
	if (!l->known && (w = api_account_wait(&l->count[LOGIN_EMAIL],
	    cfg->login_failures_account, 1, cfg->login_delay_max)) > most)
		most = w, why = "this account, from a new network";
	/*
	 * Past the limit, sign-ups wait at least the spacing the limit allows on
	 * average. Only an IP address is counted: behind nginx on a unix socket
	 * every reader shares one "address", and the whole site would wait.
	 */
	if (signup && net != NULL && cfg->signup_address_max > 0 && (w = api_account_wait(
	    &l->count[LOGIN_SIGNUP], cfg->signup_address_max,
	    cfg->login_window / cfg->signup_address_max + 1, cfg->login_window)) > most)
		most = w, why = "sign-ups from this address";
	if (most == 0)
		return true;
	log_info("login: too many failures (%s): wait %llds", why, (long long)most);
	out_header(ctx->res, "Retry-After", arena_printf(ctx->arena, "%lld", (long long)most));
	out_fail(ctx->res, ERR_TOO_MANY_REQUESTS, NULL,
	    "Too many attempts; please wait a little and try again.");
	return false;
}

/*
 * The password check of a login, or of a sign-up with an email that has an
 * account: the right password opens a session (200), a wrong one is
 * counted and answered 401 like an unknown email (whose check runs against
 * a throwaway hash, so timing does not tell either).
 */
static enum err
api_account_login(struct ctx *ctx, const struct credentials *c, struct login_lookup *l,
    const char *addr, const char *net)
{
	struct new_session	 s;
	char			 expires[21];
	int			 r;
	enum err		 e;

	if (!api_account_hash_enter(ctx))
		return ERR_BUSY;
	r = tok_password_check(l->found ? l->hash : NULL, c->password, c->password_len);
	scoreboard_hash_leave();
	if (r == -1) {
		if ((e = db_login_failed(ctx->db, ctx->arena, c->email, addr,
		    ctx->cfg->login_window)) != ERR_OK)
			return out_fail(ctx->res, e, NULL, NULL);
		return out_fail(ctx->res, ERR_INVALID_CREDENTIALS, NULL, NULL);
	}
	s.user_id = l->user.id;
	signin_expiry(ctx, expires);
	if ((e = db_login_session(ctx->db, ctx->arena, l->user.id, expires, c->email, addr, net,
	    &s.session_id)) != ERR_OK)
		return out_fail(ctx->res, e == ERR_UNAUTHORIZED ? ERR_INVALID_CREDENTIALS : e, NULL, NULL);
	return signin_answer(ctx, 200, &l->user, &s);
}

/*
 * A sign-up. An email that has an account is never named as taken (that
 * would tell anyone which emails have accounts): with that account's
 * password it signs the owner in (200, as POST /session would); with any
 * other it gets the failed login's 401, counted as one. A taken display
 * name is said (names are public). Sign-ups per client address are
 * throttled (signup_address_max), so probing addresses is slow.
 */
enum err
api_account_create(struct ctx *ctx)
{
	struct credentials	 c;
	struct input_error	 why;
	struct login_lookup	 l;
	struct new_session	 s;
	struct user		 u;
	const char		*addr = ctx->req->remote_addr != NULL ? ctx->req->remote_addr : "-";
	const char		*net = api_account_network(ctx->arena, ctx->req->remote_addr);
	char			*hash, expires[21];
	int			 r;
	enum err		 e;

	if ((e = api_account_credentials_parse(ctx, true, &c, &why)) != ERR_OK)
		return out_fail_limit(ctx->res, e, why.field, why.message, why.min, why.max);
	if ((e = db_login_lookup(ctx->db, ctx->arena, c.email, addr, net, ctx->cfg->login_window,
	    &l)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	if (!api_account_throttle(ctx, &l, true, net))
		return ERR_TOO_MANY_REQUESTS;
	if (net != NULL && (e = db_signup_noted(ctx->db, ctx->arena, addr,
	    ctx->cfg->login_window)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	if (l.found)
		return api_account_login(ctx, &c, &l, addr, net);
	if (!api_account_hash_enter(ctx))
		return ERR_BUSY;
	r = tok_password_hash(ctx->arena, c.password, c.password_len, &hash);
	scoreboard_hash_leave();
	if (r == -1)
		return out_fail(ctx->res, ERR_INTERNAL, NULL, NULL);
	signin_expiry(ctx, expires);
	e = db_account_create(ctx->db, ctx->arena, c.email, hash, c.display_name, c.name_key,
	    expires, net, &u, &s);
	if (e == ERR_CONFLICT) {
		/* The email taken since the lookup: the same answer as above. */
		if (strcmp(db_conflict_constraint(ctx->db), "app_user_account_email") == 0)
			return out_fail(ctx->res, ERR_INVALID_CREDENTIALS, NULL, NULL);
		return out_fail(ctx->res, e, "display_name", API_NAME_TAKEN);
	}
	if (e != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	return signin_answer(ctx, 201, &u, &s);
}

enum err
api_session_login(struct ctx *ctx)
{
	struct credentials	 c;
	struct input_error	 why;
	struct login_lookup	 l;
	const char		*addr = ctx->req->remote_addr != NULL ? ctx->req->remote_addr : "-";
	const char		*net = api_account_network(ctx->arena, ctx->req->remote_addr);
	enum err		 e;

	if ((e = api_account_credentials_parse(ctx, false, &c, &why)) != ERR_OK)
		return out_fail_limit(ctx->res, e, why.field, why.message, why.min, why.max);
	if ((e = db_login_lookup(ctx->db, ctx->arena, c.email, addr, net, ctx->cfg->login_window,
	    &l)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	if (!api_account_throttle(ctx, &l, false, net))
		return ERR_TOO_MANY_REQUESTS;
	return api_account_login(ctx, &c, &l, addr, net);
}
