/* SPDX-License-Identifier: ISC — Rostra */
/* Query-string splitting and percent-decoding behind query.h. */
#include <string.h>

#include "lib/query.h"

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s into arena memory; -1 on a broken escape. */
static int
query_decode(struct arena *a, const char *s, size_t len, const char **out, size_t *out_len)
{
	char	*d = arena_alloc(a, len + 1);
	size_t	 n = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			d[n++] = ' ';
		} else if (s[i] == '%') {
			int	 hi, lo;

			if (i + 2 >= len)
				return -1;
			if ((hi = hex_value(s[i + 1])) < 0 || (lo = hex_value(s[i + 2])) < 0)
				return -1;
			d[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			d[n++] = s[i];
		}
	}
	d[n] = '\0';
	*out = d;
	*out_len = n;
	return 0;
}

int
query_parse(struct arena *a, const char *qs, size_t len,
    struct query_param **params, size_t *n)
{
	struct query_param	*p;
	size_t			 count = 0, pairs = 1;
	const char		*s = qs, *end = qs + len;

	for (size_t i = 0; i < len; i++)
		if (qs[i] == '&')
			pairs++;
	if (pairs > QUERY_PARAMS_MAX)
		return -1;
	p = arena_alloc(a, pairs * sizeof(*p));
	while (s < end) {
		const char	*amp = memchr(s, '&', (size_t)(end - s));
		const char	*stop = amp != NULL ? amp : end;
		const char	*eq = memchr(s, '=', (size_t)(stop - s));
		const char	*name_end = eq != NULL ? eq : stop;

		if (stop > s) {
			if (query_decode(a, s, (size_t)(name_end - s), &p[count].name, &p[count].name_len) == -1)
				return -1;
			if (eq != NULL) {
				if (query_decode(a, eq + 1, (size_t)(stop - eq - 1),
				    &p[count].value, &p[count].value_len) == -1)
					return -1;
			} else {
				p[count].value = "";
				p[count].value_len = 0;
			}
			count++;
		}
		s = stop + 1;
	}
	*params = p;
	*n = count;
	return 0;
}

const char *
query_get(const struct query_param *params, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(params[i].name, name) == 0)
			return params[i].value;
	return NULL;
}
