/* SPDX-License-Identifier: ISC — Rostra */
/*
 * PASETO v4.public and PASERK k4.public over libsodium's Ed25519, as
 * token.h promises. The only file that includes sodium.h; it logs nothing
 * and never lets a secret reach memory it does not wipe. Called by the key
 * ring, the session code and the single sign-on check.
 */
#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lib/fault.h"
#include "lib/token.h"

#define TOK_HEADER		"v4.public."
#define TOK_HEADER_LEN		(sizeof(TOK_HEADER) - 1)
#define TOK_PASERK_PUBLIC	"k4.public."
#define TOK_PASERK_PUBLIC_LEN	(sizeof(TOK_PASERK_PUBLIC) - 1)
#define TOK_B64			sodium_base64_VARIANT_URLSAFE_NO_PADDING

/* tok_secret_checked reads the seed and the public half straight out of sk. */
_Static_assert(crypto_sign_SECRETKEYBYTES == crypto_sign_SEEDBYTES + crypto_sign_PUBLICKEYBYTES,
    "an Ed25519 secret key is seed || public key");

struct tok_secret {
	unsigned char	 sk[crypto_sign_SECRETKEYBYTES];	/* seed || public key */
};

struct tok_public {
	unsigned char	 pk[crypto_sign_PUBLICKEYBYTES];
};

/* One input of the pre-authentication encoding. */
struct tok_piece {
	const void	*data;
	size_t		 len;
};

/* A token's decoded parts, arena memory. */
struct tok_parts {
	const unsigned char	*body;		/* message || signature */
	size_t			 body_len;
	char			*footer;	/* NUL-terminated, "" if none */
	size_t			 footer_len;
};

static const char *const tok_error_strings[TOK__MAX] = {
	[TOK_OK] = "ok",
	[TOK_ERR_SIZE] = "token too long",
	[TOK_ERR_HEADER] = "not a v4.public token",
	[TOK_ERR_FORMAT] = "malformed token",
	[TOK_ERR_FOOTER] = "unexpected footer",
	[TOK_ERR_SIGNATURE] = "bad signature",
	[TOK_ERR_KEY] = "malformed key",
	[TOK_ERR_SIGN] = "signing failed",
};

/* Same policy as the arena: a worker out of memory aborts and is replaced. */
static void
tok_oom(void)
{
	fputs("rostra: out of memory\n", stderr);
	abort();
}

static void *
tok_malloc(size_t size)
{
	void	*p;

	if ((p = malloc(size)) == NULL)
		tok_oom();
	return p;
}

static struct tok_secret *
tok_secret_alloc(void)
{
	struct tok_secret	*sk;

	if ((sk = sodium_malloc(sizeof(*sk))) == NULL)
		tok_oom();
	return sk;
}

int
tok_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

const char *
tok_error_string(enum tok_error e)
{
	if ((unsigned int)e >= TOK__MAX)
		return "unknown token error";
	return tok_error_strings[e];
}

/*
 * True if the len bytes at s are all base64url characters. libsodium 1.0.18
 * decodes every byte from 0x80 up as '_' (fuzz_session found it): a signed
 * token then had other spellings that verified, so nothing reaches it
 * unchecked.
 */
static bool
tok_b64_alphabet(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char	 c = (unsigned char)s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

/*
 * Decodes exactly len characters of unpadded base64url into arena memory
 * (NUL-terminated for callers that treat it as text). Only the alphabet is
 * let through, and libsodium refuses non-zero trailing bits, so the
 * encoding is canonical without a re-encode.
 */
static int
tok_b64_decode(struct arena *a, const char *s, size_t len, unsigned char **out, size_t *out_len)
{
	const char	*end;
	unsigned char	*buf;
	size_t		 max = len / 4 * 3 + 2;

	if (!tok_b64_alphabet(s, len))
		return -1;
	buf = arena_alloc(a, max + 1);
	if (sodium_base642bin(buf, max, s, len, NULL, out_len, &end, TOK_B64) != 0 ||
	    end != s + len)
		return -1;
	buf[*out_len] = '\0';
	*out = buf;
	return 0;
}

/* Little-endian 64 bits with the top bit cleared, as PAE requires. */
static unsigned char *
tok_le64(unsigned char *p, uint64_t n)
{
	for (size_t i = 0; i < 8; i++) {
		p[i] = (unsigned char)(n & 0xff);
		n >>= 8;
	}
	p[7] &= 0x7f;
	return p + 8;
}

/* PAE(pieces): LE64(count) || each LE64(len) || piece. Arena memory. */
static unsigned char *
tok_pae(struct arena *a, const struct tok_piece *pieces, size_t n, size_t *len)
{
	unsigned char	*buf, *p;
	size_t		 total = 8;

	for (size_t i = 0; i < n; i++)
		total += 8 + pieces[i].len;
	p = buf = arena_alloc(a, total);
	p = tok_le64(p, n);
	for (size_t i = 0; i < n; i++) {
		p = tok_le64(p, pieces[i].len);
		/* An empty piece may come with a NULL pointer, which memcpy must not see. */
		if (pieces[i].len > 0)
			memcpy(p, pieces[i].data, pieces[i].len);
		p += pieces[i].len;
	}
	assert((size_t)(p - buf) == total);
	*len = total;
	return buf;
}

/* Splits and decodes token; checks everything but the footer's value and the signature. */
static enum tok_error
tok_parse(struct arena *a, const char *token, size_t len, struct tok_parts *parts)
{
	const char	*body, *dot, *end = token + len;
	unsigned char	*bin;

	if (len > TOK_LEN_MAX)
		return TOK_ERR_SIZE;
	if (len < TOK_HEADER_LEN || memcmp(token, TOK_HEADER, TOK_HEADER_LEN) != 0)
		return TOK_ERR_HEADER;
	body = token + TOK_HEADER_LEN;
	dot = memchr(body, '.', (size_t)(end - body));
	if (tok_b64_decode(a, body, (size_t)((dot != NULL ? dot : end) - body),
	    &bin, &parts->body_len) == -1)
		return TOK_ERR_FORMAT;
	parts->body = bin;
	if (parts->body_len < crypto_sign_BYTES)
		return TOK_ERR_FORMAT;
	if (dot == NULL) {
		parts->footer = arena_strndup(a, "", 0);
		parts->footer_len = 0;
		return TOK_OK;
	}
	/* An empty footer is written without its dot, so a bare trailing dot is forged. */
	if (dot + 1 == end)
		return TOK_ERR_FORMAT;
	if (tok_b64_decode(a, dot + 1, (size_t)(end - dot - 1), &bin, &parts->footer_len) == -1)
		return TOK_ERR_FORMAT;
	parts->footer = (char *)bin;
	return TOK_OK;
}

enum tok_error
tok_sign(struct arena *a, const struct tok_secret *sk,
    const void *payload, size_t payload_len,
    const void *footer, size_t footer_len,
    const void *implicit, size_t implicit_len, char **token)
{
	struct tok_piece	 pieces[4];
	unsigned char		*body, *m2;
	char			*out, *p;
	size_t			 m2_len, body_len, body_b64, footer_b64 = 0;

	*token = NULL;
	/* Refuse what tok_verify would refuse; the bounds also keep the sums below small. */
	if (payload_len > TOK_LEN_MAX || footer_len > TOK_LEN_MAX)
		return TOK_ERR_SIZE;
	/* The implicit assertion comes from our own code, never from a request. */
	assert(implicit_len < SIZE_MAX / 4);
	body_len = payload_len + crypto_sign_BYTES;
	/* Both counts include a NUL; the footer's stands for its dot. */
	body_b64 = sodium_base64_ENCODED_LEN(body_len, TOK_B64);
	if (footer_len > 0)
		footer_b64 = sodium_base64_ENCODED_LEN(footer_len, TOK_B64);
	if (TOK_HEADER_LEN + body_b64 - 1 + footer_b64 > TOK_LEN_MAX)
		return TOK_ERR_SIZE;

	pieces[0] = (struct tok_piece){ TOK_HEADER, TOK_HEADER_LEN };
	pieces[1] = (struct tok_piece){ payload, payload_len };
	pieces[2] = (struct tok_piece){ footer, footer_len };
	pieces[3] = (struct tok_piece){ implicit, implicit_len };
	m2 = tok_pae(a, pieces, 4, &m2_len);

	body = arena_alloc(a, body_len);
	if (payload_len > 0)
		memcpy(body, payload, payload_len);
	if (fault_hit(FAULT_CRYPTO) ||
	    crypto_sign_detached(body + payload_len, NULL, m2, m2_len, sk->sk) != 0)
		return TOK_ERR_SIGN;

	out = arena_alloc(a, TOK_HEADER_LEN + body_b64 + footer_b64);
	memcpy(out, TOK_HEADER, TOK_HEADER_LEN);
	p = out + TOK_HEADER_LEN;
	sodium_bin2base64(p, body_b64, body, body_len, TOK_B64);
	p += body_b64 - 1;
	if (footer_len > 0) {
		*p++ = '.';
		sodium_bin2base64(p, footer_b64, footer, footer_len, TOK_B64);
	}
	*token = out;
	return TOK_OK;
}

enum tok_error
tok_footer_peek(struct arena *a, const char *token, size_t len,
    char **footer, size_t *footer_len)
{
	struct tok_parts	 parts;
	enum tok_error		 e;

	*footer = NULL;
	*footer_len = 0;
	if ((e = tok_parse(a, token, len, &parts)) != TOK_OK)
		return e;
	*footer = parts.footer;
	*footer_len = parts.footer_len;
	return TOK_OK;
}

enum tok_error
tok_verify(struct arena *a, const struct tok_public *pk,
    const char *token, size_t len,
    const void *footer, size_t footer_len,
    const void *implicit, size_t implicit_len,
    char **payload, size_t *payload_len)
{
	struct tok_parts	 parts;
	struct tok_piece	 pieces[4];
	unsigned char		*m2;
	size_t			 m2_len, m_len;
	enum tok_error		 e;

	*payload = NULL;
	*payload_len = 0;
	if ((e = tok_parse(a, token, len, &parts)) != TOK_OK)
		return e;
	/* The specification asks for a constant-time compare of the footer. */
	if (parts.footer_len != footer_len ||
	    (footer_len > 0 && sodium_memcmp(parts.footer, footer, footer_len) != 0))
		return TOK_ERR_FOOTER;
	assert(implicit_len < SIZE_MAX / 4);

	m_len = parts.body_len - crypto_sign_BYTES;
	pieces[0] = (struct tok_piece){ TOK_HEADER, TOK_HEADER_LEN };
	pieces[1] = (struct tok_piece){ parts.body, m_len };
	pieces[2] = (struct tok_piece){ parts.footer, parts.footer_len };
	pieces[3] = (struct tok_piece){ implicit, implicit_len };
	m2 = tok_pae(a, pieces, 4, &m2_len);
	if (fault_hit(FAULT_CRYPTO) ||
	    crypto_sign_verify_detached(parts.body + m_len, m2, m2_len, pk->pk) != 0)
		return TOK_ERR_SIGNATURE;
	*payload = arena_strndup(a, (const char *)parts.body, m_len);
	*payload_len = m_len;
	return TOK_OK;
}

struct tok_secret *
tok_secret_generate(void)
{
	struct tok_secret	*sk = tok_secret_alloc();
	unsigned char		 pk[crypto_sign_PUBLICKEYBYTES];

	crypto_sign_keypair(pk, sk->sk);
	return sk;
}

/*
 * Keeps in if its public half is the one its seed derives, else frees it:
 * a key file with a mismatched half would sign tokens nobody can verify.
 */
static struct tok_secret *
tok_secret_checked(struct tok_secret *in)
{
	struct tok_secret	*scratch = tok_secret_alloc();
	unsigned char		 pk[crypto_sign_PUBLICKEYBYTES];
	int			 same;

	/* The seed is the first crypto_sign_SEEDBYTES of the secret key. */
	crypto_sign_seed_keypair(pk, scratch->sk, in->sk);
	tok_secret_free(scratch);
	same = sodium_memcmp(pk, in->sk + crypto_sign_SEEDBYTES, sizeof(pk)) == 0;
	if (!same) {
		tok_secret_free(in);
		return NULL;
	}
	return in;
}

struct tok_secret *
tok_secret_from_hex(const char *hex)
{
	struct tok_secret	*sk = tok_secret_alloc();
	const char		*end;
	size_t			 len, n;

	len = strlen(hex);
	if (sodium_hex2bin(sk->sk, sizeof(sk->sk), hex, len, NULL, &n, &end) != 0 ||
	    end != hex + len || n != sizeof(sk->sk)) {
		tok_secret_free(sk);
		return NULL;
	}
	return tok_secret_checked(sk);
}

struct tok_secret *
tok_secret_from_b64(const char *b64)
{
	struct tok_secret	*sk = tok_secret_alloc();
	const char		*end;
	size_t			 len, n;

	len = strlen(b64);
	if (!tok_b64_alphabet(b64, len) ||
	    sodium_base642bin(sk->sk, sizeof(sk->sk), b64, len, NULL, &n, &end, TOK_B64) != 0 ||
	    end != b64 + len || n != sizeof(sk->sk)) {
		tok_secret_free(sk);
		return NULL;
	}
	return tok_secret_checked(sk);
}

char *
tok_secret_to_b64(const struct tok_secret *sk)
{
	const size_t	 size = sodium_base64_ENCODED_LEN(sizeof(sk->sk), TOK_B64);
	char		*s = tok_malloc(size);

	sodium_bin2base64(s, size, sk->sk, sizeof(sk->sk), TOK_B64);
	return s;
}

void
tok_secret_free(struct tok_secret *sk)
{
	/* sodium_free wipes before it unmaps; NULL is a no-op there too. */
	sodium_free(sk);
}

struct tok_public *
tok_public_of(const struct tok_secret *sk)
{
	struct tok_public	*pk = tok_malloc(sizeof(*pk));

	crypto_sign_ed25519_sk_to_pk(pk->pk, sk->sk);
	return pk;
}

struct tok_public *
tok_public_from_hex(const char *hex)
{
	struct tok_public	*pk = tok_malloc(sizeof(*pk));
	const char		*end;
	size_t			 len, n;

	len = strlen(hex);
	if (sodium_hex2bin(pk->pk, sizeof(pk->pk), hex, len, NULL, &n, &end) != 0 ||
	    end != hex + len || n != sizeof(pk->pk)) {
		free(pk);
		return NULL;
	}
	return pk;
}

struct tok_public *
tok_public_from_paserk(const char *paserk)
{
	struct tok_public	*pk;
	const char		*b64, *end;
	size_t			 len, n;

	if (strncmp(paserk, TOK_PASERK_PUBLIC, TOK_PASERK_PUBLIC_LEN) != 0)
		return NULL;
	b64 = paserk + TOK_PASERK_PUBLIC_LEN;
	len = strlen(b64);
	pk = tok_malloc(sizeof(*pk));
	if (!tok_b64_alphabet(b64, len) ||
	    sodium_base642bin(pk->pk, sizeof(pk->pk), b64, len, NULL, &n, &end, TOK_B64) != 0 ||
	    end != b64 + len || n != sizeof(pk->pk)) {
		free(pk);
		return NULL;
	}
	return pk;
}

char *
tok_public_to_paserk(const struct tok_public *pk)
{
	const size_t	 size = sodium_base64_ENCODED_LEN(sizeof(pk->pk), TOK_B64);
	char		*s = tok_malloc(TOK_PASERK_PUBLIC_LEN + size);

	memcpy(s, TOK_PASERK_PUBLIC, TOK_PASERK_PUBLIC_LEN);
	sodium_bin2base64(s + TOK_PASERK_PUBLIC_LEN, size, pk->pk, sizeof(pk->pk), TOK_B64);
	return s;
}

void
tok_public_free(struct tok_public *pk)
{
	free(pk);
}

void
tok_string_free(char *s)
{
	if (s == NULL)
		return;
	sodium_memzero(s, strlen(s));
	free(s);
}

void
tok_random_hex(char *buf, size_t n)
{
	unsigned char	 chunk[32];

	/* In chunks: no VLA, and buf may be far larger than the stack wants. */
	while (n > 0) {
		size_t	 k = n < sizeof(chunk) ? n : sizeof(chunk);

		randombytes_buf(chunk, k);
		sodium_bin2hex(buf, 2 * k + 1, chunk, k);
		buf += 2 * k;
		n -= k;
	}
	*buf = '\0';
	/* The bytes may become a session id: leave no copy on the stack. */
	sodium_memzero(chunk, sizeof(chunk));
}

int
tok_password_hash(struct arena *a, const char *password, size_t len, char **hash)
{
	char	*out = arena_alloc(a, crypto_pwhash_STRBYTES);

	if (fault_hit(FAULT_CRYPTO) || crypto_pwhash_str(out, password, len,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -1;
	*hash = out;
	return 0;
}

/* The throwaway hash an unknown account is checked against, from a random password nobody knows. */
static char	 tok_dummy[crypto_pwhash_STRBYTES];

int
tok_password_prepare(void)
{
	unsigned char	 junk[32];
	int		 r;

	if (tok_dummy[0] != '\0')
		return 0;
	randombytes_buf(junk, sizeof(junk));
	r = crypto_pwhash_str(tok_dummy, (const char *)junk, sizeof(junk),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE);
	sodium_memzero(junk, sizeof(junk));
	if (r != 0) {
		tok_dummy[0] = '\0';
		return -1;
	}
	return 0;
}

int
tok_password_check(const char *hash, const char *password, size_t len)
{
	/* libsodium answers -1 out of memory as for a wrong password: so does a fault. */
	if (fault_hit(FAULT_CRYPTO))
		return -1;
	if (hash == NULL) {
		/* Made at start-up (rostra serve); here only if that failed. */
		if (tok_password_prepare() == -1)
			return -1;
		/* Same work as a real check; the outcome is always "no". */
		if (crypto_pwhash_str_verify(tok_dummy, password, len) == 0)
			return -1;
		return -1;
	}
	return crypto_pwhash_str_verify(hash, password, len) == 0 ? 0 : -1;
}
