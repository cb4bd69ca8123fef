/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Name keys behind name.h. The folding itself is words_key's (the word
 * filter's): one implementation, so a look-alike the filter learns is a
 * look-alike names learn too. No SQL, no HTTP.
 */
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "moderation/name.h"
#include "moderation/words.h"

int
name_key(struct arena *a, const char *name, const char **key)
{
	char	*folded;
	size_t	 len;

	if (words_key(name, strlen(name), &folded, &len) == -1)
		return -1;
	*key = len > 0 ? arena_strndup(a, folded, len) : arena_printf(a, "=%s", name);
	free(folded);
	return 0;
}

int
name_variants(struct arena *a, const char *name, size_t max,
    const char *names[NAME_VARIANTS], const char *keys[NAME_VARIANTS])
{
	const uint8_t	*s = (const uint8_t *)name;
	size_t		 chars = u8_mbsnlen(s, strlen(name));

	names[0] = name;
	for (int i = 1; i < NAME_VARIANTS; i++) {
		const uint8_t	*end = s;
		size_t		 keep = chars + 4 > max ? max - 4 : chars;	/* " (N)" */
		ucs4_t		 uc;

		/* Cut at a character boundary, never inside one. */
		for (size_t k = 0; k < keep && *end != '\0'; k++)
			end += u8_mbtouc(&uc, end, strlen((const char *)end));
		names[i] = arena_printf(a, "%.*s (%d)", (int)(end - s), name, i + 1);
	}
	for (int i = 0; i < NAME_VARIANTS; i++)
		if (name_key(a, names[i], &keys[i]) == -1)
			return -1;
	return 0;
}
