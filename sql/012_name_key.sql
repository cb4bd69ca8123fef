-- SPDX-License-Identifier: ISC — Rostra
-- One name rule: a display name is compared by its key, the name folded as
-- the word filter folds text (case, accents, look-alike letters, digits as
-- letters, separators; moderation/words.c, words_key). SQL cannot run that
-- fold, so the daemon writes the key with every display name, and "rostra
-- migrate" fills it, after its migrations, for rows that have none (those
-- older than this file, or written by an older daemon).

ALTER TABLE app_user ADD COLUMN name_key text CHECK (char_length(name_key) <= 1024);
COMMENT ON COLUMN app_user.name_key IS 'display_name folded by words_key (written by the daemon and rostra migrate, never by SQL): accounts, single sign-on readers and staff hold their key, so no guest, rename or sign-up takes a name that reads the same; NULL only until rostra migrate fills it.';
COMMENT ON COLUMN app_user.display_name IS 'Name shown with the user''s comments. No two of accounts, single sign-on readers and staff share a name_key; a guest may not take theirs; a single sign-on name that would is shown with a number, "Jane (2)".';
CREATE INDEX app_user_name_key ON app_user (name_key);
