/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The daemon's settings: built-in defaults, then the config file (format in
 * rostra.conf.example: "key = value" lines, '#' comments), then the
 * environment variables a launcher sets (ROSTRA_SOCKET, ROSTRA_DATABASE_URL,
 * ROSTRA_MIGRATE_DATABASE_URL, ROSTRA_APP_ROLE, ROSTRA_WORKERS, …). Read once in main, before the fork; workers only read it.
 */
#ifndef ROSTRA_CONFIG_H
#define ROSTRA_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* cookie_secure: Secure cookies always, never, or unless every site origin is loopback http. */
enum secure_mode {
	SECURE_AUTO,
	SECURE_ON,
	SECURE_OFF,
};

struct config {
	char	*socket;		/* unix path, or host:port / :port for TCP */
	int	 socket_mode;		/* permissions of a unix socket */
	char	*socket_group;		/* group of a unix socket; "" keeps ours */
	char	*socket_owner;		/* owner of a unix socket; "" keeps ours */
	char	*socket_peers;		/* addresses that may connect over TCP (nginx's), space-separated */
	int	 listen_backlog;
	char	*user;			/* started as root: become this user after binding */
	int	 workers;		/* 0: one per core */
	int	 shutdown_grace;	/* seconds in-flight requests get at stop */
	int	 worker_max_requests;	/* a worker is replaced after serving this many (0: never) */
	int	 request_timeout;	/* seconds before a busy worker is killed (0: never) */
	int	 io_timeout;		/* seconds a connection from nginx may stay silent */
	int	 queue_timeout;		/* ms a request may have waited for a worker (0: any) */
	int	 hash_concurrency;	/* password hashes (64 MiB each) at once, all workers */
	char	*log_file;		/* "" : standard error */
	bool	 log_requests;		/* one line per request */
	bool	 metrics_loopback;	/* /metrics answers any request from a loopback address */
	char	*database;		/* libpq conninfo or URL: the daemon's and the CLI's, no DDL rights */
	char	*migrate_database;	/* "rostra migrate"'s, as the schema owner; "": database */
	char	*app_role;		/* role migrate grants the daemon's rights to; "": none */
	char	*sql_dir;		/* migrations, for "rostra migrate" */
	char	*words_dir;		/* banned.default, suspect.default: seeded by "rostra migrate" once */
	int	 log_level;		/* enum log_level */
	size_t	 body_limit;		/* bytes of request body accepted */
	int	 page_size;		/* comments per page by default */
	int	 page_size_max;
	int	 name_max;		/* characters in an author name */
	int	 comment_max;		/* characters in a comment body */
	int	 public_max_age;	/* seconds shared caches keep public reads */
	int	 fresh_seconds;		/* cache bypass granted to a reader who posted */
	char	*reaction_label;	/* what the reaction button says ("Like") */
	int	 replies_shown;		/* replies listed under each top-level comment of a page */
	int	 reply_depth;		/* indent levels shown; deeper replies say whom they answer */
	int	 edit_minutes;		/* how long after posting an author may edit (0: never) */
	int	 db_statement_timeout;	/* ms a worker's statement may run (0: no limit) */
	int	 db_lock_timeout;	/* ms it may wait for a lock */
	int	 db_idle_timeout;	/* ms a transaction may sit idle */
	char	*keyring;		/* session signing keys, mode 0600 */
	char	*site_origins;		/* space-separated origins allowed to change state */
	int	 session_days;		/* lifetime of a session */
	int	 cookie_secure;		/* enum secure_mode */
	bool	 guests;		/* readers may post with only a display name */
	int	 password_min;		/* characters in an account password */
	int	 login_window;		/* seconds failed logins are counted over */
	int	 login_failures_account;	/* failures for one account from one address before that address waits */
	int	 login_failures_address;	/* failures per client address, all accounts, likewise */
	int	 login_delay_max;	/* longest wait, per try, at an account under attack from a new network */
	int	 signup_address_max;	/* sign-ups per client address in login_window before it waits; 0: no limit */
	char	*sso_keys;		/* the news site's k4.public keys, space-separated */
	char	*sso_audience;	/* the aud claim every SSO token must carry, exactly */
	int	 sso_max_age;		/* longest validity an SSO token may claim, seconds */
	char	*demo_sso_key_file;	/* demo only: a site secret key to sign SSO tokens with */
};

/* Fills c with the built-in defaults. */
void	config_defaults(struct config *c);

/*
 * Applies the file at path over c. Returns 0, or -1 after writing
 * "path:line: reason" into err (size errlen).
 */
int	config_load(struct config *c, const char *path, char *err, size_t errlen);

/* Applies the ROSTRA_* environment overrides. Returns 0 or -1 as config_load. */
int	config_from_env(struct config *c, char *err, size_t errlen);

/* Frees the strings c owns. */
void	config_free(struct config *c);

#endif
