/* SPDX-License-Identifier: ISC — Rostra */
/*
 * rostra: the command line. "serve" (the default) runs the FastCGI daemon;
 * "migrate" brings the database schema up to date. Start-up order is
 * config, log, socket, fork: workers open their database connections after
 * the fork, since a libpq connection must not cross one.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "config.h"
#include "log.h"
#include "migrate.h"
#include "supervisor.h"

static void
usage(void)
{
	fputs("usage: rostra [serve | migrate] [-c config-file]\n"
	    "  serve    run the FastCGI daemon (default)\n"
	    "  migrate  apply the SQL migrations in sql_dir to the database\n"
	    "The config file may also be named by ROSTRA_CONFIG; see rostra.conf.example.\n",
	    stderr);
}

/* Binds the FastCGI socket; -1 if it cannot. */
static int
main_socket_open(const struct config *cfg)
{
	int	 fd;

	if (FCGX_Init() != 0)
		return -1;
	if ((fd = FCGX_OpenSocket(cfg->socket, cfg->listen_backlog)) < 0) {
		log_error("cannot listen on %s: %s", cfg->socket, strerror(errno));
		return -1;
	}
	if (strchr(cfg->socket, ':') != NULL)
		return fd;
	if (cfg->socket_group[0] != '\0') {
		struct group	*gr = getgrnam(cfg->socket_group);

		if (gr == NULL || chown(cfg->socket, (uid_t)-1, gr->gr_gid) == -1) {
			log_error("cannot give %s to group %s", cfg->socket, cfg->socket_group);
			close(fd);
			return -1;
		}
	}
	if (chmod(cfg->socket, (mode_t)cfg->socket_mode) == -1) {
		log_error("chmod %s: %s", cfg->socket, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Started as root (to bind a privileged address or a socket in a root-owned
 * directory), the daemon becomes cfg->user before any request is read.
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

int
main(int argc, char *argv[])
{
	struct config	 cfg;
	const char	*command = "serve", *path = getenv("ROSTRA_CONFIG");
	char		 err[512];
	int		 ch, fd, rc;

	if (argc > 1 && argv[1][0] != '-') {
		command = argv[1];
		argv++;
		argc--;
	}
	while ((ch = getopt(argc, argv, "c:h")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (optind != argc || (strcmp(command, "serve") != 0 && strcmp(command, "migrate") != 0)) {
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
	if (strcmp(command, "migrate") == 0) {
		rc = migrate_run(cfg.database, cfg.sql_dir) == 0 ? 0 : 1;
		config_free(&cfg);
		return rc;
	}
	if ((fd = main_socket_open(&cfg)) == -1) {
		config_free(&cfg);
		return 1;
	}
	if (main_privileges_drop(&cfg) == -1) {
		close(fd);
		config_free(&cfg);
		return 1;
	}
	log_info("listening on %s", cfg.socket);
	rc = supervisor_run(&cfg, fd);
	close(fd);
	if (strchr(cfg.socket, ':') == NULL)
		unlink(cfg.socket);
	config_free(&cfg);
	return rc;
}
