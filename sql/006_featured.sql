-- SPDX-License-Identifier: ISC — Rostra
-- Featured comments shown first, and the staff badge, read with the page.

ALTER TABLE comment ADD COLUMN author_badge text CHECK (author_badge IN ('staff'));
COMMENT ON COLUMN comment.author_badge IS 'staff when a moderator or admin wrote it (their role when posting); NULL otherwise.';
UPDATE comment c SET author_badge = 'staff' FROM app_user u
	WHERE u.id = c.user_id AND u.role IN ('moderator', 'admin');

-- The first page also lists the article's featured comments: a bounded
-- scan of this index, however long the thread.
CREATE INDEX comment_featured ON comment (article_id, seq DESC)
	WHERE featured AND status IN ('published', 'approved');
