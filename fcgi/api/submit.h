/* SPDX-License-Identifier: ISC — Rostra */
/*
 * One pipeline for every text a reader submits: a new comment or reply, a
 * guest's first comment, and an edit. parse → render → screen → store →
 * answer, each a small step in submit.c; a retried post (its
 * Idempotency-Key seen before, or a raced insert) is answered there, once.
 * Called by the handlers api_comments_post and api_comment_edit only.
 */
#ifndef ROSTRA_SUBMIT_H
#define ROSTRA_SUBMIT_H

#include <stddef.h>
#include <stdint.h>

#include "fcgi/api/api.h"

/*
 * Posts the comment in the body (ctx->body, comment_input_read) to the
 * article ctx->key: as the session's user, or
 * as a new guest when there is no session (or it has ended and the body
 * names one). Answers 201 (published), 202 (held) or 422 (rejected), the
 * first answer again for a retry, or the error. Returns ERR_OK, or the
 * error already written.
 */
enum err	submit_post(struct ctx *ctx);

/*
 * Replaces the text of comment ctx->id (the session's user's own, within
 * edit_minutes of posting) with the body's (ctx->body, comment_edit_read). Answers 200, or 202 if the comment is held; a
 * refused or rejected edit changes nothing. Returns ERR_OK, or the error
 * already written.
 */
enum err	submit_edit(struct ctx *ctx);

#endif
