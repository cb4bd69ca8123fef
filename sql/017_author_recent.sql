-- SPDX-License-Identifier: ISC — Rostra
-- A post's rate and trust checks read only what they count. The policy's
-- facts (post_facts in db/db_stmt.c) counted the poster's comments of the
-- last rate_window seconds by walking comment_user_newest from the newest
-- down until rate_author_max of them: a poster with fewer in the window
-- (every honest one) had all of their comments read, at every post, and
-- the approved_min count did the same when they had fewer approved ones.
-- A reader with 20,000 comments paid for 40,000 rows per post.
-- tests/e2e/post_explain.test.mjs holds each check to a few rows.

CREATE INDEX comment_user_recent ON comment (user_id, created_at) WHERE user_id IS NOT NULL;
COMMENT ON INDEX comment_user_recent IS 'A poster''s comments by time: the rate check reads only the window (post_facts).';

CREATE INDEX comment_user_approved ON comment (user_id) WHERE status = 'approved';
COMMENT ON INDEX comment_user_approved IS 'A poster''s approved comments: the approved_min trust check reads at most approved_min of them (post_facts).';
