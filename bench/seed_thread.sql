-- SPDX-License-Identifier: ISC — Rostra
-- Grows the thread of an existing article fast: comments :first..:last in
-- one INSERT ... SELECT, named, worded and rendered (body_html, as
-- lib/render.c renders one plain paragraph) like those run.sh posts through
-- the API (so a page of any bench thread carries the same bytes); each
-- seq is the comment's id and the counting trigger counts them, as for a
-- post (sql/015_speed.sql).
-- VACUUM ANALYZE does at once what autovacuum would do soon after.
-- Run by bench/run.sh: psql -v key=… -v first=… -v last=… -v sentence=….
BEGIN;
INSERT INTO comment (article_id, author_name, body, body_html)
SELECT a.id, 'Bench reader ' || lpad(g::text, 5, '0'),
       'Comment ' || lpad(g::text, 5, '0') || ': ' || :'sentence',
       '<p>Comment ' || lpad(g::text, 5, '0') || ': ' || :'sentence' || E'</p>\n'
  FROM article a CROSS JOIN generate_series(:first::int, :last::int) AS g
 WHERE a.key = :'key';
COMMIT;
VACUUM ANALYZE article;
VACUUM ANALYZE comment;
