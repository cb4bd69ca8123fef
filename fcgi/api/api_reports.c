/* SPDX-License-Identifier: ISC — Rostra */
/*
 * A reader reports a comment: once per comment, with a reason. Enough
 * reports hold the comment for a moderator (the statement decides, under
 * the comment's row lock, so concurrent reports count exactly).
 */
#include <string.h>

#include "fcgi/api/api.h"
#include "db/db.h"
#include "lib/json_in.h"
#include "lib/validate.h"

#define REPORT_NOTE_MAX	500

static const char *const report_reasons[] = {
	"spam", "abusive", "off_topic", "misinformation", "other", NULL
};

enum err
api_reports_body_parse(struct ctx *ctx, const char **reason, const char **note)
{
	struct json_object	*root = ctx->body;
	size_t			 len;
	bool			 known = false;
	enum err		 e = ERR_OK;

	*reason = *note = NULL;
	if (json_in_string(root, "reason", reason, &len) != ERR_OK || *reason == NULL)
		return out_fail(ctx->res, *reason == NULL ? ERR_MISSING_FIELD : ERR_INVALID_FIELD,
		    "reason", "Choose a reason: spam, abusive, off_topic, misinformation or other.");
	for (size_t i = 0; report_reasons[i] != NULL; i++)
		known |= strcmp(*reason, report_reasons[i]) == 0;
	if (!known)
		return out_fail(ctx->res, ERR_INVALID_FIELD, "reason",
		    "Choose a reason: spam, abusive, off_topic, misinformation or other.");
	if (json_in_string(root, "note", note, &len) != ERR_OK ||
	    (*note != NULL && (e = validate_text(*note, len, true, REPORT_NOTE_MAX)) != ERR_OK))
		/* Too long is said with its limit, which the embed words itself. */
		return out_fail_limit(ctx->res, *note != NULL && e == ERR_FIELD_TOO_LONG ?
		    ERR_FIELD_TOO_LONG : ERR_INVALID_FIELD, "note", arena_printf(ctx->arena,
		    "The note must be text of at most %d characters.", REPORT_NOTE_MAX), 0,
		    REPORT_NOTE_MAX);
	if (strcmp(*reason, "other") == 0 && *note == NULL)
		return out_fail(ctx->res, ERR_MISSING_FIELD, "note", "Please say what is wrong.");
	return ERR_OK;
}

enum err
api_reports_post(struct ctx *ctx)
{
	enum report_outcome	 outcome;
	const char		*reason, *note;
	int64_t			 id = ctx->id;
	enum err		 e;

	if ((e = api_reports_body_parse(ctx, &reason, &note)) != ERR_OK)
		return e;
	if ((e = db_report_add(ctx->db, ctx->arena, id, ctx->session.session_id,
	    ctx->session.user_id, reason, note, &outcome)) != ERR_OK)
		return out_fail(ctx->res, e, NULL, NULL);
	switch (outcome) {
	case REPORT_SESSION_OVER:
		return out_fail(ctx->res, ERR_UNAUTHORIZED, NULL, NULL);
	case REPORT_NOT_REPORTABLE:
		return out_fail(ctx->res, ERR_NOT_FOUND, NULL,
		    "There is no such comment you can report (your own cannot be).");
	case REPORT_DUPLICATE:
		return out_fail(ctx->res, ERR_ALREADY_REPORTED, NULL, NULL);
	case REPORT_ADDED:
		break;
	}
	ctx->res->status = 204;
	return ERR_OK;
}
