/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The one name rule: a display name is compared by its key (words_key, the
 * word filter's folding), wherever a name is set: guest, rename, sign-up,
 * single sign-on, the CLI, and rostra migrate filling older rows. The SQL
 * that compares keys is in db_stmt.c (NAME_HELD); this file only computes.
 */
#ifndef ROSTRA_NAME_H
#define ROSTRA_NAME_H

#include <stddef.h>

#include "lib/arena.h"

#define NAME_VARIANTS	9	/* a single sign-on name and its 8 distinguished forms */

/*
 * The key of name (NUL-terminated UTF-8) into *key, arena memory. A name
 * with no letter or digit is its own key, behind a '=' no folded key
 * starts with. Returns 0, or -1 on out of memory.
 */
int	name_key(struct arena *a, const char *name, const char **key);

/*
 * The forms a single sign-on name may take, in order of preference, with
 * their keys, all arena memory: name itself, then name shortened as needed
 * to stay within max characters and followed by " (2)" … " (9)". The
 * first whose key no other identity holds is the one shown (the database
 * picks it); past all of them, the last is used. Returns 0, or -1 on out
 * of memory.
 */
int	name_variants(struct arena *a, const char *name, size_t max,
	    const char *names[NAME_VARIANTS], const char *keys[NAME_VARIANTS]);

#endif
