/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Space-separated lists ("a b  c"): the site's origins, a route's query
 * parameters and body members. One walker, so each caller only says what
 * an item means.
 */
#ifndef ROSTRA_LIST_H
#define ROSTRA_LIST_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The next item of the list at *p: *item and *len, and *p moves past it.
 * False when no item is left.
 */
bool	list_next(const char **p, const char **item, size_t *len);

/* True if the list holds s (len bytes) as one of its items. */
bool	list_has(const char *list, const char *s, size_t len);

#endif
