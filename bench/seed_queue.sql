-- SPDX-License-Identifier: ISC — Rostra
-- The moderation queue the bench lists: :held comments held for review on
-- :articles pre-moderated articles (bench-queue-1, …), written by :authors
-- guests in turn, worded like the other bench comments, each with the log
-- row the policy writes when it holds one (so every queue item shows a
-- reason). The counting trigger keeps the queue counters as for a post;
-- comment_seq is set as the daemon keeps it. VACUUM ANALYZE does at once
-- what autovacuum would do soon after.
-- Run by bench/run.sh: psql -v held=… -v articles=… -v authors=… -v sentence=….
BEGIN;
INSERT INTO article (key, title, url, premoderate)
SELECT 'bench-queue-' || a, 'Bench queue article ' || a, 'https://news.example/bench-queue-' || a, true
  FROM generate_series(1, :articles::int) AS a;
CREATE TEMP TABLE bench_author ON COMMIT DROP AS
WITH u AS (
  INSERT INTO app_user (kind, display_name)
  SELECT 'guest', 'Bench author ' || lpad(g::text, 5, '0') FROM generate_series(1, :authors::int) AS g
  RETURNING id, display_name)
SELECT id, display_name, row_number() OVER (ORDER BY id) AS n FROM u;
WITH c AS (
  INSERT INTO comment (article_id, seq, user_id, author_name, body, status)
  SELECT a.id, g / :articles::int + 1, u.id, u.display_name,
         'Comment ' || lpad(g::text, 5, '0') || ': ' || :'sentence', 'held'
    FROM generate_series(1, :held::int) AS g
    JOIN article a ON a.key = 'bench-queue-' || (g % :articles::int + 1)
    JOIN bench_author u ON u.n = g % :authors::int + 1
   ORDER BY g
  RETURNING id, user_id, article_id)
INSERT INTO moderation_log (via, action, comment_id, user_id, article_id, to_status, reason, note)
SELECT 'policy', 'hold', id, user_id, article_id, 'held', 'premoderated_article',
       'held: the article is pre-moderated'
  FROM c;
UPDATE article SET comment_seq = (SELECT max(seq) FROM comment c WHERE c.article_id = article.id)
 WHERE key LIKE 'bench-queue-%';
COMMIT;
VACUUM ANALYZE article;
VACUUM ANALYZE comment;
VACUUM ANALYZE app_user;
VACUUM ANALYZE moderation_log;
