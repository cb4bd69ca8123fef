-- SPDX-License-Identifier: ISC — Rostra
-- Guests shown as guests, and one guest name per article: a guest may not
-- comment under a name (compared by its key, sql/012_name_key.sql) that
-- another guest commented under on the same article in the last 30 days
-- (the window is the daemon's, db/db_stmt.c GUEST_NAME_WINDOW).

ALTER TABLE comment DROP CONSTRAINT comment_author_badge_check;
ALTER TABLE comment ADD CONSTRAINT comment_author_badge_check CHECK (author_badge IN ('staff', 'guest'));
COMMENT ON COLUMN comment.author_badge IS 'staff when a moderator or admin wrote it (their role when posting); guest when a guest did; NULL otherwise (an account or a single sign-on reader).';
UPDATE comment c SET author_badge = 'guest' FROM app_user u
	WHERE u.id = c.user_id AND u.kind = 'guest' AND c.author_badge IS NULL;

ALTER TABLE comment ADD COLUMN author_key text CHECK (char_length(author_key) <= 1024);
COMMENT ON COLUMN comment.author_key IS 'For a guest''s comment, author_name folded by words_key (the author''s app_user.name_key when posting; written by the daemon, never by SQL but for this file''s copy): no other guest comments under the same key on the article for 30 days. NULL for everyone else''s comments, and for guests'' comments older than this file whose author had no key or was renamed since.';
UPDATE comment c SET author_key = u.name_key FROM app_user u
	WHERE u.id = c.user_id AND u.kind = 'guest' AND u.role = 'reader'
	AND c.author_name = u.display_name AND u.name_key IS NOT NULL;

-- The guest name rule looks up one article's guest comments by key.
CREATE INDEX comment_guest_name ON comment (article_id, author_key) WHERE author_key IS NOT NULL;
