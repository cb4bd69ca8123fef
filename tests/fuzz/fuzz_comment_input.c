/* SPDX-License-Identifier: ISC — Rostra */
/*
 * libFuzzer target: any bytes as the body of "post a comment". The parser
 * must never crash or leak, and whatever it accepts must be text we would
 * accept again field by field.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "comment_input.h"
#include "validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	} else if (why.message == NULL || why.code == ERR_OK) {
		abort();
	}
	arena_release(&a);
	return 0;
}
