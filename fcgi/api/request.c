/* SPDX-License-Identifier: ISC — Rostra */
/* Method names, indexed by enum method, and the Content-Length parser. */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "fcgi/api/request.h"

static const char *const method_names[METHOD__MAX] = {
	[METHOD_GET] = "GET",
	[METHOD_HEAD] = "HEAD",
	[METHOD_POST] = "POST",
	[METHOD_PUT] = "PUT",
	[METHOD_PATCH] = "PATCH",
	[METHOD_DELETE] = "DELETE",
	[METHOD_OPTIONS] = "OPTIONS",
	[METHOD_OTHER] = "OTHER",
};

enum method
request_method_parse(const char *name)
{
	for (int m = 0; m < METHOD_OTHER; m++)
		if (strcmp(name, method_names[m]) == 0)
			return (enum method)m;
	return METHOD_OTHER;
}

const char *
request_method_name(enum method m)
{
	assert(m >= 0 && m < METHOD__MAX);
	return method_names[m];
}

int
request_method_changes_state(enum method m)
{
	return m != METHOD_GET && m != METHOD_HEAD && m != METHOD_OPTIONS;
}

int
request_length_parse(const char *s, size_t *len)
{
	size_t	 n = 0;

	if (s == NULL || *s == '\0') {
		*len = 0;
		return 0;
	}
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || n > (SIZE_MAX - 9) / 10)
			return -1;
		n = n * 10 + (size_t)(*s - '0');
	}
	*len = n;
	return 0;
}
