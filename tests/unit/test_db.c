/* SPDX-License-Identifier: ISC — Rostra */
/*
 * What the database module builds without a database: array parameters.
 * PostgreSQL reads them back in the e2e tests; here their exact text, so a
 * quote or backslash in a reason can never end an element early.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "db/db_internal.h"

static void
text_arrays(void **state)
{
	const char *const plain[] = { "too_many_links", "held: 3 links, limit is 2" };
	const char *const tricky[] = { "say \"hi\"", "back\\slash", "{brace},comma", "" };
	struct arena	 a;

	(void)state;
	arena_init(&a);
	assert_string_equal(db_text_array(&a, NULL, 0), "{}");
	assert_string_equal(db_text_array(&a, plain, 2),
	    "{\"too_many_links\",\"held: 3 links, limit is 2\"}");
	assert_string_equal(db_text_array(&a, tricky, 4),
	    "{\"say \\\"hi\\\"\",\"back\\\\slash\",\"{brace},comma\",\"\"}");
	arena_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_arrays),
	};

	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
