/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The statement table. Each statement does its request's whole database
 * work in one round trip. Timestamps leave as RFC 3339 UTC text so no code
 * outside PostgreSQL formats dates.
 */
#include "db_stmt.h"

/* The caller's live session ($sid, $uid): its user, if not banned. */
#define LIVE(sid, uid) \
	"live AS (SELECT u.id, u.kind, u.display_name, u.role, u.email, u.avatar_url" \
	" FROM session s JOIN app_user u ON u.id = s.user_id" \
	" WHERE s.id = " sid "::bigint AND s.user_id = " uid "::bigint" \
	" AND s.revoked_at IS NULL AND s.expires_at > now() AND u.banned_at IS NULL)"

/* No account is called name (case-insensitively): guests cannot pose as one. */
#define NAME_FREE(name) \
	"NOT EXISTS (SELECT 1 FROM app_user WHERE kind = 'account'" \
	" AND lower(display_name) = lower(" name "::text))"

#define USER_COLUMNS \
	"id, kind, display_name, role, COALESCE(email, '') AS email," \
	" COALESCE(avatar_url, '') AS avatar_url"

#define RFC3339(col) \
	"to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

const struct db_stmt db_stmts[STMT__MAX] = {
	[STMT_HEALTH] = { "health", "SELECT 1", true },

	/*
	 * $1 article key, $2 thread position to start below (a cursor; a huge
	 * number for the first page), $3 rows wanted. One row per comment plus
	 * the visible count; an article without comments on this page gives one
	 * row with NULL comment columns; an unknown article gives no row. The
	 * partial index comment_visible_newest makes this a bounded index scan
	 * however long the thread is.
	 */
	[STMT_COMMENT_PAGE] = { "comment_page",
	    "SELECT a.comment_count, c.seq, c.id, c.author_name, c.body, " RFC3339("c.created_at")
	    " FROM article a LEFT JOIN LATERAL ("
	    "   SELECT seq, id, author_name, body, created_at FROM comment"
	    "   WHERE article_id = a.id AND seq < $2::bigint"
	    "     AND status IN ('published', 'approved')"
	    "   ORDER BY seq DESC LIMIT $3::int) c ON true"
	    " WHERE a.key = $1::text"
	    " ORDER BY c.seq DESC", true },

	/*
	 * A signed-in reader's comment. $1 key, $2 title, $3 url (NULL if not
	 * given), $4 body, $5 session id, $6 user id. Nothing is stored unless
	 * the session is live and its user not banned (no row: 401). The first
	 * comment creates the article; the upsert's row lock serializes posts
	 * to one article, so comment_count and comment_seq stay exact.
	 */
	[STMT_COMMENT_INSERT] = { "comment_insert",
	    "WITH " LIVE("$5", "$6") ","
	    " a AS ("
	    "  INSERT INTO article AS a (key, title, url, comment_count, comment_seq)"
	    "  SELECT $1::text, $2::text, $3::text, 1, 1 FROM live"
	    "  ON CONFLICT (key) DO UPDATE SET comment_count = a.comment_count + 1,"
	    "    comment_seq = a.comment_seq + 1,"
	    "    title = COALESCE(a.title, EXCLUDED.title),"
	    "    url = COALESCE(a.url, EXCLUDED.url)"
	    "  RETURNING a.id, a.comment_seq)"
	    " INSERT INTO comment (article_id, seq, user_id, author_name, body)"
	    " SELECT a.id, a.comment_seq, live.id, live.display_name, $4::text FROM a, live"
	    " RETURNING seq, id, author_name, body, " RFC3339("created_at"), false },

	/*
	 * A guest's first comment: the guest, their session, the article (if
	 * new) and the comment in one statement. $1 key, $2 title, $3 url,
	 * $4 display name, $5 body, $6 session expiry. A name an account holds
	 * is not a guest's to take: then nothing is stored and no row returns.
	 */
	[STMT_GUEST_COMMENT_INSERT] = { "guest_comment_insert",
	    "WITH u AS ("
	    "  INSERT INTO app_user (kind, display_name) SELECT 'guest', $4::text"
	    "  WHERE " NAME_FREE("$4")
	    "  RETURNING id, display_name),"
	    " s AS ("
	    "  INSERT INTO session (user_id, expires_at) SELECT id, $6::timestamptz FROM u"
	    "  RETURNING id),"
	    " a AS ("
	    "  INSERT INTO article AS a (key, title, url, comment_count, comment_seq)"
	    "  SELECT $1::text, $2::text, $3::text, 1, 1 FROM u"
	    "  ON CONFLICT (key) DO UPDATE SET comment_count = a.comment_count + 1,"
	    "    comment_seq = a.comment_seq + 1,"
	    "    title = COALESCE(a.title, EXCLUDED.title),"
	    "    url = COALESCE(a.url, EXCLUDED.url)"
	    "  RETURNING a.id, a.comment_seq),"
	    " c AS ("
	    "  INSERT INTO comment (article_id, seq, user_id, author_name, body)"
	    "  SELECT a.id, a.comment_seq, u.id, u.display_name, $5::text FROM a, u"
	    "  RETURNING seq, id, author_name, body, created_at)"
	    " SELECT c.seq, c.id, c.author_name, c.body, " RFC3339("c.created_at") ","
	    "  u.id, s.id FROM c, u, s", false },

	/* $1 a text[] of article keys; unknown keys give no row. */
	[STMT_ARTICLE_COUNTS] = { "article_counts",
	    "SELECT key, comment_count FROM article WHERE key = ANY($1::text[])", true },

	/* A guest and their session: $1 display name, $2 session expiry; no row if an account has the name. */
	[STMT_GUEST_CREATE] = { "guest_create",
	    "WITH u AS ("
	    "  INSERT INTO app_user (kind, display_name) SELECT 'guest', $1::text"
	    "  WHERE " NAME_FREE("$1")
	    "  RETURNING " USER_COLUMNS "),"
	    " s AS ("
	    "  INSERT INTO session (user_id, expires_at) SELECT id, $2::timestamptz FROM u"
	    "  RETURNING id)"
	    " SELECT u.*, s.id FROM u, s", false },

	/* The caller ($1 session, $2 user) as they are now; no row if the session is over. */
	[STMT_ME_GET] = { "me_get",
	    "WITH " LIVE("$1", "$2") " SELECT " USER_COLUMNS " FROM live", true },

	/* Renames the caller to $3; a taken account name fails with 23505. */
	[STMT_ME_RENAME] = { "me_rename",
	    "WITH " LIVE("$1", "$2")
	    " UPDATE app_user SET display_name = $3::text FROM live WHERE app_user.id = live.id"
	    " RETURNING app_user.id, app_user.kind, app_user.display_name, app_user.role,"
	    "  COALESCE(app_user.email, ''), COALESCE(app_user.avatar_url, '')", false },

	/* Ends the caller's session ($1, $2); no row if it was already over. */
	[STMT_SESSION_REVOKE] = { "session_revoke",
	    "UPDATE session SET revoked_at = now()"
	    " WHERE id = $1::bigint AND user_id = $2::bigint AND revoked_at IS NULL"
	    " RETURNING id", false },

	/*
	 * A new account and its first session: $1 email, $2 password hash,
	 * $3 display name, $4 session expiry. A taken email or name: 23505.
	 */
	[STMT_ACCOUNT_CREATE] = { "account_create",
	    "WITH u AS ("
	    "  INSERT INTO app_user (kind, email, password_hash, display_name)"
	    "  VALUES ('account', $1::text, $2::text, $3::text)"
	    "  RETURNING " USER_COLUMNS "),"
	    " s AS ("
	    "  INSERT INTO session (user_id, expires_at) SELECT id, $4::timestamptz FROM u"
	    "  RETURNING id)"
	    " SELECT u.*, s.id FROM u, s", false },

	/*
	 * Everything a login needs at once: the account for email $1 (NULL
	 * columns if none), and the recent failures for that email and for
	 * the client address $2 within the last $3 seconds.
	 */
	[STMT_LOGIN_LOOKUP] = { "login_lookup",
	    "SELECT u.id, u.kind, u.display_name, u.role, COALESCE(u.email, ''),"
	    "  COALESCE(u.avatar_url, ''), u.password_hash,"
	    "  (SELECT count(*) FROM login_failure WHERE key = 'email:' || lower($1::text)"
	    "    AND at > now() - $3::int * interval '1 second'),"
	    "  (SELECT count(*) FROM login_failure WHERE key = 'addr:' || $2::text"
	    "    AND at > now() - $3::int * interval '1 second')"
	    " FROM (SELECT 1) one LEFT JOIN app_user u"
	    "  ON u.kind = 'account' AND lower(u.email) = lower($1::text) AND u.banned_at IS NULL",
	    true },

	/* Records a failed login for email $1 and address $2; forgets ones older than $3 s. */
	[STMT_LOGIN_FAILED] = { "login_failed",
	    "WITH old AS (DELETE FROM login_failure WHERE key IN ('email:' || lower($1::text),"
	    "   'addr:' || $2::text) AND at <= now() - $3::int * interval '1 second')"
	    " INSERT INTO login_failure (key) VALUES ('email:' || lower($1::text)),"
	    "  ('addr:' || $2::text)", false },

	/* A session for account $1 until $2; clears the failures counted against email $3. */
	[STMT_LOGIN_SESSION] = { "login_session",
	    "WITH f AS (DELETE FROM login_failure WHERE key = 'email:' || lower($3::text))"
	    " INSERT INTO session (user_id, expires_at)"
	    " SELECT id, $2::timestamptz FROM app_user WHERE id = $1::bigint AND banned_at IS NULL"
	    " RETURNING id", false },

	/*
	 * Single sign-on: remembers jti $1 until $2 (a replay inserts nothing,
	 * so nothing follows), creates or updates the site's user $3 (name $4,
	 * email $5, avatar $6, NULL when not given) and opens a session until
	 * $7. No row: replayed token or banned user.
	 */
	[STMT_SSO_LOGIN] = { "sso_login",
	    "WITH gone AS (DELETE FROM sso_token WHERE expires_at < now() - interval '1 hour'),"
	    " j AS (INSERT INTO sso_token (jti, expires_at) VALUES ($1::text, $2::timestamptz)"
	    "  ON CONFLICT (jti) DO NOTHING RETURNING jti),"
	    " u AS ("
	    "  INSERT INTO app_user (kind, sso_id, display_name, email, avatar_url)"
	    "  SELECT 'sso', $3::text, $4::text, $5::text, $6::text FROM j"
	    "  ON CONFLICT (sso_id) WHERE kind = 'sso' DO UPDATE SET"
	    "   display_name = EXCLUDED.display_name, email = EXCLUDED.email,"
	    "   avatar_url = EXCLUDED.avatar_url"
	    "  RETURNING " USER_COLUMNS ", banned_at),"
	    " s AS ("
	    "  INSERT INTO session (user_id, expires_at)"
	    "  SELECT id, $7::timestamptz FROM u WHERE banned_at IS NULL RETURNING id)"
	    " SELECT u.id, u.kind, u.display_name, u.role, u.email, u.avatar_url, s.id"
	    " FROM u, s", false },

	/* CLI: gives the account with email $1 the role $2; no row if there is none. */
	[STMT_USER_ROLE_SET] = { "user_role_set",
	    "UPDATE app_user SET role = $2::text WHERE kind = 'account' AND lower(email) = lower($1::text)"
	    " RETURNING id", false },

	/* CLI: an account with email $1, hash $2, name $3 and role $4; 23505 if taken. */
	[STMT_USER_ADD] = { "user_add",
	    "INSERT INTO app_user (kind, email, password_hash, display_name, role)"
	    " VALUES ('account', $1::text, $2::text, $3::text, $4::text) RETURNING id", false },

	/* Ends every session of the caller's user, if the calling one is live. */
	[STMT_SESSIONS_REVOKE_ALL] = { "sessions_revoke_all",
	    "WITH " LIVE("$1", "$2")
	    " UPDATE session SET revoked_at = now() FROM live"
	    " WHERE session.user_id = live.id AND session.revoked_at IS NULL"
	    " RETURNING session.id", false },
};
