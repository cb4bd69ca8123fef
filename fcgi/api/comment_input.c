/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The body is parsed by json_in; every string is then checked again after
 * unescaping, because "\u0000" is valid JSON but not text we store.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "fcgi/api/comment_input.h"
#include "lib/json_in.h"
#include "lib/validate.h"

struct field_rule {
	const char	*name;
	bool		 required;
	bool		 multiline;
	size_t		 max_chars;	/* 0: taken from the config */
	const char	*empty_message;	/* shown to the reader by the embed */
};

enum { FIELD_AUTHOR_NAME, FIELD_BODY, FIELD_TITLE, FIELD_URL, FIELD_PARENT_ID, FIELD__MAX };

static const struct field_rule field_rules[FIELD__MAX] = {
	/* Needed only from a reader who is not signed in; the handler decides. */
	[FIELD_AUTHOR_NAME] = { "author_name", false, false, 0, "Please enter your name." },
	[FIELD_BODY] = { "body", true, true, 0, "Please write a comment before posting." },
	[FIELD_TITLE] = { "title", false, false, TITLE_MAX, "title must not be empty." },
	[FIELD_URL] = { "url", false, false, URL_MAX, "url must not be empty." },
	/* A number, not text: checked by parent_check. */
	[FIELD_PARENT_ID] = { "parent_id", false, false, 0, NULL },
};

static enum err
fail(struct input_error *why, enum err code, const char *field, const char *message)
{
	why->code = code;
	why->field = field;
	why->message = message;
	why->min = why->max = 0;
	return code;
}

static enum err
field_check(struct arena *a, const struct config *cfg, int f, struct json_object *value,
    const char **out, struct input_error *why)
{
	const struct field_rule	*rule = &field_rules[f];
	const char		*s;
	size_t			 len, max = rule->max_chars;
	enum err		 e;

	if (f == FIELD_AUTHOR_NAME)
		max = (size_t)cfg->name_max;
	else if (f == FIELD_BODY)
		max = (size_t)cfg->comment_max;
	if (!json_object_is_type(value, json_type_string))
		return fail(why, ERR_INVALID_FIELD, rule->name,
		    arena_printf(a, "%s must be a string.", rule->name));
	s = json_object_get_string(value);
	len = (size_t)json_object_get_string_len(value);
	if (memchr(s, '\0', len) != NULL)
		return fail(why, ERR_INVALID_FIELD, rule->name,
		    arena_printf(a, "%s must not contain NUL characters.", rule->name));
	if (f == FIELD_URL) {
		if (validate_url(s, len) == -1)
			return fail(why, ERR_INVALID_FIELD, rule->name,
			    "url must be an absolute http or https address of at most 2048 characters.");
		*out = arena_strndup(a, s, len);
		return ERR_OK;
	}
	switch ((e = validate_text(s, len, rule->multiline, max))) {
	case ERR_OK:
		*out = arena_strndup(a, s, len);
		return ERR_OK;
	case ERR_INVALID_UTF8:
		return fail(why, e, rule->name,
		    arena_printf(a, "%s is not valid UTF-8 text.", rule->name));
	case ERR_EMPTY_FIELD:
		return fail(why, e, rule->name, rule->empty_message);
	case ERR_FIELD_TOO_LONG:
		fail(why, e, rule->name, arena_printf(a,
		    "%s is longer than %zu characters.", f == FIELD_BODY ? "The comment" :
		    f == FIELD_AUTHOR_NAME ? "The name" : rule->name, max));
		why->max = (int64_t)max;
		return e;
	default:
		return fail(why, ERR_INVALID_FIELD, rule->name,
		    arena_printf(a, "%s must not contain control characters.", rule->name));
	}
}

/*
 * The comment a reply answers: a positive whole number (its visibility is
 * the database's to check). json-c reads a number above INT64_MAX as
 * unsigned, and one above UINT64_MAX as UINT64_MAX; json_object_get_int64
 * would turn either into INT64_MAX, an id nobody sent.
 */
static enum err
parent_check(struct json_object *value, int64_t *out, struct input_error *why)
{
	errno = 0;
	if (!json_object_is_type(value, json_type_int) || json_object_get_uint64(value) > INT64_MAX ||
	    (*out = json_object_get_int64(value)) < 1 || errno != 0)
		return fail(why, ERR_INVALID_FIELD, "parent_id",
		    "parent_id must be the id of the comment you are replying to.");
	return ERR_OK;
}

enum err
comment_input_parse(struct arena *a, const struct config *cfg, const char *body,
    size_t len, struct comment_new *out, struct input_error *why)
{
	struct json_object	*root;
	enum err		 e;

	memset(out, 0, sizeof(*out));
	if ((e = json_in_object(a, body, len, &root, &why->message)) != ERR_OK)
		return fail(why, e, NULL, why->message);
	return comment_input_read(a, cfg, root, out, why);
}

enum err
comment_input_read(struct arena *a, const struct config *cfg, struct json_object *root,
    struct comment_new *out, struct input_error *why)
{
	const char		*values[FIELD__MAX] = { NULL };
	enum err		 e;

	memset(out, 0, sizeof(*out));
	json_object_object_foreach(root, name, value) {
		int	 f;

		for (f = 0; f < FIELD__MAX; f++)
			if (strcmp(name, field_rules[f].name) == 0)
				break;
		if (f == FIELD__MAX) {
			/* Echo the name only when it is short, printable text. */
			bool	 echo = validate_text(name, strlen(name), false, 64) == ERR_OK;

			return fail(why, ERR_UNKNOWN_FIELD, NULL, arena_printf(a,
			    "Unknown field \"%s\"; expected author_name, body, parent_id, title or url.",
			    echo ? name : "…"));
		}
		if (value == NULL && !field_rules[f].required)
			continue;	/* an explicit null means "not given" */
		if (f == FIELD_PARENT_ID) {
			if ((e = parent_check(value, &out->parent_id, why)) != ERR_OK)
				return e;
			continue;
		}
		if ((e = field_check(a, cfg, f, value, &values[f], why)) != ERR_OK)
			return e;
	}
	for (int f = 0; f < FIELD__MAX; f++)
		if (field_rules[f].required && values[f] == NULL)
			return fail(why, ERR_MISSING_FIELD, field_rules[f].name,
			    arena_printf(a, "%s is required.", field_rules[f].name));
	out->author_name = values[FIELD_AUTHOR_NAME];
	out->body = values[FIELD_BODY];
	out->title = values[FIELD_TITLE];
	out->url = values[FIELD_URL];
	return ERR_OK;
}

enum err
comment_edit_parse(struct arena *a, const struct config *cfg, const char *body, size_t len,
    struct comment_new *out, struct input_error *why)
{
	struct json_object	*root;
	enum err		 e;

	memset(out, 0, sizeof(*out));
	if ((e = json_in_object(a, body, len, &root, &why->message)) != ERR_OK)
		return fail(why, e, NULL, why->message);
	return comment_edit_read(a, cfg, root, out, why);
}

enum err
comment_edit_read(struct arena *a, const struct config *cfg, struct json_object *root,
    struct comment_new *out, struct input_error *why)
{
	struct json_object	*value;

	memset(out, 0, sizeof(*out));
	if (!json_object_object_get_ex(root, "body", &value) && json_object_object_length(root) == 0)
		return fail(why, ERR_MISSING_FIELD, "body", "body is required.");
	if (json_object_object_length(root) != 1 || !json_object_object_get_ex(root, "body", &value))
		return fail(why, ERR_UNKNOWN_FIELD, NULL,
		    "An edit changes the text only: send {\"body\": \"…\"}.");
	if (value == NULL)
		return fail(why, ERR_MISSING_FIELD, "body", "body is required.");
	return field_check(a, cfg, FIELD_BODY, value, &out->body, why);
}
