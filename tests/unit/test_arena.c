/* SPDX-License-Identifier: ISC — Rostra */
/* Arena: alignment, big allocations, cleanups run newest first, reuse after release. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/arena.h"

static void
alloc_is_aligned_and_distinct(void **state)
{
	struct arena	 a;
	char		*p, *q;

	(void)state;
	arena_init(&a);
	p = arena_alloc(&a, 3);
	q = arena_alloc(&a, 5);
	assert_true((uintptr_t)p % _Alignof(max_align_t) == 0);
	assert_true((uintptr_t)q % _Alignof(max_align_t) == 0);
	assert_true(q >= p + 3 || p >= q + 5);
	memset(p, 'x', 3);
	memset(q, 'y', 5);
	assert_int_equal(p[2], 'x');
	arena_release(&a);
}

static void
big_allocation_keeps_small_chunk(void **state)
{
	struct arena	 a;
	char		*small, *big, *after;

	(void)state;
	arena_init(&a);
	small = arena_alloc(&a, 16);
	big = arena_alloc(&a, 1 << 20);
	memset(big, 1, 1 << 20);
	after = arena_alloc(&a, 16);
	/* The next small allocation still comes from the first chunk. */
	assert_ptr_equal(after, small + 16);
	arena_release(&a);
}

static int	order[3], norder;

static void
record(void *arg)
{
	order[norder++] = *(int *)arg;
}

static void
cleanups_run_newest_first(void **state)
{
	struct arena	 a;
	static int	 one = 1, two = 2, three = 3;

	(void)state;
	norder = 0;
	arena_init(&a);
	arena_on_release(&a, record, &one);
	arena_on_release(&a, record, &two);
	arena_on_release(&a, record, &three);
	arena_release(&a);
	assert_int_equal(norder, 3);
	assert_int_equal(order[0], 3);
	assert_int_equal(order[2], 1);
	/* Reusable, and a second release runs nothing twice. */
	arena_release(&a);
	assert_int_equal(norder, 3);
}

static void
strings(void **state)
{
	struct arena	 a;

	(void)state;
	arena_init(&a);
	assert_string_equal(arena_strndup(&a, "hello world", 5), "hello");
	assert_string_equal(arena_printf(&a, "%d-%s", 42, "x"), "42-x");
	arena_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alloc_is_aligned_and_distinct),
		cmocka_unit_test(big_allocation_keeps_small_chunk),
		cmocka_unit_test(cleanups_run_newest_first),
		cmocka_unit_test(strings),
	};

	return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
