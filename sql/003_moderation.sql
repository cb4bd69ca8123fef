-- SPDX-License-Identifier: ISC — Rostra
-- Moderation: the site's settings and word lists, per-article overrides,
-- reader standing, reports, the transition table every status change goes
-- through, queue counts kept exact by one trigger, and the append-only log.

CREATE TABLE moderation_setting (
	id		boolean PRIMARY KEY DEFAULT true CHECK (id),
	version		bigint NOT NULL DEFAULT 1,
	premoderate	boolean NOT NULL DEFAULT false,
	suspect_action	text NOT NULL DEFAULT 'hold' CHECK (suspect_action IN ('hold', 'report')),
	link_max	integer NOT NULL DEFAULT 2 CHECK (link_max BETWEEN 0 AND 1000),
	blocked_domains	text NOT NULL DEFAULT '' CHECK (char_length(blocked_domains) <= 10000),
	rate_author_max	integer NOT NULL DEFAULT 5 CHECK (rate_author_max BETWEEN 0 AND 100000),
	rate_address_max integer NOT NULL DEFAULT 30 CHECK (rate_address_max BETWEEN 0 AND 100000),
	rate_window	integer NOT NULL DEFAULT 60 CHECK (rate_window BETWEEN 1 AND 86400),
	repeat_window	integer NOT NULL DEFAULT 86400 CHECK (repeat_window BETWEEN 0 AND 31536000),
	approved_min	integer NOT NULL DEFAULT 0 CHECK (approved_min BETWEEN 0 AND 1000),
	report_hold	integer NOT NULL DEFAULT 3 CHECK (report_hold BETWEEN 1 AND 1000),
	auto_close_days	integer NOT NULL DEFAULT 0 CHECK (auto_close_days BETWEEN 0 AND 36500),
	words_seeded	boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE moderation_setting IS 'The site''s moderation settings: exactly one row, edited by admins in the UI or with rostra settings.';
COMMENT ON COLUMN moderation_setting.id IS 'Always true: there is one row.';
COMMENT ON COLUMN moderation_setting.version IS 'Raised by every change of settings or word lists; workers cache the compiled lists and reload when it moves.';
COMMENT ON COLUMN moderation_setting.premoderate IS 'Hold every comment of the site for a moderator.';
COMMENT ON COLUMN moderation_setting.suspect_action IS 'What a suspect word does: hold the comment, or publish it and report it.';
COMMENT ON COLUMN moderation_setting.link_max IS 'A comment with more links than this is held.';
COMMENT ON COLUMN moderation_setting.blocked_domains IS 'Space-separated domains; a link to one of them or a subdomain rejects the comment.';
COMMENT ON COLUMN moderation_setting.rate_author_max IS 'Comments one user may post per rate_window; 0: no limit.';
COMMENT ON COLUMN moderation_setting.rate_address_max IS 'Comments one client address may post per rate_window; 0: no limit.';
COMMENT ON COLUMN moderation_setting.rate_window IS 'Seconds over which the rate limits count.';
COMMENT ON COLUMN moderation_setting.repeat_window IS 'Seconds during which posting the text of one''s previous comment again is refused; 0: off.';
COMMENT ON COLUMN moderation_setting.approved_min IS 'Authors with fewer approved comments are held; 0: off.';
COMMENT ON COLUMN moderation_setting.report_hold IS 'Weighted distinct reporters at which a published comment is held.';
COMMENT ON COLUMN moderation_setting.auto_close_days IS 'Threads close this many days after their first comment; 0: never. An article may override it.';
COMMENT ON COLUMN moderation_setting.words_seeded IS 'Whether rostra migrate has loaded the default word lists once.';
INSERT INTO moderation_setting DEFAULT VALUES;

CREATE TABLE moderation_word (
	list		text NOT NULL CHECK (list IN ('banned', 'suspect')),
	entry		text NOT NULL CHECK (char_length(entry) BETWEEN 1 AND 256),
	added_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (list, entry)
);
COMMENT ON TABLE moderation_word IS 'Banned and suspect words and phrases, matched as moderation/words.c explains.';
COMMENT ON COLUMN moderation_word.list IS 'banned (the comment is rejected) or suspect (held or reported).';
COMMENT ON COLUMN moderation_word.entry IS 'A word or phrase as the moderator wrote it.';
COMMENT ON COLUMN moderation_word.added_at IS 'When it was added.';

ALTER TABLE article
	ADD COLUMN premoderate boolean NOT NULL DEFAULT false,
	ADD COLUMN closed_at timestamptz,
	ADD COLUMN auto_close_days integer CHECK (auto_close_days BETWEEN 0 AND 36500),
	ADD COLUMN held_count integer NOT NULL DEFAULT 0 CHECK (held_count >= 0),
	ADD COLUMN reported_count integer NOT NULL DEFAULT 0 CHECK (reported_count >= 0),
	ADD COLUMN published_count integer NOT NULL DEFAULT 0 CHECK (published_count >= 0),
	ADD COLUMN approved_count integer NOT NULL DEFAULT 0 CHECK (approved_count >= 0),
	ADD COLUMN rejected_count integer NOT NULL DEFAULT 0 CHECK (rejected_count >= 0);
COMMENT ON COLUMN article.premoderate IS 'Hold every new comment of this article for a moderator.';
COMMENT ON COLUMN article.closed_at IS 'When a moderator closed the thread; NULL while open.';
COMMENT ON COLUMN article.auto_close_days IS 'Overrides the site''s auto_close_days for this article; NULL: the site''s.';
COMMENT ON COLUMN article.held_count IS 'Comments held (the Pending queue); kept exact by comment_counts_sync.';
COMMENT ON COLUMN article.reported_count IS 'Published comments with open reports or an automatic flag (the Reported queue).';
COMMENT ON COLUMN article.published_count IS 'Published comments no human has decided yet (with held_count: the Unmoderated queue).';
COMMENT ON COLUMN article.approved_count IS 'Approved comments.';
COMMENT ON COLUMN article.rejected_count IS 'Rejected comments.';

ALTER TABLE app_user
	ADD COLUMN standing text NOT NULL DEFAULT 'normal'
		CHECK (standing IN ('normal', 'trusted', 'premoderate')),
	ADD COLUMN suspended_until timestamptz,
	ADD COLUMN reports_dismissed integer NOT NULL DEFAULT 0 CHECK (reports_dismissed >= 0);
COMMENT ON COLUMN app_user.standing IS 'normal; trusted (published without content checks); premoderate (always held).';
COMMENT ON COLUMN app_user.suspended_until IS 'The user may not comment before this time; NULL or past: not suspended.';
COMMENT ON COLUMN app_user.reports_dismissed IS 'Reports by this user a moderator dismissed; their later reports weigh less.';

ALTER TABLE comment
	ADD COLUMN address inet,
	ADD COLUMN flagged boolean NOT NULL DEFAULT false,
	ADD COLUMN report_count integer NOT NULL DEFAULT 0 CHECK (report_count >= 0),
	ADD COLUMN report_weight real NOT NULL DEFAULT 0,
	ADD COLUMN featured boolean NOT NULL DEFAULT false,
	ADD COLUMN decided_by bigint REFERENCES app_user (id),
	ADD COLUMN decided_at timestamptz;
COMMENT ON COLUMN comment.address IS 'The client address it came from (nginx''s $remote_addr), for the per-address rate limit; NULL before moderation existed.';
COMMENT ON COLUMN comment.flagged IS 'An automatic check reported it without holding it (a suspect word when suspect_action is report).';
COMMENT ON COLUMN comment.report_count IS 'Open reports by distinct readers.';
COMMENT ON COLUMN comment.report_weight IS 'Open reports weighed by each reporter''s record; at report_hold the comment is held.';
COMMENT ON COLUMN comment.featured IS 'Chosen by a moderator to be shown first.';
COMMENT ON COLUMN comment.decided_by IS 'The moderator who last changed its status; NULL: no human has (the CLI records NULL too, and the log says so).';
COMMENT ON COLUMN comment.decided_at IS 'When a moderator last changed its status.';

-- Queues are views over statuses; a page of one reads a bounded range of
-- one of these, oldest first (decided: newest first), however many comments
-- the site holds: the site's queue by id, one article's by (article_id, id).
-- Each queue has its own article index because one on (article_id, status,
-- id) gives no id order for two statuses (unmoderated) and holds no report
-- state (reported): a page of one busy article then read every published
-- comment of it (tests/e2e/queue_explain.test.mjs).
CREATE INDEX comment_queue_pending ON comment (id) WHERE status = 'held';
CREATE INDEX comment_queue_pending_article ON comment (article_id, id) WHERE status = 'held';
CREATE INDEX comment_queue_reported ON comment (id)
	WHERE status = 'published' AND (report_count > 0 OR flagged);
CREATE INDEX comment_queue_reported_article ON comment (article_id, id)
	WHERE status = 'published' AND (report_count > 0 OR flagged);
CREATE INDEX comment_queue_unmoderated ON comment (id) WHERE status IN ('published', 'held');
CREATE INDEX comment_queue_unmoderated_article ON comment (article_id, id)
	WHERE status IN ('published', 'held');
CREATE INDEX comment_queue_decided ON comment (status, id) WHERE status IN ('approved', 'rejected');
CREATE INDEX comment_queue_decided_article ON comment (article_id, status, id)
	WHERE status IN ('approved', 'rejected');
-- The author's history, rate and repeat checks read one user's newest rows.
CREATE INDEX comment_user_newest ON comment (user_id, id DESC);
CREATE INDEX comment_address_recent ON comment (address, created_at) WHERE address IS NOT NULL;

-- Counts start from what 001 and 002 stored (every comment was published).
UPDATE article a SET published_count = (SELECT count(*) FROM comment c
	WHERE c.article_id = a.id AND c.status = 'published');

CREATE TABLE comment_transition (
	from_status	text NOT NULL,
	to_status	text NOT NULL,
	PRIMARY KEY (from_status, to_status)
);
COMMENT ON TABLE comment_transition IS 'Every allowed change of a comment''s status; comment_status_guard refuses any other.';
COMMENT ON COLUMN comment_transition.from_status IS 'Status before.';
COMMENT ON COLUMN comment_transition.to_status IS 'Status after.';
INSERT INTO comment_transition VALUES
	('published', 'held'), ('published', 'approved'), ('published', 'rejected'),
	('published', 'deleted'),
	('held', 'approved'), ('held', 'rejected'), ('held', 'deleted'),
	('approved', 'rejected'), ('approved', 'held'), ('approved', 'published'),
	('approved', 'deleted'),
	('rejected', 'approved'), ('rejected', 'held'), ('rejected', 'published');

CREATE FUNCTION comment_status_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.status <> OLD.status AND NOT EXISTS (SELECT 1 FROM comment_transition
	    WHERE from_status = OLD.status AND to_status = NEW.status) THEN
		RAISE EXCEPTION 'comment % cannot go from % to %', OLD.id, OLD.status, NEW.status
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER comment_status_guard BEFORE UPDATE OF status ON comment
	FOR EACH ROW EXECUTE FUNCTION comment_status_guard();

-- Adds d to the article's counters for a comment in status st (reported: rep).
CREATE FUNCTION comment_counts_add(a bigint, st text, rep boolean, d integer)
RETURNS void LANGUAGE sql AS $$
	UPDATE article SET
		comment_count = comment_count + CASE WHEN st IN ('published', 'approved') THEN d ELSE 0 END,
		published_count = published_count + CASE WHEN st = 'published' THEN d ELSE 0 END,
		held_count = held_count + CASE WHEN st = 'held' THEN d ELSE 0 END,
		approved_count = approved_count + CASE WHEN st = 'approved' THEN d ELSE 0 END,
		rejected_count = rejected_count + CASE WHEN st = 'rejected' THEN d ELSE 0 END,
		reported_count = reported_count + CASE WHEN st = 'published' AND rep THEN d ELSE 0 END
	WHERE id = a
$$;

-- One place keeps every count exact, whichever statement moves a comment.
CREATE FUNCTION comment_counts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' THEN
		IF OLD.status = NEW.status AND (OLD.report_count > 0 OR OLD.flagged) =
		    (NEW.report_count > 0 OR NEW.flagged) THEN
			RETURN NULL;
		END IF;
		PERFORM comment_counts_add(OLD.article_id, OLD.status,
			OLD.report_count > 0 OR OLD.flagged, -1);
	END IF;
	PERFORM comment_counts_add(NEW.article_id, NEW.status, NEW.report_count > 0 OR NEW.flagged, 1);
	RETURN NULL;
END $$;
CREATE TRIGGER comment_counts_sync AFTER INSERT OR UPDATE OF status, report_count, flagged
	ON comment FOR EACH ROW EXECUTE FUNCTION comment_counts_sync();

CREATE TABLE comment_report (
	comment_id	bigint NOT NULL REFERENCES comment (id),
	reporter_id	bigint NOT NULL REFERENCES app_user (id),
	reason		text NOT NULL
			CHECK (reason IN ('spam', 'abusive', 'off_topic', 'misinformation', 'other')),
	note		text CHECK (char_length(note) <= 500),
	weight		real NOT NULL CHECK (weight > 0 AND weight <= 1),
	created_at	timestamptz NOT NULL DEFAULT now(),
	dismissed_at	timestamptz,
	PRIMARY KEY (comment_id, reporter_id)
);
COMMENT ON TABLE comment_report IS 'A reader''s report of a comment: one per reader and comment.';
COMMENT ON COLUMN comment_report.comment_id IS 'The comment reported.';
COMMENT ON COLUMN comment_report.reporter_id IS 'Who reported it.';
COMMENT ON COLUMN comment_report.reason IS 'spam, abusive, off_topic, misinformation or other.';
COMMENT ON COLUMN comment_report.note IS 'The reader''s words, with other; shown to moderators only.';
COMMENT ON COLUMN comment_report.weight IS 'How much it counts toward report_hold: less for readers whose reports were dismissed before.';
COMMENT ON COLUMN comment_report.created_at IS 'When it was made.';
COMMENT ON COLUMN comment_report.dismissed_at IS 'When a moderator dismissed it; NULL while open.';

CREATE TABLE user_note (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id		bigint NOT NULL REFERENCES app_user (id),
	author_id	bigint REFERENCES app_user (id),
	body		text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
	created_at	timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE user_note IS 'Moderators'' notes on a user, shown with the user''s history; readers never see them.';
COMMENT ON COLUMN user_note.id IS 'Identifier.';
COMMENT ON COLUMN user_note.user_id IS 'The user the note is about.';
COMMENT ON COLUMN user_note.author_id IS 'The moderator who wrote it; NULL from the CLI.';
COMMENT ON COLUMN user_note.body IS 'The note.';
COMMENT ON COLUMN user_note.created_at IS 'When it was written.';
CREATE INDEX user_note_user ON user_note (user_id, id DESC);

CREATE TABLE moderation_log (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at		timestamptz NOT NULL DEFAULT now(),
	actor_id	bigint REFERENCES app_user (id),
	via		text NOT NULL CHECK (via IN ('policy', 'api', 'cli')),
	action		text NOT NULL CHECK (char_length(action) BETWEEN 1 AND 32),
	comment_id	bigint REFERENCES comment (id),
	user_id		bigint REFERENCES app_user (id),
	article_id	bigint REFERENCES article (id),
	from_status	text,
	to_status	text,
	reason		text CHECK (char_length(reason) <= 64),
	note		text CHECK (char_length(note) <= 2000)
);
COMMENT ON TABLE moderation_log IS 'Every automatic decision and moderator action, append-only: rows are never changed or removed.';
COMMENT ON COLUMN moderation_log.id IS 'Order of the entries.';
COMMENT ON COLUMN moderation_log.at IS 'When it happened.';
COMMENT ON COLUMN moderation_log.actor_id IS 'The moderator who acted; NULL for the policy and the CLI (see via).';
COMMENT ON COLUMN moderation_log.via IS 'policy (an automatic check), api (a moderator in the UI) or cli (an operator''s command).';
COMMENT ON COLUMN moderation_log.action IS 'hold, reject, flag, approve, feature, ban, suspend, report, dismiss, close, words, …';
COMMENT ON COLUMN moderation_log.comment_id IS 'The comment acted on, if any.';
COMMENT ON COLUMN moderation_log.user_id IS 'The user acted on (or the comment''s author), if any.';
COMMENT ON COLUMN moderation_log.article_id IS 'The article acted on (or the comment''s), if any.';
COMMENT ON COLUMN moderation_log.from_status IS 'The comment''s status before, when it changed.';
COMMENT ON COLUMN moderation_log.to_status IS 'The comment''s status after, when it changed.';
COMMENT ON COLUMN moderation_log.reason IS 'A stable reason code: too_many_links, spam, …';
COMMENT ON COLUMN moderation_log.note IS 'The reason as a sentence, or the moderator''s note.';
CREATE INDEX moderation_log_comment ON moderation_log (comment_id, id) WHERE comment_id IS NOT NULL;
CREATE INDEX moderation_log_user ON moderation_log (user_id, id) WHERE user_id IS NOT NULL;

CREATE FUNCTION moderation_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'moderation_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER moderation_log_append_only BEFORE UPDATE OR DELETE ON moderation_log
	FOR EACH ROW EXECUTE FUNCTION moderation_log_append_only();
