/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Per-request memory: one arena per request, released in one call when the
 * response has been sent. Allocation never fails: on out-of-memory the
 * worker aborts and the supervisor replaces it (bounded input keeps that rare).
 * Non-memory resources (a PGresult, a json_object) are registered as cleanups.
 */
#ifndef ROSTRA_ARENA_H
#define ROSTRA_ARENA_H

#include <stddef.h>

struct arena_chunk;
struct arena_cleanup;

struct arena {
	struct arena_chunk	*chunks;	/* newest first */
	struct arena_cleanup	*cleanups;	/* run newest first */
};

/* Empty arena; no allocation until first use. */
void	 arena_init(struct arena *a);

/* Frees every chunk and runs every cleanup; the arena can be reused. */
void	 arena_release(struct arena *a);

/* Arena memory, aligned for any type, never NULL. */
void	*arena_alloc(struct arena *a, size_t size);

/* Arena copy of len bytes plus a terminating NUL. */
char	*arena_strndup(struct arena *a, const char *s, size_t len);

/* Arena string built like printf. */
char	*arena_printf(struct arena *a, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Calls fn(arg) at arena_release, newest registration first. */
void	 arena_on_release(struct arena *a, void (*fn)(void *), void *arg);

#endif
