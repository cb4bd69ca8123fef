/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The database module: one PostgreSQL connection per worker, its statements
 * prepared, and typed functions over them. Only this module reads a
 * PGresult. Results point into arena memory (the PGresult itself is an
 * arena cleanup), so they live until the request ends.
 */
#ifndef ROSTRA_DB_H
#define ROSTRA_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"
#include "lib/error.h"

struct db;

struct comment {
	int64_t		 seq;		/* position in its thread; the paging cursor */
	int64_t		 id;
	const char	*author_name;	/* NULL, like body, html and badge, if removed */
	size_t		 author_name_len;
	const char	*body;
	size_t		 body_len;
	const char	*created_at;	/* RFC 3339, UTC */
	const char	*html;		/* the body rendered (lib/render.c); NULL if stored before */
	size_t		 html_len;
	int64_t		 reactions;	/* readers who reacted */
	int64_t		 reaction_weight; /* those with standing: the "reactions" order's key */
	bool		 featured;	/* chosen by a moderator */
	const char	*badge;		/* "staff", or NULL */
	int64_t		 parent_id;	/* the comment answered; 0 if top-level */
	int64_t		 depth;		/* 0 for a top-level comment */
	int64_t		 replies;	/* visible comments below it, at any depth */
	const char	*edited_at;	/* RFC 3339, or NULL if never edited */
	const char	*reply_to;	/* the answered comment's author, NULL if removed */
	size_t		 reply_to_len;
	bool		 removed;	/* a tombstone: kept for its visible replies */
};

/* A top-level comment with the first of the replies below it, depth first. */
struct thread {
	struct comment	 top;
	struct comment	*replies;
	size_t		 n;
	int64_t		 more;		/* visible replies not in replies[] */
};

/* The orders a reader can list top-level comments in. */
enum thread_order { ORDER_NEWEST, ORDER_OLDEST, ORDER_REACTIONS, ORDER_REPLIES };

/* Where a page starts: after (key, seq) of the previous page's last comment. */
struct page_start {
	bool		 first;		/* no cursor: the first page */
	int64_t		 seq;
	int64_t		 key;		/* the count ordered by, for reactions and replies */
};

struct comment_page {
	int64_t		 comment_count;	/* visible comments of the article */
	struct thread	*items;		/* in the order asked for */
	size_t		 n;
	bool		 more;		/* more top-level comments after items[n - 1] */
	bool		 closed;	/* no new comments: a moderator or time closed it */
	struct comment	*featured;	/* first page only: up to 5, newest first */
	size_t		 nfeatured;
};

/*
 * A validated new comment and the policy's verdict on it; all strings
 * NUL-terminated, title, url and address may be NULL.
 */
struct comment_new {
	const char	*key;		/* NULL for an edit */
	int64_t		 parent_id;	/* the comment answered; 0 for a top-level comment */
	int64_t		 edit_id;	/* the comment an edit replaces the text of; 0 if new */
	const char	*post_key;	/* the post's Idempotency-Key, or NULL */
	int64_t		 replay_id;	/* the comment post_key already stored (screen_comment); -1: someone else's */
	const char	*title;
	const char	*url;
	const char	*author_name;
	const char	*author_key;	/* author_name's key (name_key), for a guest's first comment */
	const char	*body;
	const char	*html;		/* body rendered by render_comment */
	const char	*address;	/* the client's, for the per-address rate */
	const char	*status;	/* published, held or rejected */
	bool		 flagged;	/* published but reported by a check */
	const char	*action;	/* the verdict, logged with each finding */
	const char	**reasons;	/* reason codes of the findings */
	const char	**notes;	/* their sentences */
	size_t		 nfindings;
};

/*
 * A handle for conninfo (libpq keywords or URL). Connects lazily, and again
 * after a lost connection. Caller frees with db_close. Call after fork only.
 */
struct db	*db_open(const char *conninfo);
void		 db_close(struct db *db);

/*
 * Limits every statement of db's connections (ms; 0: none): how long one may
 * run, wait for a lock, or leave a transaction idle. Set by the daemon's
 * workers; the CLI runs without.
 */
void		 db_set_timeouts(struct db *db, int statement_ms, int lock_ms, int idle_ms);

/*
 * Connects now if needed and prepares every statement. 0 or -1 (logged).
 * After a failed attempt, the next second's calls fail at once: while the
 * database is down every request gets its 503 without waiting.
 */
int		 db_connect(struct db *db);

/* Microseconds db spent in statements since the last call. */
int64_t		 db_time_take(struct db *db);

/* ERR_OK when the database answers a query, else ERR_DATABASE_UNAVAILABLE. */
enum err	 db_health(struct db *db, struct arena *a);

/*
 * A page of article key's top-level comments in order, from start, at most
 * limit of them, each with its first replies (config replies_shown). An
 * unknown article is an empty page with count 0.
 */
enum err	 db_comment_page(struct db *db, struct arena *a, const char *key,
		    enum thread_order order, const struct page_start *start, int limit,
		    int replies, struct comment_page *page);

/*
 * Replies below top-level comment root, depth first, after reply after_id
 * (0: from the first), at most limit. ERR_NOT_FOUND if root is not shown.
 */
enum err	 db_reply_page(struct db *db, struct arena *a, int64_t root, int64_t after_id,
		    int limit, struct thread *t, bool *more);

/*
 * Comment id in its thread, for a permalink: the top-level comment, every
 * comment between it and id, id, and up to limit replies after it.
 * ERR_NOT_FOUND if id is not shown.
 */
enum err	 db_comment_context(struct db *db, struct arena *a, int64_t id, int limit,
		    const char **key, struct thread *t, bool *more);

/* A user as the API shows them to themselves; strings "" when unset. */
struct user {
	int64_t		 id;
	const char	*kind;		/* guest, account, sso */
	const char	*display_name;
	const char	*role;		/* reader, moderator, admin */
	const char	*email;
	const char	*avatar_url;
};

/* A session just created, to be signed into a token. */
struct new_session {
	int64_t		 user_id;
	int64_t		 session_id;
};

/*
 * Stores c as the comment of the user of session (sid, uid), creating its
 * article on first use; the stored row goes to *out. ERR_UNAUTHORIZED if
 * the session is over or the user banned: nothing is stored.
 */
enum err	 db_comment_insert(struct db *db, struct arena *a,
		    const struct comment_new *c, int64_t sid, int64_t uid, struct comment *out);

/*
 * A guest's first comment: creates the guest (named c->author_name), a
 * session lasting until expires (RFC 3339) and the comment, in one
 * statement. ERR_CONFLICT, nothing stored, if an account, a single sign-on
 * reader or staff holds its key c->author_key; ERR_TOO_MANY_REQUESTS,
 * nothing stored, past guest_address_max for c->address (as
 * db_guest_create).
 */
enum err	 db_guest_comment_insert(struct db *db, struct arena *a,
		    const struct comment_new *c, const char *expires, struct comment *out,
		    struct new_session *s);

/*
 * Creates a guest named name (key key, name_key), from client address
 * (NULL if unknown), with a session until expires; ERR_CONFLICT if an
 * account, a single sign-on reader or staff holds the key,
 * ERR_TOO_MANY_REQUESTS if address made guest_address_max guests in the
 * last hour (db_retry_after says when to try again).
 */
enum err	 db_guest_create(struct db *db, struct arena *a, const char *name,
		    const char *key, const char *expires, const char *address, struct user *u,
		    struct new_session *s);

/* The user of live session (sid, uid); ERR_UNAUTHORIZED if it is over. */
enum err	 db_me_get(struct db *db, struct arena *a, int64_t sid, int64_t uid,
		    struct user *u);

/*
 * Renames the user of live session (sid, uid) to name (key key);
 * ERR_CONFLICT, nothing changed, if another account, single sign-on reader
 * or staff member holds the key; ERR_UNAUTHORIZED if the session is over.
 */
enum err	 db_me_rename(struct db *db, struct arena *a, int64_t sid, int64_t uid,
		    const char *name, const char *key, struct user *u);

/*
 * Whether a name with key key is another guest's on article (key article)
 * within the guest name window, for user uid (0: a guest about to be
 * created) into *used; always false for a user who is not a guest.
 */
enum err	 db_guest_name_used(struct db *db, struct arena *a, const char *article,
		    const char *key, int64_t uid, bool *used);

/*
 * An account and its first session; ERR_CONFLICT if the email is taken
 * (db_conflict_constraint names the index) or the name's key is held ("").
 * net: the network it signed up from (remembered as known), or NULL.
 */
enum err	 db_account_create(struct db *db, struct arena *a, const char *email,
		    const char *hash, const char *name, const char *key, const char *expires,
		    const char *net,
		    struct user *u, struct new_session *s);

/* The constraint a 23505 conflict named (e.g. "app_user_account_email"), or "". */
const char	*db_conflict_constraint(const struct db *db);

/* After ERR_TOO_MANY_REQUESTS from a guest's creation: seconds until one may be created. */
int		 db_retry_after(const struct db *db);

/* What sign-in throttling counts (login_failure's key kinds). */
enum login_key {
	LOGIN_PAIR,	/* this client address at this email */
	LOGIN_ADDR,	/* this client address, every email */
	LOGIN_EMAIL,	/* this email, every address */
	LOGIN_SIGNUP,	/* sign-up attempts from this client address */
	LOGIN__MAX
};

struct login_count {
	int64_t		 n;		/* within the window */
	int64_t		 since;		/* whole seconds since the latest (0 if none) */
};

struct login_lookup {
	bool		 found;		/* an account with that email exists */
	struct user	 user;
	const char	*hash;		/* its password hash */
	struct login_count count[LOGIN__MAX];
	bool		 known;		/* the account signed in from this network before */
};

/*
 * The account for email, the recent counts for it and for addr, and
 * whether it signed in from network net (NULL: not an IP address) before.
 */
enum err	 db_login_lookup(struct db *db, struct arena *a, const char *email,
		    const char *addr, const char *net, int window, struct login_lookup *l);

/* Counts one failed login against email, addr and the two together. */
enum err	 db_login_failed(struct db *db, struct arena *a, const char *email,
		    const char *addr, int window);

/* Counts one sign-up attempt from addr. */
enum err	 db_signup_noted(struct db *db, struct arena *a, const char *addr, int window);

/*
 * Opens a session for account uid until expires; forgives addr's failures
 * at email and remembers network net (NULL: none) as known.
 */
enum err	 db_login_session(struct db *db, struct arena *a, int64_t uid,
		    const char *expires, const char *email, const char *addr, const char *net,
		    int64_t *sid);

/* The fields of a verified single sign-on token, NUL-terminated; NULL when absent. */
struct sso_identity {
	const char	*jti;
	const char	*jti_expires;	/* RFC 3339 */
	const char	*site_user_id;
	const char	*name;
	const char	*email;
	const char	*avatar_url;
};

/*
 * Signs in the site's user (creating or updating them) with a session until
 * expires, named by the first of the n names (with their keys: see
 * name_variants) whose key no other identity holds, else the last.
 * ERR_UNAUTHORIZED if the token was used before or the user is banned.
 */
enum err	 db_sso_login(struct db *db, struct arena *a, const struct sso_identity *id,
		    const char *const *names, const char *const *keys, size_t n,
		    const char *expires, struct user *u, struct new_session *s);

/* CLI: creates an account with a role; ERR_CONFLICT if the email or the name's key is taken. */
enum err	 db_user_add(struct db *db, struct arena *a, const char *email, const char *hash,
		    const char *name, const char *key, const char *role);

/* CLI: sets the role of the account with email; ERR_NOT_FOUND if none. */
enum err	 db_user_role_set(struct db *db, struct arena *a, const char *email,
		    const char *role);

/* Ends session sid of uid; ERR_UNAUTHORIZED if it was already over. */
enum err	 db_session_revoke(struct db *db, struct arena *a, int64_t sid, int64_t uid);

/* Ends every session of the user of live session (sid, uid). */
enum err	 db_sessions_revoke_all(struct db *db, struct arena *a, int64_t sid, int64_t uid);

/* The site's moderation settings (table moderation_setting). */
struct mod_settings {
	int64_t		 version;	/* moves with every change of settings or words */
	bool		 premoderate;
	bool		 suspect_holds;	/* false: suspect words only report */
	int		 link_max;
	const char	*blocked_domains;	/* space-separated */
	int		 rate_author_max;
	int		 rate_address_max;
	int		 rate_window;
	int		 approved_min;
};

/* What the moderation policy needs to know about a new comment. */
struct post_facts {
	struct mod_settings settings;
	bool		 live;		/* the session is live (always false for a guest's first) */
	const char	*role;		/* reader, moderator, admin */
	const char	*standing;	/* normal, trusted, premoderate */
	bool		 banned;
	int64_t		 suspended_until;	/* Unix time; 0 if never */
	int		 approved_count;	/* counted up to settings.approved_min */
	bool		 repeat;
	int		 recent_by_author;
	int		 recent_by_address;
	bool		 closed;
	bool		 premoderate_article;
	bool		 edit_own;	/* an edit: the comment is the author's, not removed */
	bool		 edit_open;	/* an edit: still within its window */
	int64_t		 replay_id;	/* the comment the post's key already stored; 0 if none */
	bool		 replay_mine;	/* replay_id is the caller's to be shown again */
	bool		 guest_name_used;	/* a guest author's name is another guest's here */
};

/*
 * Gathers the facts about a comment with body to article key from address
 * (may be NULL) by the user of session (sid, uid), or by a new guest when
 * both are 0; for an edit of comment edit_id (then key is NULL), whether
 * the user may edit it within edit_minutes of posting; for a post with
 * Idempotency-Key post_key, the comment it stored and whether it is this
 * caller's (a new guest's: same body and author_name); for a guest
 * author (a new one's name key is author_key, else NULL), whether another
 * guest commented on the article under the same name recently. One round
 * trip; read-only.
 */
enum err	 db_post_facts(struct db *db, struct arena *a, const char *key, const char *body,
		    const char *address, int64_t sid, int64_t uid, int64_t edit_id,
		    int edit_minutes, const char *post_key, const char *author_name,
		    const char *author_key, struct post_facts *f);

/* Comment id as its author sees it, and its status; ERR_NOT_FOUND if none. */
enum err	 db_comment_get(struct db *db, struct arena *a, int64_t id, struct comment *c,
		    const char **status);

/*
 * The comment the post with Idempotency-Key key stored, and whether it is
 * the caller's (user uid; for uid 0 a guest's with this body and
 * author_name); ERR_NOT_FOUND if none.
 */
enum err	 db_post_key_comment(struct db *db, struct arena *a, const char *key, int64_t uid,
		    const char *body, const char *author_name, int64_t *id, bool *mine);

/*
 * The word lists as text, one entry per line, and the settings version
 * they belong to. Strings in arena memory.
 */
enum err	 db_words_get(struct db *db, struct arena *a, int64_t *version,
		    const char **banned, const char **suspect);

/* counts[i] = visible comments of keys[i] (0 if unknown), for n keys. */
enum err	 db_article_counts(struct db *db, struct arena *a,
		    const char *const *keys, size_t n, int64_t *counts);

/* Moderation (db/db_moderation.c). */

enum queue {
	QUEUE_PENDING,		/* held */
	QUEUE_REPORTED,		/* published, with open reports or a check's flag */
	QUEUE_UNMODERATED,	/* published or held: no human decision yet */
	QUEUE_APPROVED,
	QUEUE_REJECTED,
	QUEUE_ALL,		/* one author's comments in every status but deleted (needs user_id) */
	QUEUE__MAX
};
/* The queues with a size (counts, /metrics): all but QUEUE_ALL, which only lists. */
#define QUEUE__COUNTED	QUEUE_ALL

/* The queues' names in the API, the CLI and /metrics: "pending", …, indexed by enum queue. */
extern const char *const db_queue_names[QUEUE__MAX];

/* Who acts: a moderator's user id, or 0 for the CLI; via is "api" or "cli". */
struct actor {
	int64_t		 id;
	const char	*via;
};

/* Ids, in arena memory. */
struct id_list {
	int64_t		*v;
	size_t		 n;
};

/* A row that PostgreSQL rendered as one JSON object, with its id. */
struct json_row {
	int64_t		 id;
	const char	*json;
	size_t		 len;
};

struct queue_filter {
	const char	*key;		/* one article, or NULL for the site */
	int64_t		 cursor;	/* the last id of the previous page; 0 for the first */
	int		 limit;
	const char	*text;		/* in body or author name; NULL: any */
	const char	*reason;	/* a reason code; NULL: any */
	int64_t		 user_id;	/* 0: any author */
};

/* The size of each counted queue for article key (NULL: the site). */
enum err	 db_queue_counts(struct db *db, struct arena *a, const char *key,
		    int64_t counts[QUEUE__COUNTED]);

/* One page of queue q; *more tells whether another page follows. Rows in arena memory. */
enum err	 db_queue_page(struct db *db, struct arena *a, enum queue q,
		    const struct queue_filter *f, struct json_row **rows, size_t *n, bool *more);

/*
 * Moves the comments ids whose status is one of from[nfrom] to status to,
 * where the transition table allows it, logging action with reason and
 * note (either may be NULL). *changed gets the ids moved; the others had
 * another status by then (see db_comment_deciders).
 */
enum err	 db_comments_decide(struct db *db, struct arena *a, const struct actor *who,
		    const struct id_list *ids, const char *to, const char *const *from,
		    size_t nfrom, const char *action, const char *reason, const char *note,
		    struct id_list *changed);

/* The status of a comment and who last decided it ("" for the CLI or nobody). */
struct decider {
	int64_t		 id;
	const char	*status;
	const char	*by;
	const char	*at;		/* RFC 3339, or "" */
};

/* The deciders of ids that exist (*n may be less than ids->n). */
enum err	 db_comment_deciders(struct db *db, struct arena *a, const struct id_list *ids,
		    struct decider **out, size_t *n);

/* Features (on) or unfeatures ids; *changed gets the ones that changed. */
enum err	 db_comments_feature(struct db *db, struct arena *a, const struct actor *who,
		    const struct id_list *ids, bool on, struct id_list *changed);

/* Dismisses the open reports on ids; *changed gets the comments that had some. */
enum err	 db_reports_dismiss(struct db *db, struct arena *a, const struct actor *who,
		    const struct id_list *ids, const char *note, struct id_list *changed);

enum report_outcome {
	REPORT_ADDED,
	REPORT_SESSION_OVER,
	REPORT_NOT_REPORTABLE,	/* no such visible comment, or the reader's own */
	REPORT_DUPLICATE,
};

/*
 * A reader's report of comment id with reason and note (may be NULL); at
 * the site's report_hold the statement holds the comment.
 */
enum err	 db_report_add(struct db *db, struct arena *a, int64_t id, int64_t sid,
		    int64_t uid, const char *reason, const char *note, enum report_outcome *out);

/*
 * Action on reader user_id (ban, unban, suspend, unsuspend, trust,
 * premoderate, normal) with hours (suspend) and note (may be NULL); a ban
 * with reject_all also rejects their comments. *json is the user's new
 * state, *rejected how many comments were rejected. ERR_NOT_FOUND if no
 * such reader (staff cannot be acted on).
 */
enum err	 db_user_moderate(struct db *db, struct arena *a, const struct actor *who,
		    int64_t user_id, const char *action, int hours, const char *note,
		    bool reject_all, const char **json, int64_t *rejected);

/* Adds a moderator's note on user_id; ERR_NOT_FOUND if no such user. */
enum err	 db_user_note_add(struct db *db, struct arena *a, const struct actor *who,
		    int64_t user_id, const char *note);

/* User user_id as moderators see them (JSON); ERR_NOT_FOUND if none. */
enum err	 db_user_get(struct db *db, struct arena *a, int64_t user_id, const char **json);

/*
 * Action on article key (close, reopen, premoderate, unpremoderate,
 * auto_close with days, NULL for the site's); *json its new state.
 */
enum err	 db_article_moderate(struct db *db, struct arena *a, const struct actor *who,
		    const char *key, const char *action, const char *days, const char **json);

/* Article key's state (JSON); ERR_NOT_FOUND if it has no thread yet. */
enum err	 db_article_get(struct db *db, struct arena *a, const char *key, const char **json);

/* The log about a comment (of_user false) or a user, newest first. */
enum err	 db_log_get(struct db *db, struct arena *a, bool of_user, int64_t id,
		    struct json_row **rows, size_t *n);

/* The settings as JSON. */
enum err	 db_settings_get(struct db *db, struct arena *a, const char **json);

/* Setting names db_settings_update takes, in its order: MOD_SETTINGS_N of them, then NULL. */
#define MOD_SETTINGS_N	12
extern const char *const db_setting_names[MOD_SETTINGS_N + 1];

/* Changes the settings whose value is not NULL (text, as PostgreSQL reads it); *json the result. */
enum err	 db_settings_update(struct db *db, struct arena *a, const struct actor *who,
		    const char *const values[MOD_SETTINGS_N], const char **json);

/* Adds and removes entries (one per line, "" for none) in list banned or suspect. */
enum err	 db_words_change(struct db *db, struct arena *a, const struct actor *who,
		    const char *list, const char *add, const char *remove, int64_t *added,
		    int64_t *removed);


/* Discussion (db/db_discussion.c). */

/* A reader's part of an article's page. */
struct mine {
	struct comment	*held;		/* their comments awaiting review, newest first */
	size_t		 nheld;
	const char	*own;		/* JSON array: ids of their visible comments */
	const char	*reacted;	/* JSON array: ids of the comments they reacted to */
	const char	*reported;	/* JSON array: ids of the comments they reported */
};

/* The caller's part of article key's page; ERR_UNAUTHORIZED if the session is over. */
/*
 * Forgets what is no longer needed: post idempotency keys older than a day,
 * login failures older than a day, expired single sign-on tokens; how many
 * of each, in that order.
 */
enum err	 db_maintain(struct db *db, struct arena *a, int64_t forgotten[4]);

enum err	 db_mine(struct db *db, struct arena *a, const char *key, int64_t sid, int64_t uid,
		    struct mine *m);

enum reaction_outcome {
	REACTION_DONE,
	REACTION_SESSION_OVER,
	REACTION_NO_COMMENT,	/* no such visible comment */
	REACTION_OWN,		/* the caller wrote it */
};

/* Adds (on) or removes the caller's reaction to comment id; *count is the count after. */
enum err	 db_reaction_set(struct db *db, struct arena *a, int64_t id, int64_t sid,
		    int64_t uid, bool on, enum reaction_outcome *out, int64_t *count);

/*
 * The author of live session (sid, uid) deletes their comment id.
 * ERR_UNAUTHORIZED if the session is over, ERR_NOT_FOUND if they have no
 * such comment to delete.
 */
enum err	 db_comment_delete(struct db *db, struct arena *a, int64_t id, int64_t sid,
		    int64_t uid);

/*
 * Its author (session sid, uid) replaces the text of comment c->edit_id
 * with c->body, under c's verdict, within edit_minutes of posting; the
 * text before is kept; *status is the comment's after. ERR_EDIT_WINDOW_OVER
 * if it is no longer theirs to edit (the window closed since the facts
 * were read).
 */
enum err	 db_comment_edit(struct db *db, struct arena *a, const struct comment_new *c,
		    int64_t sid, int64_t uid, int edit_minutes, struct comment *out,
		    const char **status);

#endif
