/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The JSON writer: exact output for nesting and commas, and every string
 * read back unchanged by json-c (an independent parser) whatever bytes it held.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "lib/jsonw.h"

static const char *
text(struct arena *a, const struct jsonw *w)
{
	return arena_strndup(a, w->buf, w->len);
}

static void
structure_and_commas(void **state)
{
	struct arena	 a;
	struct jsonw	 w;

	(void)state;
	arena_init(&a);
	jsonw_init(&w, &a, 1);	/* tiny hint: the buffer must grow */
	jsonw_object_begin(&w);
	jsonw_key(&w, "a");
	jsonw_int(&w, 1);
	jsonw_key(&w, "list");
	jsonw_array_begin(&w);
	jsonw_int(&w, INT64_MIN);
	jsonw_null(&w);
	jsonw_object_begin(&w);
	jsonw_object_end(&w);
	jsonw_array_begin(&w);
	jsonw_array_end(&w);
	jsonw_cstring(&w, "x");
	jsonw_array_end(&w);
	jsonw_key(&w, "z");
	jsonw_int(&w, INT64_MAX);
	jsonw_object_end(&w);
	assert_int_equal(w.depth, 0);
	assert_string_equal(text(&a, &w),
	    "{\"a\":1,\"list\":[-9223372036854775808,null,{},[],\"x\"],\"z\":9223372036854775807}");
	arena_release(&a);
}

static void
escapes(void **state)
{
	struct arena	 a;
	struct jsonw	 w;
	static const char s[] = "q\" b\\ n\n r\r t\t nul\0 esc\x1b del\x7f <b>&amp;</b> \xc3\xa9 \xe2\x80\xa8 /";

	(void)state;
	arena_init(&a);
	jsonw_init(&w, &a, 8);
	jsonw_string(&w, s, sizeof(s) - 1);
	assert_string_equal(text(&a, &w),
	    "\"q\\\" b\\\\ n\\n r\\r t\\t nul\\u0000 esc\\u001b del\x7f <b>&amp;</b> \xc3\xa9 \xe2\x80\xa8 /\"");
	arena_release(&a);
}

/* Every byte below 0x80, then long valid UTF-8, survive a round trip through json-c. */
static void
round_trip_through_json_c(void **state)
{
	struct arena		 a;
	struct jsonw		 w;
	char			 all[128], big[30000];
	struct json_object	*back;

	(void)state;
	arena_init(&a);
	for (int i = 0; i < 128; i++)
		all[i] = (char)i;
	for (size_t i = 0; i + 2 < sizeof(big); i += 3)
		memcpy(big + i, i % 2 ? "\xe2\x82\xac" : "a\"\n", 3);
	const struct { const char *s; size_t len; } cases[] = {
		{ all, sizeof(all) }, { big, sizeof(big) - sizeof(big) % 3 }, { "", 0 },
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		jsonw_init(&w, &a, 16);
		jsonw_array_begin(&w);
		jsonw_string(&w, cases[c].s, cases[c].len);
		jsonw_array_end(&w);
		back = json_tokener_parse(text(&a, &w));
		assert_non_null(back);
		assert_int_equal(json_object_get_string_len(json_object_array_get_idx(back, 0)),
		    cases[c].len);
		assert_memory_equal(json_object_get_string(json_object_array_get_idx(back, 0)),
		    cases[c].s, cases[c].len);
		json_object_put(back);
	}
	arena_release(&a);
}

/* Booleans and JSON from PostgreSQL take their place among the commas like any value. */
static void
booleans_and_embedded_json(void **state)
{
	struct arena	 a;
	struct jsonw	 w;

	(void)state;
	arena_init(&a);
	jsonw_init(&w, &a, 4);
	jsonw_array_begin(&w);
	jsonw_bool(&w, true);
	jsonw_json(&w, "{\"a\" : [1]}", 11);
	jsonw_bool(&w, false);
	jsonw_object_begin(&w);
	jsonw_key(&w, "x");
	jsonw_json(&w, "null", 4);
	jsonw_object_end(&w);
	jsonw_array_end(&w);
	assert_string_equal(text(&a, &w), "[true,{\"a\" : [1]},false,{\"x\":null}]");
	arena_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(structure_and_commas),
		cmocka_unit_test(escapes),
		cmocka_unit_test(round_trip_through_json_c),
		cmocka_unit_test(booleans_and_embedded_json),
	};

	return cmocka_run_group_tests_name("jsonw", tests, NULL, NULL);
}
