/* SPDX-License-Identifier: ISC — Rostra */
/*
 * libFuzzer target: any bytes as the body of "post a comment", of "edit a
 * comment", and as a paging cursor of either format. The parsers must
 * never crash or leak, whatever they accept must be text we would accept
 * again field by field, and an accepted cursor must read back the same.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/api/comment_input.h"
#include "lib/cursor.h"
#include "lib/validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A cursor we accept is one we would write, byte for byte. */
static void
fuzz_cursors(const char *s, size_t len)
{
	char	 again[CURSOR_LEN_MAX];
	int64_t	 key, id;

	if (cursor_decode(s, len, &id) == 0) {
		cursor_encode(id, again);
		if (strlen(again) != len || memcmp(again, s, len) != 0)
			abort();
	}
	if (cursor_decode_keyed(s, len, &key, &id) == 0) {
		cursor_encode_keyed(key, id, again);
		if (strlen(again) != len || memcmp(again, s, len) != 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config	 cfg;
	static int		 ready;
	struct arena		 a;
	struct comment_new	 c;
	struct input_error	 why;
	char			*body;

	if (!ready) {
		config_defaults(&cfg);
		ready = 1;
	}
	arena_init(&a);
	/* The worker hands the parser a NUL-terminated copy, as here. */
	body = arena_strndup(&a, (const char *)data, size);
	if (comment_input_parse(&a, &cfg, body, size, &c, &why) == ERR_OK) {
		/* author_name is optional: a signed-in reader sends none. */
		if ((c.author_name != NULL && validate_text(c.author_name, strlen(c.author_name),
		    false, (size_t)cfg.name_max) != ERR_OK) ||
		    validate_text(c.body, strlen(c.body), true, (size_t)cfg.comment_max) != ERR_OK)
			abort();
		if (c.url != NULL && validate_url(c.url, strlen(c.url)) != 0)
			abort();
		if (c.parent_id < 0)
			abort();
	} else if (why.message == NULL || why.code == ERR_OK) {
		abort();
	}
	if (comment_edit_parse(&a, &cfg, body, size, &c, &why) == ERR_OK) {
		if (validate_text(c.body, strlen(c.body), true, (size_t)cfg.comment_max) != ERR_OK)
			abort();
	} else if (why.message == NULL || why.code == ERR_OK) {
		abort();
	}
	fuzz_cursors((const char *)data, size);
	arena_release(&a);
	return 0;
}
