-- SPDX-License-Identifier: ISC — Rostra
-- A retried post stores nothing twice: the embed sends an Idempotency-Key
-- with each new comment (the same one when it retries), and the key names
-- the comment its first request stored.

CREATE TABLE post_key (
	key		text PRIMARY KEY CHECK (key ~ '^[A-Za-z0-9_-]{16,64}$'),
	comment_id	bigint NOT NULL REFERENCES comment (id),
	created_at	timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE post_key IS 'The Idempotency-Key of each post that sent one, and the comment it stored: a retry with the key is answered with that comment.';
COMMENT ON COLUMN post_key.key IS 'The client''s key: 16 to 64 characters from A-Z a-z 0-9 _ -, random (the embed sends a UUID without dashes).';
COMMENT ON COLUMN post_key.comment_id IS 'The comment the first request with the key stored.';
COMMENT ON COLUMN post_key.created_at IS 'When; keys older than a day may be purged.';
