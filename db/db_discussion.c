/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Typed queries for the discussion around comments: reactions, a reader's
 * own marks on a page, and an author editing or deleting their comment. Like db.c, the only place these
 * statements' results are read.
 */
#include "db/db_internal.h"

enum err
db_mine(struct db *db, struct arena *a, const char *key, int64_t sid, int64_t uid,
    struct mine *m)
{
	const char *const params[3] = { key, db_param_int(a, sid), db_param_int(a, uid) };
	PGresult	*res;
	enum err	 err;
	int		 rows;

	if ((res = db_exec(db, a, STMT_MINE, 3, params, &err)) == NULL)
		return err;
	if ((rows = PQntuples(res)) == 0)
		return ERR_UNAUTHORIZED;
	m->own = PQgetvalue(res, 0, DB_COMMENT_NCOLS);
	m->reacted = PQgetvalue(res, 0, DB_COMMENT_NCOLS + 1);
	m->reported = PQgetvalue(res, 0, DB_COMMENT_NCOLS + 2);
	m->nheld = PQgetisnull(res, 0, DB_COMMENT_ID) ? 0 : (size_t)rows;
	m->held = arena_alloc(a, (m->nheld + 1) * sizeof(*m->held));
	for (size_t i = 0; i < m->nheld; i++)
		db_comment_read(res, (int)i, 0, &m->held[i]);
	return ERR_OK;
}

enum err
db_reaction_set(struct db *db, struct arena *a, int64_t id, int64_t sid, int64_t uid, bool on,
    enum reaction_outcome *out, int64_t *count)
{
	const char *const params[4] = { db_param_int(a, id), db_param_int(a, sid),
	    db_param_int(a, uid), on ? "true" : "false" };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_REACTION_SET, 4, params, &err)) == NULL)
		return err;
	if (!db_bool(res, 0, 0))
		*out = REACTION_SESSION_OVER;
	else if (!db_bool(res, 0, 1))
		*out = REACTION_NO_COMMENT;
	else if (db_bool(res, 0, 2))
		*out = REACTION_OWN;
	else
		*out = REACTION_DONE;
	*count = db_int64(res, 0, 3);
	return ERR_OK;
}

enum err
db_comment_delete(struct db *db, struct arena *a, int64_t id, int64_t sid, int64_t uid)
{
	const char *const params[3] = { db_param_int(a, id), db_param_int(a, sid),
	    db_param_int(a, uid) };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_COMMENT_DELETE, 3, params, &err)) == NULL)
		return err;
	if (!db_bool(res, 0, 0))
		return ERR_UNAUTHORIZED;
	return db_bool(res, 0, 1) ? ERR_OK : ERR_NOT_FOUND;
}

enum err
db_comment_edit(struct db *db, struct arena *a, const struct comment_new *c, int64_t sid,
    int64_t uid, int edit_minutes, struct comment *out, const char **status)
{
	const char *const params[11] = { db_param_int(a, c->edit_id), db_param_int(a, sid),
	    db_param_int(a, uid), db_param_int(a, edit_minutes), c->body, c->html, c->status,
	    c->flagged ? "true" : "false", c->action, db_text_array(a, c->reasons, c->nfindings),
	    db_text_array(a, c->notes, c->nfindings) };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_COMMENT_EDIT, 11, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_EDIT_WINDOW_OVER;
	db_comment_read(res, 0, 0, out);
	*status = PQgetvalue(res, 0, DB_COMMENT_NCOLS);
	return ERR_OK;
}

enum err
db_comment_get(struct db *db, struct arena *a, int64_t id, struct comment *c, const char **status)
{
	const char *const params[1] = { db_param_int(a, id) };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_COMMENT_GET, 1, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_NOT_FOUND;
	db_comment_read(res, 0, 0, c);
	*status = PQgetvalue(res, 0, DB_COMMENT_NCOLS);
	return ERR_OK;
}

enum err
db_post_key_comment(struct db *db, struct arena *a, const char *key, int64_t uid,
    const char *body, const char *author_name, int64_t *id, bool *mine)
{
	const char *const params[4] = { key, db_param_int(a, uid), body, author_name };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_POST_KEY_GET, 4, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_NOT_FOUND;
	*id = db_int64(res, 0, 0);
	*mine = db_bool(res, 0, 1);
	return ERR_OK;
}

enum err
db_maintain(struct db *db, struct arena *a, int64_t forgotten[4])
{
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_MAINTAIN, 0, NULL, &err)) == NULL)
		return err;
	for (int i = 0; i < 4; i++)
		forgotten[i] = db_int64(res, 0, i);
	return ERR_OK;
}
