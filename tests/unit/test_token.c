/* SPDX-License-Identifier: ISC — Rostra */
/*
 * PASETO v4.public against the specification's test vectors (every case in
 * ../shared/testdata/paseto/v4.json, which must be present), then forgeries:
 * any changed byte, another footer or implicit assertion, bad base64url.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "lib/token.h"

#define VECTORS		"../shared/testdata/paseto/v4.json"
#define HEADER		"v4.public."
#define HEADER_LEN	(sizeof(HEADER) - 1)
#define B64URL		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
/* The 4-S-* public key, from the vectors' public-key-pem (it has no '+' or '/'). */
#define PASERK_4S	"k4.public.Hrnbu7wEfAP9cGBOAHHwmH4Wsot1ciXBHwBBXQ4gsaI"

static struct json_object	*vectors;

static int
setup(void **state)
{
	(void)state;
	return tok_init();
}

static int
teardown(void **state)
{
	(void)state;
	json_object_put(vectors);
	vectors = NULL;
	return 0;
}

/* The "tests" array of the vectors file; fails the test if it cannot be read. */
static struct json_object *
cases(void)
{
	struct json_object	*list;

	if (vectors == NULL && (vectors = json_object_from_file(VECTORS)) == NULL)
		fail_msg("cannot read the PASETO test vectors %s (tests run from the "
		    "repository root): %s", VECTORS, json_util_get_last_err());
	if (!json_object_object_get_ex(vectors, "tests", &list) ||
	    !json_object_is_type(list, json_type_array))
		fail_msg("%s: no \"tests\" array", VECTORS);
	return list;
}

/* Member name of a case as a string, or NULL if absent or null. */
static const char *
member(struct json_object *c, const char *name)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(c, name, &v) || v == NULL)
		return NULL;
	return json_object_get_string(v);
}

static const char *
member_required(struct json_object *c, const char *name)
{
	const char	*s = member(c, name);

	if (s == NULL)
		fail_msg("case %s: no \"%s\"", member(c, "name"), name);
	return s;
}

static struct json_object *
case_named(const char *name)
{
	struct json_object	*list = cases();

	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct json_object	*c = json_object_array_get_idx(list, i);

		if (strcmp(member_required(c, "name"), name) == 0)
			return c;
	}
	fail_msg("%s: no case %s", VECTORS, name);
	return NULL;
}

static bool
expect_fail(struct json_object *c)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(c, "expect-fail", &v))
		fail_msg("case %s: no \"expect-fail\"", member(c, "name"));
	return json_object_get_boolean(v);
}

static enum tok_error
verify(struct arena *a, const struct tok_public *pk, const char *token, size_t len,
    const char *footer, const char *implicit, char **payload)
{
	size_t	 payload_len;

	return tok_verify(a, pk, token, len, footer, strlen(footer), implicit, strlen(implicit),
	    payload, &payload_len);
}

/* Every valid v4.public case signs to its token and verifies to its payload. */
static void
vectors_valid(void **state)
{
	struct json_object	*list = cases();
	size_t			 checked = 0, local = 0;
	struct arena		 a;

	(void)state;
	arena_init(&a);
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct json_object	*c = json_object_array_get_idx(list, i);
		const char		*name = member_required(c, "name");
		const char		*token = member_required(c, "token");
		struct tok_secret	*sk;
		struct tok_public	*pk, *pk_of;
		char			*signed_token, *payload, *p1, *p2;
		size_t			 payload_len;
		const char		*footer, *implicit, *expected;
		enum tok_error		 e;

		if (expect_fail(c))
			continue;
		footer = member_required(c, "footer");
		implicit = member_required(c, "implicit-assertion");
		if (strncmp(token, HEADER, HEADER_LEN) != 0) {
			/* A valid v4.local token is still not one of ours. */
			pk = tok_public_from_hex("1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2");
			assert_non_null(pk);
			if ((e = verify(&a, pk, token, strlen(token), footer, implicit, &payload)) != TOK_ERR_HEADER)
				fail_msg("%s: %s, expected a header error", name, tok_error_string(e));
			tok_public_free(pk);
			local++;
			continue;
		}
		expected = member_required(c, "payload");
		if ((sk = tok_secret_from_hex(member_required(c, "secret-key"))) == NULL)
			fail_msg("%s: secret-key refused", name);
		if ((pk = tok_public_from_hex(member_required(c, "public-key"))) == NULL)
			fail_msg("%s: public-key refused", name);

		e = tok_sign(&a, sk, expected, strlen(expected), footer, strlen(footer),
		    implicit, strlen(implicit), &signed_token);
		if (e != TOK_OK)
			fail_msg("%s: sign: %s", name, tok_error_string(e));
		if (strcmp(signed_token, token) != 0)
			fail_msg("%s: signed\n  %s\nexpected\n  %s", name, signed_token, token);

		e = tok_verify(&a, pk, token, strlen(token), footer, strlen(footer),
		    implicit, strlen(implicit), &payload, &payload_len);
		if (e != TOK_OK)
			fail_msg("%s: verify: %s", name, tok_error_string(e));
		assert_int_equal(payload_len, strlen(expected));
		assert_string_equal(payload, expected);

		/* The public half of the secret is the vector's public key. */
		pk_of = tok_public_of(sk);
		p1 = tok_public_to_paserk(pk_of);
		p2 = tok_public_to_paserk(pk);
		assert_string_equal(p1, p2);
		tok_string_free(p1);
		tok_string_free(p2);
		tok_public_free(pk_of);
		tok_public_free(pk);
		tok_secret_free(sk);
		checked++;
	}
	arena_release(&a);
	/* 4-S-1..3 and 4-E-1..9 in the file we were given: a shorter file is a wrong file. */
	assert_int_equal(checked, 3);
	assert_int_equal(local, 9);
}

/* Every expect-fail case is refused, for the reason the vectors intend. */
static void
vectors_invalid(void **state)
{
	struct json_object	*list = cases();
	size_t			 checked = 0;
	struct arena		 a;

	(void)state;
	arena_init(&a);
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct json_object	*c = json_object_array_get_idx(list, i);
		const char		*name = member_required(c, "name");
		const char		*token = member_required(c, "token");
		const char		*hex;
		struct tok_public	*pk;
		char			*payload = (char *)"unchanged";
		enum tok_error		 e, want;

		if (!expect_fail(c))
			continue;
		/* The v4.local cases give a symmetric key: as a public key it is just 32 bytes. */
		if ((hex = member(c, "public-key")) == NULL)
			hex = member_required(c, "key");
		if ((pk = tok_public_from_hex(hex)) == NULL)
			fail_msg("%s: key refused", name);
		/* 4-F-2 is a v4.public token made with a v4.local key. */
		want = strncmp(token, HEADER, HEADER_LEN) == 0 ? TOK_ERR_SIGNATURE : TOK_ERR_HEADER;
		e = verify(&a, pk, token, strlen(token), member_required(c, "footer"),
		    member_required(c, "implicit-assertion"), &payload);
		if (e != want)
			fail_msg("%s: %s, expected %s", name, tok_error_string(e), tok_error_string(want));
		assert_null(payload);
		tok_public_free(pk);
		checked++;
	}
	arena_release(&a);
	assert_int_equal(checked, 5);
	/* The two the brief names: a v4.local and a v3 token. */
	assert_true(strncmp(member_required(case_named("4-F-1"), "token"), "v4.local.", 9) == 0);
	assert_true(strncmp(member_required(case_named("4-F-3"), "token"), "v3.", 3) == 0);
}

/* The pieces of 4-S-3, the case with both a footer and an implicit assertion. */
struct fixture {
	struct tok_public	*pk;
	const char		*token, *footer, *implicit, *payload;
	struct json_object	*c;
};

static void
fixture_load(struct fixture *f, const char *name)
{
	f->c = case_named(name);
	f->token = member_required(f->c, "token");
	f->footer = member_required(f->c, "footer");
	f->implicit = member_required(f->c, "implicit-assertion");
	f->payload = member(f->c, "payload");	/* null in the expect-fail cases */
	f->pk = tok_public_from_hex(member_required(f->c, "public-key"));
	assert_non_null(f->pk);
}

/*
 * Any changed character of 4-S-3 fails: one bit flipped (mostly a bad
 * character), and the next base64url letter (still valid base64url, so the
 * decoded payload, signature or footer differs and must be caught later).
 */
static void
tamper_every_byte(void **state)
{
	struct fixture	 f;
	struct arena	 a;
	const char	*dot;
	char		*t, *payload;
	size_t		 len, body_end;
	enum tok_error	 e, want;

	(void)state;
	arena_init(&a);
	fixture_load(&f, "4-S-3");
	len = strlen(f.token);
	dot = strchr(f.token + HEADER_LEN, '.');
	assert_non_null(dot);
	body_end = (size_t)(dot - f.token);
	t = arena_strndup(&a, f.token, len);
	assert_int_equal(verify(&a, f.pk, t, len, f.footer, f.implicit, &payload), TOK_OK);
	for (size_t i = 0; i < len; i++) {
		const char	*in;
		const char	 orig = t[i];

		t[i] = (char)(orig ^ 0x01);
		e = verify(&a, f.pk, t, len, f.footer, f.implicit, &payload);
		if (e == TOK_OK || (i < HEADER_LEN && e != TOK_ERR_HEADER))
			fail_msg("bit flip at %zu: %s", i, tok_error_string(e));

		if (i >= HEADER_LEN && (in = strchr(B64URL, orig)) != NULL) {
			bool	 last = i == body_end - 1 || i == len - 1;
			size_t	 seg = i < body_end ? body_end - HEADER_LEN : len - body_end - 1;

			t[i] = B64URL[(in - B64URL + 1) % 64];
			e = verify(&a, f.pk, t, len, f.footer, f.implicit, &payload);
			/* A last character that also holds padding bits may only change those. */
			if (last && seg % 4 != 0)
				want = TOK_ERR_FORMAT;
			else
				want = i < body_end ? TOK_ERR_SIGNATURE : TOK_ERR_FOOTER;
			if (e != want)
				fail_msg("letter change at %zu: %s, expected %s", i,
				    tok_error_string(e), tok_error_string(want));
		}
		t[i] = orig;
	}
	assert_int_equal(verify(&a, f.pk, t, len, f.footer, f.implicit, &payload), TOK_OK);
	tok_public_free(f.pk);
	arena_release(&a);
}

static void
implicit_assertion_binds(void **state)
{
	struct fixture	 f;
	struct arena	 a;
	char		*payload;

	(void)state;
	arena_init(&a);
	fixture_load(&f, "4-S-3");
	assert_int_equal(verify(&a, f.pk, f.token, strlen(f.token), f.footer,
	    "{\"test-vector\":\"4-S-2\"}", &payload), TOK_ERR_SIGNATURE);
	assert_int_equal(verify(&a, f.pk, f.token, strlen(f.token), f.footer, "", &payload),
	    TOK_ERR_SIGNATURE);
	assert_null(payload);
	tok_public_free(f.pk);
	arena_release(&a);
}

/* A token with a footer needs that footer expected, and one without needs none. */
static void
footer_must_match(void **state)
{
	struct fixture	 with, without;
	struct arena	 a;
	char		*payload, *t;

	(void)state;
	arena_init(&a);
	fixture_load(&with, "4-S-2");
	fixture_load(&without, "4-S-1");
	assert_int_equal(verify(&a, with.pk, with.token, strlen(with.token), "", "", &payload),
	    TOK_ERR_FOOTER);
	assert_int_equal(verify(&a, without.pk, without.token, strlen(without.token),
	    with.footer, "", &payload), TOK_ERR_FOOTER);
	/* Same length, one byte off: the constant-time compare must still see it. */
	t = arena_strndup(&a, with.footer, strlen(with.footer));
	t[strlen(t) - 2] ^= 0x01;
	assert_int_equal(verify(&a, with.pk, with.token, strlen(with.token), t, "", &payload),
	    TOK_ERR_FOOTER);
	/* An empty footer is written without its dot. */
	t = arena_printf(&a, "%s.", without.token);
	assert_int_equal(verify(&a, without.pk, t, strlen(t), "", "", &payload), TOK_ERR_FORMAT);
	/* Two footers. */
	t = arena_printf(&a, "%s.eyJ9", with.token);
	assert_int_equal(verify(&a, with.pk, t, strlen(t), with.footer, "", &payload), TOK_ERR_FORMAT);
	tok_public_free(with.pk);
	tok_public_free(without.pk);
	arena_release(&a);
}

static void
size_limit(void **state)
{
	struct tok_secret	*sk = tok_secret_generate();
	struct tok_public	*pk = tok_public_of(sk);
	struct arena		 a;
	char			*big, *token, *payload, *fits = NULL;
	size_t			 payload_len, n;
	enum tok_error		 e;

	(void)state;
	arena_init(&a);
	/* Refused unread: not even the header is looked at. */
	big = arena_alloc(&a, TOK_LEN_MAX + 2);
	memset(big, 'x', TOK_LEN_MAX + 1);
	big[TOK_LEN_MAX + 1] = '\0';
	assert_int_equal(tok_verify(&a, pk, big, TOK_LEN_MAX + 1, NULL, 0, NULL, 0,
	    &payload, &payload_len), TOK_ERR_SIZE);
	assert_int_equal(tok_footer_peek(&a, big, TOK_LEN_MAX + 1, &payload, &payload_len),
	    TOK_ERR_SIZE);
	memcpy(big, HEADER, HEADER_LEN);
	assert_int_equal(tok_verify(&a, pk, big, TOK_LEN_MAX + 1, NULL, 0, NULL, 0,
	    &payload, &payload_len), TOK_ERR_SIZE);

	/* The largest payload that fits signs and verifies; one more byte is refused by tok_sign. */
	memset(big, 'p', TOK_LEN_MAX);
	for (n = TOK_LEN_MAX * 3 / 4 - 100; ; n++) {
		e = tok_sign(&a, sk, big, n, NULL, 0, NULL, 0, &token);
		if (e != TOK_OK)
			break;
		fits = token;
	}
	assert_int_equal(e, TOK_ERR_SIZE);
	assert_null(token);
	assert_non_null(fits);
	assert_true(strlen(fits) <= TOK_LEN_MAX);
	assert_true(strlen(fits) > TOK_LEN_MAX - 4);
	assert_int_equal(tok_verify(&a, pk, fits, strlen(fits), NULL, 0, NULL, 0,
	    &payload, &payload_len), TOK_OK);
	assert_int_equal(payload_len, n - 1);
	tok_public_free(pk);
	tok_secret_free(sk);
	arena_release(&a);
}

/* Only canonical unpadded base64url: no '=', no '+' or '/', no white space or stray bytes. */
static void
strict_base64url(void **state)
{
	struct fixture	 f, g;
	struct arena	 a;
	char		*payload, *t;
	size_t		 len;
	const char	*bad[] = { "%s=", "%s==", "%s\n", "%s ", "%s\t", "%s%%3D" };

	(void)state;
	arena_init(&a);
	fixture_load(&f, "4-S-1");
	len = strlen(f.token);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t = arena_printf(&a, bad[i], f.token);
		assert_int_equal(verify(&a, f.pk, t, strlen(t), "", "", &payload), TOK_ERR_FORMAT);
	}
	/* '-' and '_' spelled the standard base64 way. */
	t = arena_strndup(&a, f.token, len);
	assert_non_null(strchr(t + HEADER_LEN, '-'));
	*strchr(t + HEADER_LEN, '-') = '+';
	assert_int_equal(verify(&a, f.pk, t, len, "", "", &payload), TOK_ERR_FORMAT);
	t = arena_strndup(&a, f.token, len);
	assert_non_null(strchr(t + HEADER_LEN, '_'));
	*strchr(t + HEADER_LEN, '_') = '/';
	assert_int_equal(verify(&a, f.pk, t, len, "", "", &payload), TOK_ERR_FORMAT);
	/* A NUL inside the given length. */
	t = arena_strndup(&a, f.token, len);
	t[len / 2] = '\0';
	assert_int_equal(verify(&a, f.pk, t, len, "", "", &payload), TOK_ERR_FORMAT);
	/* A length no base64 encoding has (4n + 1 characters). */
	assert_int_equal((len - HEADER_LEN) % 4, 2);
	t = arena_printf(&a, "%sAAA", f.token);
	assert_int_equal(verify(&a, f.pk, t, strlen(t), "", "", &payload), TOK_ERR_FORMAT);
	/* Footers are held to the same rule. */
	fixture_load(&g, "4-S-2");
	t = arena_printf(&a, "%s=", g.token);
	assert_int_equal(verify(&a, g.pk, t, strlen(t), g.footer, "", &payload), TOK_ERR_FORMAT);
	t = arena_printf(&a, "%s\n", g.token);
	assert_int_equal(verify(&a, g.pk, t, strlen(t), g.footer, "", &payload), TOK_ERR_FORMAT);
	tok_public_free(g.pk);
	tok_public_free(f.pk);
	arena_release(&a);
}

static void
headers(void **state)
{
	struct fixture	 f;
	struct arena	 a;
	char		*payload, *t;
	const char	*other[] = { "v4.local.", "v3.public.", "v2.public.", "V4.public.",
	    "v4.public", "v4.publicc.", "v4.pub", "", "v5.public." };

	(void)state;
	arena_init(&a);
	fixture_load(&f, "4-S-1");
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		t = arena_printf(&a, "%s%s", other[i], f.token + HEADER_LEN);
		assert_int_equal(verify(&a, f.pk, t, strlen(t), "", "", &payload), TOK_ERR_HEADER);
		/* The bare header too. */
		t = arena_strndup(&a, other[i], strlen(other[i]));
		assert_int_equal(verify(&a, f.pk, t, strlen(t), "", "", &payload), TOK_ERR_HEADER);
	}
	tok_public_free(f.pk);
	arena_release(&a);
}

/* A body must hold at least a signature; 64 bytes of zeros is well-formed but forged. */
static void
short_body(void **state)
{
	struct fixture	 f;
	struct arena	 a;
	char		*payload, *t;
	char		 b64[100];

	(void)state;
	arena_init(&a);
	fixture_load(&f, "4-S-1");
	assert_int_equal(verify(&a, f.pk, HEADER, HEADER_LEN, "", "", &payload), TOK_ERR_FORMAT);
	memset(b64, 'A', 84);	/* 84 characters: 63 bytes */
	b64[84] = '\0';
	t = arena_printf(&a, HEADER "%s", b64);
	assert_int_equal(verify(&a, f.pk, t, strlen(t), "", "", &payload), TOK_ERR_FORMAT);
	t = arena_printf(&a, HEADER "%s.eyJ9", b64);
	assert_int_equal(verify(&a, f.pk, t, strlen(t), "{}", "", &payload), TOK_ERR_FORMAT);
	assert_int_equal(tok_footer_peek(&a, t, strlen(t), &payload, &(size_t){ 0 }), TOK_ERR_FORMAT);
	memcpy(b64 + 84, "AA", 3);	/* 86 characters: 64 bytes */
	t = arena_printf(&a, HEADER "%s", b64);
	assert_int_equal(verify(&a, f.pk, t, strlen(t), "", "", &payload), TOK_ERR_SIGNATURE);
	tok_public_free(f.pk);
	arena_release(&a);
}

/*
 * Regression, found by fuzz_session: libsodium 1.0.18 decodes every byte
 * from 0x80 up as '_', so 4-S-2 with such a byte where it has '_' still
 * verified: a second spelling of a signed token. Each is a format error
 * now, and a key spelled so is refused.
 */
static void
high_bytes_are_not_base64url(void **state)
{
	static const char	 secret[] = "UlNUVVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHHtKqe-"
	    "kLY5f8L3zCwkbQ-AEHjVIdQtGb3hEEgy_8XkLQ";
	struct tok_secret	*sk;
	struct fixture		 f;
	struct arena		 a;
	char			*t, *payload, *key, *paserk_s, *u;
	size_t			 len, tried = 0;

	(void)state;
	arena_init(&a);
	fixture_load(&f, "4-S-2");
	len = strlen(f.token);
	t = arena_strndup(&a, f.token, len);
	for (size_t i = HEADER_LEN; i < len; i++) {
		if (t[i] != '_')
			continue;
		for (int c = 0x80; c <= 0xff; c++) {
			t[i] = (char)c;
			if (verify(&a, f.pk, t, len, f.footer, f.implicit, &payload) != TOK_ERR_FORMAT)
				fail_msg("byte 0x%02x at %zu taken for '_'", c, i);
		}
		t[i] = '_';
		tried++;
	}
	assert_true(tried > 0);
	assert_int_equal(verify(&a, f.pk, t, len, f.footer, f.implicit, &payload), TOK_OK);

	key = arena_strndup(&a, secret, strlen(secret));
	assert_non_null(sk = tok_secret_from_b64(key));
	paserk_s = tok_public_to_paserk(f.pk);
	tok_secret_free(sk);
	*strchr(key, '_') = (char)0xe2;
	assert_null(tok_secret_from_b64(key));
	/* The same for a PASERK: its first letter after the prefix becomes a high byte. */
	u = arena_strndup(&a, paserk_s, strlen(paserk_s));
	u[strlen("k4.public.")] = (char)0xbf;
	assert_null(tok_public_from_paserk(u));
	tok_string_free(paserk_s);
	tok_public_free(f.pk);
	arena_release(&a);
}

static void
paserk(void **state)
{
	struct fixture		 f;
	struct tok_public	*pk;
	struct arena		 a;
	char			*s, *payload;
	const char		*bad[] = {
		"k4.secret.Hrnbu7wEfAP9cGBOAHHwmH4Wsot1ciXBHwBBXQ4gsaI",
		"k3.public.Hrnbu7wEfAP9cGBOAHHwmH4Wsot1ciXBHwBBXQ4gsaI",
		"k4.local.Hrnbu7wEfAP9cGBOAHHwmH4Wsot1ciXBHwBBXQ4gsaI",
		"K4.public.Hrnbu7wEfAP9cGBOAHHwmH4Wsot1ciXBHwBBXQ4gsaI",
		"k4.public.Hrnbu7wEfAP9cGBOAHHwmH4Wsot1ciXBHwBBXQ4gsa",		/* short */
		"k4.public.Hrnbu7wEfAP9cGBOAHHwmH4Wsot1ciXBHwBBXQ4gsaIA",	/* long */
		"k4.public.Hrnbu7wEfAP9cGBOAHHwmH4Wsot1ciXBHwBBXQ4gsaIAAAA",	/* 35 bytes */
		"k4.public.Hrnbu7wEfAP9cGBOAHHwmH4Wsot1ciXBHwBBXQ4gsaI=",	/* padded */
		"k4.public.Hrnbu7wEfAP9cGBOAHHwmH4Wsot1ciXBHwBBXQ4gsaJ",	/* non-canonical */
		"k4.public.Hrnbu7wEfAP9cGBOAHHwmH4Wsot1ciXBHwBBXQ4gsaI ",
		"k4.public.",
		"k4.public",
		"",
	};

	(void)state;
	arena_init(&a);
	fixture_load(&f, "4-S-1");
	s = tok_public_to_paserk(f.pk);
	assert_string_equal(s, PASERK_4S);
	tok_string_free(s);
	pk = tok_public_from_paserk(PASERK_4S);
	assert_non_null(pk);
	s = tok_public_to_paserk(pk);
	assert_string_equal(s, PASERK_4S);
	tok_string_free(s);
	assert_int_equal(verify(&a, pk, f.token, strlen(f.token), "", "", &payload), TOK_OK);
	tok_public_free(pk);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if ((pk = tok_public_from_paserk(bad[i])) != NULL)
			fail_msg("accepted \"%s\"", bad[i]);
	tok_public_free(f.pk);
	arena_release(&a);
}

static void
footer_peek(void **state)
{
	struct fixture	 f;
	struct arena	 a;
	char		*footer;
	size_t		 len;

	(void)state;
	arena_init(&a);
	fixture_load(&f, "4-S-2");
	assert_int_equal(tok_footer_peek(&a, f.token, strlen(f.token), &footer, &len), TOK_OK);
	assert_int_equal(len, strlen(f.footer));
	assert_string_equal(footer, f.footer);
	tok_public_free(f.pk);
	fixture_load(&f, "4-S-1");
	assert_int_equal(tok_footer_peek(&a, f.token, strlen(f.token), &footer, &len), TOK_OK);
	assert_int_equal(len, 0);
	assert_string_equal(footer, "");
	tok_public_free(f.pk);
	fixture_load(&f, "4-F-1");
	assert_int_equal(tok_footer_peek(&a, f.token, strlen(f.token), &footer, &len), TOK_ERR_HEADER);
	assert_null(footer);
	tok_public_free(f.pk);
	arena_release(&a);
}

static void
generated_keys(void **state)
{
	struct tok_secret	*sk = tok_secret_generate(), *other = tok_secret_generate();
	struct tok_public	*pk = tok_public_of(sk), *pk_other = tok_public_of(other);
	struct arena		 a;
	char			*token, *payload;

	(void)state;
	arena_init(&a);
	assert_int_equal(tok_sign(&a, sk, "{\"sub\":\"1\"}", 11, "{\"kid\":\"k\"}", 11,
	    "site", 4, &token), TOK_OK);
	assert_int_equal(verify(&a, pk, token, strlen(token), "{\"kid\":\"k\"}", "site", &payload),
	    TOK_OK);
	assert_string_equal(payload, "{\"sub\":\"1\"}");
	assert_int_equal(verify(&a, pk_other, token, strlen(token), "{\"kid\":\"k\"}", "site",
	    &payload), TOK_ERR_SIGNATURE);
	/* Empty everything: NULL pointers with zero lengths are allowed. */
	assert_int_equal(tok_sign(&a, sk, NULL, 0, NULL, 0, NULL, 0, &token), TOK_OK);
	assert_null(strchr(token + HEADER_LEN, '.'));
	assert_int_equal(verify(&a, pk, token, strlen(token), "", "", &payload), TOK_OK);
	assert_string_equal(payload, "");
	tok_public_free(pk_other);
	tok_public_free(pk);
	tok_secret_free(other);
	tok_secret_free(sk);
	arena_release(&a);
}

/* What the key ring stores reads back as the same key: same signatures, same public half. */
static void
secret_b64_round_trip(void **state)
{
	struct tok_secret	*sk, *back;
	struct arena		 a;
	char			*b64, *t1, *t2, *bad;
	size_t			 len;

	(void)state;
	arena_init(&a);
	sk = tok_secret_from_hex(member_required(case_named("4-S-1"), "secret-key"));
	assert_non_null(sk);
	b64 = tok_secret_to_b64(sk);
	len = strlen(b64);
	assert_int_equal(len, 86);
	assert_int_equal(strspn(b64, B64URL), len);
	back = tok_secret_from_b64(b64);
	assert_non_null(back);
	assert_int_equal(tok_sign(&a, sk, "x", 1, NULL, 0, NULL, 0, &t1), TOK_OK);
	assert_int_equal(tok_sign(&a, back, "x", 1, NULL, 0, NULL, 0, &t2), TOK_OK);
	assert_string_equal(t1, t2);
	tok_secret_free(back);

	bad = arena_strndup(&a, b64, len - 1);
	assert_null(tok_secret_from_b64(bad));
	bad = arena_printf(&a, "%s=", b64);
	assert_null(tok_secret_from_b64(bad));
	bad = arena_printf(&a, "%sAAAA", b64);
	assert_null(tok_secret_from_b64(bad));
	assert_null(tok_secret_from_b64(""));
	/* A changed public half no longer matches the seed. */
	bad = arena_strndup(&a, b64, len);
	bad[len - 5] = bad[len - 5] == 'A' ? 'B' : 'A';
	assert_null(tok_secret_from_b64(bad));
	tok_string_free(b64);
	tok_secret_free(sk);
	arena_release(&a);
}

static void
secret_hex_checks_public_half(void **state)
{
	const char	*hex = member_required(case_named("4-S-1"), "secret-key");
	char		 bad[200];
	size_t		 len = strlen(hex);

	(void)state;
	assert_int_equal(len, 128);
	/* Last digit of the public half. */
	memcpy(bad, hex, len + 1);
	bad[len - 1] = bad[len - 1] == '0' ? '1' : '0';
	assert_null(tok_secret_from_hex(bad));
	/* First byte of the seed: a different key, no longer this public half. */
	memcpy(bad, hex, len + 1);
	bad[0] = bad[0] == '0' ? '1' : '0';
	assert_null(tok_secret_from_hex(bad));
	/* The seed alone, one digit short, one too many, not hex. */
	assert_null(tok_secret_from_hex(member_required(case_named("4-S-1"), "secret-key-seed")));
	memcpy(bad, hex, len - 1);
	bad[len - 1] = '\0';
	assert_null(tok_secret_from_hex(bad));
	snprintf(bad, sizeof(bad), "%s0", hex);
	assert_null(tok_secret_from_hex(bad));
	snprintf(bad, sizeof(bad), "%s00", hex);
	assert_null(tok_secret_from_hex(bad));
	memcpy(bad, hex, len + 1);
	bad[10] = 'g';
	assert_null(tok_secret_from_hex(bad));
	assert_null(tok_public_from_hex("1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1"));
	assert_null(tok_public_from_hex("1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2ff"));
}

static void
random_hex(void **state)
{
	char	 a[2 * 40 + 1], b[2 * 40 + 1], z[1] = { 'x' };

	(void)state;
	tok_random_hex(a, 40);	/* more than one internal chunk */
	tok_random_hex(b, 40);
	assert_int_equal(strlen(a), 80);
	assert_int_equal(strspn(a, "0123456789abcdef"), 80);
	assert_string_not_equal(a, b);
	tok_random_hex(a, 8);
	assert_int_equal(strlen(a), 16);
	tok_random_hex(z, 0);
	assert_int_equal(z[0], '\0');
}

static void
error_strings(void **state)
{
	(void)state;
	for (int i = 0; i < TOK__MAX; i++) {
		assert_non_null(tok_error_string((enum tok_error)i));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(tok_error_string((enum tok_error)i),
			    tok_error_string((enum tok_error)j));
	}
	assert_non_null(tok_error_string(TOK__MAX));
}

/* The throwaway hash is made once, at start-up; an unknown account's check always says no. */
static void
password_dummy(void **state)
{
	struct arena	 a;
	char		*hash;

	(void)state;
	arena_init(&a);
	assert_int_equal(tok_password_prepare(), 0);
	assert_int_equal(tok_password_prepare(), 0);	/* made already: no second Argon2 run */
	assert_int_equal(tok_password_check(NULL, "anything", 8), -1);
	assert_int_equal(tok_password_check(NULL, "", 0), -1);
	assert_int_equal(tok_password_hash(&a, "a password", 10, &hash), 0);
	assert_int_equal(tok_password_check(hash, "a password", 10), 0);
	assert_int_equal(tok_password_check(hash, "a passwore", 10), -1);
	arena_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vectors_valid),
		cmocka_unit_test(vectors_invalid),
		cmocka_unit_test(tamper_every_byte),
		cmocka_unit_test(implicit_assertion_binds),
		cmocka_unit_test(footer_must_match),
		cmocka_unit_test(size_limit),
		cmocka_unit_test(strict_base64url),
		cmocka_unit_test(headers),
		cmocka_unit_test(short_body),
		cmocka_unit_test(paserk),
		cmocka_unit_test(high_bytes_are_not_base64url),
		cmocka_unit_test(footer_peek),
		cmocka_unit_test(generated_keys),
		cmocka_unit_test(secret_b64_round_trip),
		cmocka_unit_test(secret_hex_checks_public_half),
		cmocka_unit_test(random_hex),
		cmocka_unit_test(error_strings),
		cmocka_unit_test(password_dummy),
	};

	return cmocka_run_group_tests_name("token", tests, setup, teardown);
}
