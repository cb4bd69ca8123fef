/* SPDX-License-Identifier: ISC — Rostra */
/* Article keys, reader text and URLs: what passes and what each failure is called. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/validate.h"

#define TEXT(s, multi, max)	validate_text(s, sizeof(s) - 1, multi, max)

static void
article_keys(void **state)
{
	char	 long_key[ARTICLE_KEY_MAX + 2];

	(void)state;
	assert_int_equal(validate_article_key("demo-golden-dome", 16), 0);
	assert_int_equal(validate_article_key("news:2026/1", 11), -1);
	assert_int_equal(validate_article_key("a.b_c~d:e-F9", 12), 0);
	assert_int_equal(validate_article_key("", 0), -1);
	assert_int_equal(validate_article_key("a b", 3), -1);
	assert_int_equal(validate_article_key("a%20b", 5), -1);
	assert_int_equal(validate_article_key("a\0b", 3), -1);
	assert_int_equal(validate_article_key("caf\xc3\xa9", 5), -1);
	memset(long_key, 'k', sizeof(long_key));
	assert_int_equal(validate_article_key(long_key, ARTICLE_KEY_MAX), 0);
	assert_int_equal(validate_article_key(long_key, ARTICLE_KEY_MAX + 1), -1);
}

static void
text(void **state)
{
	(void)state;
	assert_int_equal(TEXT("Ada", false, 64), ERR_OK);
	assert_int_equal(TEXT("Zo\xc3\xab \xf0\x9f\x98\x80", false, 64), ERR_OK);
	assert_int_equal(TEXT("line\nline\ttab", true, 64), ERR_OK);
	assert_int_equal(TEXT("line\nline", false, 64), ERR_INVALID_FIELD);
	assert_int_equal(TEXT("bell\x07", true, 64), ERR_INVALID_FIELD);
	assert_int_equal(TEXT("nul\0x", true, 64), ERR_INVALID_FIELD);
	assert_int_equal(TEXT("", true, 64), ERR_EMPTY_FIELD);
	assert_int_equal(TEXT(" \n\t\xe2\x80\x83", true, 64), ERR_EMPTY_FIELD);
	assert_int_equal(TEXT("\xff", true, 64), ERR_INVALID_UTF8);
	assert_int_equal(TEXT("\xc3", true, 64), ERR_INVALID_UTF8);
	assert_int_equal(TEXT("\xed\xa0\x80", true, 64), ERR_INVALID_UTF8);	/* surrogate */
	assert_int_equal(TEXT("\xc0\xaf", true, 64), ERR_INVALID_UTF8);	/* overlong */
	/* Limits count characters, not bytes. */
	assert_int_equal(TEXT("\xc3\xa9\xc3\xa9\xc3\xa9", false, 3), ERR_OK);
	assert_int_equal(TEXT("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", false, 3), ERR_FIELD_TOO_LONG);
}

static void
urls(void **state)
{
	(void)state;
	assert_int_equal(validate_url("https://news.example/a?b=1", 26), 0);
	assert_int_equal(validate_url("HTTP://x", 8), 0);
	assert_int_equal(validate_url("javascript:alert(1)", 19), -1);
	assert_int_equal(validate_url("https://", 8), -1);
	assert_int_equal(validate_url("https:///path", 13), -1);
	assert_int_equal(validate_url("https://a b", 11), -1);
	assert_int_equal(validate_url("https://\xc3\xa9", 10), -1);
}

/* Ids in paths and queries: digits only, positive, no overflow. */
static void
ids(void **state)
{
	(void)state;
	assert_int_equal(validate_id("42", 2), 42);
	assert_int_equal(validate_id("000000000000000007", 18), 7);
	assert_int_equal(validate_id("999999999999999999", 18), 999999999999999999LL);
	assert_int_equal(validate_id("1000000000000000000", 19), -1);
	assert_int_equal(validate_id("0", 1), -1);
	assert_int_equal(validate_id("", 0), -1);
	assert_int_equal(validate_id("-3", 2), -1);
	assert_int_equal(validate_id("4x", 2), -1);
	assert_int_equal(validate_id("12", 1), 1);	/* only len bytes are read */
}

/* An Idempotency-Key: what a client may retry a post with, and nothing else. */
static void
idempotency_keys(void **state)
{
	(void)state;
	assert_int_equal(validate_idempotency_key("0123456789abcdef"), 0);
	assert_int_equal(validate_idempotency_key("post-2026_01-01-0000000000000000000000000000000000000000000000000"), -1);
	assert_int_equal(validate_idempotency_key("post-2026_01-01-000000000000000000000000000000000000000000000000"), 0);
	assert_int_equal(validate_idempotency_key("0123456789abcde"), -1);
	assert_int_equal(validate_idempotency_key("0123456789abcdef "), -1);
	assert_int_equal(validate_idempotency_key("0123456789abcdef;x"), -1);
	assert_int_equal(validate_idempotency_key(""), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(article_keys),
		cmocka_unit_test(text),
		cmocka_unit_test(urls),
		cmocka_unit_test(ids),
		cmocka_unit_test(idempotency_keys),
	};

	return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
