/* SPDX-License-Identifier: ISC — Rostra */
/*
 * rostra: reads the options and the configuration, then runs the FastCGI
 * daemon ("serve", the default) or hands any other command to the command
 * table (cli/cli.c). Start-up order is config, log, libsodium, keys,
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

#include <fcgiapp.h>

#include "fcgi/api/app.h"
#include "cli/cli.h"
#include "lib/config.h"
#include "lib/log.h"
#include "fcgi/supervisor.h"
#include "lib/token.h"

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
			cli_usage();
			return 2;
		}
	}
	if (optind < argc)
		command = argv[optind++];
	if (strcmp(command, "serve") == 0 && optind != argc) {
		cli_usage();
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
		rc = cli_run(&cfg, command, argc - optind, argv + optind);
		config_free(&cfg);
		return rc;
	}
	config_free(&cfg);
	return main_serve(path);
}
