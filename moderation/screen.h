/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Screening a new comment: gathers the facts from the database, runs the
 * pure policy over them with the site's settings and word lists, and
 * writes the verdict into the comment about to be stored. Called by the
 * posting handler only; stores nothing itself.
 */
#ifndef ROSTRA_SCREEN_H
#define ROSTRA_SCREEN_H

#include <time.h>

#include "db/db.h"
#include "moderation/policy.h"

/*
 * Judges c (body, key, address set) for the user of session (sid, uid), or a
 * new guest when both are 0; or, with c->edit_id set (and no key), the new
 * text of that comment, editable for edit_minutes after posting. Reads
 * through db, allocates in a (arena memory in c), judges at time now. On ERR_OK, c's status, flag and findings are set
 * and *v holds the verdict; the caller refuses the request when the action
 * is POLICY_REFUSE or POLICY_RATE_LIMIT. ERR_UNAUTHORIZED if the session
 * is over; ERR_GUEST_NAME_USED if the author is a guest whose name
 * another guest commented under on this article recently (docs/API.md,
 * "Names"); a post whose c->post_key already stored a comment is not
 * judged: c->replay_id names that comment; for an edit, ERR_NOT_FOUND if the comment is not the author's
 * and ERR_EDIT_WINDOW_OVER if its window has closed; database errors as
 * db.h.
 */
enum err	 screen_comment(struct db *db, struct arena *a, time_t now, int edit_minutes,
		    struct comment_new *c, int64_t sid, int64_t uid, struct policy_verdict *v);

/* The error a refused verdict answers with (thread closed, banned, …). */
enum err	 screen_refusal(const struct policy_verdict *v);

#endif
