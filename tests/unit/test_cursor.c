/* SPDX-License-Identifier: ISC — Rostra */
/* Cursors round-trip and anything we did not issue is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cursor.h"

static void
round_trip(void **state)
{
	const int64_t	 ids[] = { 1, 9, 10, 123456789, INT64_MAX };
	char		 buf[CURSOR_LEN_MAX];
	int64_t		 back;

	(void)state;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		cursor_encode(ids[i], buf);
		assert_int_equal(cursor_decode(buf, strlen(buf), &back), 0);
		assert_true(back == ids[i]);
	}
}

static void
refuses_forgeries(void **state)
{
	const char	*bad[] = { "", "1.", "1.0", "1.01", "2.5", "1.-5", "1.5x", "15",
	    "1.9223372036854775808", "1.99999999999999999999", "1. 5" };
	int64_t		 id;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(cursor_decode(bad[i], strlen(bad[i]), &id), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(refuses_forgeries),
	};

	return cmocka_run_group_tests_name("cursor", tests, NULL, NULL);
}
