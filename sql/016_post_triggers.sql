-- SPDX-License-Identifier: ISC — Rostra
-- Fewer trigger calls per post. A top-level post ran four PL/pgSQL
-- triggers, and the counters' one called a second function: each call
-- sets up a PL/pgSQL frame, and each AFTER trigger queues an event, which
-- together cost a post about as much as its row and indexes. Now a new
-- comment is placed by one BEFORE trigger, the replies' counter is not
-- called at all unless a reply appears or disappears (a WHEN condition,
-- which PostgreSQL checks without calling the function), and the counters'
-- trigger on insert writes its tally row itself. What each trigger keeps
-- true is unchanged.

-- A new comment's seq (its id, unless given) and its place in its thread:
-- comment_seq_place (sql/015_speed.sql) and comment_thread_place
-- (sql/007_threads.sql) in one call.
CREATE FUNCTION comment_place() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	p comment%ROWTYPE;
BEGIN
	IF NEW.seq IS NULL THEN
		NEW.seq := NEW.id;
	END IF;
	IF NEW.parent_id IS NULL THEN
		NEW.root_id := NULL;
		NEW.path := ARRAY[NEW.id];
		NEW.depth := 0;
		RETURN NEW;
	END IF;
	SELECT * INTO p FROM comment WHERE id = NEW.parent_id;
	IF NOT FOUND OR p.article_id <> NEW.article_id
	    OR p.status NOT IN ('published', 'approved') THEN
		RAISE EXCEPTION 'comment % cannot answer comment %', NEW.id, NEW.parent_id
			USING ERRCODE = 'RS001'; -- db/db_exec.c: invalid_parent
	END IF;
	NEW.root_id := COALESCE(p.root_id, p.id);
	NEW.path := p.path || NEW.id;
	NEW.depth := p.depth + 1;
	RETURN NEW;
END $$;
COMMENT ON FUNCTION comment_place() IS 'Numbers a new comment (its id as seq, unless given) and places it in its thread: root, path and depth from its parent, which must be a shown comment of the same article (RS001 otherwise).';
DROP TRIGGER comment_seq_place ON comment;
DROP TRIGGER comment_thread_place ON comment;
DROP FUNCTION comment_seq_place();
DROP FUNCTION comment_thread_place();
CREATE TRIGGER comment_place BEFORE INSERT ON comment
	FOR EACH ROW EXECUTE FUNCTION comment_place();
COMMENT ON TRIGGER comment_place ON comment IS 'Numbers a new comment and places it in its thread (comment_place).';

-- The replies' counter, called only for a reply that appears (inserted
-- shown) or whose status changes; comment_replies_sync decides the rest.
DROP TRIGGER comment_replies_sync ON comment;
CREATE TRIGGER comment_replies_insert AFTER INSERT ON comment
	FOR EACH ROW WHEN (NEW.depth > 0 AND NEW.status IN ('published', 'approved'))
	EXECUTE FUNCTION comment_replies_sync();
COMMENT ON TRIGGER comment_replies_insert ON comment IS 'A shown reply counts in reply_count of every comment above it (comment_replies_sync).';
CREATE TRIGGER comment_replies_update AFTER UPDATE OF status ON comment
	FOR EACH ROW WHEN (NEW.depth > 0 AND OLD.status IS DISTINCT FROM NEW.status)
	EXECUTE FUNCTION comment_replies_sync();
COMMENT ON TRIGGER comment_replies_update ON comment IS 'A reply shown or hidden by a change of status counts or stops counting above it (comment_replies_sync).';

-- The counters on insert: the tally row of comment_counts_add, written
-- here without a second call. Updates keep comment_counts_sync, now called
-- only when a change moves a count.
CREATE FUNCTION comment_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	shown integer := CASE WHEN NEW.status IN ('published', 'approved') THEN 1 ELSE 0 END;
BEGIN
	INSERT INTO article_tally AS t (article_id, shard, comment_count, published_count,
		held_count, approved_count, rejected_count, reported_count)
	VALUES (NEW.article_id, (pg_current_xact_id()::text::bigint % 16)::smallint, shown,
		CASE WHEN NEW.status = 'published' THEN 1 ELSE 0 END,
		CASE WHEN NEW.status = 'held' THEN 1 ELSE 0 END,
		CASE WHEN NEW.status = 'approved' THEN 1 ELSE 0 END,
		CASE WHEN NEW.status = 'rejected' THEN 1 ELSE 0 END,
		CASE WHEN NEW.status = 'published' AND (NEW.report_count > 0 OR NEW.flagged) THEN 1 ELSE 0 END)
	ON CONFLICT (article_id, shard) DO UPDATE SET
		comment_count = t.comment_count + EXCLUDED.comment_count,
		published_count = t.published_count + EXCLUDED.published_count,
		held_count = t.held_count + EXCLUDED.held_count,
		approved_count = t.approved_count + EXCLUDED.approved_count,
		rejected_count = t.rejected_count + EXCLUDED.rejected_count,
		reported_count = t.reported_count + EXCLUDED.reported_count;
	RETURN NULL;
END $$;
COMMENT ON FUNCTION comment_counts_insert() IS 'Counts a new comment in its article''s counters, in this transaction''s row of article_tally (as comment_counts_add does).';
DROP TRIGGER comment_counts_sync ON comment;
CREATE TRIGGER comment_counts_insert AFTER INSERT ON comment
	FOR EACH ROW EXECUTE FUNCTION comment_counts_insert();
COMMENT ON TRIGGER comment_counts_insert ON comment IS 'Counts a new comment (comment_counts_insert).';
CREATE TRIGGER comment_counts_update AFTER UPDATE OF status, report_count, flagged ON comment
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
		OR (OLD.report_count > 0 OR OLD.flagged) IS DISTINCT FROM (NEW.report_count > 0 OR NEW.flagged))
	EXECUTE FUNCTION comment_counts_sync();
COMMENT ON TRIGGER comment_counts_update ON comment IS 'Moves a comment''s counts when its status or its reported state changes (comment_counts_sync).';
