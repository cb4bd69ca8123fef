/* SPDX-License-Identifier: ISC — Rostra */
/* Parsing a posted comment: what is accepted verbatim, and the exact refusal for each bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fcgi/api/comment_input.h"

static struct arena	 a;
static struct config	 cfg;

static int
setup(void **state)
{
	(void)state;
	arena_init(&a);
	config_defaults(&cfg);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_release(&a);
	config_free(&cfg);
	return 0;
}

static enum err
parse(const char *body, struct comment_new *c, struct input_error *why)
{
	memset(why, 0, sizeof(*why));
	return comment_input_parse(&a, &cfg, body, strlen(body), c, why);
}

static void
accepts_and_keeps_text_verbatim(void **state)
{
	struct comment_new	 c;
	struct input_error	 why;

	(void)state;
	assert_int_equal(parse("{\"author_name\":\" Ada \",\"body\":\"<b>hi</b>\\n\\u00e9\\ud83d\\ude00\"}",
	    &c, &why), ERR_OK);
	assert_string_equal(c.author_name, " Ada ");
	assert_string_equal(c.body, "<b>hi</b>\n\xc3\xa9\xf0\x9f\x98\x80");
	assert_null(c.title);
	assert_null(c.url);
	assert_int_equal(parse(" {\"body\":\"b\",\"author_name\":\"n\",\"title\":\"T\","
	    "\"url\":\"https://news.example/x\"} \n", &c, &why), ERR_OK);
	assert_string_equal(c.title, "T");
	assert_string_equal(c.url, "https://news.example/x");
	assert_int_equal(parse("{\"author_name\":\"n\",\"body\":\"b\",\"title\":null}", &c, &why), ERR_OK);
	assert_null(c.title);
	/* A signed-in reader needs no name: the handler decides whether one is required. */
	assert_int_equal(parse("{\"body\":\"b\"}", &c, &why), ERR_OK);
	assert_null(c.author_name);
	/* Colons and escaped quotes inside strings are text, not members. */
	assert_int_equal(parse("{\"author_name\":\"a:b\",\"body\":\"say \\\"x\\\": \\\\u0000:\"}",
	    &c, &why), ERR_OK);
	assert_string_equal(c.author_name, "a:b");
	assert_string_equal(c.body, "say \"x\": \\u0000:");
	/* The largest id there can be is an id (the database says whether it is shown). */
	assert_int_equal(parse("{\"body\":\"b\",\"parent_id\":9223372036854775807}", &c, &why), ERR_OK);
	assert_true(c.parent_id == INT64_MAX);
}

struct bad_case {
	const char	*body;
	enum err	 code;
	const char	*field;
};

static void
refuses_bad_input_precisely(void **state)
{
	static const struct bad_case cases[] = {
		{ "", ERR_INVALID_JSON, NULL },
		{ "{", ERR_INVALID_JSON, NULL },
		{ "{\"author_name\":\"a\",\"body\":\"b\"} {}", ERR_INVALID_JSON, NULL },
		{ "{'author_name':'a'}", ERR_INVALID_JSON, NULL },
		{ "[\"a\"]", ERR_INVALID_JSON, NULL },
		{ "\"just a string\"", ERR_INVALID_JSON, NULL },
		{ "{\"author_name\":\"a\",\"body\":\"\xff\"}", ERR_INVALID_JSON, NULL },
		{ "{\"author_name\":\"a\",\"body\":\"\\ud800\"}", ERR_INVALID_UTF8, NULL },
		{ "{\"author_name\":\"a\",\"body\":\"\\udc00x\"}", ERR_INVALID_UTF8, NULL },
		{ "{\"author_name\":\"a\",\"body\":\"\\ud800\\u0041\"}", ERR_INVALID_UTF8, NULL },
		{ "{\"author_name\":\"a\"}", ERR_MISSING_FIELD, "body" },
		{ "{\"author_name\":\"a\",\"body\":null}", ERR_INVALID_FIELD, "body" },
		{ "{\"author_name\":\"a\",\"body\":\"\"}", ERR_EMPTY_FIELD, "body" },
		{ "{\"author_name\":\"\\t \",\"body\":\"b\"}", ERR_EMPTY_FIELD, "author_name" },
		{ "{\"author_name\":\"a\\nb\",\"body\":\"b\"}", ERR_INVALID_FIELD, "author_name" },
		{ "{\"author_name\":\"a\",\"body\":\"x\\u0000y\"}", ERR_INVALID_FIELD, "body" },
		{ "{\"author_name\":\"a\",\"body\":\"\\u001b[31m\"}", ERR_INVALID_FIELD, "body" },
		{ "{\"author_name\":7,\"body\":\"b\"}", ERR_INVALID_FIELD, "author_name" },
		{ "{\"author_name\":\"a\",\"body\":[\"b\"]}", ERR_INVALID_FIELD, "body" },
		{ "{\"author_name\":\"a\",\"body\":\"b\",\"url\":\"javascript:alert(1)\"}",
		    ERR_INVALID_FIELD, "url" },
		{ "{\"author_name\":\"a\",\"body\":\"b\",\"admin\":true}", ERR_UNKNOWN_FIELD, NULL },
		{ "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":1}}}}}}}}}",
		    ERR_INVALID_JSON, NULL },
		/* json-c would keep the last of two members, or cut a name at its NUL. */
		{ "{\"author_name\":\"a\",\"body\":\"kept?\",\"body\":\"b\"}", ERR_INVALID_JSON, NULL },
		{ "{\"author_name\":\"a\",\"author_name\":\"a\",\"body\":\"b\"}", ERR_INVALID_JSON, NULL },
		{ "{\"author_name\":\"a\",\"body\\u0000x\":\"b\"}", ERR_INVALID_JSON, NULL },
		{ "{\"author_name\":\"a\",\"body\":\"b\",\"body\\u0000\":\"c\"}", ERR_INVALID_JSON, NULL },
		{ "{\"author_name\":\"a\",\"body\":\"b\",\"title\":[{\"x\":1,\"x\":2}]}", ERR_INVALID_JSON, NULL },
		/* Past INT64_MAX json-c would hand back INT64_MAX: not the number sent. */
		{ "{\"body\":\"b\",\"parent_id\":9223372036854775808}", ERR_INVALID_FIELD, "parent_id" },
		{ "{\"body\":\"b\",\"parent_id\":18446744073709551616}", ERR_INVALID_FIELD, "parent_id" },
		{ "{\"body\":\"b\",\"parent_id\":99999999999999999999999999999}", ERR_INVALID_FIELD, "parent_id" },
		{ "{\"body\":\"b\",\"parent_id\":-9223372036854775809}", ERR_INVALID_FIELD, "parent_id" },
		{ "{\"body\":\"b\",\"parent_id\":1e400}", ERR_INVALID_FIELD, "parent_id" },
	};
	struct comment_new	 c;
	struct input_error	 why;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum err	 e = parse(cases[i].body, &c, &why);

		if (e != cases[i].code)
			fail_msg("case %zu (%s): got %d, want %d", i, cases[i].body, e, cases[i].code);
		assert_int_equal(why.code, e);
		assert_non_null(why.message);
		if (cases[i].field == NULL)
			assert_null(why.field);
		else
			assert_string_equal(why.field, cases[i].field);
	}
}

static void
limits_count_characters(void **state)
{
	struct comment_new	 c;
	struct input_error	 why;
	char			 body[256];

	(void)state;
	cfg.name_max = 3;
	/* Three two-byte characters fit a three-character limit. */
	assert_int_equal(parse("{\"author_name\":\"\xc3\xa9\xc3\xa9\xc3\xa9\",\"body\":\"b\"}", &c, &why), ERR_OK);
	assert_int_equal(parse("{\"author_name\":\"abcd\",\"body\":\"b\"}", &c, &why), ERR_FIELD_TOO_LONG);
	assert_string_equal(why.field, "author_name");
	assert_string_equal(why.message, "The name is longer than 3 characters.");
	assert_int_equal(why.max, 3);	/* sent as "max", for the embed's own words */
	assert_int_equal(why.min, 0);
	cfg.name_max = 64;
	cfg.comment_max = 5;
	snprintf(body, sizeof(body), "{\"author_name\":\"a\",\"body\":\"123456\"}");
	assert_int_equal(parse(body, &c, &why), ERR_FIELD_TOO_LONG);
	assert_string_equal(why.field, "body");
	assert_int_equal(why.max, 5);
	assert_int_equal(parse("{\"body\":\"\"}", &c, &why), ERR_EMPTY_FIELD);
	assert_int_equal(why.max, 0);	/* no limit broken, none said */
	cfg.comment_max = 10000;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_and_keeps_text_verbatim),
		cmocka_unit_test(refuses_bad_input_precisely),
		cmocka_unit_test(limits_count_characters),
	};

	return cmocka_run_group_tests_name("comment_input", tests, setup, teardown);
}
