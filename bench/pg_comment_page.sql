-- SPDX-License-Identifier: ISC — Rostra
-- pgbench ceiling for the uncached read: STMT_COMMENT_PAGE of fcgi/db_stmt.c,
-- run with -M prepared and text parameters as the daemon runs it; run.sh sets
-- :key, :before, :limit ($1, $2, $3) with -D. run.sh also checks this text
-- against the statement the daemon last ran and stops if they differ.
-- The format's colons are written \x3a in an E'' literal because pgbench
-- would read ":MI" as a variable; PostgreSQL gets the same constant.
SELECT a.comment_count, c.seq, c.id, c.author_name, c.body,
       to_char(c.created_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"')
  FROM article a LEFT JOIN LATERAL (
    SELECT seq, id, author_name, body, created_at FROM comment
     WHERE article_id = a.id AND seq < :before::bigint
       AND status IN ('published', 'approved')
     ORDER BY seq DESC LIMIT :limit::int) c ON true
 WHERE a.key = :key::text
 ORDER BY c.seq DESC;
