/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The session-signing key ring: one current key that signs, retired keys
 * that still verify until dropped, kept in one 0600 text file (format at
 * the top of keyring.c). main opens it before the fork; the command line
 * rotates and drops keys. Keys go through token.h; nothing here logs.
 */
#ifndef ROSTRA_KEYRING_H
#define ROSTRA_KEYRING_H

#include <stddef.h>

#include "lib/token.h"

#define KEYRING_KID_LEN	16	/* lower-case hex digits in a key id */

struct keyring;

/*
 * Loads the key ring at path, or creates it with one new current key if it
 * does not exist (its directory must). Refuses a file that group or others
 * may access, a malformed line, no current key or two, a duplicate kid.
 * Returns the ring, which the caller frees with keyring_free, or NULL after
 * writing "path[:line]: reason" into err (size errlen); never a secret.
 */
struct keyring		*keyring_open(const char *path, char *err, size_t errlen);

/* Wipes every secret and frees kr; NULL is fine. */
void			 keyring_free(struct keyring *kr);

/*
 * The key that signs new tokens; its id (KEYRING_KID_LEN hex digits,
 * NUL-terminated) in *kid if kid is not NULL. Both belong to kr.
 */
const struct tok_secret	*keyring_current(const struct keyring *kr, const char **kid);

/*
 * The public half of the current or a retired key with id kid, owned by kr;
 * NULL if kid is unknown (a dropped key's tokens are thereby refused).
 */
const struct tok_public	*keyring_public(const struct keyring *kr, const char *kid);

/*
 * Adds a new current key to the file at path; the old current one is
 * retired, so tokens it signed still verify. The new id goes to newkid
 * (at least KEYRING_KID_LEN + 1 bytes). The file is replaced atomically
 * (0600 temporary file in the same directory, fsync, rename) and keeps its
 * owner when run as root. A daemon already running sees the change only
 * when it opens the ring again. Returns 0, or -1 with err as keyring_open.
 */
int			 keyring_rotate(const char *path, char *newkid, size_t newkid_size,
			    char *err, size_t errlen);

/*
 * Removes the retired key kid from the file at path, atomically as
 * keyring_rotate, so its tokens stop verifying. Refuses the current key and
 * an unknown kid. Returns 0, or -1 with err as keyring_open.
 */
int			 keyring_drop(const char *path, const char *kid, char *err, size_t errlen);

#endif
