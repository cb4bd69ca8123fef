/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The daemon's one error enum. Each value has a stable machine-readable code
 * (sent to clients), an HTTP status and a default message; out_fail() is the
 * only place that turns one into a response.
 */
#ifndef ROSTRA_ERROR_H
#define ROSTRA_ERROR_H

enum err {
	ERR_OK = 0,
	ERR_NOT_FOUND,
	ERR_METHOD_NOT_ALLOWED,
	ERR_PAYLOAD_TOO_LARGE,
	ERR_UNSUPPORTED_MEDIA_TYPE,
	ERR_INVALID_JSON,
	ERR_INVALID_UTF8,
	ERR_MISSING_FIELD,
	ERR_EMPTY_FIELD,
	ERR_FIELD_TOO_LONG,
	ERR_INVALID_FIELD,
	ERR_UNKNOWN_FIELD,
	ERR_INVALID_ARTICLE_KEY,
	ERR_INVALID_CURSOR,
	ERR_INVALID_PARAMETER,
	ERR_UNAUTHORIZED,
	ERR_INVALID_CREDENTIALS,
	ERR_FORBIDDEN,
	ERR_CROSS_SITE,
	ERR_CONFLICT,
	ERR_GUEST_NAME_USED,
	ERR_TOO_MANY_REQUESTS,
	ERR_THREAD_CLOSED,
	ERR_USER_BANNED,
	ERR_USER_SUSPENDED,
	ERR_REPEATED_COMMENT,
	ERR_COMMENT_REJECTED,
	ERR_ALREADY_DECIDED,
	ERR_ALREADY_REPORTED,
	ERR_INVALID_PARENT,
	ERR_EDIT_WINDOW_OVER,
	ERR_IDEMPOTENCY_KEY_USED,
	ERR_HEADERS_TOO_LARGE,
	ERR_BUSY,
	ERR_DATABASE_UNAVAILABLE,
	ERR_INTERNAL,
	ERR__MAX
};

/* Stable snake_case code, e.g. "missing_field". Static memory. */
const char	*err_code(enum err e);

/* HTTP status for e (200 for ERR_OK). */
int		 err_status(enum err e);

/* A default sentence for a person, used when the caller gives none. Static memory. */
const char	*err_message(enum err e);

#endif
