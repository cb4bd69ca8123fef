-- SPDX-License-Identifier: ISC — Rostra
-- Sign-in throttling that slows a guesser without locking out the owner
-- (issue 13, finding 2). Failures are now counted per client address and
-- account together, per address, and per account; an account remembers the
-- networks it signed in from, and a right password from one of them is let
-- through while the account is under attack from elsewhere.

CREATE TABLE login_known (
	user_id		bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	network		bytea NOT NULL,
	last_at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (user_id, network)
);
COMMENT ON TABLE login_known IS 'Networks each account has signed in from (a right password, or the sign-up itself): a right password from one of them is not held back by failures other addresses caused. rostra maintain forgets a row unused for 180 days.';
COMMENT ON COLUMN login_known.user_id IS 'The account that signed in.';
COMMENT ON COLUMN login_known.network IS 'SHA-256 of the client''s network as text ("203.0.113.0/24" for IPv4, the /64 for IPv6), so the table does not list addresses in clear; a network has few enough values that this hides it from a glance, not from a determined reader of the database.';
COMMENT ON COLUMN login_known.last_at IS 'The latest sign-in from that network.';
CREATE INDEX login_known_last_at ON login_known (last_at);

COMMENT ON TABLE login_failure IS 'Failed logins and sign-up attempts, kept for the throttling window (login_window): past the limits, the address that made them waits, longer with each further failure.';
COMMENT ON COLUMN login_failure.key IS '"email:" and the lower-cased email tried (the account, from anywhere); "addr:" and the client address (all accounts); "pair:", the address, a space and the email (that address at that account); "signup:" and the address (a sign-up attempt, failed or not).';
