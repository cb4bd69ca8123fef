/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Banned and suspect words for the moderation policy: a word list compiled
 * once, then looked for in comment text, seeing through case, accents,
 * spelled-out letters, repeated letters and look-alike characters (the rules
 * are at the top of words.c). Pure: no I/O, no SQL, no HTTP. A compiled list
 * is read-only, so threads may share it without locks.
 */
#ifndef ROSTRA_WORDS_H
#define ROSTRA_WORDS_H

#include <stddef.h>

#define WORDS_ENTRY_MAX	256	/* bytes in one list entry, blanks around it excluded */

struct words;

/*
 * Compiles a word list of len bytes: one entry per line, an entry may be
 * several words ("kill yourself"); blank lines and lines whose first
 * non-blank character is '#' are ignored, and blanks around an entry are
 * trimmed. An empty list is valid and matches nothing. Returns the list,
 * which the caller frees with words_free, or NULL after writing
 * "line N: reason" into err (size errlen) for invalid UTF-8, a NUL byte, an
 * entry longer than WORDS_ENTRY_MAX or one with no letter or digit left
 * once normalized; "out of memory" if an allocation failed.
 */
struct words	*words_compile(const char *list, size_t len, char *err, size_t errlen);

/* Frees w and the entries words_match handed out; NULL is ignored. */
void		 words_free(struct words *w);

/* The number of entries in w. */
size_t		 words_count(const struct words *w);

/*
 * Looks for w's entries in text, len bytes of UTF-8 (should an invalid byte
 * slip through, it reads as U+FFFD). Returns 1 and points *entry at the entry
 * as written in the list (trimmed; memory owned by w, valid until
 * words_free): of the matches, the one starting first in the text, and of
 * those starting there the entry listed first. Returns 0 with *entry NULL
 * if nothing matches, and -1 with *entry NULL on out of memory only.
 */
int		 words_match(const struct words *w, const char *text, size_t len,
		    const char **entry);

/*
 * words_match, also adding to *steps the letters its walks visited: the
 * work it did, which tests hold to a bound in the text's length.
 */
int		 words_match_steps(const struct words *w, const char *text, size_t len,
		    const char **entry, size_t *steps);

/*
 * The key of text (len bytes of UTF-8) under the same rules as words_match
 * (1 folding, 2 pieces, 4 look-alikes; not 5, repeats stay): its pieces in
 * matching form joined by one space, as UTF-8. Two texts with one key read
 * alike to a reader ("Jane Moderator", "jane  MODERATOR", "Jane
 * Moder4tor" with a Cyrillic а, "Jane.Moderator"), which is what keeps a name from passing
 * for another. "" if text has no letter, digit or look-alike symbol.
 * Returns 0 with *key malloc'ed (caller frees) and *keylen its length
 * without the NUL, or -1 on out of memory.
 */
int		 words_key(const char *text, size_t len, char **key, size_t *keylen);

#endif
