/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The site's moderation settings and word lists, as moderators edit them.
 * Every change raises the settings version, so each worker recompiles its
 * word lists on its next comment (moderation/screen.c).
 */
#include <assert.h>
#include <string.h>

#include "lib/jsonw.h"
#include "fcgi/api/mod_api.h"
#include "lib/validate.h"
#include "moderation/words.h"

#define WORDS_CHANGE_MAX	500	/* entries added or removed in one request */

enum err
mod_settings_get(struct ctx *ctx)
{
	struct actor	 who;
	const char	*json;
	enum err	 e;

	if ((e = mod_api_staff(ctx, &who)) != ERR_OK)
		return e;
	if ((e = db_settings_get(ctx->db, ctx->arena, &json)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	mod_api_answer(ctx, "settings", json, NULL, 0);
	return ERR_OK;
}

/*
 * The whole-number settings and their ranges, as sql/003_moderation.sql
 * checks them: checked here too so the answer names the field.
 */
static const struct {
	const char	*name;
	int64_t		 min, max;
} int_settings[] = {
	{ "link_max", 0, 1000 },
	{ "rate_author_max", 0, 100000 },
	{ "rate_address_max", 0, 100000 },
	{ "rate_window", 1, 86400 },
	{ "repeat_window", 0, 31536000 },
	{ "approved_min", 0, 1000 },
	{ "report_hold", 1, 1000 },
	{ "auto_close_days", 0, 36500 },
	{ "guest_address_max", 0, 100000 },
};

/* A space-separated list of domain names, lower case. */
static bool
settings_domains_valid(const char *s)
{
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789.- ") == strlen(s);
}

enum err
mod_settings_update(struct ctx *ctx)
{
	const char		*values[MOD_SETTINGS_N] = { NULL };
	struct json_object	*root = ctx->body;
	struct actor		 who;
	const char		*json;
	enum err		 e;

	if ((e = mod_api_admin(ctx, &who)) != ERR_OK)
		return e;
	json_object_object_foreach(root, key, value) {
		int	 i;

		for (i = 0; strcmp(key, db_setting_names[i]) != 0; i++)
			;
		if (strcmp(key, "premoderate") == 0) {
			if (!json_object_is_type(value, json_type_boolean))
				return out_fail(ctx->res, ERR_INVALID_FIELD, key, "premoderate must be true or false.");
			values[i] = json_object_get_boolean(value) ? "true" : "false";
		} else if (strcmp(key, "suspect_action") == 0) {
			if (!json_object_is_type(value, json_type_string) ||
			    (strcmp(json_object_get_string(value), "hold") != 0 &&
			    strcmp(json_object_get_string(value), "report") != 0))
				return out_fail(ctx->res, ERR_INVALID_FIELD, key,
				    "suspect_action must be hold or report.");
			values[i] = json_object_get_string(value);
		} else if (strcmp(key, "blocked_domains") == 0) {
			if (!json_object_is_type(value, json_type_string) ||
			    json_object_get_string_len(value) > 10000 ||
			    !settings_domains_valid(json_object_get_string(value)))
				return out_fail(ctx->res, ERR_INVALID_FIELD, key, "blocked_domains must be "
				    "lower-case domain names separated by spaces.");
			values[i] = json_object_get_string(value);
		} else {
			size_t	 r;

			for (r = 0; strcmp(key, int_settings[r].name) != 0; r++)
				assert(r + 1 < sizeof(int_settings) / sizeof(int_settings[0]));
			if (!json_object_is_type(value, json_type_int) ||
			    json_object_get_int64(value) < int_settings[r].min ||
			    json_object_get_int64(value) > int_settings[r].max)
				return out_fail(ctx->res, ERR_INVALID_FIELD, key, arena_printf(ctx->arena,
				    "%s must be a whole number from %lld to %lld.", key,
				    (long long)int_settings[r].min, (long long)int_settings[r].max));
			values[i] = arena_printf(ctx->arena, "%lld",
			    (long long)json_object_get_int64(value));
		}
	}
	e = db_settings_update(ctx->db, ctx->arena, &who, values, &json);
	if (e == ERR_INVALID_FIELD)
		return out_fail(ctx->res, e, NULL, "A setting is out of its range (see docs/API.md).");
	if (e != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	mod_api_answer(ctx, "settings", json, NULL, 0);
	return ERR_OK;
}

/* Writes "name": [entries of the newline-separated list]. */
static void
words_json(struct jsonw *w, const char *name, const char *list)
{
	jsonw_key(w, name);
	jsonw_array_begin(w);
	for (const char *p = list; *p != '\0';) {
		size_t	 len = strcspn(p, "\n");

		if (len > 0)
			jsonw_string(w, p, len);
		p += len + (p[len] == '\n');
	}
	jsonw_array_end(w);
}

static enum err
words_answer(struct ctx *ctx, int64_t added, int64_t removed)
{
	const char	*banned, *suspect;
	struct jsonw	 w;
	int64_t		 version;
	enum err	 e;

	if ((e = db_words_get(ctx->db, ctx->arena, &version, &banned, &suspect)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	jsonw_init(&w, ctx->arena, strlen(banned) + strlen(suspect) + 128);
	jsonw_object_begin(&w);
	words_json(&w, "banned", banned);
	words_json(&w, "suspect", suspect);
	if (added >= 0) {
		jsonw_key(&w, "added");
		jsonw_int(&w, added);
		jsonw_key(&w, "removed");
		jsonw_int(&w, removed);
	}
	jsonw_object_end(&w);
	out_json(ctx->res, 200, &w);
	return ERR_OK;
}

enum err
mod_words_get(struct ctx *ctx)
{
	struct actor	 who;
	enum err	 e;

	if ((e = mod_api_staff(ctx, &who)) != ERR_OK)
		return e;
	return words_answer(ctx, -1, -1);
}

/*
 * Reads member name, a list of entries, into newline-separated text; each
 * entry must compile as a word list of one. -1 after writing the 400.
 */
static int
words_entries(struct ctx *ctx, struct json_object *root, const char *name, const char **out)
{
	struct json_object	*arr;
	size_t			 n, len = 1;
	char			*text, *p;

	*out = "";
	if (!json_object_object_get_ex(root, name, &arr) || arr == NULL)
		return 0;
	if (!json_object_is_type(arr, json_type_array) ||
	    (n = json_object_array_length(arr)) > WORDS_CHANGE_MAX) {
		out_fail(ctx->res, ERR_INVALID_FIELD, name, arena_printf(ctx->arena,
		    "%s must be a list of at most %d words or phrases.", name, WORDS_CHANGE_MAX));
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		struct json_object	*o = json_object_array_get_idx(arr, i);
		struct words		*one;
		char			 why[96];

		if (!json_object_is_type(o, json_type_string) ||
		    validate_text(json_object_get_string(o), (size_t)json_object_get_string_len(o),
		    false, WORDS_ENTRY_MAX) != ERR_OK) {
			out_fail(ctx->res, ERR_INVALID_FIELD, name, arena_printf(ctx->arena,
			    "Each entry of %s must be one line of 1 to %d characters.", name,
			    WORDS_ENTRY_MAX));
			return -1;
		}
		if ((one = words_compile(json_object_get_string(o),
		    (size_t)json_object_get_string_len(o), why, sizeof(why))) == NULL) {
			out_fail(ctx->res, ERR_INVALID_FIELD, name, arena_printf(ctx->arena,
			    "\"%.64s\" cannot be matched: %s.", json_object_get_string(o),
			    strncmp(why, "line 1: ", 8) == 0 ? why + 8 : why));
			return -1;
		}
		words_free(one);
		len += (size_t)json_object_get_string_len(o) + 1;
	}
	p = text = arena_alloc(ctx->arena, len);
	for (size_t i = 0; i < n; i++) {
		struct json_object	*o = json_object_array_get_idx(arr, i);
		size_t			 l = (size_t)json_object_get_string_len(o);

		memcpy(p, json_object_get_string(o), l);
		p += l;
		*p++ = '\n';
	}
	*p = '\0';
	*out = text;
	return 0;
}

enum err
mod_words_change(struct ctx *ctx)
{
	struct json_object	*root = ctx->body;
	struct actor		 who;
	const char		*list, *add, *remove;
	int64_t			 added, removed;
	enum err		 e;

	if ((e = mod_api_staff(ctx, &who)) != ERR_OK)
		return e;
	if ((e = mod_api_string(ctx, root, "list", 16, &list)) != ERR_OK)
		return e;
	if (list == NULL || (strcmp(list, "banned") != 0 && strcmp(list, "suspect") != 0))
		return out_fail(ctx->res, list == NULL ? ERR_MISSING_FIELD : ERR_INVALID_FIELD, "list",
		    "list must be banned or suspect.");
	if (words_entries(ctx, root, "add", &add) == -1 ||
	    words_entries(ctx, root, "remove", &remove) == -1)
		return ERR_INVALID_FIELD;
	if ((e = db_words_change(ctx->db, ctx->arena, &who, list, add, remove, &added,
	    &removed)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	return words_answer(ctx, added, removed);
}
