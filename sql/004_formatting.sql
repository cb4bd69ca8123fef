-- SPDX-License-Identifier: ISC — Rostra
-- Formatted comments: the HTML readers see is rendered once, when the
-- comment is written (lib/render.c), and stored beside the reader's text.

ALTER TABLE comment ADD COLUMN body_html text CHECK (char_length(body_html) <= 200000);
COMMENT ON COLUMN comment.body_html IS 'The body as HTML (a safe CommonMark subset, rendered by cmark when written); NULL for comments stored before formatting, which are shown as plain text.';
