-- SPDX-License-Identifier: ISC — Rostra
-- Articles and their comments: the walking skeleton's schema.
-- Applied by "rostra migrate" inside a transaction; never edit once released.

CREATE TABLE article (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	key		text NOT NULL UNIQUE
			CHECK (key ~ '^[A-Za-z0-9._:~-]{1,128}$'),
	title		text CHECK (char_length(title) <= 300),
	url		text CHECK (char_length(url) <= 2048),
	comment_count	integer NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
	comment_seq	bigint NOT NULL DEFAULT 0 CHECK (comment_seq >= 0),
	created_at	timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE article IS 'A page of the news site that has a comment thread; created by its first comment.';
COMMENT ON COLUMN article.id IS 'Internal identifier.';
COMMENT ON COLUMN article.key IS 'The site''s own key for the article, from data-rostra-article; the README states the rule.';
COMMENT ON COLUMN article.title IS 'Title sent with the first comment, shown in moderation views; NULL if never sent.';
COMMENT ON COLUMN article.url IS 'Address sent with the first comment, for moderators; NULL if never sent.';
COMMENT ON COLUMN article.comment_count IS 'Visible comments, kept exact by the statement that changes visibility, so counts never scan comments.';
COMMENT ON COLUMN article.comment_seq IS 'Comments ever posted to the article, visible or not; numbers the next one (comment.seq).';
COMMENT ON COLUMN article.created_at IS 'When the first comment created the thread.';

CREATE TABLE comment (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	article_id	bigint NOT NULL REFERENCES article (id),
	seq		bigint NOT NULL CHECK (seq > 0),
	author_name	text NOT NULL CHECK (author_name <> ''),
	body		text NOT NULL CHECK (body <> ''),
	status		text NOT NULL DEFAULT 'published'
			CHECK (status IN ('published', 'held', 'approved', 'rejected', 'deleted')),
	created_at	timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE comment IS 'A reader''s comment on an article.';
COMMENT ON COLUMN comment.id IS 'Identifier, unique across the site.';
COMMENT ON COLUMN comment.article_id IS 'The article the comment belongs to.';
COMMENT ON COLUMN comment.seq IS 'Position in the article''s thread (1, 2, …), in posting order; orders a page and is its cursor. Unique per article: only the insert statement, under the article row''s lock, assigns it.';
COMMENT ON COLUMN comment.author_name IS 'Display name as the reader typed it, validated and stored verbatim.';
COMMENT ON COLUMN comment.body IS 'The comment as the reader typed it, validated and stored verbatim; shown as text, never as HTML.';
COMMENT ON COLUMN comment.status IS 'published and approved are visible to readers; held, rejected and deleted are not.';
COMMENT ON COLUMN comment.created_at IS 'When the comment was stored.';

-- The listing reads the newest visible comments of one article: a bounded
-- scan of this index, however long the thread. Pages are ordered by seq,
-- not id, on purpose: no other index leads with seq, so the planner cannot
-- trade this scan for a backward walk of the primary key that filters out
-- every newer comment of every other article (it did, on a young site).
CREATE INDEX comment_visible_newest ON comment (article_id, seq DESC)
	WHERE status IN ('published', 'approved');
