/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The operator's commands: the schema, the daily upkeep, the session key
 * ring, accounts with a password, and a site's single sign-on keys and
 * tokens. Rows of the table in cli/cli.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <unistr.h>

#include "cli/cli_commands.h"
#include "lib/keyring.h"
#include "cli/migrate.h"
#include "moderation/name.h"
#include "auth/session.h"
#include "auth/sso.h"
#include "lib/token.h"
#include "lib/validate.h"

/* rostra migrate */
int
cli_migrate(struct cli *c, int argc, char *argv[])
{
	const struct config	*cfg = c->cfg;

	(void)argv;
	if (argc != 0)
		return CLI_USAGE;
	return migrate_run(cfg->migrate_database[0] != '\0' ? cfg->migrate_database :
	    cfg->database, cfg->sql_dir, cfg->words_dir, cfg->app_role) == 0 ? 0 : 1;
}

/* Reads one line (the password) from standard input into buf; its length, or -1. */
static int
cli_password_read(const struct config *cfg, char *buf, size_t size)
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
int
cli_account(struct cli *c, int argc, char *argv[])
{
	const struct config	*cfg = c->cfg;
	struct arena	 a;
	struct db	*db;
	char		 password[1024], *hash;
	const char	*key;
	int		 len = 0, adding = argc == 4 && strcmp(argv[0], "add") == 0;
	enum err	 e;

	if (!(adding || (argc == 3 && strcmp(argv[0], "role") == 0)) ||
	    session_role_parse(argv[argc - 1]) < 0)
		return CLI_USAGE;
	if (adding && (validate_email(argv[1], strlen(argv[1])) == -1 ||
	    validate_text(argv[2], strlen(argv[2]), false, (size_t)cfg->name_max) != ERR_OK)) {
		fputs("rostra user add: give an email address and a one-line display name\n", stderr);
		return 2;
	}
	if (adding && (len = cli_password_read(cfg, password, sizeof(password))) == -1) {
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
int
cli_maintain(struct cli *c, int argc, char *argv[])
{
	const struct config	*cfg = c->cfg;
	struct arena	 a;
	struct db	*db;
	int64_t		 n[4];
	enum err	 e;

	(void)argv;
	if (argc != 0)
		return CLI_USAGE;
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
int
cli_sso_keygen(struct cli *c, int argc, char *argv[])
{
	struct tok_secret	*sk;
	struct tok_public	*pk;
	char			*b64, *paserk;
	FILE			*f;
	int			 fd, rc = 1;

	(void)c;
	if (argc != 1)
		return CLI_USAGE;
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
int
cli_sso_sign(struct cli *c, int argc, char *argv[])
{
	const struct config	*cfg = c->cfg;
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
	if (argc != 3 && argc != 4)
		return CLI_USAGE;
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
int
cli_key(struct cli *c, int argc, char *argv[])
{
	const struct config	*cfg = c->cfg;
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
	return CLI_USAGE;
}
