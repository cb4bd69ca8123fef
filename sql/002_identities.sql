-- SPDX-License-Identifier: ISC — Rostra
-- Identities and sessions: every comment is tied to a user, every user to
-- the sessions that sign their requests.

CREATE TABLE app_user (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind		text NOT NULL CHECK (kind IN ('guest', 'account', 'sso')),
	display_name	text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 64),
	role		text NOT NULL DEFAULT 'reader'
			CHECK (role IN ('reader', 'moderator', 'admin')),
	email		text CHECK (char_length(email) <= 254),
	password_hash	text,
	sso_id		text CHECK (char_length(sso_id) <= 256),
	avatar_url	text CHECK (char_length(avatar_url) <= 2048),
	created_at	timestamptz NOT NULL DEFAULT now(),
	banned_at	timestamptz,
	CHECK ((kind = 'account') = (password_hash IS NOT NULL AND email IS NOT NULL)),
	CHECK ((kind = 'sso') = (sso_id IS NOT NULL))
);
COMMENT ON TABLE app_user IS 'Everyone who can comment or moderate: guests (a display name only), accounts (email and password) and the news site''s own subscribers (single sign-on).';
COMMENT ON COLUMN app_user.id IS 'Identifier; the sub claim of session tokens.';
COMMENT ON COLUMN app_user.kind IS 'guest, account or sso: how the user proves who they are.';
COMMENT ON COLUMN app_user.display_name IS 'Name shown with the user''s comments; unique among accounts, case-insensitively.';
COMMENT ON COLUMN app_user.role IS 'reader, moderator or admin; moderators and admins are made with the CLI.';
COMMENT ON COLUMN app_user.email IS 'Accounts: the login, unique case-insensitively. SSO: optional, from the site. Never shown to readers.';
COMMENT ON COLUMN app_user.password_hash IS 'Accounts: crypto_pwhash_str (Argon2id) of the password.';
COMMENT ON COLUMN app_user.sso_id IS 'SSO: the news site''s own user id, unique.';
COMMENT ON COLUMN app_user.avatar_url IS 'SSO: optional picture address from the site.';
COMMENT ON COLUMN app_user.created_at IS 'When the identity was created.';
COMMENT ON COLUMN app_user.banned_at IS 'When a moderator banned the user; NULL if not banned. A ban revokes every session.';

CREATE UNIQUE INDEX app_user_account_name ON app_user (lower(display_name)) WHERE kind = 'account';
CREATE UNIQUE INDEX app_user_account_email ON app_user (lower(email)) WHERE kind = 'account';
CREATE UNIQUE INDEX app_user_sso_id ON app_user (sso_id) WHERE kind = 'sso';

CREATE TABLE session (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id		bigint NOT NULL REFERENCES app_user (id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL,
	revoked_at	timestamptz
);
COMMENT ON TABLE session IS 'A signed-in browser. Tokens carry its id (sid); a request is honoured only while its row is live, so logout and bans take effect at once.';
COMMENT ON COLUMN session.id IS 'Identifier; the sid claim of the session token.';
COMMENT ON COLUMN session.user_id IS 'Whose session it is.';
COMMENT ON COLUMN session.created_at IS 'When the user signed in.';
COMMENT ON COLUMN session.expires_at IS 'Same instant as the token''s exp claim.';
COMMENT ON COLUMN session.revoked_at IS 'When the session was ended (logout, sign out everywhere, ban); NULL while live.';
CREATE INDEX session_user_live ON session (user_id) WHERE revoked_at IS NULL;

ALTER TABLE comment ADD COLUMN user_id bigint REFERENCES app_user (id);
COMMENT ON COLUMN comment.user_id IS 'Who posted it; NULL only for comments stored before identities existed.';
COMMENT ON COLUMN comment.author_name IS 'The author''s display name when posting, kept as it was then.';

CREATE TABLE login_failure (
	key		text NOT NULL,
	at		timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE login_failure IS 'Failed logins, kept for the rate-limit window: too many for one account or one client address gets 429.';
COMMENT ON COLUMN login_failure.key IS '"email:" and the lower-cased email tried, or "addr:" and the client address.';
COMMENT ON COLUMN login_failure.at IS 'When the attempt failed.';
CREATE INDEX login_failure_key_at ON login_failure (key, at);

CREATE TABLE sso_token (
	jti		text PRIMARY KEY CHECK (char_length(jti) BETWEEN 1 AND 128),
	expires_at	timestamptz NOT NULL
);
COMMENT ON TABLE sso_token IS 'Single sign-on tokens already used, kept until they expire, so a replayed token is refused.';
COMMENT ON COLUMN sso_token.jti IS 'The token''s jti claim.';
COMMENT ON COLUMN sso_token.expires_at IS 'The token''s exp claim; the row may go after it.';
CREATE INDEX sso_token_expires ON sso_token (expires_at);
