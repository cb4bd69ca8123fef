-- SPDX-License-Identifier: ISC — Rostra
-- Standing: a reader's report or reaction weighs only once the reader has
-- earned some standing, so throw-away identities cannot hide a comment
-- (report_hold) nor lift one up the "reactions" order; staff and trusted
-- authors are never held by reports (a human reads the Reported queue);
-- and one client address may create only so many guests an hour.

-- One rule decides standing, here, for every statement that weighs a
-- reader (db/db_stmt.c: report_add, reaction_set) and for the backfill
-- below: staff and trusted readers have it; a reader pre-moderated by a
-- moderator does not; any other reader has it once they have a visible
-- comment and either signed in through the news site (sso: an identity the
-- site vouches for) or have existed for a day (guests and accounts cost
-- nothing to create, a day and a published comment do).
CREATE FUNCTION user_has_standing(uid bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT u.role IN ('moderator', 'admin') OR u.standing = 'trusted'
		OR (u.standing = 'normal' AND (u.kind = 'sso' OR u.created_at <= now() - interval '1 day')
		AND EXISTS (SELECT 1 FROM comment c WHERE c.user_id = u.id
		AND c.status IN ('published', 'approved')))
	FROM app_user u WHERE u.id = uid
$$;
COMMENT ON FUNCTION user_has_standing(bigint) IS 'Whether user uid''s reports and reactions weigh: staff, trusted, or a normal reader with a visible comment who signed in through the news site (sso) or whose identity is a day old. NULL for no such user.';

-- Reports from readers without standing weigh 0: they reach the Reported
-- queue (report_count) but never hold a comment.
ALTER TABLE comment_report DROP CONSTRAINT comment_report_weight_check,
	ADD CONSTRAINT comment_report_weight_check CHECK (weight >= 0 AND weight <= 1);
COMMENT ON COLUMN comment_report.weight IS 'How much it counts toward report_hold: 0 from a reader without standing (user_has_standing) when they reported, else 1 halved for every two of their reports moderators dismissed before.';
COMMENT ON COLUMN comment.report_count IS 'Open reports by distinct readers, whatever they weigh: above 0 the comment is in the Reported queue.';
COMMENT ON COLUMN comment.report_weight IS 'Open reports weighed by each reporter''s standing and record; at report_hold a published comment is held, unless its author is staff or trusted.';

-- Reactions: the Like count readers see stays every reader's; the
-- "reactions" order sorts by those of readers with standing.
ALTER TABLE reaction ADD COLUMN weight smallint NOT NULL DEFAULT 0 CHECK (weight IN (0, 1));
COMMENT ON COLUMN reaction.weight IS '1 if the reader had standing (user_has_standing) when they reacted, else 0: what the reaction adds to comment.reaction_weight.';
ALTER TABLE comment ADD COLUMN reaction_weight integer NOT NULL DEFAULT 0
	CHECK (reaction_weight >= 0);
COMMENT ON COLUMN comment.reaction_weight IS 'Reactions that weigh (the sum of reaction.weight): the key of the "reactions" order, kept exact with reaction_count by the statement that adds or removes a reaction. Readers are shown reaction_count.';
UPDATE reaction r SET weight = 1 WHERE user_has_standing(r.user_id);
UPDATE comment c SET reaction_weight = x.w
	FROM (SELECT comment_id, sum(weight) AS w FROM reaction GROUP BY comment_id) x
	WHERE c.id = x.comment_id AND x.w > 0;
DROP INDEX comment_top_reactions;
CREATE INDEX comment_top_reactions ON comment (article_id, reaction_weight, seq)
	WHERE parent_id IS NULL AND (status IN ('published', 'approved') OR reply_count > 0);

-- Guests per address: enforced by the insert itself, whichever statement
-- creates the guest (the guest sign-in, a guest's first comment).
ALTER TABLE moderation_setting ADD COLUMN guest_address_max integer NOT NULL DEFAULT 5
	CHECK (guest_address_max BETWEEN 0 AND 100000);
COMMENT ON COLUMN moderation_setting.guest_address_max IS 'Guests one client address may create per hour; more are refused (429); 0: no limit.';
ALTER TABLE app_user ADD COLUMN address inet;
COMMENT ON COLUMN app_user.address IS 'Guests: the client address that created the guest (nginx''s $remote_addr), counted for guest_address_max; NULL for accounts and SSO readers, for guests from an unknown address and for those created before it was kept.';
CREATE INDEX app_user_guest_address ON app_user (address, created_at)
	WHERE kind = 'guest' AND address IS NOT NULL;

-- Refuses a guest past guest_address_max with SQLSTATE RS002 (db/db_exec.c:
-- too many requests), the seconds until one may be created again as the
-- HINT. A transaction lock on the address serializes concurrent creations
-- from it, so the limit is exact; it is held to the end of the inserting
-- statement's transaction, a few milliseconds.
CREATE FUNCTION app_user_guest_limit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	lim	integer;
	n	bigint;
	oldest	timestamptz;
BEGIN
	SELECT guest_address_max INTO lim FROM moderation_setting;
	IF NOT FOUND OR lim = 0 THEN
		RETURN NEW;
	END IF;
	PERFORM pg_advisory_xact_lock(7302, hashtext(host(NEW.address)));
	SELECT count(*), min(created_at) INTO n, oldest FROM (SELECT created_at FROM app_user
		WHERE kind = 'guest' AND address = NEW.address
		AND created_at > now() - interval '1 hour'
		ORDER BY created_at DESC LIMIT lim) x;
	IF n >= lim THEN
		RAISE EXCEPTION 'too many new guests from one address'
			USING ERRCODE = 'RS002',
			HINT = greatest(1, ceil(extract(epoch FROM oldest + interval '1 hour' - now())))::text;
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER app_user_guest_limit BEFORE INSERT ON app_user
	FOR EACH ROW WHEN (NEW.kind = 'guest' AND NEW.address IS NOT NULL)
	EXECUTE FUNCTION app_user_guest_limit();
