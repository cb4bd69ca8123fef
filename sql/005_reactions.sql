-- SPDX-License-Identifier: ISC — Rostra
-- Reactions: one "Like" (the label is the site's) per reader per comment,
-- counted on the comment by the statement that adds or removes it.

ALTER TABLE comment ADD COLUMN reaction_count integer NOT NULL DEFAULT 0
	CHECK (reaction_count >= 0);
COMMENT ON COLUMN comment.reaction_count IS 'Readers who reacted to it; kept exact by the statement that adds or removes a reaction, under the comment''s row lock.';

CREATE TABLE reaction (
	comment_id	bigint NOT NULL REFERENCES comment (id),
	user_id		bigint NOT NULL REFERENCES app_user (id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (comment_id, user_id)
);
COMMENT ON TABLE reaction IS 'A reader''s reaction to a comment (not their own): one each.';
COMMENT ON COLUMN reaction.comment_id IS 'The comment reacted to.';
COMMENT ON COLUMN reaction.user_id IS 'Who reacted.';
COMMENT ON COLUMN reaction.created_at IS 'When.';
-- A reader's own marks on one article's page read their reactions, newest first.
CREATE INDEX reaction_user ON reaction (user_id, comment_id DESC);
