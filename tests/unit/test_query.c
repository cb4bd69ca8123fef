/* SPDX-License-Identifier: ISC — Rostra */
/* Query strings: splitting, percent-decoding, '+', broken escapes, the pair limit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lib/query.h"

static void
splits_and_decodes(void **state)
{
	struct arena		 a;
	struct query_param	*p;
	size_t			 n;
	const char		*qs = "article=a%3Ab&article=c+d&flag&&empty=";

	(void)state;
	arena_init(&a);
	assert_int_equal(query_parse(&a, qs, strlen(qs), &p, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(p[0].name, "article");
	assert_string_equal(p[0].value, "a:b");
	assert_string_equal(p[1].value, "c d");
	assert_string_equal(p[2].name, "flag");
	assert_int_equal(p[2].value_len, 0);
	assert_string_equal(p[3].name, "empty");
	arena_release(&a);
}

static void
nul_is_kept_with_length(void **state)
{
	struct arena		 a;
	struct query_param	*p;
	size_t			 n;

	(void)state;
	arena_init(&a);
	assert_int_equal(query_parse(&a, "k=a%00b", 7, &p, &n), 0);
	assert_int_equal(p[0].value_len, 3);
	assert_int_equal(p[0].value[1], '\0');
	arena_release(&a);
}

static void
broken_escapes_fail(void **state)
{
	struct arena		 a;
	struct query_param	*p;
	size_t			 n;
	const char		*bad[] = { "k=%", "k=%4", "k=%zz", "%g1=v" };

	(void)state;
	arena_init(&a);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(query_parse(&a, bad[i], strlen(bad[i]), &p, &n), -1);
	arena_release(&a);
}

static void
too_many_pairs_fail(void **state)
{
	struct arena		 a;
	struct query_param	*p;
	size_t			 n;
	char			 qs[QUERY_PARAMS_MAX * 4 + 8] = "";

	(void)state;
	arena_init(&a);
	for (int i = 0; i <= QUERY_PARAMS_MAX; i++)
		strcat(qs, "a=1&");
	assert_int_equal(query_parse(&a, qs, strlen(qs), &p, &n), -1);
	assert_int_equal(query_parse(&a, "", 0, &p, &n), 0);
	assert_int_equal(n, 0);
	arena_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(splits_and_decodes),
		cmocka_unit_test(nul_is_kept_with_length),
		cmocka_unit_test(broken_escapes_fail),
		cmocka_unit_test(too_many_pairs_fail),
	};

	return cmocka_run_group_tests_name("query", tests, NULL, NULL);
}
