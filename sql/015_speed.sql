-- SPDX-License-Identifier: ISC — Rostra
-- A post no longer updates its article's row. Until now each post took the
-- article row's lock twice (the next seq, then the counters) and held it
-- through its commit's flush to disk, so posts to one article ran one
-- flush at a time whatever the number of workers. Now a new comment's seq
-- is its id (posting order, unique, no lock), the article row is only
-- written when it is created or first given a title or address
-- (article_ensure), and the counters' changes go to one of a few rows per
-- article (article_tally), chosen by transaction, which readers add to the
-- article's own columns (the view article_total).

-- A new comment's seq is its id when the insert gives none: ids grow in
-- posting order and are unique, and every existing seq of an article is at
-- most the comments ever posted, so at most the highest id: new comments
-- still come after the old ones.
CREATE FUNCTION comment_seq_place() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.seq IS NULL THEN
		NEW.seq := NEW.id;
	END IF;
	RETURN NEW;
END $$;
COMMENT ON FUNCTION comment_seq_place() IS 'Gives a new comment without a seq its id as seq (posting order), so no post locks its article row to number it.';
CREATE TRIGGER comment_seq_place BEFORE INSERT ON comment
	FOR EACH ROW EXECUTE FUNCTION comment_seq_place();
COMMENT ON TRIGGER comment_seq_place ON comment IS 'Numbers a new comment (comment_seq_place).';
COMMENT ON COLUMN comment.seq IS 'Position in the article''s thread, in posting order; orders a page and is its cursor. Unique per article: the comment''s id since sql/015_speed.sql (comment_seq_place); older comments keep 1, 2, … of their article.';
COMMENT ON COLUMN article.comment_seq IS 'Comments posted to the article before sql/015_speed.sql (then the next comment.seq); no longer kept.';

-- The article of key k, created if new (title t and address u, NULL if not
-- sent); an existing article without a title or address takes the ones
-- given. Reads first, so a post to an existing article writes (and locks)
-- its row only in that rare case; each statement here sees what committed
-- before it, so two first posts to one new article both find it.
CREATE FUNCTION article_ensure(k text, t text, u text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	i bigint;
BEGIN
	LOOP
		SELECT id INTO i FROM article WHERE key = k;
		IF FOUND THEN
			IF t IS NOT NULL OR u IS NOT NULL THEN
				UPDATE article SET title = COALESCE(title, t), url = COALESCE(url, u)
					WHERE id = i AND ((title IS NULL AND t IS NOT NULL) OR (url IS NULL AND u IS NOT NULL));
			END IF;
			RETURN i;
		END IF;
		INSERT INTO article (key, title, url) VALUES (k, t, u)
			ON CONFLICT (key) DO NOTHING RETURNING id INTO i;
		IF FOUND THEN
			RETURN i;
		END IF;
	END LOOP;
END $$;
COMMENT ON FUNCTION article_ensure(text, text, text) IS 'The id of the article with key k, created with title t and address u if new; fills a missing title or address. Locks the article row only when it writes it.';

CREATE TABLE article_tally (
	article_id	bigint NOT NULL REFERENCES article (id),
	shard		smallint NOT NULL CHECK (shard >= 0 AND shard < 16),
	comment_count	integer NOT NULL DEFAULT 0,
	published_count	integer NOT NULL DEFAULT 0,
	held_count	integer NOT NULL DEFAULT 0,
	approved_count	integer NOT NULL DEFAULT 0,
	rejected_count	integer NOT NULL DEFAULT 0,
	reported_count	integer NOT NULL DEFAULT 0,
	PRIMARY KEY (article_id, shard)
);
COMMENT ON TABLE article_tally IS 'Changes to an article''s counters since sql/015_speed.sql, spread over up to 16 rows per article so that concurrent posts rarely wait for one another''s commit; an article''s count is its own column plus the sum of its rows here (article_total). A row''s figures may be negative (a comment counted in one row, removed in another).';
COMMENT ON COLUMN article_tally.article_id IS 'The article counted.';
COMMENT ON COLUMN article_tally.shard IS 'Which of the article''s rows: the writing transaction''s id modulo 16.';
COMMENT ON COLUMN article_tally.comment_count IS 'Change to article.comment_count (visible comments).';
COMMENT ON COLUMN article_tally.published_count IS 'Change to article.published_count.';
COMMENT ON COLUMN article_tally.held_count IS 'Change to article.held_count.';
COMMENT ON COLUMN article_tally.approved_count IS 'Change to article.approved_count.';
COMMENT ON COLUMN article_tally.rejected_count IS 'Change to article.rejected_count.';
COMMENT ON COLUMN article_tally.reported_count IS 'Change to article.reported_count.';
COMMENT ON INDEX article_tally_pkey IS 'An article''s tally rows, read with every count.';

-- Adds d to the article's counters for a comment in status st (reported:
-- rep), in this transaction's row of the tally (comment_counts_sync calls
-- it). PL/pgSQL keeps the statement's plan for the session; the SQL
-- function before it was planned again at every post.
CREATE OR REPLACE FUNCTION comment_counts_add(a bigint, st text, rep boolean, d integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO article_tally AS t (article_id, shard, comment_count, published_count,
		held_count, approved_count, rejected_count, reported_count)
	VALUES (a, (pg_current_xact_id()::text::bigint % 16)::smallint,
		CASE WHEN st IN ('published', 'approved') THEN d ELSE 0 END,
		CASE WHEN st = 'published' THEN d ELSE 0 END,
		CASE WHEN st = 'held' THEN d ELSE 0 END,
		CASE WHEN st = 'approved' THEN d ELSE 0 END,
		CASE WHEN st = 'rejected' THEN d ELSE 0 END,
		CASE WHEN st = 'published' AND rep THEN d ELSE 0 END)
	ON CONFLICT (article_id, shard) DO UPDATE SET
		comment_count = t.comment_count + EXCLUDED.comment_count,
		published_count = t.published_count + EXCLUDED.published_count,
		held_count = t.held_count + EXCLUDED.held_count,
		approved_count = t.approved_count + EXCLUDED.approved_count,
		rejected_count = t.rejected_count + EXCLUDED.rejected_count,
		reported_count = t.reported_count + EXCLUDED.reported_count;
END $$;
COMMENT ON FUNCTION comment_counts_add(bigint, text, boolean, integer) IS 'Adds d to article a''s counters for a comment in status st (rep: reported), in this transaction''s row of article_tally.';

CREATE VIEW article_total AS
	SELECT a.id, a.key, a.comment_count + COALESCE(t.comment_count, 0) AS comment_count,
		a.published_count + COALESCE(t.published_count, 0) AS published_count,
		a.held_count + COALESCE(t.held_count, 0) AS held_count,
		a.approved_count + COALESCE(t.approved_count, 0) AS approved_count,
		a.rejected_count + COALESCE(t.rejected_count, 0) AS rejected_count,
		a.reported_count + COALESCE(t.reported_count, 0) AS reported_count
	FROM article a LEFT JOIN LATERAL (SELECT sum(comment_count) AS comment_count,
		sum(published_count) AS published_count, sum(held_count) AS held_count,
		sum(approved_count) AS approved_count, sum(rejected_count) AS rejected_count,
		sum(reported_count) AS reported_count
		FROM article_tally WHERE article_id = a.id) t ON true;
COMMENT ON VIEW article_total IS 'Each article''s exact counters: its own columns plus its article_tally rows.';
COMMENT ON COLUMN article_total.id IS 'The article''s id.';
COMMENT ON COLUMN article_total.key IS 'The article''s key.';
COMMENT ON COLUMN article_total.comment_count IS 'Visible comments.';
COMMENT ON COLUMN article_total.published_count IS 'Published comments.';
COMMENT ON COLUMN article_total.held_count IS 'Held comments (the Pending queue).';
COMMENT ON COLUMN article_total.approved_count IS 'Approved comments.';
COMMENT ON COLUMN article_total.rejected_count IS 'Rejected comments.';
COMMENT ON COLUMN article_total.reported_count IS 'Published comments reported or flagged (the Reported queue).';

-- The guest name rule (db/db_stmt.c GUEST_NAME_USED) looks for another
-- guest's comment under a key on an article: with the user in the index it
-- skips the poster's own comments there instead of reading each of them
-- (a guest's 5,000th comment on an article read 5,000 rows).
DROP INDEX comment_guest_name;
CREATE INDEX comment_guest_name ON comment (article_id, author_key, user_id) WHERE author_key IS NOT NULL;
COMMENT ON INDEX comment_guest_name IS 'Guests'' comments by article, name key and author: whether another guest used a name on an article (the guest name rule), past the poster''s own comments.';
