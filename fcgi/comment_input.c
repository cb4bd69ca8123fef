/* SPDX-License-Identifier: ISC — Rostra */
/*
 * JSON is parsed by json-c in strict mode with UTF-8 validation; every
 * string is then checked again after unescaping, because "\u0000" or a lone
 * surrogate escape is valid JSON but not text we store.
 */
#include <stdbool.h>
#include <string.h>

#include <json-c/json.h>

#include "comment_input.h"
#include "validate.h"

#define JSON_DEPTH_MAX	8

struct field_rule {
	const char	*name;
	bool		 required;
	bool		 multiline;
	size_t		 max_chars;	/* 0: taken from the config */
	const char	*empty_message;	/* shown to the reader by the embed */
};

enum { FIELD_AUTHOR_NAME, FIELD_BODY, FIELD_TITLE, FIELD_URL, FIELD__MAX };

static const struct field_rule field_rules[FIELD__MAX] = {
	[FIELD_AUTHOR_NAME] = { "author_name", true, false, 0, "Please enter your name." },
	[FIELD_BODY] = { "body", true, true, 0, "Please write a comment before posting." },
	[FIELD_TITLE] = { "title", false, false, TITLE_MAX, "title must not be empty." },
	[FIELD_URL] = { "url", false, false, URL_MAX, "url must not be empty." },
};

static enum err
fail(struct input_error *why, enum err code, const char *field, const char *message)
{
	why->code = code;
	why->field = field;
	why->message = message;
	return code;
}

static void
json_free(void *obj)
{
	json_object_put(obj);
}

static int
hex4(const char *s, unsigned *out)
{
	unsigned	 v = 0;

	for (int i = 0; i < 4; i++) {
		char	 c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/*
 * True if the raw JSON holds a \u escape of an unpaired UTF-16 surrogate.
 * json-c would quietly turn it into U+FFFD; we refuse it instead, so what
 * is stored is exactly what was sent.
 */
static bool
json_has_lone_surrogate(const char *s, size_t len)
{
	bool	 want_low = false;

	for (size_t i = 0; i < len; i++) {
		unsigned	 u;
		bool		 is_u;

		if (s[i] != '\\' || i + 1 >= len)
			continue;
		is_u = s[i + 1] == 'u' && i + 5 < len && hex4(s + i + 2, &u) == 0;
		if (!is_u) {
			if (want_low)
				return true;
			i++;	/* skips the escaped character, a backslash included */
			continue;
		}
		if (u >= 0xdc00 && u <= 0xdfff) {
			if (!want_low)
				return true;
			want_low = false;
		} else if (want_low) {
			return true;
		} else if (u >= 0xd800 && u <= 0xdbff) {
			want_low = true;
		}
		i += 5;
		/* A high surrogate must be followed at once by the low one. */
		if (want_low && (i + 2 >= len || s[i + 1] != '\\' || s[i + 2] != 'u'))
			return true;
	}
	return want_low;
}

/* Parses exactly one JSON value filling the whole body; NULL if malformed. */
static struct json_object *
json_parse_whole(const char *body, size_t len)
{
	struct json_tokener	*tok;
	struct json_object	*obj;
	size_t			 end;

	if (len > INT32_MAX || (tok = json_tokener_new_ex(JSON_DEPTH_MAX)) == NULL)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, body, (int)len);
	end = json_tokener_get_parse_end(tok);
	if (json_tokener_get_error(tok) != json_tokener_success)
		obj = NULL;	/* an incomplete value has not been returned */
	while (obj != NULL && end < len && strchr(" \t\r\n", body[end]) != NULL && body[end] != '\0')
		end++;
	if (obj != NULL && end != len) {
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	return obj;
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
		return fail(why, e, rule->name, arena_printf(a,
		    "%s is longer than %zu characters.", f == FIELD_BODY ? "The comment" :
		    f == FIELD_AUTHOR_NAME ? "The name" : rule->name, max));
	default:
		return fail(why, ERR_INVALID_FIELD, rule->name,
		    arena_printf(a, "%s must not contain control characters.", rule->name));
	}
}

enum err
comment_input_parse(struct arena *a, const struct config *cfg, const char *body,
    size_t len, struct comment_new *out, struct input_error *why)
{
	struct json_object	*root;
	const char		*values[FIELD__MAX] = { NULL };
	enum err		 e;

	memset(out, 0, sizeof(*out));
	if (json_has_lone_surrogate(body, len))
		return fail(why, ERR_INVALID_UTF8, NULL,
		    "The request body escapes a lone UTF-16 surrogate, which is not text.");
	if ((root = json_parse_whole(body, len)) == NULL)
		return fail(why, ERR_INVALID_JSON, NULL,
		    "The request body is not valid JSON (or not valid UTF-8).");
	arena_on_release(a, json_free, root);
	if (!json_object_is_type(root, json_type_object))
		return fail(why, ERR_INVALID_JSON, NULL, "The request body must be a JSON object.");
	json_object_object_foreach(root, name, value) {
		int	 f;

		for (f = 0; f < FIELD__MAX; f++)
			if (strcmp(name, field_rules[f].name) == 0)
				break;
		if (f == FIELD__MAX) {
			/* Echo the name only when it is short, printable text. */
			bool	 echo = validate_text(name, strlen(name), false, 64) == ERR_OK;

			return fail(why, ERR_UNKNOWN_FIELD, NULL, arena_printf(a,
			    "Unknown field \"%s\"; expected author_name, body, title or url.",
			    echo ? name : "…"));
		}
		if (value == NULL && !field_rules[f].required)
			continue;	/* an explicit null means "not given" */
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
