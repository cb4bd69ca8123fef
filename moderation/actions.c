/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The tables behind actions.h. Status changes go through
 * db_comments_decide, which applies the transition table; the "from" lists
 * here only say what a moderator means by default.
 */
#include <string.h>

#include "moderation/actions.h"

static const struct comment_action comment_actions[] = {
	{ "approve", ACTION_STATUS, "approved", { "published", "held" }, 2 },
	{ "reject", ACTION_STATUS, "rejected", { "published", "held" }, 2 },
	/* The two undo a decision. */
	{ "hold", ACTION_STATUS, "held", { "published", "approved", "rejected" }, 3 },
	{ "publish", ACTION_STATUS, "published", { "approved", "rejected" }, 2 },
	{ "feature", ACTION_FEATURE, NULL, { NULL }, 0 },
	{ "unfeature", ACTION_FEATURE, NULL, { NULL }, 0 },
	{ "dismiss", ACTION_DISMISS, NULL, { NULL }, 0 },
};

static const char *const user_actions[] = {
	"ban", "unban", "suspend", "unsuspend", "trust", "premoderate", "normal", "note", NULL
};

static const char *const article_actions[] = {
	"close", "reopen", "premoderate", "unpremoderate", "auto_close", NULL
};

const struct comment_action *
actions_comment_find(const char *name)
{
	for (size_t i = 0; name != NULL && i < sizeof(comment_actions) / sizeof(comment_actions[0]); i++)
		if (strcmp(name, comment_actions[i].name) == 0)
			return &comment_actions[i];
	return NULL;
}

enum err
actions_comment_run(struct db *db, struct arena *a, const struct actor *who,
    const struct comment_action *act, const struct id_list *ids, const char *const *from,
    size_t nfrom, const char *reason, const char *note, struct id_list *changed)
{
	switch (act->kind) {
	case ACTION_STATUS:
		if (from == NULL) {
			from = act->from;
			nfrom = act->nfrom;
		}
		return db_comments_decide(db, a, who, ids, act->to, from, nfrom, act->name, reason,
		    note, changed);
	case ACTION_FEATURE:
		return db_comments_feature(db, a, who, ids, strcmp(act->name, "feature") == 0, changed);
	case ACTION_DISMISS:
		return db_reports_dismiss(db, a, who, ids, note, changed);
	}
	return ERR_INTERNAL;
}

static bool
actions_listed(const char *const *list, const char *name)
{
	for (size_t i = 0; name != NULL && list[i] != NULL; i++)
		if (strcmp(name, list[i]) == 0)
			return true;
	return false;
}

bool
actions_user_known(const char *name)
{
	return actions_listed(user_actions, name);
}

bool
actions_article_known(const char *name)
{
	return actions_listed(article_actions, name);
}
