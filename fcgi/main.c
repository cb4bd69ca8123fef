/* SPDX-License-Identifier: ISC — Rostra */
/*
 * rostra: the command line. "serve" (the default) runs the FastCGI daemon;
 * "migrate" brings the database schema up to date; "key" manages the
 * session key ring. Start-up order is config, log, libsodium, keys,
 * socket, privileges, fork: workers open their database connections after
 * the fork, since a libpq connection must not cross one.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdbool.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <unistr.h>

#include <fcgiapp.h>

#include "app.h"
#include "config.h"
#include "db.h"
#include "keyring.h"
#include "log.h"
#include "migrate.h"
#include "mod_cli.h"
#include "session.h"
#include "name.h"
#include "sso.h"
#include "supervisor.h"
#include "token.h"
#include "validate.h"

static void
usage(void)
{
	fprintf(stderr, "usage: rostra [-c config-file] [command]\n"
	    "  serve              run the FastCGI daemon (the default)\n"
	    "  migrate            apply the SQL migrations in sql_dir to the database, as\n"
	    "                     migrate_database (the schema owner); grant app_role its rights\n"
	    "  maintain           forget what is no longer needed (post keys, old login\n"
	    "                     failures, used single sign-on tokens, networks unused\n"
	    "                     for 180 days); run it daily\n"
	    "  key rotate         sign new sessions with a new key; old ones stay valid\n"
	    "  key drop KID       forget a retired key: its sessions end\n"
	    "  user add EMAIL NAME ROLE\n"
	    "                     create an account (a moderator, say); the password is\n"
	    "                     read from the first line of standard input\n"
	    "  user role EMAIL reader|moderator|admin\n"
	    "                     set an account's role (it applies from its next sign-in)\n"
	    "  sso-keygen FILE    make a site key pair: the secret into FILE (0600),\n"
	    "                     the public k4.public string for sso_keys on stdout\n"
	    "  sso-sign [-a AUDIENCE] FILE SUB NAME [EMAIL]\n"
	    "                     sign a 5-minute single sign-on token, as a site would,\n"
	    "                     for AUDIENCE (its aud claim; default sso_audience)\n"
	    "%s"
	    "The config file may also be named by ROSTRA_CONFIG; see rostra.conf.example.\n",
	    mod_cli_usage);
}

/* Reads one line (the password) from standard input into buf; its length, or -1. */
static int
main_password_read(const struct config *cfg, char *buf, size_t size)
{
	size_t	 len;

	if (fgets(buf, (int)size, stdin) == NULL)
		return -1;
	len = strcspn(buf, "\r\n");
	buf[len] = '\0';
	if (validate_text(buf, len, false, size) != ERR_OK ||
	    u8_mbsnlen((const uint8_t *)buf, len) < (size_t)cfg->password_min)
		return -1;
	return (int)len;
}

/* rostra user add EMAIL NAME ROLE | user role EMAIL ROLE */
static int
main_user(const struct config *cfg, int argc, char *argv[])
{
	struct arena	 a;
	struct db	*db;
	char		 password[1024], *hash;
	const char	*key;
	int		 len = 0, adding = argc == 4 && strcmp(argv[0], "add") == 0;
	enum err	 e;

	if (!(adding || (argc == 3 && strcmp(argv[0], "role") == 0)) ||
	    session_role_parse(argv[argc - 1]) < 0) {
		usage();
		return 2;
	}
	if (adding && (validate_email(argv[1], strlen(argv[1])) == -1 ||
	    validate_text(argv[2], strlen(argv[2]), false, (size_t)cfg->name_max) != ERR_OK)) {
		fputs("rostra user add: give an email address and a one-line display name\n", stderr);
		return 2;
	}
	if (adding && (len = main_password_read(cfg, password, sizeof(password))) == -1) {
		fprintf(stderr, "rostra user add: give a password of at least %d characters on "
		    "standard input\n", cfg->password_min);
		return 2;
	}
	arena_init(&a);
	db = db_open(cfg->database);
	if (db_connect(db) == -1)
		e = ERR_DATABASE_UNAVAILABLE;
	else if (!adding)
		e = db_user_role_set(db, &a, argv[1], argv[2]);
	else if (tok_password_hash(&a, password, (size_t)len, &hash) == -1 ||
	    name_key(&a, argv[2], &key) == -1)
		e = ERR_INTERNAL;
	else
		e = db_user_add(db, &a, argv[1], hash, argv[2], key, argv[3]);
	explicit_bzero(password, sizeof(password));
	arena_release(&a);
	db_close(db);
	if (e != ERR_OK) {
		fprintf(stderr, "rostra user: %s\n", e == ERR_NOT_FOUND ? "no account has that email" :
		    e == ERR_CONFLICT ? "that email has an account, or an account, single sign-on"
		    " reader or moderator has that display name (or one that reads the same)" :
		    err_message(e));
		return 1;
	}
	printf("%s is now %s\n", argv[1], argv[argc - 1]);
	return 0;
}

/* rostra maintain: the daily upkeep (dist/rostra-maintain.timer runs it). */
static int
main_maintain(const struct config *cfg, int argc)
{
	struct arena	 a;
	struct db	*db;
	int64_t		 n[4];
	enum err	 e;

	if (argc != 0) {
		usage();
		return 2;
	}
	arena_init(&a);
	db = db_open(cfg->database);
	e = db_connect(db) == -1 ? ERR_DATABASE_UNAVAILABLE : db_maintain(db, &a, n);
	if (e == ERR_OK)
		printf("forgot %lld post keys, %lld login failures, %lld single sign-on tokens, "
		    "%lld known sign-in networks\n",
		    (long long)n[0], (long long)n[1], (long long)n[2], (long long)n[3]);
	else
		fprintf(stderr, "rostra maintain: %s\n", err_message(e));
	arena_release(&a);
	db_close(db);
	return e == ERR_OK ? 0 : 1;
}

/* rostra sso-keygen FILE: a new site key; the secret never reaches the terminal. */
static int
main_sso_keygen(int argc, char *argv[])
{
	struct tok_secret	*sk;
	struct tok_public	*pk;
	char			*b64, *paserk;
	FILE			*f;
	int			 fd, rc = 1;

	if (argc != 1) {
		usage();
		return 2;
	}
	if ((fd = open(argv[0], O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1) {
		fprintf(stderr, "rostra sso-keygen: %s: %s\n", argv[0], strerror(errno));
		return 1;
	}
	sk = tok_secret_generate();
	pk = tok_public_of(sk);
	b64 = tok_secret_to_b64(sk);
	paserk = tok_public_to_paserk(pk);
	if ((f = fdopen(fd, "w")) != NULL && fprintf(f, "%s\n", b64) > 0 && fclose(f) == 0) {
		printf("%s\n", paserk);
		rc = 0;
	} else {
		fprintf(stderr, "rostra sso-keygen: %s: cannot write\n", argv[0]);
	}
	tok_string_free(b64);
	tok_string_free(paserk);
	tok_public_free(pk);
	tok_secret_free(sk);
	return rc;
}

/*
 * rostra sso-sign [-a AUDIENCE] FILE SUB NAME [EMAIL]: prints a token as the
 * site's backend would make, for AUDIENCE or else the configured sso_audience.
 */
static int
main_sso_sign(const struct config *cfg, int argc, char *argv[])
{
	struct tok_secret	*sk;
	struct arena		 a;
	const char		*aud = cfg->sso_audience;
	char			 err[256], *token;
	int			 rc = 1;

	if (argc >= 2 && strcmp(argv[0], "-a") == 0) {
		aud = argv[1];
		argc -= 2;
		argv += 2;
	}
	if (argc != 3 && argc != 4) {
		usage();
		return 2;
	}
	if (aud[0] == '\0') {
		fputs("rostra sso-sign: no audience: pass -a AUDIENCE or set sso_audience\n", stderr);
		return 2;
	}
	if ((sk = sso_secret_load(argv[0], err, sizeof(err))) == NULL) {
		fprintf(stderr, "rostra sso-sign: %s\n", err);
		return 1;
	}
	arena_init(&a);
	if (sso_token_make(&a, sk, aud, argv[1], argv[2], argc == 4 ? argv[3] : NULL, time(NULL),
	    300, &token) == 0) {
		printf("%s\n", token);
		rc = 0;
	}
	arena_release(&a);
	tok_secret_free(sk);
	return rc;
}

/* rostra key rotate | key drop KID: edits the key ring file in place, atomically. */
static int
main_key(const struct config *cfg, int argc, char *argv[])
{
	char	 err[512], kid[64];

	if (argc == 1 && strcmp(argv[0], "rotate") == 0) {
		if (keyring_rotate(cfg->keyring, kid, sizeof(kid), err, sizeof(err)) == -1) {
			fprintf(stderr, "rostra key rotate: %s\n", err);
			return 1;
		}
		printf("new signing key %s; restart or reload the daemon to use it\n", kid);
		return 0;
	}
	if (argc == 2 && strcmp(argv[0], "drop") == 0) {
		if (keyring_drop(cfg->keyring, argv[1], err, sizeof(err)) == -1) {
			fprintf(stderr, "rostra key drop: %s\n", err);
			return 1;
		}
		printf("dropped key %s; sessions it signed are no longer valid\n", argv[1]);
		return 0;
	}
	usage();
	return 2;
}

/*
 * A listening socket someone else opened: systemd's socket activation
 * (LISTEN_PID and LISTEN_FDS name fd 3), or socket = fd:N (spawn-fcgi
 * passes fd 0). -1 if there is none; -2 if the one named is no listening socket.
 */
static int
main_socket_inherited(const struct config *cfg)
{
	const char	*pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	int		 fd = -1, listening = 0;
	socklen_t	 len = sizeof(listening);

	if (pid != NULL && fds != NULL && atol(pid) == (long)getpid()) {
		if (strcmp(fds, "1") != 0) {
			log_error("systemd passed %s sockets; give the service exactly one", fds);
			return -2;
		}
		fd = 3;
		unsetenv("LISTEN_PID");
		unsetenv("LISTEN_FDS");
		unsetenv("LISTEN_FDNAMES");
	} else if (strncmp(cfg->socket, "fd:", 3) == 0) {
		char	*end;
		long	 n = strtol(cfg->socket + 3, &end, 10);

		if (end == cfg->socket + 3 || *end != '\0' || n < 0 || n > 1024) {
			log_error("socket %s: expected fd:N", cfg->socket);
			return -2;
		}
		fd = (int)n;
	} else {
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == -1 || !listening) {
		log_error("file descriptor %d is not a listening socket", fd);
		return -2;
	}
	return fd;
}

/* Gives the unix socket at path its configured owner, group and mode. */
static int
main_socket_permit(const struct config *cfg, const char *path)
{
	uid_t	 uid = (uid_t)-1;
	gid_t	 gid = (gid_t)-1;

	if (cfg->socket_owner[0] != '\0') {
		struct passwd	*pw = getpwnam(cfg->socket_owner);

		if (pw == NULL) {
			log_error("socket_owner %s does not exist", cfg->socket_owner);
			return -1;
		}
		uid = pw->pw_uid;
	}
	if (cfg->socket_group[0] != '\0') {
		struct group	*gr = getgrnam(cfg->socket_group);

		if (gr == NULL) {
			log_error("socket_group %s does not exist", cfg->socket_group);
			return -1;
		}
		gid = gr->gr_gid;
	}
	if ((uid != (uid_t)-1 || gid != (gid_t)-1) && chown(path, uid, gid) == -1) {
		log_error("cannot give %s to %s:%s: %s", path, cfg->socket_owner, cfg->socket_group,
		    strerror(errno));
		return -1;
	}
	if (chmod(path, (mode_t)cfg->socket_mode) == -1) {
		log_error("chmod %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The FastCGI socket: inherited, or bound here. Workers accept on it
 * themselves, all at once, so it is made non-blocking: the ones that lose
 * the race go back to waiting. -1 if there is none.
 */
static int
main_socket_open(const struct config *cfg, bool *bound)
{
	int	 fd, flags;

	*bound = false;
	if (FCGX_Init() != 0)
		return -1;
	if ((fd = main_socket_inherited(cfg)) == -2)
		return -1;
	if (fd == -1) {
		if ((fd = FCGX_OpenSocket(cfg->socket, cfg->listen_backlog)) < 0) {
			log_error("cannot listen on %s: %s", cfg->socket, strerror(errno));
			return -1;
		}
		*bound = true;
		if (strchr(cfg->socket, ':') == NULL && main_socket_permit(cfg, cfg->socket) == -1) {
			close(fd);
			return -1;
		}
	}
	if ((flags = fcntl(fd, F_GETFL)) == -1 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1) {
		log_error("cannot make the socket non-blocking: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Started as root (to bind a privileged address or a socket in a root-owned
 * directory), the daemon becomes cfg->user before any request is read. The
 * key ring becomes that user's, so a reload (SIGHUP) can read it again.
 */
static int
main_privileges_drop(const struct config *cfg)
{
	struct passwd	*pw;

	if (cfg->user[0] == '\0') {
		if (geteuid() == 0)
			log_warn("running as root: set \"user\" in the config to drop privileges");
		return 0;
	}
	if ((pw = getpwnam(cfg->user)) == NULL) {
		log_error("user %s does not exist", cfg->user);
		return -1;
	}
	if (geteuid() != 0) {
		if (geteuid() == pw->pw_uid)
			return 0;
		log_error("only root can become user %s", cfg->user);
		return -1;
	}
	if (chown(cfg->keyring, pw->pw_uid, pw->pw_gid) == -1)
		log_warn("cannot give the key ring to %s: a reload will not read it", cfg->user);
	if (initgroups(pw->pw_name, pw->pw_gid) == -1 || setgid(pw->pw_gid) == -1 ||
	    setuid(pw->pw_uid) == -1) {
		log_error("cannot become user %s: %s", cfg->user, strerror(errno));
		return -1;
	}
	if (setuid(0) != -1) {
		log_error("could become root again after dropping privileges");
		return -1;
	}
	log_info("running as user %s", cfg->user);
	return 0;
}

/*
 * rostra serve: loads everything (keys before the socket and the fork: a
 * worker never reads a key file), opens the socket, drops privileges,
 * supervises.
 */
static int
main_serve(const char *path)
{
	struct app	*app = calloc(1, sizeof(*app));
	char		 err[512], *socket_path = NULL;
	bool		 bound;
	int		 fd, rc;

	if (app == NULL)
		abort();
	if (app_load(app, path, err, sizeof(err)) == -1) {
		log_error("%s", err);
		free(app);
		return 1;
	}
	log_set_level((enum log_level)app->cfg->log_level);
	if (log_open(app->cfg->log_file) == -1) {
		log_error("cannot open log_file %s: %s", app->cfg->log_file, strerror(errno));
		goto fail;
	}
	if (app->demo_sso != NULL)
		log_warn("demo single sign-on is on: anyone can sign in as the demo subscriber");
	/* Before the fork, so no worker's first unknown-email login costs two hashes. */
	if (tok_password_prepare() == -1) {
		log_error("cannot make the throwaway password hash: out of memory");
		goto fail;
	}
	if ((fd = main_socket_open(app->cfg, &bound)) == -1)
		goto fail;
	if (main_privileges_drop(app->cfg) == -1) {
		close(fd);
		goto fail;
	}
	if (bound && strchr(app->cfg->socket, ':') == NULL && (socket_path =
	    strdup(app->cfg->socket)) == NULL)
		abort();
	log_info("listening on %s", bound ? app->cfg->socket : "an inherited socket");
	rc = supervisor_run(app, path, fd);	/* it owns app from here */
	close(fd);
	if (socket_path != NULL)
		unlink(socket_path);
	free(socket_path);
	return rc;
fail:
	app_free(app);
	free(app);
	return 1;
}

int
main(int argc, char *argv[])
{
	struct config	 cfg;
	const char	*command = "serve", *path = getenv("ROSTRA_CONFIG");
	char		 err[512];
	int		 ch, rc;

	while ((ch = getopt(argc, argv, "+c:h")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (optind < argc)
		command = argv[optind++];
	if ((strcmp(command, "serve") == 0 || strcmp(command, "migrate") == 0) && optind != argc) {
		usage();
		return 2;
	}
	if (path != NULL && *path == '\0')
		path = NULL;	/* ROSTRA_CONFIG= means "no file" */
	config_defaults(&cfg);
	if ((path != NULL && config_load(&cfg, path, err, sizeof(err)) == -1) ||
	    config_from_env(&cfg, err, sizeof(err)) == -1) {
		fprintf(stderr, "rostra: %s\n", err);
		config_free(&cfg);
		return 2;
	}
	log_set_level((enum log_level)cfg.log_level);
	if (tok_init() == -1) {
		fputs("rostra: libsodium failed to initialise\n", stderr);
		config_free(&cfg);
		return 1;
	}
	if (strcmp(command, "serve") != 0) {
		if ((rc = mod_cli_run(&cfg, command, argc - optind, argv + optind)) != -1)
			;	/* a moderation command */
		else if (strcmp(command, "migrate") == 0)
			rc = migrate_run(cfg.migrate_database[0] != '\0' ? cfg.migrate_database :
			    cfg.database, cfg.sql_dir, cfg.words_dir, cfg.app_role) == 0 ? 0 : 1;
		else if (strcmp(command, "maintain") == 0)
			rc = main_maintain(&cfg, argc - optind);
		else if (strcmp(command, "key") == 0)
			rc = main_key(&cfg, argc - optind, argv + optind);
		else if (strcmp(command, "user") == 0)
			rc = main_user(&cfg, argc - optind, argv + optind);
		else if (strcmp(command, "sso-keygen") == 0)
			rc = main_sso_keygen(argc - optind, argv + optind);
		else if (strcmp(command, "sso-sign") == 0)
			rc = main_sso_sign(&cfg, argc - optind, argv + optind);
		else {
			usage();
			rc = 2;
		}
		config_free(&cfg);
		return rc;
	}
	config_free(&cfg);
	return main_serve(path);
}
