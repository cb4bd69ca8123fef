/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Request bodies in: exactly one JSON object, parsed by json-c in strict
 * mode with UTF-8 validation and a depth limit, refusing escaped lone
 * surrogates (json-c would quietly turn them into U+FFFD), a name given
 * twice in one object and a NUL in a name (json-c would quietly keep the
 * last, or cut the name). Pure: no I/O.
 */
#ifndef ROSTRA_JSON_IN_H
#define ROSTRA_JSON_IN_H

#include <stddef.h>

#include <json-c/json.h>

#include "lib/arena.h"
#include "lib/error.h"

/*
 * Parses body (len bytes) into *obj, released with the arena. Returns
 * ERR_OK, or ERR_INVALID_JSON / ERR_INVALID_UTF8 with *message (static) a
 * sentence for the client.
 */
enum err	json_in_object(struct arena *a, const char *body, size_t len,
		    struct json_object **obj, const char **message);

/*
 * Parses text as one flat JSON object (no nesting: token claims and
 * footers), strict and UTF-8-validated, released with the arena; NULL if
 * it is anything else. Safe on untrusted, unverified bytes.
 */
struct json_object	*json_in_flat(struct arena *a, const char *text, size_t len);

/*
 * The string member name of obj: ERR_OK with *s and *len set, ERR_OK with
 * *s NULL if absent or null, ERR_INVALID_FIELD if another type.
 */
enum err	json_in_string(struct json_object *obj, const char *name,
		    const char **s, size_t *len);

#endif
