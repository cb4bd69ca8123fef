/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Cursor format 1: "1." and the decimal id. Format 2: "2.", the decimal key,
 * "." and the decimal id. No signs, no leading zeros (a key of 0 is "0").
 */
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/cursor.h"

/* Reads the decimal number s[0..len) into *n; -1 unless it is one we write. */
static int
cursor_number(const char *s, size_t len, int64_t *n)
{
	*n = 0;
	if (len == 0 || len > 19 || (s[0] == '0' && len > 1))
		return -1;
	for (size_t i = 0; i < len; i++) {
		int	 digit = s[i] - '0';

		if (digit < 0 || digit > 9 || *n > (INT64_MAX - digit) / 10)
			return -1;
		*n = *n * 10 + digit;
	}
	return 0;
}

void
cursor_encode(int64_t id, char buf[CURSOR_LEN_MAX])
{
	assert(id > 0);
	snprintf(buf, CURSOR_LEN_MAX, "1.%" PRId64, id);
}

int
cursor_decode(const char *s, size_t len, int64_t *id)
{
	if (len < 3 || s[0] != '1' || s[1] != '.' || cursor_number(s + 2, len - 2, id) == -1 ||
	    *id == 0)
		return -1;
	return 0;
}

void
cursor_encode_keyed(int64_t key, int64_t id, char buf[CURSOR_LEN_MAX])
{
	assert(key >= 0 && id > 0);
	snprintf(buf, CURSOR_LEN_MAX, "2.%" PRId64 ".%" PRId64, key, id);
}

int
cursor_decode_keyed(const char *s, size_t len, int64_t *key, int64_t *id)
{
	const char	*dot;

	if (len < 5 || s[0] != '2' || s[1] != '.' ||
	    (dot = memchr(s + 2, '.', len - 2)) == NULL ||
	    cursor_number(s + 2, (size_t)(dot - s - 2), key) == -1 ||
	    cursor_number(dot + 1, len - (size_t)(dot + 1 - s), id) == -1 || *id == 0)
		return -1;
	return 0;
}
