/* SPDX-License-Identifier: ISC — Rostra */
#include <string.h>

#include "lib/list.h"

bool
list_next(const char **p, const char **item, size_t *len)
{
	const char	*s = *p;

	while (*s == ' ')
		s++;
	if (*s == '\0') {
		*p = s;
		return false;
	}
	*item = s;
	*len = strcspn(s, " ");
	*p = s + *len;
	return true;
}

bool
list_has(const char *list, const char *s, size_t len)
{
	const char	*item;
	size_t		 n;

	while (list_next(&list, &item, &n))
		if (n == len && memcmp(item, s, len) == 0)
			return true;
	return false;
}
