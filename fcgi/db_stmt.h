/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Every SQL statement the daemon runs, one enum value each, prepared once
 * per connection. Only db.c includes this.
 */
#ifndef ROSTRA_DB_STMT_H
#define ROSTRA_DB_STMT_H

#include <stdbool.h>

enum stmt {
	STMT_HEALTH,
	STMT_COMMENT_PAGE,
	STMT_COMMENT_INSERT,
	STMT_GUEST_COMMENT_INSERT,
	STMT_ARTICLE_COUNTS,
	STMT_GUEST_CREATE,
	STMT_ME_GET,
	STMT_ME_RENAME,
	STMT_SESSION_REVOKE,
	STMT_SESSIONS_REVOKE_ALL,
	STMT_ACCOUNT_CREATE,
	STMT_LOGIN_LOOKUP,
	STMT_LOGIN_FAILED,
	STMT_LOGIN_SESSION,
	STMT_SSO_LOGIN,
	STMT_USER_ROLE_SET,
	STMT_USER_ADD,
	STMT__MAX
};

struct db_stmt {
	const char	*name;		/* prepared-statement name */
	const char	*sql;
	bool		 read_only;	/* safe to run again after a lost connection */
};

extern const struct db_stmt db_stmts[STMT__MAX];

#endif
