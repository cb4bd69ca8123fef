/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The database module: one PostgreSQL connection per worker, its statements
 * prepared, and typed functions over them. Only this module reads a
 * PGresult. Results point into arena memory (the PGresult itself is an
 * arena cleanup), so they live until the request ends.
 */
#ifndef ROSTRA_DB_H
#define ROSTRA_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "error.h"

struct db;

struct comment {
	int64_t		 seq;		/* position in its thread; the paging cursor */
	int64_t		 id;
	const char	*author_name;
	size_t		 author_name_len;
	const char	*body;
	size_t		 body_len;
	const char	*created_at;	/* RFC 3339, UTC */
};

struct comment_page {
	int64_t		 comment_count;	/* visible comments of the article */
	struct comment	*items;		/* newest first */
	size_t		 n;
	bool		 more;		/* older comments exist after items[n - 1] */
};

/* A validated new comment; all strings NUL-terminated, title and url may be NULL. */
struct comment_new {
	const char	*key;
	const char	*title;
	const char	*url;
	const char	*author_name;
	const char	*body;
};

/*
 * A handle for conninfo (libpq keywords or URL). Connects lazily, and again
 * after a lost connection. Caller frees with db_close. Call after fork only.
 */
struct db	*db_open(const char *conninfo);
void		 db_close(struct db *db);

/* Connects now if needed and prepares every statement. 0 or -1 (logged). */
int		 db_connect(struct db *db);

/* ERR_OK when the database answers a query, else ERR_DATABASE_UNAVAILABLE. */
enum err	 db_health(struct db *db, struct arena *a);

/*
 * The newest visible comments of article key with seq < before_seq, at most
 * limit of them. An unknown article is an empty page with count 0.
 */
enum err	 db_comment_page(struct db *db, struct arena *a, const char *key,
		    int64_t before_seq, int limit, struct comment_page *page);

/* A user as the API shows them to themselves; strings "" when unset. */
struct user {
	int64_t		 id;
	const char	*kind;		/* guest, account, sso */
	const char	*display_name;
	const char	*role;		/* reader, moderator, admin */
	const char	*email;
	const char	*avatar_url;
};

/* A session just created, to be signed into a token. */
struct new_session {
	int64_t		 user_id;
	int64_t		 session_id;
};

/*
 * Stores c as the comment of the user of session (sid, uid), creating its
 * article on first use; the stored row goes to *out. ERR_UNAUTHORIZED if
 * the session is over or the user banned: nothing is stored.
 */
enum err	 db_comment_insert(struct db *db, struct arena *a,
		    const struct comment_new *c, int64_t sid, int64_t uid, struct comment *out);

/*
 * A guest's first comment: creates the guest (named c->author_name), a
 * session lasting until expires (RFC 3339) and the comment, in one
 * statement. ERR_CONFLICT, nothing stored, if an account has that name.
 */
enum err	 db_guest_comment_insert(struct db *db, struct arena *a,
		    const struct comment_new *c, const char *expires, struct comment *out,
		    struct new_session *s);

/* Creates a guest named name with a session until expires; ERR_CONFLICT if an account has the name. */
enum err	 db_guest_create(struct db *db, struct arena *a, const char *name,
		    const char *expires, struct user *u, struct new_session *s);

/* The user of live session (sid, uid); ERR_UNAUTHORIZED if it is over. */
enum err	 db_me_get(struct db *db, struct arena *a, int64_t sid, int64_t uid,
		    struct user *u);

/* Renames the user of live session (sid, uid); ERR_CONFLICT if an account has the name. */
enum err	 db_me_rename(struct db *db, struct arena *a, int64_t sid, int64_t uid,
		    const char *name, struct user *u);

/* An account and its first session; ERR_CONFLICT if the email or name is taken. */
enum err	 db_account_create(struct db *db, struct arena *a, const char *email,
		    const char *hash, const char *name, const char *expires, struct user *u,
		    struct new_session *s);

/* The constraint a 23505 conflict named (e.g. "app_user_account_email"), or "". */
const char	*db_conflict_constraint(const struct db *db);

struct login_lookup {
	bool		 found;		/* an account with that email exists */
	struct user	 user;
	const char	*hash;		/* its password hash */
	int64_t		 failures_account;
	int64_t		 failures_address;
};

/* The account for email and the recent failures for it and for addr. */
enum err	 db_login_lookup(struct db *db, struct arena *a, const char *email,
		    const char *addr, int window, struct login_lookup *l);

/* Counts one failed login against email and addr. */
enum err	 db_login_failed(struct db *db, struct arena *a, const char *email,
		    const char *addr, int window);

/* Opens a session for account uid until expires; clears the email's failures. */
enum err	 db_login_session(struct db *db, struct arena *a, int64_t uid,
		    const char *expires, const char *email, int64_t *sid);

/* The fields of a verified single sign-on token, NUL-terminated; NULL when absent. */
struct sso_identity {
	const char	*jti;
	const char	*jti_expires;	/* RFC 3339 */
	const char	*site_user_id;
	const char	*name;
	const char	*email;
	const char	*avatar_url;
};

/*
 * Signs in the site's user (creating or updating them) with a session until
 * expires. ERR_UNAUTHORIZED if the token was used before or the user is banned.
 */
enum err	 db_sso_login(struct db *db, struct arena *a, const struct sso_identity *id,
		    const char *expires, struct user *u, struct new_session *s);

/* CLI: creates an account with a role; ERR_CONFLICT if the email or name is taken. */
enum err	 db_user_add(struct db *db, struct arena *a, const char *email, const char *hash,
		    const char *name, const char *role);

/* CLI: sets the role of the account with email; ERR_NOT_FOUND if none. */
enum err	 db_user_role_set(struct db *db, struct arena *a, const char *email,
		    const char *role);

/* Ends session sid of uid; ERR_UNAUTHORIZED if it was already over. */
enum err	 db_session_revoke(struct db *db, struct arena *a, int64_t sid, int64_t uid);

/* Ends every session of the user of live session (sid, uid). */
enum err	 db_sessions_revoke_all(struct db *db, struct arena *a, int64_t sid, int64_t uid);

/* counts[i] = visible comments of keys[i] (0 if unknown), for n keys. */
enum err	 db_article_counts(struct db *db, struct arena *a,
		    const char *const *keys, size_t n, int64_t *counts);

#endif
