/* SPDX-License-Identifier: ISC — Rostra */
/*
 * What moderators can do, as tables the moderator API (fcgi/mod_*.c) and the CLI
 * (cli/cli_moderation.c) share: the same names mean the same changes, whichever way a
 * moderator or an operator asks.
 */
#ifndef ROSTRA_ACTIONS_H
#define ROSTRA_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"

enum action_kind { ACTION_STATUS, ACTION_FEATURE, ACTION_DISMISS };

struct comment_action {
	const char	*name;		/* approve, reject, hold, publish, feature, unfeature, dismiss */
	enum action_kind kind;
	const char	*to;		/* ACTION_STATUS: the status it sets */
	const char	*from[3];	/* the statuses it applies to when the caller names none */
	size_t		 nfrom;
};

/* The comment action called name, or NULL. Static memory. */
const struct comment_action *actions_comment_find(const char *name);

/*
 * Runs act on ids by who: from (nfrom statuses) as the comments were seen,
 * NULL for the action's own; reason and note may be NULL. *changed gets the
 * comments it changed. Errors as db.h.
 */
enum err	 actions_comment_run(struct db *db, struct arena *a, const struct actor *who,
		    const struct comment_action *act, const struct id_list *ids,
		    const char *const *from, size_t nfrom, const char *reason, const char *note,
		    struct id_list *changed);

/* True if name is an action on a reader (ban, suspend, trust, note, …). */
bool		 actions_user_known(const char *name);

/* True if name is an action on an article (close, reopen, premoderate, …). */
bool		 actions_article_known(const char *name);

#endif
