/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Typed queries for moderation: the facts the policy judges a new comment
 * by, the word lists, the queues, moderator actions and reports. Like db.c,
 * the only place these statements' results are read.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db_internal.h"

enum err
db_post_facts(struct db *db, struct arena *a, const char *key, const char *body,
    const char *address, int64_t sid, int64_t uid, int64_t edit_id, int edit_minutes,
    const char *post_key, const char *author_name, const char *author_key,
    struct post_facts *f)
{
	const char *const params[10] = { key, body, address, db_param_int(a, sid),
	    db_param_int(a, uid), db_param_int(a, edit_id), db_param_int(a, edit_minutes), post_key,
	    author_name, author_key };
	struct mod_settings	*st = &f->settings;
	PGresult		*res;
	enum err		 err;

	if ((res = db_exec(db, a, STMT_POST_FACTS, 10, params, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		return ERR_INTERNAL;
	st->version = db_int64(res, 0, 0);
	st->premoderate = db_bool(res, 0, 1);
	st->suspect_holds = db_bool(res, 0, 2);
	st->link_max = (int)db_int64(res, 0, 3);
	st->blocked_domains = PQgetvalue(res, 0, 4);
	st->rate_author_max = (int)db_int64(res, 0, 5);
	st->rate_address_max = (int)db_int64(res, 0, 6);
	st->rate_window = (int)db_int64(res, 0, 7);
	st->approved_min = (int)db_int64(res, 0, 8);
	f->live = db_bool(res, 0, 9);
	f->role = PQgetvalue(res, 0, 10);
	f->standing = PQgetvalue(res, 0, 11);
	f->banned = db_bool(res, 0, 12);
	f->suspended_until = db_int64(res, 0, 13);
	f->approved_count = (int)db_int64(res, 0, 14);
	f->repeat = db_bool(res, 0, 15);
	f->recent_by_author = (int)db_int64(res, 0, 16);
	f->recent_by_address = (int)db_int64(res, 0, 17);
	f->closed = db_bool(res, 0, 18);
	f->premoderate_article = db_bool(res, 0, 19);
	f->edit_own = db_bool(res, 0, 20);
	f->edit_open = db_bool(res, 0, 21);
	f->replay_id = db_int64(res, 0, 22);
	f->replay_mine = db_bool(res, 0, 23);
	f->guest_name_used = db_bool(res, 0, 24);
	return ERR_OK;
}

enum err
db_words_get(struct db *db, struct arena *a, int64_t *version, const char **banned,
    const char **suspect)
{
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_WORDS_GET, 0, NULL, &err)) == NULL)
		return err;
	*version = db_int64(res, 0, 0);
	*banned = PQgetvalue(res, 0, 1);
	*suspect = PQgetvalue(res, 0, 2);
	return ERR_OK;
}

const char *const db_setting_names[MOD_SETTINGS_N + 1] = {
	"premoderate", "suspect_action", "link_max", "blocked_domains", "rate_author_max",
	"rate_address_max", "rate_window", "repeat_window", "approved_min", "report_hold",
	"auto_close_days", "guest_address_max", NULL
};

/* ids as a PostgreSQL bigint[] literal, in arena memory. */
static const char *
db_id_array(struct arena *a, const struct id_list *ids)
{
	char	*out = arena_alloc(a, ids->n * 21 + 3);
	size_t	 len = 0;

	out[len++] = '{';
	for (size_t i = 0; i < ids->n; i++)
		len += (size_t)snprintf(out + len, 22, "%s%" PRId64, i > 0 ? "," : "", ids->v[i]);
	out[len++] = '}';
	out[len] = '\0';
	return out;
}

/* The actor's id as a parameter: NULL for the CLI. */
static const char *
db_actor(struct arena *a, const struct actor *who)
{
	return who->id != 0 ? db_param_int(a, who->id) : NULL;
}

/* Column 0 of every row as ids. */
static void
db_ids_read(struct arena *a, const PGresult *res, struct id_list *out)
{
	out->n = (size_t)PQntuples(res);
	out->v = arena_alloc(a, (out->n + 1) * sizeof(*out->v));
	for (size_t i = 0; i < out->n; i++)
		out->v[i] = db_int64(res, (int)i, 0);
}

/* Rows of (id, json) from columns id_col and json_col; at most max rows. */
static void
db_json_rows_read(struct arena *a, const PGresult *res, int id_col, int json_col, size_t max,
    struct json_row **rows, size_t *n)
{
	size_t	 have = (size_t)PQntuples(res);

	*n = have < max ? have : max;
	*rows = arena_alloc(a, (*n + 1) * sizeof(**rows));
	for (size_t i = 0; i < *n; i++) {
		(*rows)[i].id = id_col >= 0 ? db_int64(res, (int)i, id_col) : 0;
		(*rows)[i].json = PQgetvalue(res, (int)i, json_col);
		(*rows)[i].len = (size_t)PQgetlength(res, (int)i, json_col);
	}
}

/* Runs a statement whose one row is one JSON column; no row: ERR_NOT_FOUND. */
static enum err
db_json_one(struct db *db, struct arena *a, enum stmt s, int n, const char *const *params,
    const char **json)
{
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, s, n, params, &err)) == NULL)
		return err;
	if (PQntuples(res) == 0)
		return ERR_NOT_FOUND;
	*json = PQgetvalue(res, 0, 0);
	return ERR_OK;
}

const char *const db_queue_names[QUEUE__MAX] = {
	[QUEUE_PENDING] = "pending",
	[QUEUE_REPORTED] = "reported",
	[QUEUE_UNMODERATED] = "unmoderated",
	[QUEUE_APPROVED] = "approved",
	[QUEUE_REJECTED] = "rejected",
	[QUEUE_ALL] = "all",
};

enum err
db_queue_counts(struct db *db, struct arena *a, const char *key, int64_t counts[QUEUE__COUNTED])
{
	const char *const params[1] = { key };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_QUEUE_COUNTS, 1, params, &err)) == NULL)
		return err;
	for (int i = 0; i < QUEUE__COUNTED; i++)
		counts[i] = db_int64(res, 0, i);
	return ERR_OK;
}

/* Each queue's statements: the whole site, one article; and whether it reads newest first. */
static const struct {
	enum stmt	 site;
	enum stmt	 article;
	bool		 newest_first;
} queue_stmts[QUEUE__MAX] = {
	[QUEUE_PENDING] = { STMT_QUEUE_PENDING, STMT_QUEUE_PENDING_ARTICLE, false },
	[QUEUE_REPORTED] = { STMT_QUEUE_REPORTED, STMT_QUEUE_REPORTED_ARTICLE, false },
	[QUEUE_UNMODERATED] = { STMT_QUEUE_UNMODERATED, STMT_QUEUE_UNMODERATED_ARTICLE, false },
	[QUEUE_APPROVED] = { STMT_QUEUE_APPROVED, STMT_QUEUE_APPROVED_ARTICLE, true },
	[QUEUE_REJECTED] = { STMT_QUEUE_REJECTED, STMT_QUEUE_REJECTED_ARTICLE, true },
	[QUEUE_ALL] = { STMT_QUEUE_ALL, STMT_QUEUE_ALL_ARTICLE, true },
};

enum err
db_queue_page(struct db *db, struct arena *a, enum queue q, const struct queue_filter *f,
    struct json_row **rows, size_t *n, bool *more)
{
	int64_t		 cursor = f->cursor;
	const char	*params[6];
	PGresult	*res;
	enum err	 err;

	if (cursor == 0)
		cursor = queue_stmts[q].newest_first ? INT64_MAX : 0;
	params[0] = f->key;
	params[1] = db_param_int(a, cursor);
	params[2] = db_param_int(a, f->limit + 1);	/* one more tells whether a page follows */
	params[3] = f->text;
	params[4] = f->reason;
	params[5] = f->user_id != 0 ? db_param_int(a, f->user_id) : NULL;
	if ((res = db_exec(db, a, f->key != NULL ? queue_stmts[q].article : queue_stmts[q].site,
	    6, params, &err)) == NULL)
		return err;
	*more = PQntuples(res) > f->limit;
	db_json_rows_read(a, res, 0, 1, (size_t)f->limit, rows, n);
	return ERR_OK;
}

enum err
db_comments_decide(struct db *db, struct arena *a, const struct actor *who,
    const struct id_list *ids, const char *to, const char *const *from, size_t nfrom,
    const char *action, const char *reason, const char *note, struct id_list *changed)
{
	const char *const params[8] = { db_id_array(a, ids), to, db_text_array(a, from, nfrom),
	    db_actor(a, who), who->via, action, reason, note };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_COMMENT_DECIDE, 8, params, &err)) == NULL)
		return err;
	db_ids_read(a, res, changed);
	return ERR_OK;
}

enum err
db_comment_deciders(struct db *db, struct arena *a, const struct id_list *ids,
    struct decider **out, size_t *n)
{
	const char *const params[1] = { db_id_array(a, ids) };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_COMMENT_DECIDERS, 1, params, &err)) == NULL)
		return err;
	*n = (size_t)PQntuples(res);
	*out = arena_alloc(a, (*n + 1) * sizeof(**out));
	for (size_t i = 0; i < *n; i++) {
		(*out)[i].id = db_int64(res, (int)i, 0);
		(*out)[i].status = PQgetvalue(res, (int)i, 1);
		(*out)[i].by = PQgetvalue(res, (int)i, 2);
		(*out)[i].at = PQgetvalue(res, (int)i, 3);
	}
	return ERR_OK;
}

enum err
db_comments_feature(struct db *db, struct arena *a, const struct actor *who,
    const struct id_list *ids, bool on, struct id_list *changed)
{
	const char *const params[4] = { db_id_array(a, ids), on ? "true" : "false",
	    db_actor(a, who), who->via };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_COMMENT_FEATURE, 4, params, &err)) == NULL)
		return err;
	db_ids_read(a, res, changed);
	return ERR_OK;
}

enum err
db_reports_dismiss(struct db *db, struct arena *a, const struct actor *who,
    const struct id_list *ids, const char *note, struct id_list *changed)
{
	const char *const params[4] = { db_id_array(a, ids), db_actor(a, who), who->via, note };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_REPORTS_DISMISS, 4, params, &err)) == NULL)
		return err;
	db_ids_read(a, res, changed);
	return ERR_OK;
}

enum err
db_report_add(struct db *db, struct arena *a, int64_t id, int64_t sid, int64_t uid,
    const char *reason, const char *note, enum report_outcome *out)
{
	const char *const params[5] = { db_param_int(a, id), db_param_int(a, sid),
	    db_param_int(a, uid), reason, note };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_REPORT_ADD, 5, params, &err)) == NULL)
		return err;
	if (!db_bool(res, 0, 0))
		*out = REPORT_SESSION_OVER;
	else if (!db_bool(res, 0, 1))
		*out = REPORT_NOT_REPORTABLE;
	else if (!db_bool(res, 0, 2))
		*out = REPORT_DUPLICATE;
	else
		*out = REPORT_ADDED;
	return ERR_OK;
}

enum err
db_user_moderate(struct db *db, struct arena *a, const struct actor *who, int64_t user_id,
    const char *action, int hours, const char *note, bool reject_all, const char **json,
    int64_t *rejected)
{
	const char *const params[7] = { db_param_int(a, user_id), action, db_param_int(a, hours),
	    db_actor(a, who), who->via, note, reject_all ? "true" : "false" };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_USER_MODERATE, 7, params, &err)) == NULL)
		return err;
	if (PQntuples(res) == 0)
		return ERR_NOT_FOUND;
	*json = PQgetvalue(res, 0, 0);
	*rejected = db_int64(res, 0, 1);
	return ERR_OK;
}

enum err
db_user_note_add(struct db *db, struct arena *a, const struct actor *who, int64_t user_id,
    const char *note)
{
	const char *const params[4] = { db_param_int(a, user_id), note, db_actor(a, who), who->via };
	const char	*unused;

	return db_json_one(db, a, STMT_USER_NOTE_ADD, 4, params, &unused);
}

enum err
db_user_get(struct db *db, struct arena *a, int64_t user_id, const char **json)
{
	const char *const params[1] = { db_param_int(a, user_id) };

	return db_json_one(db, a, STMT_USER_GET, 1, params, json);
}

enum err
db_article_moderate(struct db *db, struct arena *a, const struct actor *who, const char *key,
    const char *action, const char *days, const char **json)
{
	const char *const params[5] = { key, action, days, db_actor(a, who), who->via };

	return db_json_one(db, a, STMT_ARTICLE_MODERATE, 5, params, json);
}

enum err
db_article_get(struct db *db, struct arena *a, const char *key, const char **json)
{
	const char *const params[1] = { key };

	return db_json_one(db, a, STMT_ARTICLE_GET, 1, params, json);
}

enum err
db_log_get(struct db *db, struct arena *a, bool of_user, int64_t id, struct json_row **rows,
    size_t *n)
{
	const char *const params[1] = { db_param_int(a, id) };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, of_user ? STMT_LOG_USER : STMT_LOG_COMMENT, 1, params,
	    &err)) == NULL)
		return err;
	db_json_rows_read(a, res, -1, 0, (size_t)PQntuples(res), rows, n);
	return ERR_OK;
}

enum err
db_settings_get(struct db *db, struct arena *a, const char **json)
{
	return db_json_one(db, a, STMT_SETTINGS_GET, 0, NULL, json);
}

enum err
db_settings_update(struct db *db, struct arena *a, const struct actor *who,
    const char *const values[MOD_SETTINGS_N], const char **json)
{
	const char	*params[MOD_SETTINGS_N + 2];

	for (int i = 0; i < MOD_SETTINGS_N; i++)
		params[i] = values[i];
	params[MOD_SETTINGS_N] = db_actor(a, who);
	params[MOD_SETTINGS_N + 1] = who->via;
	return db_json_one(db, a, STMT_SETTINGS_UPDATE, MOD_SETTINGS_N + 2, params, json);
}

enum err
db_words_change(struct db *db, struct arena *a, const struct actor *who, const char *list,
    const char *add, const char *remove, int64_t *added, int64_t *removed)
{
	const char *const params[5] = { list, add, remove, db_actor(a, who), who->via };
	PGresult	*res;
	enum err	 err;

	if ((res = db_exec(db, a, STMT_WORDS_CHANGE, 5, params, &err)) == NULL)
		return err;
	*added = db_int64(res, 0, 0);
	*removed = db_int64(res, 0, 1);
	return ERR_OK;
}
