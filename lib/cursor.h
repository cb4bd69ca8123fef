/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Paging cursors: an opaque string naming the last comment of a page (its
 * position in the thread, and for orders by a count, that count too).
 * Clients must not build or parse them; the leading version lets the format
 * change without breaking links already handed out.
 */
#ifndef ROSTRA_CURSOR_H
#define ROSTRA_CURSOR_H

#include <stddef.h>
#include <stdint.h>

#define CURSOR_LEN_MAX	48	/* "2." + 19 digits + "." + 19 digits + NUL, rounded up */

/* Writes the cursor after thread position id (> 0) into buf (CURSOR_LEN_MAX bytes). */
void	cursor_encode(int64_t id, char buf[CURSOR_LEN_MAX]);

/* Decodes s (len bytes) into *id. Returns 0, or -1 if s is not a cursor we issue. */
int	cursor_decode(const char *s, size_t len, int64_t *id);

/*
 * Writes the cursor after a comment with count key (>= 0) at thread position
 * id (> 0), for orders by reactions or replies.
 */
void	cursor_encode_keyed(int64_t key, int64_t id, char buf[CURSOR_LEN_MAX]);

/* Decodes a keyed cursor; 0, or -1 if s is not one we issue. */
int	cursor_decode_keyed(const char *s, size_t len, int64_t *key, int64_t *id);

#endif
