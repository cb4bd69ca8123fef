/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Turns the JSON body of "post a comment", or of an edit, into a
 * validated struct comment_new, or says precisely what was wrong with it.
 * Pure: no I/O. The parse step of the submit pipeline (submit.c).
 */
#ifndef ROSTRA_COMMENT_INPUT_H
#define ROSTRA_COMMENT_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"
#include "lib/config.h"
#include "db/db.h"
#include "lib/error.h"

#define TITLE_MAX	300	/* characters of an article title */

struct input_error {
	enum err	 code;
	const char	*field;		/* NULL if about the whole body */
	const char	*message;	/* arena or static memory */
	int64_t		 min;		/* > 0: the fewest characters the field takes */
	int64_t		 max;		/* > 0: the most characters the field takes */
};

/*
 * Parses body (len bytes) as {"body"[, "author_name", "parent_id", "title",
 * "url"]}.
 * The strings in *out are arena memory, stored exactly as sent. Returns
 * ERR_OK, or the error with *why filled for the client.
 */
enum err	comment_input_parse(struct arena *a, const struct config *cfg,
		    const char *body, size_t len, struct comment_new *out,
		    struct input_error *why);

/* Parses an edit's body (len bytes) as {"body"}; out->body as above. */
enum err	comment_edit_parse(struct arena *a, const struct config *cfg,
		    const char *body, size_t len, struct comment_new *out,
		    struct input_error *why);

/*
 * The same from the body's object, parsed already (the route's, ctx->body):
 * what the submit pipeline calls.
 */
struct json_object;
enum err	comment_input_read(struct arena *a, const struct config *cfg,
		    struct json_object *root, struct comment_new *out, struct input_error *why);
enum err	comment_edit_read(struct arena *a, const struct config *cfg,
		    struct json_object *root, struct comment_new *out, struct input_error *why);

#endif
