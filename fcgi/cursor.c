/* SPDX-License-Identifier: ISC — Rostra */
/* Cursor format 1: "1." followed by the decimal id, no sign, no leading zero. */
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>

#include "cursor.h"

void
cursor_encode(int64_t id, char buf[CURSOR_LEN_MAX])
{
	assert(id > 0);
	snprintf(buf, CURSOR_LEN_MAX, "1.%" PRId64, id);
}

int
cursor_decode(const char *s, size_t len, int64_t *id)
{
	int64_t	 n = 0;

	if (len < 3 || len > 21 || s[0] != '1' || s[1] != '.' || s[2] == '0')
		return -1;
	for (size_t i = 2; i < len; i++) {
		int	 digit = s[i] - '0';

		if (digit < 0 || digit > 9 || n > (INT64_MAX - digit) / 10)
			return -1;
		n = n * 10 + digit;
	}
	*id = n;
	return 0;
}
