/* SPDX-License-Identifier: ISC — Rostra */
/* Response building: error bodies (golden), escaping, ETags and 304s. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fcgi/api/out.h"
#include "lib/status.h"

static void
error_body_is_exact(void **state)
{
	struct arena	 a;
	struct response	 res;

	(void)state;
	arena_init(&a);
	out_init(&res, &a);
	assert_int_equal(out_fail(&res, ERR_EMPTY_FIELD, "body", "body must not be empty."),
	    ERR_EMPTY_FIELD);
	assert_int_equal(res.status, 400);
	assert_memory_equal(res.body,
	    "{\"error\":{\"code\":\"empty_field\",\"message\":\"body must not be empty.\",\"field\":\"body\"}}",
	    res.body_len);
	assert_int_equal(res.body_len, strlen(
	    "{\"error\":{\"code\":\"empty_field\",\"message\":\"body must not be empty.\",\"field\":\"body\"}}"));
	assert_string_equal(out_header_get(&res, "Content-Type"), "application/json; charset=utf-8");
	assert_string_equal(out_header_get(&res, "Cache-Control"), "no-store");
	arena_release(&a);
}

/* The limit a field broke travels with the error, for clients' own words. */
static void
fail_limit_adds_min_and_max(void **state)
{
	struct arena	 a;
	struct response	 res;
	const char	*want = "{\"error\":{\"code\":\"field_too_long\",\"message\":\"Too long.\","
	    "\"field\":\"body\",\"max\":10000}}";

	(void)state;
	arena_init(&a);
	out_init(&res, &a);
	assert_int_equal(out_fail_limit(&res, ERR_FIELD_TOO_LONG, "body", "Too long.", 0, 10000),
	    ERR_FIELD_TOO_LONG);
	assert_int_equal(res.body_len, strlen(want));
	assert_memory_equal(res.body, want, res.body_len);
	want = "{\"error\":{\"code\":\"invalid_field\",\"message\":\"Short.\","
	    "\"field\":\"password\",\"min\":10}}";
	out_init(&res, &a);
	out_fail_limit(&res, ERR_INVALID_FIELD, "password", "Short.", 10, 0);
	assert_int_equal(res.body_len, strlen(want));
	assert_memory_equal(res.body, want, res.body_len);
	arena_release(&a);
}

static void
every_error_has_code_status_and_message(void **state)
{
	(void)state;
	for (int e = 1; e < ERR__MAX; e++) {
		assert_true(err_status((enum err)e) >= 400);
		assert_true(strlen(err_code((enum err)e)) > 0);
		assert_true(strlen(err_message((enum err)e)) > 0);
	}
}

static void
fail_keeps_allow_only(void **state)
{
	struct arena	 a;
	struct response	 res;

	(void)state;
	arena_init(&a);
	out_init(&res, &a);
	out_header(&res, "ETag", "\"x\"");
	out_header(&res, "Allow", "GET, HEAD");
	out_fail(&res, ERR_METHOD_NOT_ALLOWED, NULL, NULL);
	assert_int_equal(res.status, 405);
	assert_null(out_header_get(&res, "ETag"));
	assert_string_equal(out_header_get(&res, "Allow"), "GET, HEAD");
	assert_non_null(strstr(arena_strndup(&a, res.body, res.body_len), "\"code\":\"method_not_allowed\""));
	arena_release(&a);
}

/* A body of the given text as one JSON string. */
static void
body_of(struct response *res, struct arena *a, const char *text)
{
	struct jsonw	 w;

	jsonw_init(&w, a, 16);
	jsonw_cstring(&w, text);
	out_json(res, 200, &w);
}

static void
etag_and_not_modified(void **state)
{
	struct arena	 a;
	struct response	 res;
	const char	*etag;
	char		 weak[64], list[128];

	(void)state;
	arena_init(&a);
	out_init(&res, &a);
	body_of(&res, &a, "same bytes");
	out_public(&res, 1, NULL);
	etag = out_header_get(&res, "ETag");
	assert_non_null(etag);
	assert_int_equal(res.status, 200);
	assert_string_equal(out_header_get(&res, "Cache-Control"),
	    "public, max-age=0, s-maxage=1, stale-while-revalidate=1");

	/* nginx's gzip weakens ETags; a weak match still counts for If-None-Match. */
	snprintf(weak, sizeof(weak), "W/%s", etag);
	snprintf(list, sizeof(list), "\"other\", %s", weak);
	assert_true(out_etag_listed(etag, etag));
	assert_true(out_etag_listed(list, etag));
	assert_true(out_etag_listed("*", etag));
	assert_false(out_etag_listed("\"other\"", etag));
	assert_false(out_etag_listed("garbage", etag));
	assert_false(out_etag_listed("\"unterminated", etag));

	out_init(&res, &a);
	body_of(&res, &a, "same bytes");
	out_public(&res, 1, weak);
	assert_int_equal(res.status, 304);
	assert_int_equal(res.body_len, 0);

	out_init(&res, &a);
	body_of(&res, &a, "other bytes");
	out_public(&res, 1, weak);
	assert_int_equal(res.status, 200);
	assert_string_not_equal(out_header_get(&res, "ETag"), etag);
	arena_release(&a);
}

/* One status table: every error's status has its own row and reason phrase. */
static void
every_error_status_is_in_the_status_table(void **state)
{
	(void)state;
	for (int e = 0; e < ERR__MAX; e++) {
		int	 st = err_status((enum err)e);

		assert_int_not_equal(status_row(st), STATUS_ROWS - 1);
		assert_int_equal(status_of_row(status_row(st)), st);
		assert_string_not_equal(status_reason(st), "Unknown");
	}
	assert_int_equal(status_row(299), STATUS_ROWS - 1);
	assert_int_equal(status_of_row(STATUS_ROWS - 1), 0);
	assert_string_equal(status_reason(304), "Not Modified");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(error_body_is_exact),
		cmocka_unit_test(fail_limit_adds_min_and_max),
		cmocka_unit_test(every_error_has_code_status_and_message),
		cmocka_unit_test(every_error_status_is_in_the_status_table),
		cmocka_unit_test(fail_keeps_allow_only),
		cmocka_unit_test(etag_and_not_modified),
	};

	return cmocka_run_group_tests_name("out", tests, NULL, NULL);
}
