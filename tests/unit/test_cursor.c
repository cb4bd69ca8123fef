/* SPDX-License-Identifier: ISC — Rostra */
/* Cursors round-trip and anything we did not issue is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/cursor.h"

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

static void
keyed_round_trip(void **state)
{
	const int64_t	 keys[] = { 0, 1, 10, 2147483647, INT64_MAX };
	const int64_t	 ids[] = { 1, 9, 10, 123456789, INT64_MAX };
	char		 buf[CURSOR_LEN_MAX];
	int64_t		 key, id;

	(void)state;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		for (size_t j = 0; j < sizeof(ids) / sizeof(ids[0]); j++) {
			cursor_encode_keyed(keys[i], ids[j], buf);
			assert_int_equal(cursor_decode_keyed(buf, strlen(buf), &key, &id), 0);
			assert_true(key == keys[i] && id == ids[j]);
			/* One format is never read as the other. */
			assert_int_equal(cursor_decode(buf, strlen(buf), &id), -1);
		}
	cursor_encode(5, buf);
	assert_int_equal(cursor_decode_keyed(buf, strlen(buf), &key, &id), -1);
}

static void
keyed_refuses_forgeries(void **state)
{
	const char	*bad[] = { "", "2.", "2..", "2.1.", "2..1", "2.1.0", "2.01.5", "2.1.05",
	    "2.-1.5", "2.1.5.6", "2.1.5x", "2.9223372036854775808.1", "1.1.1", "2.1 .5" };
	int64_t		 key, id;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(cursor_decode_keyed(bad[i], strlen(bad[i]), &key, &id), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(refuses_forgeries),
		cmocka_unit_test(keyed_round_trip),
		cmocka_unit_test(keyed_refuses_forgeries),
	};

	return cmocka_run_group_tests_name("cursor", tests, NULL, NULL);
}
