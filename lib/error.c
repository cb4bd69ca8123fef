/* SPDX-License-Identifier: ISC — Rostra */
/* The table behind error.h: one row per enum err, in enum order. */
#include <assert.h>

#include "lib/error.h"

static const struct {
	const char	*code;
	int		 status;
	const char	*message;
} errors[ERR__MAX] = {
	[ERR_OK] = { "ok", 200, "OK" },
	[ERR_NOT_FOUND] = { "not_found", 404, "There is nothing at this address." },
	[ERR_METHOD_NOT_ALLOWED] = { "method_not_allowed", 405,
	    "This address does not accept that method." },
	[ERR_PAYLOAD_TOO_LARGE] = { "payload_too_large", 413,
	    "The request body is larger than this address accepts." },
	[ERR_UNSUPPORTED_MEDIA_TYPE] = { "unsupported_media_type", 415,
	    "The request body must be sent as application/json." },
	[ERR_INVALID_JSON] = { "invalid_json", 400,
	    "The request body is not a valid JSON object." },
	[ERR_INVALID_UTF8] = { "invalid_utf8", 400, "Text must be valid UTF-8." },
	[ERR_MISSING_FIELD] = { "missing_field", 400, "A required field is missing." },
	[ERR_EMPTY_FIELD] = { "empty_field", 400, "A required field is empty." },
	[ERR_FIELD_TOO_LONG] = { "field_too_long", 400, "A field is longer than allowed." },
	[ERR_INVALID_FIELD] = { "invalid_field", 400, "A field has an invalid value." },
	[ERR_UNKNOWN_FIELD] = { "unknown_field", 400, "The request has a field this address does not accept." },
	[ERR_INVALID_ARTICLE_KEY] = { "invalid_article_key", 400,
	    "An article key is 1 to 128 characters from A-Z, a-z, 0-9, '-', '_', '.', ':' and '~'." },
	[ERR_INVALID_CURSOR] = { "invalid_cursor", 400,
	    "The cursor is not one this server handed out." },
	[ERR_INVALID_PARAMETER] = { "invalid_parameter", 400, "A query parameter has an invalid value." },
	[ERR_UNAUTHORIZED] = { "unauthorized", 401, "Please sign in again." },
	[ERR_INVALID_CREDENTIALS] = { "invalid_credentials", 401, "Wrong email or password." },
	[ERR_FORBIDDEN] = { "forbidden", 403, "You are not allowed to do that." },
	[ERR_CROSS_SITE] = { "cross_site_request", 403,
	    "This request did not come from the news site's own pages." },
	[ERR_CONFLICT] = { "conflict", 409, "That conflicts with what is already stored." },
	[ERR_GUEST_NAME_USED] = { "guest_name_used", 409,
	    "Another guest commented on this article under that name in the last 30 days; "
	    "please choose another." },
	[ERR_TOO_MANY_REQUESTS] = { "too_many_requests", 429, "Too many attempts; please wait a moment." },
	[ERR_THREAD_CLOSED] = { "thread_closed", 403, "This discussion is closed." },
	[ERR_USER_BANNED] = { "user_banned", 403, "This account may no longer comment." },
	[ERR_USER_SUSPENDED] = { "user_suspended", 403, "This account may not comment for now." },
	[ERR_REPEATED_COMMENT] = { "repeated_comment", 409, "You already posted this comment." },
	[ERR_COMMENT_REJECTED] = { "comment_rejected", 422,
	    "Your comment could not be published: it breaks this site's rules." },
	[ERR_ALREADY_DECIDED] = { "already_decided", 409, "Another moderator decided first." },
	[ERR_ALREADY_REPORTED] = { "already_reported", 409, "You have already reported this comment." },
	[ERR_INVALID_PARENT] = { "invalid_parent", 422,
	    "You can only reply to a comment that is shown on this article." },
	[ERR_EDIT_WINDOW_OVER] = { "edit_window_over", 403,
	    "This comment can no longer be edited." },
	[ERR_IDEMPOTENCY_KEY_USED] = { "idempotency_key_used", 409,
	    "This Idempotency-Key was sent with another post; send a new key with a new comment." },
	[ERR_HEADERS_TOO_LARGE] = { "request_headers_too_large", 431,
	    "The request carries more or longer headers than this server accepts." },
	[ERR_BUSY] = { "busy", 503, "Comments are very busy right now; please try again in a moment." },
	[ERR_DATABASE_UNAVAILABLE] = { "database_unavailable", 503,
	    "The comment database is not answering; please try again shortly." },
	[ERR_INTERNAL] = { "internal_error", 500, "Something went wrong on our side." },
};

const char *
err_code(enum err e)
{
	assert(e >= 0 && e < ERR__MAX);
	return errors[e].code;
}

int
err_status(enum err e)
{
	assert(e >= 0 && e < ERR__MAX);
	return errors[e].status;
}

const char *
err_message(enum err e)
{
	assert(e >= 0 && e < ERR__MAX);
	return errors[e].message;
}
