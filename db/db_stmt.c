/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The statement table. Each statement does its request's whole database
 * work in one round trip. Timestamps leave as RFC 3339 UTC text so no code
 * outside PostgreSQL formats dates.
 */
#include "db/db_columns.h"
#include "db/db_stmt.h"

/* The caller's live session ($sid, $uid): its user, if not banned. */
#define LIVE(sid, uid) \
	"live AS (SELECT u.id, u.kind, u.display_name, u.role, u.email, u.avatar_url, u.name_key" \
	" FROM session s JOIN app_user u ON u.id = s.user_id" \
	" WHERE s.id = " sid "::bigint AND s.user_id = " uid "::bigint" \
	" AND s.revoked_at IS NULL AND s.expires_at > now() AND u.banned_at IS NULL)"

/*
 * The name rule (moderation/name.h): an account, a single sign-on reader or a
 * staff member other than the one that other_than (a condition on h) lets
 * through holds the name key key. Guests hold no name. An index lookup
 * (app_user_name_key).
 */
#define NAME_HELD(key, other_than) \
	"EXISTS (SELECT 1 FROM app_user h WHERE h.name_key = " key "::text" \
	" AND (h.kind <> 'guest' OR h.role <> 'reader') AND " other_than ")"

/*
 * The guest name rule (docs/API.md, "Names"): a guest other than the one
 * other_than (a condition on gc) lets through commented on article art
 * under a name with key key within GUEST_NAME_WINDOW (a rejected comment,
 * which no reader saw, does not count). Only guests' comments carry
 * author_key; an index lookup (comment_guest_name). Callers pass
 * other_than as a range of gc.user_id (below, then above, the one let
 * through), so the lookup skips that guest's own comments in the index
 * instead of reading each of them (sql/015_speed.sql).
 */
#define GUEST_NAME_WINDOW	"30 days"
#define GUEST_NAME_USED(art, key, other_than) \
	"EXISTS (SELECT 1 FROM comment gc WHERE gc.article_id = " art \
	" AND gc.author_key = " key "::text AND gc.status <> 'rejected'" \
	" AND gc.created_at > now() - interval '" GUEST_NAME_WINDOW "' AND " other_than ")"

/* The key a guest's comment keeps (GUEST_NAME_USED): a reader guest's, else none. */
#define GUEST_KEY(u, key) \
	"CASE WHEN " u ".kind = 'guest' AND " u ".role = 'reader' THEN " key " END"

#define USER_COLUMNS \
	"id, kind, display_name, role, COALESCE(email, '') AS email," \
	" COALESCE(avatar_url, '') AS avatar_url"

/*
 * The policy's findings for the new comment c: one log row each, reason
 * codes and sentences as parallel text arrays, action the verdict.
 */
#define POLICY_LOG(action, reasons, notes) \
	"l AS (INSERT INTO moderation_log (via, action, comment_id, user_id, article_id," \
	" to_status, reason, note) SELECT 'policy', " action "::text, c.id, c.user_id," \
	" c.article_id, c.status, r.reason, r.note" \
	" FROM c, unnest(" reasons "::text[], " notes "::text[]) AS r (reason, note))"

/*
 * Whether the comment stored under Idempotency-Key key is the caller's, who
 * may then have it replayed: the same user (uid) or, for a caller with no
 * session (uid 0: a guest's first post whose answer, and cookie, were
 * lost), the first comment of a guest, with the same body and name. Anyone
 * else who presents the key learns nothing of it.
 */
#define KEY_MINE(key, uid, body, name) \
	"COALESCE((SELECT CASE WHEN " uid "::bigint <> 0 THEN kc.user_id = " uid "::bigint" \
	" ELSE ku.kind = 'guest' AND kc.body = " body "::text AND kc.author_name = " name "::text" \
	"  AND NOT EXISTS (SELECT 1 FROM comment ko WHERE ko.user_id = kc.user_id AND ko.id < kc.id) END" \
	" FROM post_key pk JOIN comment kc ON kc.id = pk.comment_id" \
	" JOIN app_user ku ON ku.id = kc.user_id WHERE pk.key = " key "::text), false)"

/* Remembers the new comment (CTE c) under the post's Idempotency-Key, if it sent one. */
#define POST_KEY(key) \
	"k AS (INSERT INTO post_key (key, comment_id) SELECT " key "::text, c.id FROM c" \
	" WHERE " key "::text IS NOT NULL)"

/*
 * Whether article a is closed under settings st: by a moderator, or by
 * itself auto_close_days (the article's, else the site's) after its first
 * comment.
 */
#define THREAD_CLOSED(a, st) \
	"(" a ".closed_at <= now() OR (COALESCE(" a ".auto_close_days, " st ".auto_close_days) > 0" \
	" AND " a ".created_at + COALESCE(" a ".auto_close_days, " st ".auto_close_days)" \
	" * interval '1 day' <= now()))"

/*
 * Article a's counter col, exact: its own column plus its rows of
 * article_tally (sql/015_speed.sql), at most 16 rows of one index.
 */
#define TALLIED(a, col) \
	"(" a "." col " + COALESCE((SELECT sum(t." col ") FROM article_tally t" \
	" WHERE t.article_id = " a ".id), 0))"

/*
 * A thread shows its visible comments and the removed ones that still have
 * visible replies (tombstones); sql/007_threads.sql indexes exactly these.
 */
#define SHOWN(c) "(" VISIBLE(c) " OR " c ".reply_count > 0)"

/*
 * A page of one article's top-level comments in one order, each followed
 * by its first replies, depth first. $1 article key, $2 the cursor's seq
 * (the edge of the order for the first page), $3 top-level rows wanted,
 * $4 true on the first page (which also lists up to 5 featured comments),
 * $5 replies wanted per top-level comment; orders by a count have that
 * count's cursor in $6. One row per comment (slot 0 featured, 1 top-level,
 * 2 reply), each with the article's visible count and whether it is
 * closed; an article without comments here gives one row with NULL
 * comment columns, an unknown one no row. Every part is a bounded scan of
 * a partial index (sql/007_threads.sql), however long the thread; only
 * the page's own rows are sorted.
 */
#define THREAD_PAGE(after, order) \
	"WITH a AS (SELECT a.id, " TALLIED("a", "comment_count") " AS comment_count, " THREAD_CLOSED("a", "st") " AS closed" \
	"  FROM (SELECT * FROM moderation_setting LIMIT 1) st, article a WHERE a.key = $1::text)," \
	" top AS (SELECT row_number() OVER (ORDER BY " order("(x.cm)") ") AS rank, x.cm" \
	"  FROM a, LATERAL (SELECT c AS cm FROM comment c WHERE c.article_id = a.id" \
	"   AND c.parent_id IS NULL AND " SHOWN("c") " AND " after \
	"   ORDER BY " order("c") " LIMIT $3::int) x)," \
	" rows AS (SELECT 0 AS slot, row_number() OVER (ORDER BY (x.cm).seq DESC) AS rank," \
	"   (x.cm).path, x.cm FROM a, LATERAL (SELECT c AS cm FROM comment c WHERE $4::boolean" \
	"   AND c.article_id = a.id AND c.featured AND " VISIBLE("c") \
	"   ORDER BY c.seq DESC LIMIT 5) x" \
	"  UNION ALL SELECT 1, t.rank, (t.cm).path, t.cm FROM top t" \
	"  UNION ALL SELECT 2, t.rank, (x.cm).path, x.cm FROM top t, LATERAL (SELECT c AS cm FROM comment c" \
	"   WHERE c.root_id = (t.cm).id AND " SHOWN("c") " ORDER BY c.path LIMIT $5::int) x)" \
	" SELECT a.comment_count, a.closed, r.slot, " COMMENT_COLUMNS("(r.cm)", VISIBLE("(r.cm)")) \
	" FROM a LEFT JOIN rows r ON true" \
	" ORDER BY r.slot = 0 DESC, r.rank, r.slot, r.path"

#define BY_NEWEST(c) c ".seq DESC"
#define BY_OLDEST(c) c ".seq"
/* Most liked: by the reactions of readers with standing (sql/010_standing.sql). */
#define BY_REACTIONS(c) c ".reaction_weight DESC, " c ".seq DESC"
#define BY_REPLIES(c) c ".reply_count DESC, " c ".seq DESC"

#define SETTINGS_JSON \
	"json_build_object('version', version, 'premoderate', premoderate," \
	" 'suspect_action', suspect_action, 'link_max', link_max," \
	" 'blocked_domains', blocked_domains, 'rate_author_max', rate_author_max," \
	" 'rate_address_max', rate_address_max, 'rate_window', rate_window," \
	" 'repeat_window', repeat_window, 'approved_min', approved_min," \
	" 'report_hold', report_hold, 'auto_close_days', auto_close_days," \
	" 'guest_address_max', guest_address_max)"

/*
 * A user as moderators see them (u: app_user): standing, ban, suspension,
 * history over their newest 1,000 comments, and the latest notes.
 */
#define USER_STATE_JSON \
	"json_build_object('id', u.id, 'name', u.display_name, 'kind', u.kind, 'role', u.role," \
	" 'standing', u.standing, 'banned', u.banned_at IS NOT NULL," \
	" 'suspended_until', CASE WHEN u.suspended_until > now() THEN " RFC3339("u.suspended_until") " END," \
	" 'since', " RFC3339("u.created_at") "," \
	" 'history', (SELECT json_build_object('comments', count(*)," \
	"   'approved', count(*) FILTER (WHERE status = 'approved')," \
	"   'rejected', count(*) FILTER (WHERE status = 'rejected')," \
	"   'held', count(*) FILTER (WHERE status = 'held')," \
	"   'published', count(*) FILTER (WHERE status = 'published'))" \
	"  FROM (SELECT status FROM comment WHERE user_id = u.id ORDER BY id DESC LIMIT 1000) h)," \
	" 'notes', (SELECT COALESCE(json_agg(json_build_object('body', n.body," \
	"   'by', COALESCE(w.display_name, 'CLI'), 'at', " RFC3339("n.created_at") ") ORDER BY n.id DESC), '[]')" \
	"  FROM (SELECT * FROM user_note WHERE user_id = u.id ORDER BY id DESC LIMIT 10) n" \
	"  LEFT JOIN app_user w ON w.id = n.author_id))"

#define ARTICLE_STATE_JSON \
	"json_build_object('key', a.key, 'title', a.title, 'url', a.url," \
	" 'closed', a.closed_at IS NOT NULL, 'premoderate', a.premoderate," \
	" 'auto_close_days', a.auto_close_days)"

#define LOG_JSON \
	"json_build_object('id', l.id, 'at', " RFC3339("l.at") ", 'by', CASE l.via" \
	" WHEN 'policy' THEN 'system' WHEN 'cli' THEN 'CLI' ELSE COALESCE(m.display_name, '?') END," \
	" 'via', l.via, 'action', l.action, 'comment_id', l.comment_id, 'user_id', l.user_id," \
	" 'from', l.from_status, 'to', l.to_status, 'reason', l.reason, 'note', l.note)"

/* Published comments readers or a check reported: the Reported queue. */
#define REPORTED	"c.status = 'published' AND (c.report_count > 0 OR c.flagged)"
/* The author view: author $6's comments, whatever their status. */
#define AUTHOR_ALL	"c.user_id = $6::bigint AND c.status <> 'deleted'"
/* Scope: $1 is NULL for the whole site, or one article's key. */
#define SITE		"$1::text IS NULL"
#define ONE_ARTICLE	"c.article_id = (SELECT id FROM article WHERE key = $1::text)"

/*
 * One page of a queue: comments matching pred in scope, after cursor $2
 * (an id; cmp and dir set the order), $3 rows; optional filters $4 text
 * (in body or author name), $5 reason code (a check's or a report's), $6
 * author id. The page's ids come from one bounded range of the queue's
 * partial index; only those rows are then described, each as one JSON
 * object with its reasons, reports, article and author, and for a reply
 * its parent's author and first QUEUE_EXCERPT characters (one row by id).
 */
/* The characters of a reply's parent a queue item quotes. */
#define QUEUE_EXCERPT	"160"

#define QUEUE_PAGE(pred, scope, cmp, dir) \
	"WITH page AS (SELECT c.id FROM comment c WHERE " pred " AND " scope \
	"  AND c.id " cmp " $2::bigint" \
	"  AND ($4::text IS NULL OR strpos(lower(c.body), lower($4::text)) > 0" \
	"   OR strpos(lower(c.author_name), lower($4::text)) > 0)" \
	"  AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM moderation_log r" \
	"    WHERE r.comment_id = c.id AND r.reason = $5::text)" \
	"   OR EXISTS (SELECT 1 FROM comment_report r WHERE r.comment_id = c.id" \
	"    AND r.reason = $5::text AND r.dismissed_at IS NULL))" \
	"  AND ($6::bigint IS NULL OR c.user_id = $6::bigint)" \
	"  ORDER BY c.id " dir " LIMIT $3::int)" \
	" SELECT c.id, json_build_object('id', c.id, 'status', c.status, 'body', c.body," \
	"  'author_name', c.author_name, 'created_at', " RFC3339("c.created_at") "," \
	"  'featured', c.featured, 'flagged', c.flagged, 'edited_at', " RFC3339("c.edited_at") "," \
	"  'versions', (SELECT COALESCE(json_agg(json_build_object('version', v.version," \
	"    'body', v.body, 'status', v.status, 'at', " RFC3339("v.written_at") ") ORDER BY v.version)," \
	"    '[]') FROM comment_version v WHERE v.comment_id = c.id)," \
	"  'article', (SELECT " ARTICLE_STATE_JSON " FROM article a WHERE a.id = c.article_id)," \
	"  'reply_to', (SELECT json_build_object('id', p.id, 'author_name', p.author_name," \
	"    'status', p.status, 'excerpt', left(p.body, " QUEUE_EXCERPT ")," \
	"    'truncated', char_length(p.body) > " QUEUE_EXCERPT ")" \
	"    FROM comment p WHERE p.id = c.parent_id)," \
	"  'author', (SELECT " USER_STATE_JSON " FROM app_user u WHERE u.id = c.user_id)," \
	"  'reasons', (SELECT COALESCE(json_agg(json_build_object('code', l.reason, 'text', l.note)" \
	"    ORDER BY l.id), '[]') FROM moderation_log l" \
	"    WHERE l.comment_id = c.id AND l.via = 'policy' AND l.reason IS NOT NULL)," \
	"  'reports', (SELECT json_build_object('count', COALESCE(sum(n), 0)," \
	"    'by_reason', COALESCE(json_object_agg(reason, n), '{}'), 'notes', COALESCE(json_agg(notes)" \
	"     FILTER (WHERE notes IS NOT NULL), '[]'))" \
	"    FROM (SELECT reason, count(*) AS n, string_agg(note, ' | ') AS notes FROM comment_report" \
	"     WHERE comment_id = c.id AND dismissed_at IS NULL GROUP BY reason) r)," \
	"  'decided', CASE WHEN c.decided_at IS NOT NULL THEN json_build_object(" \
	"    'by', COALESCE((SELECT display_name FROM app_user WHERE id = c.decided_by), 'CLI')," \
	"    'at', " RFC3339("c.decided_at") ") END)" \
	" FROM page JOIN comment c ON c.id = page.id ORDER BY c.id " dir

const struct db_stmt db_stmts[STMT__MAX] = {
	[STMT_HEALTH] = { "health", "SELECT 1", true },

	/* The thread pages, one per order (THREAD_PAGE). */
	[STMT_COMMENT_PAGE] = { "comment_page",
	    THREAD_PAGE("c.seq < $2::bigint", BY_NEWEST), true },
	[STMT_COMMENT_PAGE_OLDEST] = { "comment_page_oldest",
	    THREAD_PAGE("c.seq > $2::bigint", BY_OLDEST), true },
	[STMT_COMMENT_PAGE_REACTIONS] = { "comment_page_reactions",
	    THREAD_PAGE("(c.reaction_weight, c.seq) < ($6::int, $2::bigint)", BY_REACTIONS), true },
	[STMT_COMMENT_PAGE_REPLIES] = { "comment_page_replies",
	    THREAD_PAGE("(c.reply_count, c.seq) < ($6::int, $2::bigint)", BY_REPLIES), true },

	/*
	 * More replies below top-level comment $1, depth first, after reply $2
	 * (0: from the first), $3 rows wanted. One row per reply, or one with
	 * NULL columns if there are no more; no row if $1 is not a shown
	 * top-level comment.
	 */
	[STMT_REPLY_PAGE] = { "reply_page",
	    "SELECT t.id, " COMMENT_COLUMNS("(x.c)", VISIBLE("(x.c)"))
	    " FROM comment t LEFT JOIN LATERAL (SELECT c FROM comment c"
	    "  WHERE c.root_id = t.id AND " SHOWN("c")
	    "  AND c.path > COALESCE((SELECT path FROM comment WHERE id = $2::bigint"
	    "   AND root_id = t.id), '{}')"
	    "  ORDER BY c.path LIMIT $3::int) x ON true"
	    " WHERE t.id = $1::bigint AND t.parent_id IS NULL AND " SHOWN("t")
	    " ORDER BY (x.c).path", true },

	/*
	 * A permalink's comment $1 in its thread: the top-level comment, those
	 * between it and $1, $1 itself, then up to $2 replies after it, depth
	 * first; each row with the article's key. No row if $1 is not shown.
	 */
	[STMT_COMMENT_CONTEXT] = { "comment_context",
	    "WITH t AS (SELECT * FROM comment t WHERE t.id = $1::bigint AND " SHOWN("t") "),"
	    " rows AS (SELECT c FROM t, comment c WHERE c.id = ANY (t.path)"
	    "  UNION ALL SELECT x.c FROM t, LATERAL (SELECT c FROM comment c"
	    "   WHERE c.root_id = COALESCE(t.root_id, t.id) AND " SHOWN("c") " AND c.path > t.path"
	    "   ORDER BY c.path LIMIT $2::int) x)"
	    " SELECT a.key, " COMMENT_COLUMNS("(r.c)", VISIBLE("(r.c)"))
	    " FROM rows r JOIN article a ON a.id = (r.c).article_id ORDER BY (r.c).path", true },

	/*
	 * A signed-in reader's comment. $1 key, $2 title, $3 url (NULL if not
	 * given), $4 body, $5 session id, $6 user id, then the policy's
	 * verdict: $7 status, $8 flagged, $9 client address (NULL if unknown),
	 * $10 action, $11 reason codes, $12 their sentences; $13 the body as
	 * HTML (lib/render.c); $14 the comment answered (NULL for none: a
	 * top-level comment); $15 the Idempotency-Key (NULL for none; a key
	 * stored already is a unique violation, nothing stored). Nothing is stored
	 * unless the session is live and its user not banned (no row: 401). The
	 * first comment creates the article (article_ensure, which writes an
	 * existing article's row only to give it a missing title or address);
	 * the comment's seq is its id and the counts go to article_tally
	 * (sql/015_speed.sql), so posts to one article never wait for each
	 * other's commit.
	 */
	[STMT_COMMENT_INSERT] = { "comment_insert",
	    "WITH " LIVE("$5", "$6") ","
	    " a AS (SELECT article_ensure($1::text, $2::text, $3::text) AS id FROM live),"
	    " c AS ("
	    "  INSERT INTO comment (article_id, user_id, author_name, body, status, flagged, address,"
	    "   body_html, author_badge, parent_id, author_key)"
	    "  SELECT a.id, live.id, live.display_name, $4::text, $7::text,"
	    "   $8::boolean, $9::inet, $13::text,"
	    "   CASE WHEN live.role IN ('moderator', 'admin') THEN 'staff'"
	    "    WHEN live.kind = 'guest' THEN 'guest' END, $14::bigint,"
	    "   " GUEST_KEY("live", "live.name_key") " FROM a, live"
	    "  RETURNING *),"
	    " " POST_KEY("$15") ","
	    " " POLICY_LOG("$10", "$11", "$12")
	    " SELECT " COMMENT_COLUMNS("c", "true") " FROM c", false },

	/*
	 * A guest's first comment: the guest, their session, the article (if
	 * new) and the comment in one statement. $1 key, $2 title, $3 url,
	 * $4 display name, $5 body, $6 session expiry, $7–$15 as for
	 * comment_insert, $16 the name's key. A name an account, a single
	 * sign-on reader or staff holds is not a guest's to take: then nothing
	 * is stored and no row returns. The guest keeps address $9: past the
	 * site's guest_address_max for it, RS002 and nothing stored (as
	 * guest_create).
	 */
	[STMT_GUEST_COMMENT_INSERT] = { "guest_comment_insert",
	    "WITH u AS ("
	    "  INSERT INTO app_user (kind, display_name, name_key, address)"
	    "  SELECT 'guest', $4::text, $16::text, $9::inet"
	    "  WHERE NOT " NAME_HELD("$16", "true")
	    "  RETURNING id, display_name),"
	    " s AS ("
	    "  INSERT INTO session (user_id, expires_at) SELECT id, $6::timestamptz FROM u"
	    "  RETURNING id),"
	    " a AS (SELECT article_ensure($1::text, $2::text, $3::text) AS id FROM u),"
	    " c AS ("
	    "  INSERT INTO comment (article_id, user_id, author_name, body, status, flagged, address,"
	    "   body_html, parent_id, author_badge, author_key)"
	    "  SELECT a.id, u.id, u.display_name, $5::text, $7::text, $8::boolean,"
	    "   $9::inet, $13::text, $14::bigint, 'guest', $16::text FROM a, u"
	    "  RETURNING *),"
	    " " POST_KEY("$15") ","
	    " " POLICY_LOG("$10", "$11", "$12")
	    " SELECT " COMMENT_COLUMNS("c", "true") ", u.id, s.id FROM c, u, s", false },

	/*
	 * What the policy needs to judge a new comment, in one round trip:
	 * $1 article key, $2 body, $3 client address (NULL if unknown), $4
	 * session id and $5 user id (0, 0 for a guest's first comment). For
	 * an edit, $1 is NULL and $6 the comment edited, $7 the minutes an
	 * author may edit. One row: the site's settings, then the author (NULL
	 * columns if the session is over), then the article (NULL if new),
	 * then for an edit whether the comment is the author's (and not
	 * removed) and still in its window; last, the comment a post with
	 * Idempotency-Key $8 already stored (NULL if none) and whether it is
	 * the caller's (KEY_MINE, $9 the guest's name); then whether a guest's
	 * name (key $10 for a first comment, else a guest author's own) is
	 * another guest's on this article (GUEST_NAME_USED). The rate counts
	 * skip rejected comments: a refusal never uses up the author's rate.
	 * Each count reads at most its limit of one user's or one address's
	 * rows of the window (comment_user_recent, comment_address_recent,
	 * comment_user_approved), never their history or the thread
	 * (tests/e2e/post_explain.test.mjs).
	 */
	[STMT_POST_FACTS] = { "post_facts",
	    "WITH st AS (SELECT * FROM moderation_setting LIMIT 1),"
	    " u AS (SELECT u.id, u.kind, u.role, u.standing, u.banned_at, u.name_key,"
	    "   COALESCE(extract(epoch FROM u.suspended_until)::bigint, 0) AS suspended_until"
	    "  FROM session s JOIN app_user u ON u.id = s.user_id"
	    "  WHERE s.id = $4::bigint AND s.user_id = $5::bigint"
	    "   AND s.revoked_at IS NULL AND s.expires_at > now()),"
	    " e AS (SELECT c.article_id, c.created_at > now() - $7::int * interval '1 minute' AS open"
	    "  FROM comment c, u WHERE c.id = $6::bigint AND c.user_id = u.id"
	    "  AND c.status IN ('published', 'approved', 'held')),"
	    " a AS (SELECT * FROM article WHERE key = $1::text"
	    "  UNION ALL SELECT a.* FROM e JOIN article a ON a.id = e.article_id WHERE $1::text IS NULL)"
	    " SELECT st.version, st.premoderate, st.suspect_action = 'hold', st.link_max,"
	    "  st.blocked_domains, st.rate_author_max, st.rate_address_max, st.rate_window,"
	    "  st.approved_min,"
	    "  u.id IS NOT NULL, COALESCE(u.role, 'reader'), COALESCE(u.standing, 'normal'),"
	    "  u.banned_at IS NOT NULL, COALESCE(u.suspended_until, 0),"
	    "  (SELECT count(*) FROM (SELECT 1 FROM comment WHERE user_id = u.id"
	    "    AND status = 'approved' LIMIT st.approved_min) x),"
	    "  COALESCE((SELECT body = $2::text AND created_at > now() - st.repeat_window * interval '1 second'"
	    "    FROM comment WHERE user_id = u.id ORDER BY id DESC LIMIT 1), false),"
	    "  (SELECT count(*) FROM (SELECT 1 FROM comment WHERE user_id = u.id"
	    "    AND created_at > now() - st.rate_window * interval '1 second' AND status <> 'rejected'"
	    "    ORDER BY created_at DESC LIMIT st.rate_author_max) x),"
	    "  (SELECT count(*) FROM (SELECT 1 FROM comment WHERE address = $3::inet"
	    "    AND created_at > now() - st.rate_window * interval '1 second' AND status <> 'rejected'"
	    "    LIMIT st.rate_address_max) x),"
	    "  COALESCE(" THREAD_CLOSED("a", "st") ", false),"
	    "  COALESCE(a.premoderate, false),"
	    "  EXISTS (SELECT 1 FROM e), COALESCE((SELECT open FROM e), false),"
	    "  (SELECT comment_id FROM post_key WHERE key = $8::text),"
	    "  " KEY_MINE("$8", "$5", "$2", "$9") ","
	    "  $1::text IS NOT NULL AND (" GUEST_NAME_USED("a.id",
	    "COALESCE($10::text, " GUEST_KEY("u", "u.name_key") ")", "gc.user_id < u.id") " OR "
	    GUEST_NAME_USED("a.id", "COALESCE($10::text, " GUEST_KEY("u", "u.name_key") ")",
	    "gc.user_id > COALESCE(u.id, 0)") ")"
	    " FROM st LEFT JOIN u ON true LEFT JOIN a ON true", true },

	/* The word lists, one entry per line, with the settings version they belong to. */
	[STMT_WORDS_GET] = { "words_get",
	    "SELECT (SELECT version FROM moderation_setting),"
	    "  COALESCE(string_agg(entry, E'\\n' ORDER BY entry) FILTER (WHERE list = 'banned'), ''),"
	    "  COALESCE(string_agg(entry, E'\\n' ORDER BY entry) FILTER (WHERE list = 'suspect'), '')"
	    " FROM moderation_word", true },

	/* $1 a text[] of article keys; unknown keys give no row. */
	[STMT_ARTICLE_COUNTS] = { "article_counts",
	    "SELECT key, " TALLIED("article", "comment_count") " FROM article WHERE key = ANY($1::text[])", true },

	/*
	 * A guest and their session: $1 display name, $2 session expiry, $3
	 * the name's key, $4 client address (NULL if unknown); no row if the
	 * name is held (NAME_HELD). Past the site's guest_address_max for $4,
	 * RS002 (app_user_guest_limit, sql/010_standing.sql): nothing stored.
	 */
	[STMT_GUEST_CREATE] = { "guest_create",
	    "WITH u AS ("
	    "  INSERT INTO app_user (kind, display_name, name_key, address)"
	    "  SELECT 'guest', $1::text, $3::text, $4::inet"
	    "  WHERE NOT " NAME_HELD("$3", "true")
	    "  RETURNING " USER_COLUMNS "),"
	    " s AS ("
	    "  INSERT INTO session (user_id, expires_at) SELECT id, $2::timestamptz FROM u"
	    "  RETURNING id)"
	    " SELECT u.*, s.id FROM u, s", false },

	/* The caller ($1 session, $2 user) as they are now; no row if the session is over. */
	[STMT_ME_GET] = { "me_get",
	    "WITH " LIVE("$1", "$2") " SELECT " USER_COLUMNS " FROM live", true },

	/*
	 * Renames the caller ($1 session, $2 user) to $3, key $4, unless
	 * another identity holds the key (NAME_HELD). No row if the session
	 * is over; else the user's columns (NULL if refused) and whether the
	 * name was held.
	 */
	[STMT_ME_RENAME] = { "me_rename",
	    "WITH " LIVE("$1", "$2") ","
	    " taken AS (SELECT " NAME_HELD("$4", "h.id <> live.id") " AS held FROM live),"
	    " r AS (UPDATE app_user SET display_name = $3::text, name_key = $4::text FROM live, taken"
	    "  WHERE app_user.id = live.id AND NOT taken.held"
	    "  RETURNING app_user.id, app_user.kind, app_user.display_name, app_user.role,"
	    "   COALESCE(app_user.email, '') AS email, COALESCE(app_user.avatar_url, '') AS avatar_url)"
	    " SELECT r.id, r.kind, r.display_name, r.role, r.email, r.avatar_url, taken.held"
	    " FROM taken LEFT JOIN r ON true", false },

	/*
	 * Whether the name with key $2 is another guest's on the article with
	 * key $1 (GUEST_NAME_USED), for user $3, or a new guest when $3 is 0;
	 * always false for a user who is not a guest.
	 */
	[STMT_GUEST_NAME_USED] = { "guest_name_used",
	    "SELECT EXISTS (SELECT 1 FROM article a WHERE a.key = $1::text AND "
	    "(" GUEST_NAME_USED("a.id", "$2", "gc.user_id < $3::bigint") " OR "
	    GUEST_NAME_USED("a.id", "$2", "gc.user_id > $3::bigint") "))"
	    " AND ($3::bigint = 0 OR EXISTS (SELECT 1 FROM app_user"
	    "  WHERE id = $3::bigint AND kind = 'guest' AND role = 'reader'))", true },

	/* Ends the caller's session ($1, $2); no row if it was already over. */
	[STMT_SESSION_REVOKE] = { "session_revoke",
	    "UPDATE session SET revoked_at = now()"
	    " WHERE id = $1::bigint AND user_id = $2::bigint AND revoked_at IS NULL"
	    " RETURNING id", false },

	/*
	 * A new account and its first session: $1 email, $2 password hash,
	 * $3 display name, $4 session expiry, $5 the name's key, $6 the
	 * network it signed up from (login_known; NULL: not an address). A
	 * taken email: 23505; a held name (NAME_HELD): no row.
	 */
	[STMT_ACCOUNT_CREATE] = { "account_create",
	    "WITH u AS ("
	    "  INSERT INTO app_user (kind, email, password_hash, display_name, name_key)"
	    "  SELECT 'account', $1::text, $2::text, $3::text, $5::text"
	    "  WHERE NOT " NAME_HELD("$5", "true")
	    "  RETURNING " USER_COLUMNS "),"
	    " s AS ("
	    "  INSERT INTO session (user_id, expires_at) SELECT id, $4::timestamptz FROM u"
	    "  RETURNING id),"
	    " k AS (INSERT INTO login_known (user_id, network)"
	    "  SELECT id, sha256(convert_to($6::text, 'UTF8')) FROM u WHERE $6::text IS NOT NULL)"
	    " SELECT u.*, s.id FROM u, s", false },

	/*
	 * Everything a login or sign-up needs at once: the account for email $1
	 * (NULL columns if none); for each throttling key, the failures within
	 * the last $3 seconds and the whole seconds since the latest: the client
	 * address $2 at that email ("pair:"), the address ("addr:"), the email
	 * from anywhere ("email:"), the address's sign-ups ("signup:"); and
	 * whether the account signed in from network $4 (NULL: not an IP
	 * address) within 180 days.
	 */
#define LOGIN_COUNT(k) \
	"  (SELECT count(*) FROM login_failure WHERE key = " k \
	"    AND at > now() - $3::int * interval '1 second')," \
	"  (SELECT COALESCE(floor(extract(epoch FROM now() - max(at))), 0)::bigint FROM login_failure" \
	"    WHERE key = " k " AND at > now() - $3::int * interval '1 second'),"
	[STMT_LOGIN_LOOKUP] = { "login_lookup",
	    "SELECT u.id, u.kind, u.display_name, u.role, COALESCE(u.email, ''),"
	    "  COALESCE(u.avatar_url, ''), u.password_hash,"
	    LOGIN_COUNT("'pair:' || $2::text || ' ' || lower($1::text)")
	    LOGIN_COUNT("'addr:' || $2::text")
	    LOGIN_COUNT("'email:' || lower($1::text)")
	    LOGIN_COUNT("'signup:' || $2::text")
	    "  EXISTS (SELECT 1 FROM login_known k WHERE k.user_id = u.id"
	    "   AND k.network = sha256(convert_to($4::text, 'UTF8'))"
	    "   AND k.last_at > now() - interval '180 days')"
	    " FROM (SELECT 1) one LEFT JOIN app_user u"
	    "  ON u.kind = 'account' AND lower(u.email) = lower($1::text) AND u.banned_at IS NULL",
	    true },
#undef LOGIN_COUNT

	/*
	 * Records a failed login for email $1 from address $2 (the account, the
	 * address, the pair); forgets that key's rows older than $3 s.
	 */
	[STMT_LOGIN_FAILED] = { "login_failed",
	    "WITH k (key) AS (VALUES ('email:' || lower($1::text)), ('addr:' || $2::text),"
	    "   ('pair:' || $2::text || ' ' || lower($1::text))),"
	    " old AS (DELETE FROM login_failure WHERE key IN (SELECT key FROM k)"
	    "   AND at <= now() - $3::int * interval '1 second')"
	    " INSERT INTO login_failure (key) SELECT key FROM k", false },

	/* Records a sign-up attempt from address $1; forgets its rows older than $2 s. */
	[STMT_SIGNUP_NOTED] = { "signup_noted",
	    "WITH old AS (DELETE FROM login_failure WHERE key = 'signup:' || $1::text"
	    "   AND at <= now() - $2::int * interval '1 second')"
	    " INSERT INTO login_failure (key) VALUES ('signup:' || $1::text)", false },

	/*
	 * A session for account $1 until $2. Forgives the failures of address
	 * $4 at email $3 (the owner's own typos; the account's and the address's
	 * counts stay, or a guesser could clear them with an account of their
	 * own) and remembers network $5 for the account (NULL: not an address).
	 */
	[STMT_LOGIN_SESSION] = { "login_session",
	    "WITH f AS (DELETE FROM login_failure WHERE key = 'pair:' || $4::text || ' ' || lower($3::text)),"
	    " k AS (INSERT INTO login_known (user_id, network)"
	    "  SELECT id, sha256(convert_to($5::text, 'UTF8')) FROM app_user"
	    "  WHERE id = $1::bigint AND banned_at IS NULL AND $5::text IS NOT NULL"
	    "  ON CONFLICT (user_id, network) DO UPDATE SET last_at = now())"
	    " INSERT INTO session (user_id, expires_at)"
	    " SELECT id, $2::timestamptz FROM app_user WHERE id = $1::bigint AND banned_at IS NULL"
	    " RETURNING id", false },

	/*
	 * Single sign-on: remembers jti $1 until $2 (a replay inserts nothing,
	 * so nothing follows), creates or updates the site's user $3 (email
	 * $5, avatar $6, NULL when not given) and opens a session until $7.
	 * The name is the first of $4 (a text[]: the site's name, then its
	 * distinguished forms, name_variants) whose key in $8 no other
	 * identity holds (NAME_HELD), or the last. No row: replayed token or
	 * banned user.
	 */
	[STMT_SSO_LOGIN] = { "sso_login",
	    "WITH gone AS (DELETE FROM sso_token WHERE expires_at < now() - interval '1 hour'),"
	    " j AS (INSERT INTO sso_token (jti, expires_at) VALUES ($1::text, $2::timestamptz)"
	    "  ON CONFLICT (jti) DO NOTHING RETURNING jti),"
	    " pick AS (SELECT v.name, v.key"
	    "  FROM unnest($4::text[], $8::text[]) WITH ORDINALITY AS v(name, key, n)"
	    "  WHERE v.n = cardinality($4::text[])"
	    "   OR NOT " NAME_HELD("v.key", "h.sso_id IS DISTINCT FROM $3::text")
	    "  ORDER BY v.n LIMIT 1),"
	    " u AS ("
	    "  INSERT INTO app_user (kind, sso_id, display_name, name_key, email, avatar_url)"
	    "  SELECT 'sso', $3::text, pick.name, pick.key, $5::text, $6::text FROM j, pick"
	    "  ON CONFLICT (sso_id) WHERE kind = 'sso' DO UPDATE SET"
	    "   display_name = EXCLUDED.display_name, name_key = EXCLUDED.name_key,"
	    "   email = EXCLUDED.email,"
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

	/*
	 * CLI: an account with email $1, hash $2, name $3 (key $5) and role
	 * $4; 23505 if the email is taken, no row if the name is held.
	 */
	[STMT_USER_ADD] = { "user_add",
	    "INSERT INTO app_user (kind, email, password_hash, display_name, role, name_key)"
	    " SELECT 'account', $1::text, $2::text, $3::text, $4::text, $5::text"
	    " WHERE NOT " NAME_HELD("$5", "true") " RETURNING id", false },

	/* Ends every session of the caller's user, if the calling one is live. */
	[STMT_SESSIONS_REVOKE_ALL] = { "sessions_revoke_all",
	    "WITH " LIVE("$1", "$2")
	    " UPDATE session SET revoked_at = now() FROM live"
	    " WHERE session.user_id = live.id AND session.revoked_at IS NULL"
	    " RETURNING session.id", false },

	/* Moderation: see sql/003_moderation.sql for what each column means. */

	/* The settings as a JSON object, for the moderator UI and the CLI. */
	[STMT_SETTINGS_GET] = { "settings_get",
	    "SELECT " SETTINGS_JSON " FROM moderation_setting", true },

	/*
	 * Changes the settings given (NULL keeps one): $1 premoderate, $2
	 * suspect_action, $3 link_max, $4 blocked_domains, $5 rate_author_max,
	 * $6 rate_address_max, $7 rate_window, $8 repeat_window, $9
	 * approved_min, $10 report_hold, $11 auto_close_days, $12
	 * guest_address_max; logged for actor $13 via $14. Returns the new
	 * settings.
	 */
	[STMT_SETTINGS_UPDATE] = { "settings_update",
	    "WITH s AS (UPDATE moderation_setting SET version = version + 1,"
	    "  premoderate = COALESCE($1::boolean, premoderate),"
	    "  suspect_action = COALESCE($2::text, suspect_action),"
	    "  link_max = COALESCE($3::int, link_max),"
	    "  blocked_domains = COALESCE($4::text, blocked_domains),"
	    "  rate_author_max = COALESCE($5::int, rate_author_max),"
	    "  rate_address_max = COALESCE($6::int, rate_address_max),"
	    "  rate_window = COALESCE($7::int, rate_window),"
	    "  repeat_window = COALESCE($8::int, repeat_window),"
	    "  approved_min = COALESCE($9::int, approved_min),"
	    "  report_hold = COALESCE($10::int, report_hold),"
	    "  auto_close_days = COALESCE($11::int, auto_close_days),"
	    "  guest_address_max = COALESCE($12::int, guest_address_max)"
	    "  RETURNING *),"
	    " l AS (INSERT INTO moderation_log (actor_id, via, action)"
	    "  SELECT $13::bigint, $14::text, 'settings' FROM s)"
	    " SELECT " SETTINGS_JSON " FROM s", false },

	/*
	 * Adds the entries of $2 and removes those of $3 (one per line) in list
	 * $1; logged for actor $4 via $5. Returns how many were added and removed.
	 */
	[STMT_WORDS_CHANGE] = { "words_change",
	    "WITH del AS (DELETE FROM moderation_word WHERE list = $1::text AND entry IN"
	    "   (SELECT btrim(l) FROM regexp_split_to_table($3::text, E'\\n') l)"
	    "  RETURNING entry),"
	    " ins AS (INSERT INTO moderation_word (list, entry)"
	    "  SELECT DISTINCT $1::text, btrim(l) FROM regexp_split_to_table($2::text, E'\\n') l"
	    "  WHERE btrim(l) <> '' ON CONFLICT DO NOTHING RETURNING entry),"
	    " v AS (UPDATE moderation_setting SET version = version + 1"
	    "  WHERE EXISTS (SELECT 1 FROM del) OR EXISTS (SELECT 1 FROM ins)),"
	    " l AS (INSERT INTO moderation_log (actor_id, via, action, note)"
	    "  SELECT $4::bigint, $5::text, 'word_add', $1::text || ': ' || entry FROM ins"
	    "  UNION ALL SELECT $4::bigint, $5::text, 'word_remove', $1::text || ': ' || entry FROM del)"
	    " SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM del)", false },

	/*
	 * Queue sizes for article $1, or the whole site when $1 is NULL:
	 * article counters and their tally rows, never comment scans.
	 */
	[STMT_QUEUE_COUNTS] = { "queue_counts",
	    "WITH n AS (SELECT held_count, reported_count, published_count, approved_count,"
	    "   rejected_count FROM article WHERE $1::text IS NULL OR key = $1::text"
	    "  UNION ALL SELECT t.held_count, t.reported_count, t.published_count, t.approved_count,"
	    "   t.rejected_count FROM article_tally t JOIN article a ON a.id = t.article_id"
	    "  WHERE $1::text IS NULL OR a.key = $1::text)"
	    " SELECT COALESCE(sum(held_count), 0), COALESCE(sum(reported_count), 0),"
	    "  COALESCE(sum(published_count + held_count), 0), COALESCE(sum(approved_count), 0),"
	    "  COALESCE(sum(rejected_count), 0) FROM n", true },

	[STMT_QUEUE_PENDING] = { "queue_pending",
	    QUEUE_PAGE("c.status = 'held'", SITE, ">", "ASC"), true },
	[STMT_QUEUE_PENDING_ARTICLE] = { "queue_pending_article",
	    QUEUE_PAGE("c.status = 'held'", ONE_ARTICLE, ">", "ASC"), true },
	[STMT_QUEUE_REPORTED] = { "queue_reported",
	    QUEUE_PAGE(REPORTED, SITE, ">", "ASC"), true },
	[STMT_QUEUE_REPORTED_ARTICLE] = { "queue_reported_article",
	    QUEUE_PAGE(REPORTED, ONE_ARTICLE, ">", "ASC"), true },
	[STMT_QUEUE_UNMODERATED] = { "queue_unmoderated",
	    QUEUE_PAGE("c.status IN ('published', 'held')", SITE, ">", "ASC"), true },
	[STMT_QUEUE_UNMODERATED_ARTICLE] = { "queue_unmoderated_article",
	    QUEUE_PAGE("c.status IN ('published', 'held')", ONE_ARTICLE, ">", "ASC"), true },
	[STMT_QUEUE_APPROVED] = { "queue_approved",
	    QUEUE_PAGE("c.status = 'approved'", SITE, "<", "DESC"), true },
	[STMT_QUEUE_APPROVED_ARTICLE] = { "queue_approved_article",
	    QUEUE_PAGE("c.status = 'approved'", ONE_ARTICLE, "<", "DESC"), true },
	[STMT_QUEUE_REJECTED] = { "queue_rejected",
	    QUEUE_PAGE("c.status = 'rejected'", SITE, "<", "DESC"), true },
	[STMT_QUEUE_REJECTED_ARTICLE] = { "queue_rejected_article",
	    QUEUE_PAGE("c.status = 'rejected'", ONE_ARTICLE, "<", "DESC"), true },
	/*
	 * One author's comments ($6, required) in every status but deleted: the
	 * moderator's author view, a range of comment_user_newest.
	 */
	[STMT_QUEUE_ALL] = { "queue_all",
	    QUEUE_PAGE(AUTHOR_ALL, SITE, "<", "DESC"), true },
	[STMT_QUEUE_ALL_ARTICLE] = { "queue_all_article",
	    QUEUE_PAGE(AUTHOR_ALL, ONE_ARTICLE, "<", "DESC"), true },

	/*
	 * Moves comments $1 (bigint[]) to status $2, but only those whose
	 * status is one of $3 (text[]: what the moderator saw) and from which
	 * the transition table allows $2. The row lock makes a second,
	 * concurrent decision find the status changed and skip the row. Logged
	 * as action $6 by actor $4 via $5, with reason $7 and note $8. Returns
	 * the comments changed.
	 */
	[STMT_COMMENT_DECIDE] = { "comment_decide",
	    "WITH t AS (SELECT c.id, c.status FROM comment c"
	    "  WHERE c.id = ANY($1::bigint[]) AND c.status = ANY($3::text[])"
	    "   AND EXISTS (SELECT 1 FROM comment_transition"
	    "    WHERE from_status = c.status AND to_status = $2::text)"
	    "  FOR UPDATE),"
	    " u AS (UPDATE comment c SET status = $2::text, decided_by = $4::bigint, decided_at = now()"
	    "  FROM t WHERE c.id = t.id"
	    "  RETURNING c.id, c.user_id, c.article_id, t.status AS from_status),"
	    " l AS (INSERT INTO moderation_log (actor_id, via, action, comment_id, user_id, article_id,"
	    "   from_status, to_status, reason, note)"
	    "  SELECT $4::bigint, $5::text, $6::text, u.id, u.user_id, u.article_id, u.from_status,"
	    "   $2::text, $7::text, $8::text FROM u)"
	    " SELECT id FROM u", false },

	/* Who last decided comments $1 (bigint[]), for the conflict message: id, status, name, when. */
	[STMT_COMMENT_DECIDERS] = { "comment_deciders",
	    "SELECT c.id, c.status, COALESCE(m.display_name, ''), COALESCE(" RFC3339("c.decided_at") ", '')"
	    " FROM comment c LEFT JOIN app_user m ON m.id = c.decided_by"
	    " WHERE c.id = ANY($1::bigint[])", true },

	/* Features ($2 true) or unfeatures comments $1; logged for actor $3 via $4. Returns those changed. */
	[STMT_COMMENT_FEATURE] = { "comment_feature",
	    "WITH u AS (UPDATE comment SET featured = $2::boolean"
	    "  WHERE id = ANY($1::bigint[]) AND featured <> $2::boolean"
	    "   AND status IN ('published', 'approved', 'held')"
	    "  RETURNING id, user_id, article_id),"
	    " l AS (INSERT INTO moderation_log (actor_id, via, action, comment_id, user_id, article_id)"
	    "  SELECT $3::bigint, $4::text, CASE WHEN $2::boolean THEN 'feature' ELSE 'unfeature' END,"
	    "   id, user_id, article_id FROM u)"
	    " SELECT id FROM u", false },

	/*
	 * Dismisses the open reports on comments $1: they leave the Reported
	 * queue and each reporter's later reports weigh less. Logged for actor
	 * $2 via $3 with note $4. Returns the comments changed.
	 */
	[STMT_REPORTS_DISMISS] = { "reports_dismiss",
	    "WITH r AS (UPDATE comment_report SET dismissed_at = now()"
	    "  WHERE comment_id = ANY($1::bigint[]) AND dismissed_at IS NULL"
	    "  RETURNING reporter_id),"
	    " who AS (UPDATE app_user SET reports_dismissed = reports_dismissed + x.n"
	    "  FROM (SELECT reporter_id, count(*) AS n FROM r GROUP BY reporter_id) x"
	    "  WHERE app_user.id = x.reporter_id),"
	    " c AS (UPDATE comment SET report_count = 0, report_weight = 0, flagged = false"
	    "  WHERE id = ANY($1::bigint[]) AND (report_count > 0 OR flagged)"
	    "  RETURNING id, user_id, article_id),"
	    " l AS (INSERT INTO moderation_log (actor_id, via, action, comment_id, user_id, article_id, note)"
	    "  SELECT $2::bigint, $3::text, 'dismiss', id, user_id, article_id, $4::text FROM c)"
	    " SELECT id FROM c", false },

	/*
	 * A reader ($2 session, $3 user) reports comment $1 with reason $4 and
	 * note $5. Only visible comments by someone else can be reported, once.
	 * Every report puts the comment in the Reported queue; it weighs 1 from
	 * a reader with standing (user_has_standing, sql/010_standing.sql),
	 * halved for every two of their reports dismissed before, else 0. At
	 * the site's report_hold (weighted) a published comment is held, unless
	 * its author is staff or trusted. One row: session live, comment
	 * reportable, report new.
	 */
	[STMT_REPORT_ADD] = { "report_add",
	    "WITH " LIVE("$2", "$3") ","
	    " c AS (SELECT c.id FROM comment c, live WHERE c.id = $1::bigint"
	    "  AND c.status IN ('published', 'approved') AND c.user_id IS DISTINCT FROM live.id"
	    "  FOR UPDATE OF c),"
	    " r AS (INSERT INTO comment_report (comment_id, reporter_id, reason, note, weight)"
	    "  SELECT c.id, u.id, $4::text, $5::text, CASE WHEN user_has_standing(u.id)"
	    "   THEN power(0.5, u.reports_dismissed / 2) ELSE 0 END"
	    "  FROM c, live JOIN app_user u ON u.id = live.id"
	    "  ON CONFLICT DO NOTHING RETURNING comment_id, weight),"
	    " upd AS (UPDATE comment SET report_count = report_count + 1,"
	    "  report_weight = report_weight + r.weight,"
	    "  status = CASE WHEN comment.status = 'published'"
	    "   AND comment.report_weight + r.weight >= st.report_hold"
	    "   AND NOT EXISTS (SELECT 1 FROM app_user w WHERE w.id = comment.user_id"
	    "    AND (w.role IN ('moderator', 'admin') OR w.standing = 'trusted'))"
	    "   THEN 'held' ELSE comment.status END"
	    "  FROM r, moderation_setting st WHERE comment.id = r.comment_id"
	    "  RETURNING comment.id, comment.user_id, comment.article_id, comment.status,"
	    "   comment.report_count),"
	    " l AS (INSERT INTO moderation_log (actor_id, via, action, comment_id, user_id, article_id,"
	    "   from_status, to_status, reason, note)"
	    "  SELECT live.id, 'api', 'report', upd.id, upd.user_id, upd.article_id, NULL, NULL,"
	    "   $4::text, $5::text FROM upd, live"
	    "  UNION ALL SELECT NULL, 'policy', 'hold', upd.id, upd.user_id, upd.article_id,"
	    "   'published', 'held', 'reports', format('held: reported by %s readers', upd.report_count)"
	    "  FROM upd WHERE upd.status = 'held')"
	    " SELECT EXISTS (SELECT 1 FROM live), EXISTS (SELECT 1 FROM c), EXISTS (SELECT 1 FROM r)",
	    false },

	/*
	 * A moderator's action $2 on reader $1: ban, unban, suspend ($3
	 * hours), unsuspend, trust, premoderate, normal. A ban ends every
	 * session and, with $7, rejects every comment of the user. Logged for
	 * actor $4 via $5 with note $6. Staff cannot be acted on: no row.
	 * Returns the user's state and the comments rejected.
	 */
	[STMT_USER_MODERATE] = { "user_moderate",
	    "WITH u AS (UPDATE app_user SET"
	    "  banned_at = CASE $2::text WHEN 'ban' THEN now() WHEN 'unban' THEN NULL ELSE banned_at END,"
	    "  suspended_until = CASE $2::text WHEN 'suspend' THEN now() + $3::int * interval '1 hour'"
	    "   WHEN 'unsuspend' THEN NULL ELSE suspended_until END,"
	    "  standing = CASE $2::text WHEN 'trust' THEN 'trusted' WHEN 'premoderate' THEN 'premoderate'"
	    "   WHEN 'normal' THEN 'normal' ELSE standing END"
	    "  WHERE id = $1::bigint AND role = 'reader' RETURNING *),"
	    " s AS (UPDATE session SET revoked_at = now() FROM u"
	    "  WHERE $2::text = 'ban' AND session.user_id = u.id AND session.revoked_at IS NULL),"
	    " old AS (SELECT c.id, c.status FROM comment c, u WHERE $7::boolean AND $2::text = 'ban'"
	    "  AND c.user_id = u.id AND c.status IN ('published', 'held', 'approved') FOR UPDATE OF c),"
	    " rc AS (UPDATE comment c SET status = 'rejected', decided_by = $4::bigint, decided_at = now()"
	    "  FROM old WHERE c.id = old.id RETURNING c.id, c.user_id, c.article_id, old.status),"
	    " l AS (INSERT INTO moderation_log (actor_id, via, action, user_id, note)"
	    "  SELECT $4::bigint, $5::text, $2::text, u.id,"
	    "   CASE WHEN $2::text = 'suspend' THEN concat_ws(' — ', $3::int || ' hours', $6::text)"
	    "   ELSE $6::text END FROM u),"
	    " lc AS (INSERT INTO moderation_log (actor_id, via, action, comment_id, user_id, article_id,"
	    "   from_status, to_status, reason)"
	    "  SELECT $4::bigint, $5::text, 'reject', id, user_id, article_id, status, 'rejected',"
	    "   'author_banned' FROM rc)"
	    " SELECT " USER_STATE_JSON ", (SELECT count(*) FROM rc) FROM u", false },

	/* A moderator's note $2 on user $1, by actor $3 via $4. */
	[STMT_USER_NOTE_ADD] = { "user_note_add",
	    "WITH n AS (INSERT INTO user_note (user_id, author_id, body)"
	    "  SELECT id, $3::bigint, $2::text FROM app_user WHERE id = $1::bigint RETURNING user_id),"
	    " l AS (INSERT INTO moderation_log (actor_id, via, action, user_id, note)"
	    "  SELECT $3::bigint, $4::text, 'note', user_id, $2::text FROM n)"
	    " SELECT user_id FROM n", false },

	/* A user's state, history and notes (JSON), for the moderator UI; no row if none. */
	[STMT_USER_GET] = { "user_get",
	    "SELECT " USER_STATE_JSON " FROM app_user u WHERE u.id = $1::bigint", true },

	/*
	 * Action $2 on article $1 (created if new, so a thread can be closed
	 * before its first comment): close, reopen (also stops any automatic
	 * closing), premoderate, unpremoderate, auto_close ($3 days, NULL:
	 * the site's). Logged for actor $4 via $5. Returns the article's state.
	 */
	[STMT_ARTICLE_MODERATE] = { "article_moderate",
	    "WITH a AS (INSERT INTO article AS a (key, closed_at, premoderate, auto_close_days)"
	    "  VALUES ($1::text, CASE $2::text WHEN 'close' THEN now() END, $2::text = 'premoderate',"
	    "   CASE $2::text WHEN 'auto_close' THEN $3::int WHEN 'reopen' THEN 0 END)"
	    "  ON CONFLICT (key) DO UPDATE SET"
	    "   closed_at = CASE $2::text WHEN 'close' THEN now() WHEN 'reopen' THEN NULL"
	    "    ELSE a.closed_at END,"
	    "   premoderate = CASE $2::text WHEN 'premoderate' THEN true WHEN 'unpremoderate' THEN false"
	    "    ELSE a.premoderate END,"
	    "   auto_close_days = CASE $2::text WHEN 'auto_close' THEN $3::int WHEN 'reopen' THEN 0"
	    "    ELSE a.auto_close_days END"
	    "  RETURNING *),"
	    " l AS (INSERT INTO moderation_log (actor_id, via, action, article_id, note)"
	    "  SELECT $4::bigint, $5::text, $2::text, a.id, $3::text FROM a)"
	    " SELECT " ARTICLE_STATE_JSON " FROM a", false },

	/* Article $1's state (JSON); no row if it has no thread yet. */
	[STMT_ARTICLE_GET] = { "article_get",
	    "SELECT " ARTICLE_STATE_JSON " FROM article a WHERE a.key = $1::text", true },

	/* The log for comment $1, newest first, at most 200 entries. */
	[STMT_LOG_COMMENT] = { "log_comment",
	    "SELECT " LOG_JSON " FROM moderation_log l LEFT JOIN app_user m ON m.id = l.actor_id"
	    " WHERE l.comment_id = $1::bigint ORDER BY l.id DESC LIMIT 200", true },

	/* The log about user $1 (actions on them and on their comments), newest first. */
	[STMT_LOG_USER] = { "log_user",
	    "SELECT " LOG_JSON " FROM moderation_log l LEFT JOIN app_user m ON m.id = l.actor_id"
	    " WHERE l.user_id = $1::bigint ORDER BY l.id DESC LIMIT 200", true },

	/*
	 * The caller's ($2, $3) part of article $1's page, in one round trip:
	 * rows of their held comments (newest first, NULL columns when none),
	 * each also carrying three JSON arrays of comment ids, the visible
	 * comments they wrote, those they reacted to and those they reported.
	 * No row: the session is over. Each part reads one reader's rows, never
	 * the thread.
	 */
	[STMT_MINE] = { "mine",
	    "WITH " LIVE("$2", "$3") ","
	    " a AS (SELECT id FROM article WHERE key = $1::text),"
	    " marks AS (SELECT live.id AS uid, a.id AS aid,"
	    "   (SELECT COALESCE(json_agg(c.id ORDER BY c.id DESC), '[]') FROM comment c"
	    "    WHERE c.user_id = live.id AND c.article_id = a.id"
	    "    AND c.status IN ('published', 'approved')) AS own,"
	    "   (SELECT COALESCE(json_agg(r.comment_id ORDER BY r.comment_id DESC), '[]')"
	    "    FROM reaction r JOIN comment c ON c.id = r.comment_id"
	    "    WHERE r.user_id = live.id AND c.article_id = a.id) AS reacted,"
	    "   (SELECT COALESCE(json_agg(p.comment_id ORDER BY p.comment_id DESC), '[]')"
	    "    FROM comment_report p JOIN comment c ON c.id = p.comment_id"
	    "    WHERE p.reporter_id = live.id AND c.article_id = a.id) AS reported"
	    "  FROM live LEFT JOIN a ON true)"
	    " SELECT " COMMENT_COLUMNS("c", "true") ", marks.own, marks.reacted, marks.reported"
	    " FROM marks LEFT JOIN LATERAL (SELECT * FROM comment"
	    "   WHERE user_id = marks.uid AND article_id = marks.aid AND status = 'held'"
	    "   ORDER BY id DESC LIMIT 50) c ON true"
	    " ORDER BY c.id DESC", true },

	/*
	 * The caller ($2, $3) reacts to comment $1 ($4 true) or takes it back
	 * (false): only a visible comment by someone else, once. The reaction
	 * counts in reaction_count always, in reaction_weight (the "reactions"
	 * order) if the caller has standing now (user_has_standing); taking it
	 * back takes back what it added. One row: session live, comment
	 * visible, the caller's own, count after.
	 */
	[STMT_REACTION_SET] = { "reaction_set",
	    "WITH " LIVE("$2", "$3") ","
	    " c AS (SELECT c.id FROM comment c, live WHERE c.id = $1::bigint"
	    "  AND c.status IN ('published', 'approved') AND c.user_id IS DISTINCT FROM live.id"
	    "  FOR UPDATE OF c),"
	    " ins AS (INSERT INTO reaction (comment_id, user_id, weight)"
	    "  SELECT c.id, live.id, CASE WHEN user_has_standing(live.id) THEN 1 ELSE 0 END FROM c, live"
	    "  WHERE $4::boolean ON CONFLICT DO NOTHING RETURNING comment_id, weight),"
	    " del AS (DELETE FROM reaction r USING c, live WHERE NOT $4::boolean"
	    "  AND r.comment_id = c.id AND r.user_id = live.id RETURNING r.comment_id, r.weight),"
	    " upd AS (UPDATE comment SET reaction_count = reaction_count"
	    "   + (SELECT count(*) FROM ins) - (SELECT count(*) FROM del),"
	    "  reaction_weight = reaction_weight + (SELECT COALESCE(sum(weight), 0) FROM ins)"
	    "   - (SELECT COALESCE(sum(weight), 0) FROM del)"
	    "  FROM c WHERE comment.id = c.id RETURNING comment.reaction_count)"
	    " SELECT EXISTS (SELECT 1 FROM live),"
	    "  EXISTS (SELECT 1 FROM comment WHERE id = $1::bigint AND status IN ('published', 'approved')),"
	    "  EXISTS (SELECT 1 FROM comment, live WHERE comment.id = $1::bigint AND comment.user_id = live.id),"
	    "  COALESCE((SELECT reaction_count FROM upd), 0)", false },

	/*
	 * The caller ($2, $3) deletes their comment $1, whatever became of it
	 * but a rejection (the transition table decides), and the log says so.
	 * One row: session live, comment deleted.
	 */
	/*
	 * Its author ($2, $3) edits comment $1 within $4 minutes of posting:
	 * the text before is kept as a version, the new text $5 (rendered $6)
	 * takes its place with the policy's verdict ($7 status: published or
	 * held, $8 flagged, $9 action, $10 reason codes, $11 sentences); a
	 * held comment stays held for a moderator to decide. No row
	 * if the session is over or the comment is not theirs to edit now.
	 */
	[STMT_COMMENT_EDIT] = { "comment_edit",
	    "WITH " LIVE("$2", "$3") ","
	    " t AS (SELECT c.* FROM comment c, live WHERE c.id = $1::bigint AND c.user_id = live.id"
	    "  AND c.status IN ('published', 'approved', 'held')"
	    "  AND c.created_at > now() - $4::int * interval '1 minute' FOR UPDATE OF c),"
	    " v AS (INSERT INTO comment_version (comment_id, version, body, body_html, status, written_at)"
	    "  SELECT t.id, (SELECT count(*) + 1 FROM comment_version WHERE comment_id = t.id),"
	    "   t.body, t.body_html, t.status, COALESCE(t.edited_at, t.created_at) FROM t),"
	    " c AS (UPDATE comment c SET body = $5::text, body_html = $6::text,"
	    "   status = CASE WHEN t.status = 'held' THEN 'held' ELSE $7::text END,"
	    "   flagged = c.flagged OR $8::boolean, edited_at = now()"
	    "  FROM t WHERE c.id = t.id RETURNING c.*),"
	    " " POLICY_LOG("$9", "$10", "$11") ","
	    " x AS (INSERT INTO moderation_log (actor_id, via, action, comment_id, user_id, article_id,"
	    "   from_status, to_status)"
	    "  SELECT c.user_id, 'api', 'edit', c.id, c.user_id, c.article_id, t.status, c.status"
	    "  FROM c, t)"
	    " SELECT " COMMENT_COLUMNS("c", "true") ", c.status FROM c", false },

	/* A comment as its author sees it, with its status: a retried post's answer. */
	[STMT_COMMENT_GET] = { "comment_get",
	    "SELECT " COMMENT_COLUMNS("c", "true") ", c.status FROM comment c WHERE c.id = $1::bigint",
	    true },

	/*
	 * The comment stored by the post with Idempotency-Key $1, and whether
	 * it is the caller's: user $2, or a guest's first post of body $3 by
	 * name $4 (KEY_MINE).
	 */
	[STMT_POST_KEY_GET] = { "post_key_get",
	    "SELECT comment_id, " KEY_MINE("$1", "$2", "$3", "$4")
	    " FROM post_key WHERE key = $1::text", true },

	/*
	 * Daily upkeep (rostra maintain): a post key outlives any retry after a
	 * day; login failures matter for login_window (a day at most); a used
	 * single sign-on token only until its exp; a network an account signed
	 * in from counts for 180 days after its last sign-in (login_lookup).
	 */
	[STMT_MAINTAIN] = { "maintain",
	    "WITH k AS (DELETE FROM post_key WHERE created_at < now() - interval '1 day' RETURNING 1),"
	    " f AS (DELETE FROM login_failure WHERE at < now() - interval '1 day' RETURNING 1),"
	    " s AS (DELETE FROM sso_token WHERE expires_at < now() RETURNING 1),"
	    " n AS (DELETE FROM login_known WHERE last_at <= now() - interval '180 days' RETURNING 1)"
	    " SELECT (SELECT count(*) FROM k), (SELECT count(*) FROM f), (SELECT count(*) FROM s),"
	    "  (SELECT count(*) FROM n)",
	    false },

	[STMT_COMMENT_DELETE] = { "comment_delete",
	    "WITH " LIVE("$2", "$3") ","
	    " t AS (SELECT c.id, c.status FROM comment c, live WHERE c.id = $1::bigint"
	    "  AND c.user_id = live.id AND EXISTS (SELECT 1 FROM comment_transition"
	    "   WHERE from_status = c.status AND to_status = 'deleted')"
	    "  FOR UPDATE OF c),"
	    " u AS (UPDATE comment c SET status = 'deleted' FROM t WHERE c.id = t.id"
	    "  RETURNING c.id, c.user_id, c.article_id, t.status AS from_status),"
	    " l AS (INSERT INTO moderation_log (actor_id, via, action, comment_id, user_id, article_id,"
	    "   from_status, to_status)"
	    "  SELECT u.user_id, 'api', 'delete', u.id, u.user_id, u.article_id, u.from_status, 'deleted'"
	    "  FROM u)"
	    " SELECT EXISTS (SELECT 1 FROM live), EXISTS (SELECT 1 FROM u)", false },
};

/*
 * How each statement is planned (db/db_exec.c); unlisted ones run on their
 * generic plan. The queue's pages depend on the values: a generic plan for
 * one article's queue walked the whole site's index, and "$1 IS NULL OR
 * key = $1" (queue_counts) is a scan of every article unless planned for
 * the value. The moderator check before them runs either way, so a
 * moderator's request switches at most once. tests/e2e/queue_explain and
 * thread_explain check the plans each kind gets.
 */
const enum stmt_plan db_stmt_plan[STMT__MAX] = {
	[STMT_ME_GET] = PLAN_EITHER,
	[STMT_QUEUE_COUNTS] = PLAN_CHOSEN,
	[STMT_QUEUE_PENDING] = PLAN_CHOSEN,
	[STMT_QUEUE_PENDING_ARTICLE] = PLAN_CHOSEN,
	[STMT_QUEUE_REPORTED] = PLAN_CHOSEN,
	[STMT_QUEUE_REPORTED_ARTICLE] = PLAN_CHOSEN,
	[STMT_QUEUE_UNMODERATED] = PLAN_CHOSEN,
	[STMT_QUEUE_UNMODERATED_ARTICLE] = PLAN_CHOSEN,
	[STMT_QUEUE_APPROVED] = PLAN_CHOSEN,
	[STMT_QUEUE_APPROVED_ARTICLE] = PLAN_CHOSEN,
	[STMT_QUEUE_REJECTED] = PLAN_CHOSEN,
	[STMT_QUEUE_REJECTED_ARTICLE] = PLAN_CHOSEN,
	[STMT_QUEUE_ALL] = PLAN_CHOSEN,
	[STMT_QUEUE_ALL_ARTICLE] = PLAN_CHOSEN,
};
