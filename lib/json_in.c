/* SPDX-License-Identifier: ISC — Rostra */
/* Strict JSON bodies behind json_in.h. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "lib/json_in.h"

#define JSON_DEPTH_MAX	8

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

/* The members (name and value) of every object in the tree o. */
static size_t
json_members_parsed(struct json_object *o)
{
	size_t	 n = 0;

	if (json_object_is_type(o, json_type_object)) {
		json_object_object_foreach(o, name, value) {
			(void)name;
			n += 1 + json_members_parsed(value);
		}
	} else if (json_object_is_type(o, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(o); i++)
			n += json_members_parsed(json_object_array_get_idx(o, i));
	}
	return n;
}

/*
 * True if the text gives each member of the tree once, and no name holds an
 * escaped NUL. json-c keeps only the last of two members with one name and
 * cuts a name at its NUL ("body\u0000x" reads as "body"): the daemon would
 * act on other fields than a proxy or a log reading the same bytes. The
 * text is valid JSON here, so a colon outside a string ends a name.
 */
static bool
json_names_exact(const char *s, size_t len, struct json_object *root)
{
	size_t	 written = 0;
	bool	 in_string = false, nul = false, name_nul = false;

	for (size_t i = 0; i < len; i++) {
		unsigned	 u;

		if (in_string) {
			if (s[i] == '"') {
				in_string = false;
				name_nul = nul;
			} else if (s[i] == '\\' && i + 1 < len) {
				if (s[i + 1] == 'u' && i + 5 < len && hex4(s + i + 2, &u) == 0 && u == 0)
					nul = true;
				i++;	/* skips the escaped character, a quote included */
			}
		} else if (s[i] == '"') {
			in_string = true;
			nul = false;
		} else if (s[i] == ':') {
			if (name_nul)
				return false;
			written++;
		}
	}
	return written == json_members_parsed(root);
}

static void
json_free(void *obj)
{
	json_object_put(obj);
}

enum err
json_in_object(struct arena *a, const char *body, size_t len, struct json_object **obj,
    const char **message)
{
	struct json_object	*root;

	*obj = NULL;
	if (json_has_lone_surrogate(body, len)) {
		*message = "The request body escapes a lone UTF-16 surrogate, which is not text.";
		return ERR_INVALID_UTF8;
	}
	if ((root = json_parse_whole(body, len)) == NULL) {
		*message = "The request body is not valid JSON (or not valid UTF-8).";
		return ERR_INVALID_JSON;
	}
	arena_on_release(a, json_free, root);
	if (!json_object_is_type(root, json_type_object)) {
		*message = "The request body must be a JSON object.";
		return ERR_INVALID_JSON;
	}
	if (!json_names_exact(body, len, root)) {
		*message = "The request body gives a field twice (or a NUL in a field's name).";
		return ERR_INVALID_JSON;
	}
	*obj = root;
	return ERR_OK;
}

enum err
json_in_string(struct json_object *obj, const char *name, const char **s, size_t *len)
{
	struct json_object	*v;

	*s = NULL;
	*len = 0;
	if (!json_object_object_get_ex(obj, name, &v) || v == NULL)
		return ERR_OK;
	if (!json_object_is_type(v, json_type_string))
		return ERR_INVALID_FIELD;
	*s = json_object_get_string(v);
	*len = (size_t)json_object_get_string_len(v);
	return ERR_OK;
}

struct json_object *
json_in_flat(struct arena *a, const char *text, size_t len)
{
	struct json_tokener	*tok;
	struct json_object	*obj;

	if (len > INT32_MAX || (tok = json_tokener_new_ex(2)) == NULL)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, text, (int)len);
	if (obj != NULL && (json_tokener_get_parse_end(tok) != len ||
	    !json_object_is_type(obj, json_type_object))) {
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	if (obj != NULL)
		arena_on_release(a, json_free, obj);
	return obj;
}
