/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Every SQL statement the daemon runs, one enum value each, prepared once
 * per connection. Only the database module (fcgi/db*.c) includes this, and
 * tests/db/queue_explain.c, which prints and EXPLAINs the same statements.
 */
#ifndef ROSTRA_DB_STMT_H
#define ROSTRA_DB_STMT_H

#include <stdbool.h>

enum stmt {
	STMT_HEALTH,
	STMT_COMMENT_PAGE,
	STMT_COMMENT_PAGE_OLDEST,
	STMT_COMMENT_PAGE_REACTIONS,
	STMT_COMMENT_PAGE_REPLIES,
	STMT_REPLY_PAGE,
	STMT_COMMENT_CONTEXT,
	STMT_COMMENT_INSERT,
	STMT_GUEST_COMMENT_INSERT,
	STMT_ARTICLE_COUNTS,
	STMT_GUEST_CREATE,
	STMT_ME_GET,
	STMT_ME_RENAME,
	STMT_GUEST_NAME_USED,
	STMT_SESSION_REVOKE,
	STMT_SESSIONS_REVOKE_ALL,
	STMT_ACCOUNT_CREATE,
	STMT_LOGIN_LOOKUP,
	STMT_LOGIN_FAILED,
	STMT_SIGNUP_NOTED,
	STMT_LOGIN_SESSION,
	STMT_SSO_LOGIN,
	STMT_USER_ROLE_SET,
	STMT_USER_ADD,
	STMT_POST_FACTS,
	STMT_WORDS_GET,
	STMT_SETTINGS_GET,
	STMT_SETTINGS_UPDATE,
	STMT_WORDS_CHANGE,
	STMT_QUEUE_COUNTS,
	STMT_QUEUE_PENDING,
	STMT_QUEUE_PENDING_ARTICLE,
	STMT_QUEUE_REPORTED,
	STMT_QUEUE_REPORTED_ARTICLE,
	STMT_QUEUE_UNMODERATED,
	STMT_QUEUE_UNMODERATED_ARTICLE,
	STMT_QUEUE_APPROVED,
	STMT_QUEUE_APPROVED_ARTICLE,
	STMT_QUEUE_REJECTED,
	STMT_QUEUE_REJECTED_ARTICLE,
	STMT_QUEUE_ALL,
	STMT_QUEUE_ALL_ARTICLE,
	STMT_COMMENT_DECIDE,
	STMT_COMMENT_DECIDERS,
	STMT_COMMENT_FEATURE,
	STMT_REPORTS_DISMISS,
	STMT_REPORT_ADD,
	STMT_USER_MODERATE,
	STMT_USER_NOTE_ADD,
	STMT_USER_GET,
	STMT_ARTICLE_MODERATE,
	STMT_ARTICLE_GET,
	STMT_LOG_COMMENT,
	STMT_LOG_USER,
	STMT_MINE,
	STMT_REACTION_SET,
	STMT_COMMENT_EDIT,
	STMT_COMMENT_GET,
	STMT_POST_KEY_GET,
	STMT_MAINTAIN,
	STMT_COMMENT_DELETE,
	STMT__MAX
};

struct db_stmt {
	const char	*name;		/* prepared-statement name */
	const char	*sql;
	bool		 read_only;	/* safe to run again after a lost connection */
};

extern const struct db_stmt db_stmts[STMT__MAX];

/* How a statement is planned (db/db_exec.c). */
enum stmt_plan {
	PLAN_GENERIC,	/* the generic plan, made once for any values */
	PLAN_CHOSEN,	/* PostgreSQL's choice at each run (plan_cache_mode auto) */
	PLAN_EITHER,	/* as the connection is: both give the same plan */
};
extern const enum stmt_plan db_stmt_plan[STMT__MAX];

#endif
