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
	 * $4 display name, $5 body, $6 session expiry.
	 */
	[STMT_GUEST_COMMENT_INSERT] = { "guest_comment_insert",
	    "WITH u AS ("
	    "  INSERT INTO app_user (kind, display_name) VALUES ('guest', $4::text)"
	    "  RETURNING id, display_name),"
	    " s AS ("
	    "  INSERT INTO session (user_id, expires_at) SELECT id, $6::timestamptz FROM u"
	    "  RETURNING id),"
	    " a AS ("
	    "  INSERT INTO article AS a (key, title, url, comment_count, comment_seq)"
	    "  VALUES ($1::text, $2::text, $3::text, 1, 1)"
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

	/* A guest and their session: $1 display name, $2 session expiry. */
	[STMT_GUEST_CREATE] = { "guest_create",
	    "WITH u AS ("
	    "  INSERT INTO app_user (kind, display_name) VALUES ('guest', $1::text)"
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

	/* Ends every session of the caller's user, if the calling one is live. */
	[STMT_SESSIONS_REVOKE_ALL] = { "sessions_revoke_all",
	    "WITH " LIVE("$1", "$2")
	    " UPDATE session SET revoked_at = now() FROM live"
	    " WHERE session.user_id = live.id AND session.revoked_at IS NULL"
	    " RETURNING session.id", false },
};
