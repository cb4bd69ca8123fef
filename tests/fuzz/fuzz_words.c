/* SPDX-License-Identifier: ISC — Rostra */
/*
 * libFuzzer target: the word matcher. The input up to the first NUL is a
 * word list (moderators edit it), the rest a comment; neither may crash or
 * leak it, and a match must name an entry of the list.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "moderation/words.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*nul = memchr(data, '\0', size);
	size_t		 list_len = nul != NULL ? (size_t)(nul - data) : size;
	const char	*text = (const char *)data + list_len + (nul != NULL);
	size_t		 text_len = size - list_len - (nul != NULL);
	struct words	*w;
	const char	*entry;
	char		 err[256];

	if ((w = words_compile((const char *)data, list_len, err, sizeof(err))) == NULL)
		return 0;
	/* Comments reach the matcher as valid UTF-8 only. */
	if (u8_check((const uint8_t *)text, text_len) == NULL &&
	    words_match(w, text, text_len, &entry) == 1 && (entry == NULL || *entry == '\0'))
		abort();
	words_free(w);
	return 0;
}
