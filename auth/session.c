/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Session claims in and out of PASETO tokens. The payload is written with
 * jsonw and read back with json-c; a token must carry exactly the claims we
 * issue, with the types we issue, or it is refused.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <sodium.h>

#include "lib/list.h"
#include "lib/json_in.h"
#include "lib/jsonw.h"
#include "lib/log.h"
#include "auth/session.h"
#include "lib/token.h"

/* Tokens issued by a host whose clock runs a little ahead still count. */
#define CLOCK_SKEW	60

/*
 * Signed into every session token (PASETO's implicit assertion), so a token
 * minted for another purpose with a shared key is never taken for a session.
 */
#define SESSION_IMPLICIT	"rostra-session"

static const char *const role_names[ROLE__MAX] = {
	[ROLE_READER] = "reader",
	[ROLE_MODERATOR] = "moderator",
	[ROLE_ADMIN] = "admin",
};

static const char *const check_names[SESSION__MAX] = {
	[SESSION_VALID] = "valid",
	[SESSION_TOKEN] = "bad token",
	[SESSION_FOOTER] = "footer is not a key id",
	[SESSION_UNKNOWN_KEY] = "unknown key id",
	[SESSION_CLAIMS] = "malformed claims",
	[SESSION_EXPIRED] = "expired",
	[SESSION_NOT_YET_VALID] = "issued in the future",
};

const char *
session_role_name(enum role r)
{
	return r >= 0 && r < ROLE__MAX ? role_names[r] : "?";
}

int
session_role_parse(const char *s)
{
	for (int r = 0; r < ROLE__MAX; r++)
		if (strcmp(s, role_names[r]) == 0)
			return r;
	return -1;
}

const char *
session_check_string(enum session_check c)
{
	return c >= 0 && c < SESSION__MAX ? check_names[c] : "?";
}

void
session_time_format(time_t t, char buf[21])
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Reads exactly n digits at s into *v. */
static int
digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int
session_time_parse(const char *s, time_t *t)
{
	struct tm	 tm;
	int		 y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	const char	*p = s + 19;

	if (strlen(s) < 20 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
	    s[7] != '-' || digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
	    digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) ||
	    s[16] != ':' || digits(s + 17, 2, &sec))
		return -1;
	if (*p == '.') {	/* fractions of a second are allowed and ignored */
		p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om))
			return -1;
		p += 6;
	} else {
		return -1;
	}
	if (*p != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60 || oh > 23 || om > 59)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*t = timegm(&tm) - sign * (oh * 3600 + om * 60);
	return 0;
}

int
session_token_make(struct arena *a, const struct keyring *kr,
    const struct session_claims *c, char **token)
{
	const struct tok_secret	*sk;
	const char		*kid;
	struct jsonw		 payload, footer;
	char			 iat[21], exp[21], id[24];
	enum tok_error		 e;

	sk = keyring_current(kr, &kid);
	session_time_format(c->issued, iat);
	session_time_format(c->expires, exp);
	jsonw_init(&payload, a, 192);
	jsonw_object_begin(&payload);
	/* PASETO registered claims are strings: ids travel as decimal text. */
	jsonw_key(&payload, "sub");
	snprintf(id, sizeof(id), "%lld", (long long)c->user_id);
	jsonw_cstring(&payload, id);
	jsonw_key(&payload, "sid");
	snprintf(id, sizeof(id), "%lld", (long long)c->session_id);
	jsonw_cstring(&payload, id);
	jsonw_key(&payload, "role");
	jsonw_cstring(&payload, session_role_name(c->role));
	jsonw_key(&payload, "iat");
	jsonw_cstring(&payload, iat);
	jsonw_key(&payload, "exp");
	jsonw_cstring(&payload, exp);
	jsonw_object_end(&payload);
	jsonw_init(&footer, a, 48);
	jsonw_object_begin(&footer);
	jsonw_key(&footer, "kid");
	jsonw_cstring(&footer, kid);
	jsonw_object_end(&footer);
	if ((e = tok_sign(a, sk, payload.buf, payload.len, footer.buf, footer.len,
	    SESSION_IMPLICIT, strlen(SESSION_IMPLICIT), token)) != TOK_OK) {
		log_error("session: cannot sign a token: %s", tok_error_string(e));
		return -1;
	}
	return 0;
}

/* The string member name of obj, or NULL. */
static const char *
json_member_string(struct json_object *obj, const char *name)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(obj, name, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* A positive decimal id; -1 if s is not one. */
static int
parse_id(const char *s, int64_t *id)
{
	char		*end;
	long long	 v;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v <= 0)
		return -1;
	*id = v;
	return 0;
}

/*
 * The last tokens this process verified, with their claims: a reader's
 * next request (a reload, an uncached read after a post) presents the same
 * bytes, and checking a signature costs more than the rest of a cached
 * page (a fifth of a worker's time on the uncached read). An entry holds
 * only what the signature check of these exact bytes under this key ring
 * gave; times are checked again on every use. Compared in constant time.
 */
#define SESSION_SEEN		8
#define SESSION_SEEN_LEN	512

static struct session_seen {
	const struct keyring	*kr;
	size_t			 len;
	struct session_claims	 claims;
	unsigned char		 token[SESSION_SEEN_LEN];
} session_seen[SESSION_SEEN];
static unsigned int	 session_seen_next;

static const struct session_seen *
session_seen_find(const struct keyring *kr, const char *token, size_t len)
{
	for (size_t i = 0; i < SESSION_SEEN; i++) {
		const struct session_seen	*e = &session_seen[i];

		if (e->kr == kr && e->len == len && sodium_memcmp(e->token, token, len) == 0)
			return e;
	}
	return NULL;
}

static void
session_seen_add(const struct keyring *kr, const char *token, size_t len,
    const struct session_claims *c)
{
	struct session_seen	*e = &session_seen[session_seen_next++ % SESSION_SEEN];

	if (len > SESSION_SEEN_LEN)
		return;
	e->kr = kr;
	e->len = len;
	e->claims = *c;
	memcpy(e->token, token, len);
}

/* The claims' times at now: valid, not yet valid or expired. */
static enum session_check
session_times_check(const struct session_claims *c, time_t now)
{
	if (c->issued > now + CLOCK_SKEW)
		return SESSION_NOT_YET_VALID;
	if (c->expires <= now)
		return SESSION_EXPIRED;
	return SESSION_VALID;
}

enum session_check
session_token_check(struct arena *a, const struct keyring *kr, const char *token,
    size_t len, time_t now, struct session_claims *c, enum tok_error *tok_reason)
{
	const struct session_seen	*seen;
	const struct tok_public	*pk;
	struct json_object	*footer_obj, *claims;
	const char		*kid, *role, *iat, *exp;
	char			*footer, *payload;
	size_t			 footer_len, payload_len;
	int			 r;

	*tok_reason = TOK_OK;
	if ((seen = session_seen_find(kr, token, len)) != NULL) {
		*c = seen->claims;
		return session_times_check(c, now);
	}
	if ((*tok_reason = tok_footer_peek(a, token, len, &footer, &footer_len)) != TOK_OK)
		return SESSION_TOKEN;
	if ((footer_obj = json_in_flat(a, footer, footer_len)) == NULL ||
	    json_object_object_length(footer_obj) != 1 ||
	    (kid = json_member_string(footer_obj, "kid")) == NULL)
		return SESSION_FOOTER;
	if ((pk = keyring_public(kr, kid)) == NULL)
		return SESSION_UNKNOWN_KEY;
	if ((*tok_reason = tok_verify(a, pk, token, len, footer, footer_len, SESSION_IMPLICIT,
	    strlen(SESSION_IMPLICIT), &payload, &payload_len)) != TOK_OK)
		return SESSION_TOKEN;
	if ((claims = json_in_flat(a, payload, payload_len)) == NULL ||
	    json_object_object_length(claims) != 5 ||
	    parse_id(json_member_string(claims, "sub"), &c->user_id) == -1 ||
	    parse_id(json_member_string(claims, "sid"), &c->session_id) == -1 ||
	    (role = json_member_string(claims, "role")) == NULL ||
	    (r = session_role_parse(role)) < 0 ||
	    (iat = json_member_string(claims, "iat")) == NULL ||
	    session_time_parse(iat, &c->issued) == -1 ||
	    (exp = json_member_string(claims, "exp")) == NULL ||
	    session_time_parse(exp, &c->expires) == -1)
		return SESSION_CLAIMS;
	c->role = (enum role)r;
	session_seen_add(kr, token, len, c);
	return session_times_check(c, now);
}

const char *
session_cookie_named(const char *header, const char *name, size_t *len)
{
	const size_t	 name_len = strlen(name);
	const char	*p = header;

	while (p != NULL && *p != '\0') {
		const char	*end;

		while (*p == ' ' || *p == ';')
			p++;
		end = strchr(p, ';');
		if (strncmp(p, name, name_len) == 0 && p[name_len] == '=') {
			p += name_len + 1;
			*len = end != NULL ? (size_t)(end - p) : strlen(p);
			return p;
		}
		p = end;
	}
	return NULL;
}

const char *
session_cookie_find(const char *header, size_t *len)
{
	return session_cookie_named(header, SESSION_COOKIE, len);
}

/* True if every configured origin is plain http on a loopback host. */
static int
origins_are_loopback_http(const char *origins)
{
	const char	*p = origins, *o;
	size_t		 n;
	int		 any = 0;

	while (list_next(&p, &o, &n)) {
		if (!((n >= 16 && strncmp(o, "http://127.0.0.1", 16) == 0 &&
		    (n == 16 || o[16] == ':')) ||
		    (n >= 16 && strncmp(o, "http://localhost", 16) == 0 &&
		    (n == 16 || o[16] == ':'))))
			return 0;
		any = 1;
	}
	return any;
}

char *
session_cookie_header(struct arena *a, const struct config *cfg, const char *token,
    long max_age)
{
	int	 secure = cfg->cookie_secure == SECURE_ON ||
	    (cfg->cookie_secure == SECURE_AUTO && !origins_are_loopback_http(cfg->site_origins));

	return arena_printf(a, "%s=%s; Max-Age=%ld; Path=/comments/; HttpOnly; SameSite=Lax%s",
	    SESSION_COOKIE, token != NULL ? token : "", token != NULL ? max_age : 0L,
	    secure ? "; Secure" : "");
}
