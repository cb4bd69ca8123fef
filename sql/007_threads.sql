-- SPDX-License-Identifier: ISC — Rostra
-- Replies: comments form a tree of any depth under each top-level comment.
-- A page lists top-level comments in the reader's order, each with its first
-- replies; every list is a bounded index scan, however long the thread.

ALTER TABLE comment
	ADD COLUMN parent_id bigint REFERENCES comment (id),
	ADD COLUMN root_id bigint REFERENCES comment (id),
	ADD COLUMN path bigint[],
	ADD COLUMN depth integer NOT NULL DEFAULT 0 CHECK (depth >= 0),
	ADD COLUMN reply_count integer NOT NULL DEFAULT 0 CHECK (reply_count >= 0),
	ADD COLUMN edited_at timestamptz;
UPDATE comment SET path = ARRAY[id];
ALTER TABLE comment ALTER COLUMN path SET NOT NULL;
COMMENT ON COLUMN comment.parent_id IS 'The comment this one answers; NULL for a top-level comment.';
COMMENT ON COLUMN comment.root_id IS 'The top-level comment of its thread; NULL for a top-level comment.';
COMMENT ON COLUMN comment.path IS 'Ids from the top-level comment down to this one: ordering by path lists a thread depth first, each level oldest first. Set by comment_thread_place.';
COMMENT ON COLUMN comment.depth IS 'Replies between this comment and the top (0 for a top-level comment).';
COMMENT ON COLUMN comment.reply_count IS 'Visible comments below this one, at any depth; kept exact by comment_replies_sync. Above 0, a removed comment stays as a tombstone so its thread keeps its shape.';
COMMENT ON COLUMN comment.edited_at IS 'When its author last edited it; NULL if never.';

-- A reply joins a visible comment of the same article; its place in the tree
-- is derived here, once, so no statement can get it wrong.
CREATE FUNCTION comment_thread_place() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	p comment%ROWTYPE;
BEGIN
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
CREATE TRIGGER comment_thread_place BEFORE INSERT ON comment
	FOR EACH ROW EXECUTE FUNCTION comment_thread_place();

-- Every comment above one that appears or disappears counts it.
CREATE FUNCTION comment_replies_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	was boolean := TG_OP = 'UPDATE' AND OLD.status IN ('published', 'approved');
	now_visible boolean := NEW.status IN ('published', 'approved');
BEGIN
	IF NEW.depth > 0 AND was <> now_visible THEN
		UPDATE comment SET reply_count = reply_count + CASE WHEN now_visible THEN 1 ELSE -1 END
			WHERE id = ANY (NEW.path[1:NEW.depth]);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER comment_replies_sync AFTER INSERT OR UPDATE OF status ON comment
	FOR EACH ROW EXECUTE FUNCTION comment_replies_sync();

-- What a thread shows: visible comments, and removed ones that still have
-- visible replies (tombstones). One index per top-level order, so each page
-- of any order reads only itself.
CREATE INDEX comment_top_seq ON comment (article_id, seq)
	WHERE parent_id IS NULL AND (status IN ('published', 'approved') OR reply_count > 0);
CREATE INDEX comment_top_reactions ON comment (article_id, reaction_count, seq)
	WHERE parent_id IS NULL AND (status IN ('published', 'approved') OR reply_count > 0);
CREATE INDEX comment_top_replies ON comment (article_id, reply_count, seq)
	WHERE parent_id IS NULL AND (status IN ('published', 'approved') OR reply_count > 0);
CREATE INDEX comment_thread ON comment (root_id, path)
	WHERE root_id IS NOT NULL AND (status IN ('published', 'approved') OR reply_count > 0);

-- An edit keeps what was there before, for moderators.
CREATE TABLE comment_version (
	comment_id	bigint NOT NULL REFERENCES comment (id),
	version		integer NOT NULL CHECK (version > 0),
	body		text NOT NULL,
	body_html	text,
	status		text NOT NULL,
	written_at	timestamptz NOT NULL,
	PRIMARY KEY (comment_id, version)
);
COMMENT ON TABLE comment_version IS 'Earlier texts of edited comments, kept for moderators; the comment row holds the current one.';
COMMENT ON COLUMN comment_version.comment_id IS 'The comment edited.';
COMMENT ON COLUMN comment_version.version IS '1 for the text as first posted, then 2, …';
COMMENT ON COLUMN comment_version.body IS 'The text as the reader wrote it then.';
COMMENT ON COLUMN comment_version.body_html IS 'Its rendering then.';
COMMENT ON COLUMN comment_version.status IS 'The comment''s status while that text stood.';
COMMENT ON COLUMN comment_version.written_at IS 'When that text was written (posted or edited).';
