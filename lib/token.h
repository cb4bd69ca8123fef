/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Signed tokens: PASETO v4.public (Ed25519 through libsodium) with the
 * specification's pre-authentication encoding, and the keys that sign and
 * verify them, including PASERK "k4.public" strings. token.c is the only
 * file that includes sodium.h. Secret keys live in sodium_malloc'd memory
 * and are wiped when freed. Nothing here logs; callers log the tok_error
 * reason, never a token or a key.
 */
#ifndef ROSTRA_TOKEN_H
#define ROSTRA_TOKEN_H

#include <stddef.h>

#include "lib/arena.h"

#define TOK_LEN_MAX	4096	/* longer tokens are refused unread */

enum tok_error {
	TOK_OK = 0,
	TOK_ERR_SIZE,		/* longer than TOK_LEN_MAX */
	TOK_ERR_HEADER,		/* not "v4.public." (another version or purpose) */
	TOK_ERR_FORMAT,		/* bad structure or base64url, or too short for a signature */
	TOK_ERR_FOOTER,		/* footer differs from the one expected */
	TOK_ERR_SIGNATURE,	/* signature does not verify */
	TOK_ERR_KEY,		/* malformed key material */
	TOK_ERR_SIGN,		/* libsodium did not sign */
	TOK__MAX
};

struct tok_secret;	/* an Ed25519 secret key (seed and public half) */
struct tok_public;	/* an Ed25519 public key */

/* Initialises libsodium; call once in main before anything else here. 0 or -1. */
int			 tok_init(void);

/* Short stable reason for logs, e.g. "bad signature". Static memory. */
const char		*tok_error_string(enum tok_error e);

/* A new random key; caller frees with tok_secret_free. Never NULL. */
struct tok_secret	*tok_secret_generate(void);

/*
 * Key from 64 bytes (seed || public key) as hex or as unpadded base64url
 * (what tok_secret_to_b64 writes); caller frees with tok_secret_free. NULL
 * if malformed or if the public half is not the one the seed derives.
 */
struct tok_secret	*tok_secret_from_hex(const char *hex);
struct tok_secret	*tok_secret_from_b64(const char *b64);

/* The secret as unpadded base64url, for the key ring file; caller frees with tok_string_free. */
char			*tok_secret_to_b64(const struct tok_secret *sk);

/* Wipes and frees; NULL is fine. */
void			 tok_secret_free(struct tok_secret *sk);

/* The public half of sk; caller frees with tok_public_free. */
struct tok_public	*tok_public_of(const struct tok_secret *sk);

/* Public key from 32 bytes of hex, or from a PASERK "k4.public.…" string; NULL if malformed. */
struct tok_public	*tok_public_from_hex(const char *hex);
struct tok_public	*tok_public_from_paserk(const char *paserk);

/* "k4.public.…" for pk; caller frees with tok_string_free. */
char			*tok_public_to_paserk(const struct tok_public *pk);
void			 tok_public_free(struct tok_public *pk);

/* Wipes and frees a string returned above; NULL is fine. */
void			 tok_string_free(char *s);

/* n random bytes as 2n lower-case hex digits into buf (2n + 1 bytes). */
void			 tok_random_hex(char *buf, size_t n);

/*
 * Signs payload (with optional footer and implicit assertion, either may be
 * empty, and NULL when empty) into "v4.public.<m||sig>[.<footer>]", arena
 * memory, NUL-terminated. TOK_ERR_SIZE, with *token NULL, if the token would
 * be longer than TOK_LEN_MAX (tok_verify would refuse it); TOK_ERR_SIGN, with
 * *token NULL, if libsodium does not sign; else TOK_OK.
 */
enum tok_error		 tok_sign(struct arena *a, const struct tok_secret *sk,
			    const void *payload, size_t payload_len,
			    const void *footer, size_t footer_len,
			    const void *implicit, size_t implicit_len, char **token);

/*
 * Decodes the footer of an unverified token (to choose a key by its kid):
 * arena memory, NUL-terminated, length in *footer_len; "" if none. Checks
 * size, header and structure only: trust nothing in it until tok_verify.
 */
enum tok_error		 tok_footer_peek(struct arena *a, const char *token, size_t len,
			    char **footer, size_t *footer_len);

/*
 * Verifies token with pk. The token's footer must equal footer exactly
 * (footer_len 0: the token must have none) and the implicit assertion is
 * the one it was signed with. On TOK_OK, *payload is the decoded message
 * (arena memory, NUL-terminated) and *payload_len its length; otherwise
 * *payload is NULL. A footer that names the key is handled by peeking it,
 * choosing the key, then passing the peeked footer here: the signature
 * covers it. Checks in order: size, header, structure, footer, signature.
 */
enum tok_error		 tok_verify(struct arena *a, const struct tok_public *pk,
			    const char *token, size_t len,
			    const void *footer, size_t footer_len,
			    const void *implicit, size_t implicit_len,
			    char **payload, size_t *payload_len);

/*
 * Hashes a password with Argon2id (crypto_pwhash_str, interactive limits):
 * the self-describing hash string, arena memory. 0, or -1 if out of memory.
 */
int			 tok_password_hash(struct arena *a, const char *password, size_t len,
			    char **hash);

/*
 * 0 if password matches hash, else -1 (a malformed hash included). With
 * hash NULL it checks against a throwaway hash and returns -1, so an
 * unknown account costs the same time as a wrong password.
 */
int			 tok_password_check(const char *hash, const char *password, size_t len);

/*
 * Makes the throwaway hash tok_password_check uses for an unknown account
 * (one Argon2id run, 64 MiB for a moment), so the first unknown email a
 * process sees costs one run like any other, not two. rostra serve calls
 * it before the fork; every worker inherits a copy. 0, or -1 out of memory.
 */
int			 tok_password_prepare(void);

#endif
