/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The name rule's computing half (moderation/name.c): keys as words_key folds
 * them, a name with nothing to fold compared as written, and the numbered
 * forms of a single sign-on name within the length limit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <unistr.h>

#include "moderation/name.h"

static void
keys(void **state)
{
	struct arena	 a;
	const char	*k1, *k2;

	(void)state;
	arena_init(&a);
	assert_int_equal(name_key(&a, "Jane Moderator", &k1), 0);
	assert_int_equal(name_key(&a, "J\xd0\xb0NE  m0derator", &k2), 0);	/* Cyrillic а, a zero */
	assert_string_equal(k1, "jane moderator");
	assert_string_equal(k2, k1);
	/* Nothing to fold: the name itself, behind '=', never equal to a folded key. */
	assert_int_equal(name_key(&a, "***", &k1), 0);
	assert_string_equal(k1, "=***");
	assert_int_equal(name_key(&a, "+++", &k2), 0);
	assert_string_not_equal(k1, k2);
	arena_release(&a);
}

static void
variants(void **state)
{
	const char	*names[NAME_VARIANTS], *keys_[NAME_VARIANTS];
	char		 longest[200];
	struct arena	 a;

	(void)state;
	arena_init(&a);
	assert_int_equal(name_variants(&a, "Jane Moderator", 64, names, keys_), 0);
	assert_string_equal(names[0], "Jane Moderator");
	assert_string_equal(keys_[0], "jane moderator");
	assert_string_equal(names[1], "Jane Moderator (2)");
	assert_string_equal(keys_[1], "jane moderator 2");
	assert_string_equal(names[NAME_VARIANTS - 1], "Jane Moderator (9)");
	for (int i = 1; i < NAME_VARIANTS; i++)
		assert_string_not_equal(keys_[i], keys_[0]);
	/* 64 two-byte characters: shortened on a character boundary to 60, then " (2)". */
	for (int i = 0; i < 64; i++)
		memcpy(longest + 2 * i, "\xc3\xa9", 2);	/* é */
	longest[128] = '\0';
	assert_int_equal(name_variants(&a, longest, 64, names, keys_), 0);
	assert_null(u8_check((const uint8_t *)names[1], strlen(names[1])));
	assert_int_equal(u8_mbsnlen((const uint8_t *)names[1], strlen(names[1])), 64);
	assert_int_equal(strncmp(names[1] + 120, " (2)", 4), 0);
	arena_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys),
		cmocka_unit_test(variants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
