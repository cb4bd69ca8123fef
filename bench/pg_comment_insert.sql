-- SPDX-License-Identifier: ISC — Rostra
-- pgbench ceiling for the post: STMT_COMMENT_INSERT of fcgi/db_stmt.c, one
-- autocommit statement run with -M prepared, as the daemon runs it; run.sh
-- checks the text against the daemon's. $1..$5 are :key, :title, :url,
-- :author, :body. :title and :url stay unset, which pgbench sends as NULL,
-- as the daemon does for a post without them; :author is an 18-digit number,
-- as long as wrk_post.lua's "Bench reader 00042"; :body comes from -D.
\set author random(100000000000000000, 999999999999999999)
WITH a AS (
  INSERT INTO article AS a (key, title, url, comment_count, comment_seq)
  VALUES (:key::text, :title::text, :url::text, 1, 1)
  ON CONFLICT (key) DO UPDATE SET comment_count = a.comment_count + 1,
    comment_seq = a.comment_seq + 1,
    title = COALESCE(a.title, EXCLUDED.title),
    url = COALESCE(a.url, EXCLUDED.url)
  RETURNING a.id, a.comment_seq)
INSERT INTO comment (article_id, seq, author_name, body)
SELECT id, comment_seq, :author::text, :body::text FROM a
RETURNING seq, id, author_name, body,
          to_char(created_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"');
