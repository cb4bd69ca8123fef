/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Site tokens behind sso.h. Claims are checked strictly (types, lengths,
 * text rules) because they become a user's name, email and avatar.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "lib/list.h"
#include "lib/json_in.h"
#include "lib/jsonw.h"
#include "auth/session.h"
#include "auth/sso.h"
#include "lib/validate.h"

#define SSO_KEYS_MAX	8
#define SSO_SKEW	60	/* seconds a site's clock may run ahead */
#define SSO_SUB_MAX	256
#define SSO_JTI_MAX	128
#define SSO_EMAIL_MAX	254

struct sso {
	struct tok_public	*keys[SSO_KEYS_MAX];
	size_t			 nkeys;
	char			 audience[SSO_AUDIENCE_MAX + 1];
};

static const char *const check_names[SSO__MAX] = {
	[SSO_VALID] = "valid",
	[SSO_DISABLED] = "single sign-on is not configured",
	[SSO_TOKEN] = "bad token",
	[SSO_FOOTER] = "bad footer",
	[SSO_SIGNATURE] = "no site key verifies it",
	[SSO_NO_AUDIENCE] = "no aud claim (sso_audience is required)",
	[SSO_AUDIENCE] = "aud is not sso_audience: a token for another service",
	[SSO_CLAIMS] = "malformed claims",
	[SSO_EXPIRED] = "expired",
	[SSO_TOO_LONG] = "validity longer than allowed",
	[SSO_NOT_YET_VALID] = "not yet valid",
};

const char *
sso_check_string(enum sso_check c)
{
	return c >= 0 && c < SSO__MAX ? check_names[c] : "?";
}

struct sso *
sso_open(const char *paserks, const char *audience, char *err, size_t errlen)
{
	struct sso	*s = calloc(1, sizeof(*s));
	const char	*p = paserks, *key;
	size_t		 n;

	if (s == NULL)
		abort();
	if (strlen(audience) > SSO_AUDIENCE_MAX) {
		snprintf(err, errlen, "sso_audience: longer than %d bytes", SSO_AUDIENCE_MAX);
		sso_free(s);
		return NULL;
	}
	memcpy(s->audience, audience, strlen(audience) + 1);
	while (list_next(&p, &key, &n)) {
		char	 one[128];

		if (n >= sizeof(one) || s->nkeys == SSO_KEYS_MAX) {
			snprintf(err, errlen, "sso_keys: too many keys, or one too long");
			sso_free(s);
			return NULL;
		}
		memcpy(one, key, n);
		one[n] = '\0';
		if ((s->keys[s->nkeys] = tok_public_from_paserk(one)) == NULL) {
			snprintf(err, errlen, "sso_keys: key %zu is not a k4.public PASERK",
			    s->nkeys + 1);
			sso_free(s);
			return NULL;
		}
		s->nkeys++;
	}
	/* Without it a token the site signs for any other service would do. */
	if (s->nkeys > 0 && s->audience[0] == '\0') {
		snprintf(err, errlen, "sso_audience: required with sso_keys (the aud claim the"
		    " news site puts in the tokens it signs for this Rostra, e.g."
		    " https://news.example/comments)");
		sso_free(s);
		return NULL;
	}
	return s;
}

void
sso_free(struct sso *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nkeys; i++)
		tok_public_free(s->keys[i]);
	free(s);
}

bool
sso_enabled(const struct sso *s)
{
	return s != NULL && s->nkeys > 0;
}

/*
 * The string claim name, if present and a string of at most max bytes with
 * no NUL: 1; absent: 0; anything else: -1.
 */
static int
claim(struct json_object *claims, const char *name, size_t max, const char **out)
{
	struct json_object	*v;
	size_t			 len;

	*out = NULL;
	if (!json_object_object_get_ex(claims, name, &v))
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	len = (size_t)json_object_get_string_len(v);
	if (len == 0 || len > max || memchr(json_object_get_string(v), '\0', len) != NULL)
		return -1;
	*out = json_object_get_string(v);
	return 1;
}

enum sso_check
sso_token_check(struct arena *a, const struct sso *s, const char *token, size_t len,
    time_t now, int max_age, struct sso_identity *id, enum tok_error *why)
{
	struct json_object	*claims;
	const char		*iat_s, *nbf_s, *exp_s, *aud;
	char			*footer, *payload = NULL;
	size_t			 footer_len, payload_len = 0;
	time_t			 exp, iat, nbf;
	bool			 verified = false;

	*why = TOK_OK;
	memset(id, 0, sizeof(*id));
	if (!sso_enabled(s))
		return SSO_DISABLED;
	if ((*why = tok_footer_peek(a, token, len, &footer, &footer_len)) != TOK_OK)
		return SSO_TOKEN;
	/* The footer is the site's business (often a key id): any small object, or none. */
	if (footer_len > 0 && json_in_flat(a, footer, footer_len) == NULL)
		return SSO_FOOTER;
	for (size_t i = 0; i < s->nkeys && !verified; i++)
		verified = tok_verify(a, s->keys[i], token, len, footer, footer_len, NULL, 0,
		    &payload, &payload_len) == TOK_OK;
	if (!verified)
		return SSO_SIGNATURE;
	if ((claims = json_in_flat(a, payload, payload_len)) == NULL)
		return SSO_CLAIMS;
	/* First, so a token for another service is named as such in the log. */
	switch (claim(claims, "aud", SSO_AUDIENCE_MAX, &aud)) {
	case 0:
		return SSO_NO_AUDIENCE;
	case 1:
		if (strcmp(aud, s->audience) == 0)
			break;
		/* FALLTHROUGH */
	default:
		return SSO_AUDIENCE;
	}
	if (claim(claims, "sub", SSO_SUB_MAX, &id->site_user_id) != 1 ||
	    claim(claims, "name", 4 * SSO_NAME_MAX, &id->name) != 1 ||
	    validate_text(id->name, strlen(id->name), false, SSO_NAME_MAX) != ERR_OK ||
	    claim(claims, "jti", SSO_JTI_MAX, &id->jti) != 1 ||
	    claim(claims, "exp", 64, &exp_s) != 1 || session_time_parse(exp_s, &exp) == -1 ||
	    claim(claims, "email", SSO_EMAIL_MAX, &id->email) == -1 ||
	    (id->email != NULL && validate_email(id->email, strlen(id->email)) == -1) ||
	    claim(claims, "avatar", URL_MAX, &id->avatar_url) == -1 ||
	    (id->avatar_url != NULL && validate_url(id->avatar_url, strlen(id->avatar_url)) == -1) ||
	    claim(claims, "iat", 64, &iat_s) == -1 ||
	    (iat_s != NULL && session_time_parse(iat_s, &iat) == -1) ||
	    claim(claims, "nbf", 64, &nbf_s) == -1 ||
	    (nbf_s != NULL && session_time_parse(nbf_s, &nbf) == -1))
		return SSO_CLAIMS;
	if (exp <= now)
		return SSO_EXPIRED;
	if (exp > now + max_age + SSO_SKEW || (iat_s != NULL && exp - iat > max_age))
		return SSO_TOO_LONG;
	if ((iat_s != NULL && iat > now + SSO_SKEW) || (nbf_s != NULL && nbf > now + SSO_SKEW))
		return SSO_NOT_YET_VALID;
	id->jti_expires = exp_s;
	return SSO_VALID;
}

int
sso_token_make(struct arena *a, const struct tok_secret *sk, const char *aud,
    const char *sub, const char *name, const char *email, time_t now, int lifetime,
    char **token)
{
	struct jsonw	 w;
	char		 iat[21], exp[21], jti[33];

	session_time_format(now, iat);
	session_time_format(now + lifetime, exp);
	tok_random_hex(jti, 16);
	jsonw_init(&w, a, 256);
	jsonw_object_begin(&w);
	if (aud != NULL) {
		jsonw_key(&w, "aud");
		jsonw_cstring(&w, aud);
	}
	jsonw_key(&w, "sub");
	jsonw_cstring(&w, sub);
	jsonw_key(&w, "name");
	jsonw_cstring(&w, name);
	if (email != NULL) {
		jsonw_key(&w, "email");
		jsonw_cstring(&w, email);
	}
	jsonw_key(&w, "iat");
	jsonw_cstring(&w, iat);
	jsonw_key(&w, "exp");
	jsonw_cstring(&w, exp);
	jsonw_key(&w, "jti");
	jsonw_cstring(&w, jti);
	jsonw_object_end(&w);
	return tok_sign(a, sk, w.buf, w.len, NULL, 0, NULL, 0, token) == TOK_OK ? 0 : -1;
}

struct tok_secret *
sso_secret_load(const char *path, char *err, size_t errlen)
{
	struct tok_secret	*sk = NULL;
	struct stat		 st;
	char			 buf[256];
	ssize_t			 n;
	int			 fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || (st.st_mode & 077) != 0) {
		snprintf(err, errlen, "%s: mode %04o, must be 0600", path,
		    (unsigned)(st.st_mode & 07777));
		goto out;
	}
	if ((n = read(fd, buf, sizeof(buf) - 1)) <= 0) {
		snprintf(err, errlen, "%s: empty or unreadable", path);
		goto out;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	if ((sk = tok_secret_from_b64(buf)) == NULL)
		snprintf(err, errlen, "%s: not a secret key", path);
out:
	explicit_bzero(buf, sizeof(buf));
	close(fd);
	return sk;
}
