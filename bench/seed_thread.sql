-- SPDX-License-Identifier: ISC — Rostra
-- Grows the thread of an existing article fast: comments :first..:last in
-- one INSERT ... SELECT, named, worded and rendered (body_html, as
-- lib/render.c renders one plain paragraph) like those run.sh posts through
-- the API (so a page of any bench thread carries the same bytes), then the
-- article's comment_count and comment_seq set as the daemon keeps them.
-- VACUUM ANALYZE does at once what autovacuum would do soon after.
-- Run by bench/run.sh: psql -v key=… -v first=… -v last=… -v sentence=….
BEGIN;
INSERT INTO comment (article_id, seq, author_name, body, body_html)
SELECT a.id, a.comment_seq + g - :first::int + 1, 'Bench reader ' || lpad(g::text, 5, '0'),
       'Comment ' || lpad(g::text, 5, '0') || ': ' || :'sentence',
       '<p>Comment ' || lpad(g::text, 5, '0') || ': ' || :'sentence' || E'</p>\n'
  FROM article a CROSS JOIN generate_series(:first::int, :last::int) AS g
 WHERE a.key = :'key';
UPDATE article SET
    comment_count = (SELECT count(*) FROM comment c
     WHERE c.article_id = article.id AND c.status IN ('published', 'approved')),
    comment_seq = (SELECT max(seq) FROM comment c WHERE c.article_id = article.id)
 WHERE key = :'key';
COMMIT;
VACUUM ANALYZE article;
VACUUM ANALYZE comment;
