/* SPDX-License-Identifier: ISC — Rostra */
/*
 * URL query strings ("a=1&b=x%20y") split into percent-decoded pairs.
 * Decoded text may hold any byte, NUL included: callers validate it.
 */
#ifndef ROSTRA_QUERY_H
#define ROSTRA_QUERY_H

#include <stddef.h>

#include "lib/arena.h"

#define QUERY_PARAMS_MAX	128

struct query_param {
	const char	*name;		/* arena memory, NUL-terminated */
	size_t		 name_len;
	const char	*value;		/* arena memory, NUL-terminated */
	size_t		 value_len;
};

/*
 * Splits qs (len bytes) into *params (arena memory) and *n. '+' means a
 * space. Returns 0, or -1 for a broken %-escape or more than
 * QUERY_PARAMS_MAX pairs.
 */
int	query_parse(struct arena *a, const char *qs, size_t len,
	    struct query_param **params, size_t *n);

/* The value of the first parameter named name among the n of params; NULL if none. */
const char	*query_get(const struct query_param *params, size_t n, const char *name);

#endif
