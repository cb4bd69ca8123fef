/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Bump allocator over a list of chunks. Requests are small and short, so
 * nothing is freed before arena_release. Large allocations get a chunk of
 * their own so a big body does not waste a standard chunk.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/fault.h"

#define ARENA_CHUNK_SIZE	(16 * 1024)

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 used;
	size_t			 size;
	max_align_t		 data[];
};

struct arena_cleanup {
	struct arena_cleanup	*next;
	void			(*fn)(void *);
	void			*arg;
};

void
arena_init(struct arena *a)
{
	a->chunks = NULL;
	a->cleanups = NULL;
}

void
arena_release(struct arena *a)
{
	while (a->cleanups != NULL) {
		struct arena_cleanup *c = a->cleanups;

		a->cleanups = c->next;
		c->fn(c->arg);
	}
	while (a->chunks != NULL) {
		struct arena_chunk *c = a->chunks;

		a->chunks = c->next;
		free(c);
	}
}

static _Noreturn void
arena_oom(void)
{
	fputs("rostra: out of memory\n", stderr);
	abort();
}

static void *
xmalloc(size_t size)
{
	void	*p = malloc(size);

	if (p == NULL)
		arena_oom();
	return p;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	const size_t		 align = _Alignof(max_align_t);
	struct arena_chunk	*c = a->chunks;
	size_t			 need;

	assert(size < SIZE_MAX / 2);
	/* Any call may be the one that needs a new chunk, so each may fail. */
	if (fault_hit(FAULT_ALLOC))
		arena_oom();
	need = (size + align - 1) / align * align;
	if (need == 0)
		need = align;
	if (c == NULL || c->size - c->used < need) {
		size_t	 size_new = need > ARENA_CHUNK_SIZE ? need : ARENA_CHUNK_SIZE;

		c = xmalloc(sizeof(*c) + size_new);
		c->used = 0;
		c->size = size_new;
		/* A private big chunk goes behind the current one, which keeps its free space. */
		if (need > ARENA_CHUNK_SIZE && a->chunks != NULL) {
			c->next = a->chunks->next;
			a->chunks->next = c;
		} else {
			c->next = a->chunks;
			a->chunks = c;
		}
	}
	c->used += need;
	return (char *)c->data + c->used - need;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char	*p = arena_alloc(a, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	int	 len;
	char	*p;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	assert(len >= 0);
	p = arena_alloc(a, (size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
arena_on_release(struct arena *a, void (*fn)(void *), void *arg)
{
	struct arena_cleanup	*c = arena_alloc(a, sizeof(*c));

	c->fn = fn;
	c->arg = arg;
	c->next = a->cleanups;
	a->cleanups = c;
}
