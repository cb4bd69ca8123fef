/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Readers and their sessions: guests, accounts and their logins, single
 * sign-on identities, a reader's own profile, sign-out, and the CLI's
 * staff accounts.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db/db.h"
#include "db/db_internal.h"

/* Fills u from the USER_COLUMNS of row 0. */
static void
db_user_read(const PGresult *res, struct user *u)
{
	u->id = db_int64(res, 0, 0);
	u->kind = PQgetvalue(res, 0, 1);
	u->display_name = PQgetvalue(res, 0, 2);
	u->role = PQgetvalue(res, 0, 3);
	u->email = PQgetvalue(res, 0, 4);
	u->avatar_url = PQgetvalue(res, 0, 5);
}

/* Fills u and s from row 0: the USER_COLUMNS, then the new session's id. */
static void
db_user_session_read(const PGresult *res, struct user *u, struct new_session *s)
{
	db_user_read(res, u);
	s->user_id = u->id;
	s->session_id = db_int64(res, 0, 6);
}

enum err
db_guest_create(struct db *db, struct arena *a, const char *name, const char *key,
    const char *expires, const char *address, struct user *u, struct new_session *s)
{
	const char *const params[4] = { name, expires, key, address };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_GUEST_CREATE, 4, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_CONFLICT;	/* the name is held */
	db_user_session_read(res, u, s);
	return ERR_OK;
}

/* Runs a statement about the caller's session; no row means it is over. */
static enum err
db_session_exec(struct db *db, struct arena *a, enum stmt st, int64_t sid, int64_t uid,
    const char *extra, PGresult **out)
{
	const char *const params[3] = { db_param_int(a, sid), db_param_int(a, uid), extra };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, st, extra != NULL ? 3 : 2, params, &err)) == NULL)
		return err;
	if (PQntuples(res) == 0)
		return ERR_UNAUTHORIZED;
	if (out != NULL)
		*out = res;
	return ERR_OK;
}

enum err
db_me_get(struct db *db, struct arena *a, int64_t sid, int64_t uid, struct user *u)
{
	PGresult	*res;
	enum err	 err;

	if ((err = db_session_exec(db, a, STMT_ME_GET, sid, uid, NULL, &res)) != ERR_OK)
		return err;
	db_user_read(res, u);
	return ERR_OK;
}

enum err
db_me_rename(struct db *db, struct arena *a, int64_t sid, int64_t uid, const char *name,
    const char *key, struct user *u)
{
	const char *const params[4] = { db_param_int(a, sid), db_param_int(a, uid), name, key };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_ME_RENAME, 4, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_UNAUTHORIZED;
	if (strcmp(PQgetvalue(res, 0, 6), "t") == 0)
		return ERR_CONFLICT;	/* another identity holds the name */
	db_user_read(res, u);
	return ERR_OK;
}

enum err
db_guest_name_used(struct db *db, struct arena *a, const char *article, const char *key,
    int64_t uid, bool *used)
{
	const char *const params[3] = { article, key, db_param_int(a, uid) };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_GUEST_NAME_USED, 3, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_INTERNAL;
	*used = db_bool(res, 0, 0);
	return ERR_OK;
}

enum err
db_session_revoke(struct db *db, struct arena *a, int64_t sid, int64_t uid)
{
	return db_session_exec(db, a, STMT_SESSION_REVOKE, sid, uid, NULL, NULL);
}

enum err
db_sessions_revoke_all(struct db *db, struct arena *a, int64_t sid, int64_t uid)
{
	return db_session_exec(db, a, STMT_SESSIONS_REVOKE_ALL, sid, uid, NULL, NULL);
}

enum err
db_account_create(struct db *db, struct arena *a, const char *email, const char *hash,
    const char *name, const char *key, const char *expires, const char *net, struct user *u,
    struct new_session *s)
{
	const char *const params[6] = { email, hash, name, expires, key, net };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_ACCOUNT_CREATE, 6, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1) {
		db_conflict_clear(db);	/* the name is held: no constraint named it */
		return ERR_CONFLICT;
	}
	db_user_session_read(res, u, s);
	return ERR_OK;
}

enum err
db_login_lookup(struct db *db, struct arena *a, const char *email, const char *addr,
    const char *net, int window, struct login_lookup *l)
{
	const char *const params[4] = { email, addr, db_param_int(a, window), net };
	PGresult	*res;
	enum err	 err;

	memset(l, 0, sizeof(*l));
	if ((res = db_exec(db, a, STMT_LOGIN_LOOKUP, 4, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_INTERNAL;
	for (int i = 0; i < LOGIN__MAX; i++) {
		l->count[i].n = db_int64(res, 0, 7 + 2 * i);
		l->count[i].since = db_int64(res, 0, 8 + 2 * i);
	}
	l->known = db_bool(res, 0, 7 + 2 * LOGIN__MAX);
	if (PQgetisnull(res, 0, 0))
		return ERR_OK;
	l->found = true;
	db_user_read(res, &l->user);
	l->hash = PQgetvalue(res, 0, 6);
	return ERR_OK;
}

enum err
db_login_failed(struct db *db, struct arena *a, const char *email, const char *addr,
    int window)
{
	const char *const params[3] = { email, addr, db_param_int(a, window) };
	enum err	 err;

	return db_exec(db, a, STMT_LOGIN_FAILED, 3, params, &err) != NULL ? ERR_OK : err;
}

enum err
db_signup_noted(struct db *db, struct arena *a, const char *addr, int window)
{
	const char *const params[2] = { addr, db_param_int(a, window) };
	enum err	 err;

	return db_exec(db, a, STMT_SIGNUP_NOTED, 2, params, &err) != NULL ? ERR_OK : err;
}

enum err
db_login_session(struct db *db, struct arena *a, int64_t uid, const char *expires,
    const char *email, const char *addr, const char *net, int64_t *sid)
{
	const char *const params[5] = { db_param_int(a, uid), expires, email, addr, net };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_LOGIN_SESSION, 5, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_UNAUTHORIZED;	/* banned between lookup and now */
	*sid = db_int64(res, 0, 0);
	return ERR_OK;
}

enum err
db_sso_login(struct db *db, struct arena *a, const struct sso_identity *id,
    const char *const *names, const char *const *keys, size_t n, const char *expires,
    struct user *u, struct new_session *s)
{
	const char *const params[8] = { id->jti, id->jti_expires, id->site_user_id,
	    db_text_array(a, names, n), id->email, id->avatar_url, expires,
	    db_text_array(a, keys, n) };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_SSO_LOGIN, 8, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_UNAUTHORIZED;
	db_user_session_read(res, u, s);
	return ERR_OK;
}

enum err
db_user_role_set(struct db *db, struct arena *a, const char *email, const char *role)
{
	const char *const params[2] = { email, role };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_USER_ROLE_SET, 2, params, &err)) == NULL)
		return err;
	return PQntuples(res) == 1 ? ERR_OK : ERR_NOT_FOUND;
}

enum err
db_user_add(struct db *db, struct arena *a, const char *email, const char *hash,
    const char *name, const char *key, const char *role)
{
	const char *const params[5] = { email, hash, name, role, key };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_USER_ADD, 5, params, &err)) == NULL)
		return err;
	return PQntuples(res) == 1 ? ERR_OK : ERR_CONFLICT;	/* none: the name is held */
}
