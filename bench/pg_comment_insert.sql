-- SPDX-License-Identifier: ISC — Rostra
-- pgbench ceiling for the post: STMT_COMMENT_INSERT of fcgi/db_stmt.c (a
-- signed-in reader's comment), one autocommit statement run with -M prepared,
-- as the daemon runs it; run.sh checks the text against the daemon's.
-- $1..$6 are :key, :title, :url, :body, :sid, :uid. :title and :url stay
-- unset, which pgbench sends as NULL, as the daemon does for a post without
-- them; :body, :sid and :uid come from -D (the bench reader's session).
WITH live AS (SELECT u.id, u.kind, u.display_name, u.role, u.email, u.avatar_url
   FROM session s JOIN app_user u ON u.id = s.user_id
  WHERE s.id = :sid::bigint AND s.user_id = :uid::bigint
    AND s.revoked_at IS NULL AND s.expires_at > now() AND u.banned_at IS NULL),
 a AS (
  INSERT INTO article AS a (key, title, url, comment_count, comment_seq)
  SELECT :key::text, :title::text, :url::text, 1, 1 FROM live
  ON CONFLICT (key) DO UPDATE SET comment_count = a.comment_count + 1,
    comment_seq = a.comment_seq + 1,
    title = COALESCE(a.title, EXCLUDED.title),
    url = COALESCE(a.url, EXCLUDED.url)
  RETURNING a.id, a.comment_seq)
INSERT INTO comment (article_id, seq, user_id, author_name, body)
SELECT a.id, a.comment_seq, live.id, live.display_name, :body::text FROM a, live
RETURNING seq, id, author_name, body,
          to_char(created_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"');
