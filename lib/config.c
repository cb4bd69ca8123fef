/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Table-driven settings parser: each key names its type, bounds and field,
 * so adding a setting is one row here and one documented line in
 * rostra.conf.example.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/config.h"
#include "lib/log.h"
#include "lib/scoreboard.h"

enum config_type {
	CONFIG_INT,
	CONFIG_OCTAL,
	CONFIG_SIZE,
	CONFIG_STRING,
	CONFIG_LOG_LEVEL,
	CONFIG_BOOL,		/* on / off */
	CONFIG_SECURE,		/* auto / on / off */
};

static const struct config_key {
	const char		*name;
	const char		*env;	/* NULL: file only */
	enum config_type	 type;
	size_t			 offset;
	long			 min, max;
	const char		*def;	/* the built-in default, as it would be written */
} config_keys[] = {
#define F(field)	offsetof(struct config, field)
	{ "socket", "ROSTRA_SOCKET", CONFIG_STRING, F(socket), 0, 0, "/run/rostra/rostra.sock" },
	{ "socket_group", "ROSTRA_SOCKET_GROUP", CONFIG_STRING, F(socket_group), 0, 0, "" },
	{ "socket_owner", "ROSTRA_SOCKET_OWNER", CONFIG_STRING, F(socket_owner), 0, 0, "" },
	{ "socket_mode", NULL, CONFIG_OCTAL, F(socket_mode), 0, 0777, "0660" },
	{ "socket_peers", "ROSTRA_SOCKET_PEERS", CONFIG_STRING, F(socket_peers), 0, 0, "127.0.0.1 ::1" },
	{ "user", "ROSTRA_USER", CONFIG_STRING, F(user), 0, 0, "" },
	{ "listen_backlog", NULL, CONFIG_INT, F(listen_backlog), 1, 65535, "1024" },
	{ "workers", "ROSTRA_WORKERS", CONFIG_INT, F(workers), 0, SCOREBOARD_WORKERS_MAX, "0" },
	{ "shutdown_grace", NULL, CONFIG_INT, F(shutdown_grace), 1, 3600, "30" },
	{ "worker_max_requests", "ROSTRA_WORKER_MAX_REQUESTS", CONFIG_INT, F(worker_max_requests),
	    0, 1000000000, "10000" },
	{ "request_timeout", "ROSTRA_REQUEST_TIMEOUT", CONFIG_INT, F(request_timeout), 0, 3600, "60" },
	{ "io_timeout", NULL, CONFIG_INT, F(io_timeout), 1, 3600, "10" },
	{ "queue_timeout", NULL, CONFIG_INT, F(queue_timeout), 0, 600000, "2000" },
	{ "hash_concurrency", NULL, CONFIG_INT, F(hash_concurrency), 1, 64, "2" },
	{ "log_file", "ROSTRA_LOG_FILE", CONFIG_STRING, F(log_file), 0, 0, "" },
	{ "log_requests", NULL, CONFIG_BOOL, F(log_requests), 0, 0, "on" },
	{ "metrics_loopback", NULL, CONFIG_BOOL, F(metrics_loopback), 0, 0, "off" },
	{ "database", "ROSTRA_DATABASE_URL", CONFIG_STRING, F(database), 0, 0, "" },
	{ "migrate_database", "ROSTRA_MIGRATE_DATABASE_URL", CONFIG_STRING, F(migrate_database), 0, 0, "" },
	{ "app_role", "ROSTRA_APP_ROLE", CONFIG_STRING, F(app_role), 0, 0, "" },
	{ "sql_dir", NULL, CONFIG_STRING, F(sql_dir), 0, 0, "sql" },
	{ "words_dir", NULL, CONFIG_STRING, F(words_dir), 0, 0, "moderation" },
	{ "log_level", NULL, CONFIG_LOG_LEVEL, F(log_level), 0, 0, "info" },
	{ "body_limit", NULL, CONFIG_SIZE, F(body_limit), 1024, 16 << 20, "65536" },
	{ "page_size", NULL, CONFIG_INT, F(page_size), 1, 1000, "50" },
	{ "page_size_max", NULL, CONFIG_INT, F(page_size_max), 1, 1000, "100" },
	{ "name_max", NULL, CONFIG_INT, F(name_max), 1, 1000, "64" },
	{ "comment_max", NULL, CONFIG_INT, F(comment_max), 1, 1000000, "10000" },
	{ "public_max_age", NULL, CONFIG_INT, F(public_max_age), 0, 3600, "1" },
	{ "fresh_seconds", NULL, CONFIG_INT, F(fresh_seconds), 0, 3600, "10" },
	{ "reaction_label", NULL, CONFIG_STRING, F(reaction_label), 0, 0, "Like" },
	{ "replies_shown", NULL, CONFIG_INT, F(replies_shown), 0, 100, "3" },
	{ "reply_depth", NULL, CONFIG_INT, F(reply_depth), 1, 10, "3" },
	{ "edit_minutes", NULL, CONFIG_INT, F(edit_minutes), 0, 1440, "5" },
	{ "db_statement_timeout", NULL, CONFIG_INT, F(db_statement_timeout), 0, 3600000, "5000" },
	{ "db_lock_timeout", NULL, CONFIG_INT, F(db_lock_timeout), 0, 3600000, "2000" },
	{ "db_idle_timeout", NULL, CONFIG_INT, F(db_idle_timeout), 0, 3600000, "10000" },
	{ "keyring", "ROSTRA_KEYRING", CONFIG_STRING, F(keyring), 0, 0, "/var/lib/rostra/keyring" },
	{ "site_origins", "ROSTRA_SITE_ORIGINS", CONFIG_STRING, F(site_origins), 0, 0, "" },
	{ "session_days", NULL, CONFIG_INT, F(session_days), 1, 3650, "30" },
	{ "cookie_secure", NULL, CONFIG_SECURE, F(cookie_secure), 0, 0, "auto" },
	{ "guests", NULL, CONFIG_BOOL, F(guests), 0, 0, "on" },
	{ "password_min", NULL, CONFIG_INT, F(password_min), 8, 1024, "10" },
	{ "login_window", NULL, CONFIG_INT, F(login_window), 10, 86400, "900" },
	{ "login_failures_account", NULL, CONFIG_INT, F(login_failures_account), 1, 1000, "5" },
	{ "login_failures_address", NULL, CONFIG_INT, F(login_failures_address), 1, 10000, "20" },
	{ "login_delay_max", NULL, CONFIG_INT, F(login_delay_max), 1, 86400, "60" },
	{ "signup_address_max", "ROSTRA_SIGNUP_ADDRESS_MAX", CONFIG_INT, F(signup_address_max), 0, 100000, "10" },
	{ "sso_keys", "ROSTRA_SSO_KEYS", CONFIG_STRING, F(sso_keys), 0, 0, "" },
	{ "sso_audience", "ROSTRA_SSO_AUDIENCE", CONFIG_STRING, F(sso_audience), 0, 0, "" },
	{ "sso_max_age", NULL, CONFIG_INT, F(sso_max_age), 10, 3600, "600" },
	{ "demo_sso_key_file", "ROSTRA_DEMO_SSO_KEY_FILE", CONFIG_STRING, F(demo_sso_key_file), 0, 0, "" },
#undef F
};

#define CONFIG_KEYS	(sizeof(config_keys) / sizeof(config_keys[0]))

static const char	*config_set(struct config *, const struct config_key *, const char *);

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < CONFIG_KEYS; i++)
		if (config_set(c, &config_keys[i], config_keys[i].def) != NULL)
			abort();	/* a default that does not parse is a bug in this table */
}

void
config_free(struct config *c)
{
	for (size_t i = 0; i < CONFIG_KEYS; i++)
		if (config_keys[i].type == CONFIG_STRING)
			free(*(char **)((char *)c + config_keys[i].offset));
	memset(c, 0, sizeof(*c));
}

/* Sets one key from its text value; returns a reason on failure, NULL on success. */
static const char *
config_set(struct config *c, const struct config_key *k, const char *value)
{
	char	*field = (char *)c + k->offset;
	char	*end;
	long	 n;
	int	 level;

	switch (k->type) {
	case CONFIG_STRING:
		free(*(char **)field);
		if ((*(char **)field = strdup(value)) == NULL)
			abort();
		return NULL;
	case CONFIG_LOG_LEVEL:
		if ((level = log_level_parse(value)) < 0)
			return "expected error, warn, info or debug";
		*(int *)field = level;
		return NULL;
	case CONFIG_BOOL:
		if (strcmp(value, "on") != 0 && strcmp(value, "off") != 0)
			return "expected on or off";
		*(bool *)field = strcmp(value, "on") == 0;
		return NULL;
	case CONFIG_SECURE:
		if (strcmp(value, "auto") == 0)
			*(int *)field = SECURE_AUTO;
		else if (strcmp(value, "on") == 0)
			*(int *)field = SECURE_ON;
		else if (strcmp(value, "off") == 0)
			*(int *)field = SECURE_OFF;
		else
			return "expected auto, on or off";
		return NULL;
	case CONFIG_INT:
	case CONFIG_OCTAL:
	case CONFIG_SIZE:
		errno = 0;
		n = strtol(value, &end, k->type == CONFIG_OCTAL ? 8 : 10);
		if (errno != 0 || end == value || *end != '\0')
			return k->type == CONFIG_OCTAL ? "expected an octal number" : "expected a number";
		if (n < k->min || n > k->max)
			return "number out of range";
		if (k->type == CONFIG_SIZE)
			*(size_t *)field = (size_t)n;
		else
			*(int *)field = (int)n;
		return NULL;
	}
	return "unknown type";
}

static const struct config_key *
config_key_find(const char *name)
{
	for (size_t i = 0; i < CONFIG_KEYS; i++)
		if (strcmp(config_keys[i].name, name) == 0)
			return &config_keys[i];
	return NULL;
}

static char *
trim(char *s)
{
	char	*end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

int
config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	FILE	*f;
	char	 line[4096];
	int	 lineno = 0, rc = -1;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		const struct config_key	*k;
		const char		*reason;
		char			*key, *value, *eq;

		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "%s:%d: line too long", path, lineno);
			goto out;
		}
		/* Comments are whole lines, so a '#' inside a value (a password) survives. */
		key = trim(line);
		if (*key == '\0' || *key == '#')
			continue;
		if ((eq = strchr(key, '=')) == NULL) {
			snprintf(err, errlen, "%s:%d: expected key = value", path, lineno);
			goto out;
		}
		*eq = '\0';
		key = trim(key);
		value = trim(eq + 1);
		if ((k = config_key_find(key)) == NULL) {
			snprintf(err, errlen, "%s:%d: unknown key '%s'", path, lineno, key);
			goto out;
		}
		if ((reason = config_set(c, k, value)) != NULL) {
			snprintf(err, errlen, "%s:%d: %s: %s", path, lineno, key, reason);
			goto out;
		}
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		goto out;
	}
	rc = 0;
out:
	fclose(f);
	return rc;
}

int
config_from_env(struct config *c, char *err, size_t errlen)
{
	for (size_t i = 0; i < CONFIG_KEYS; i++) {
		const struct config_key	*k = &config_keys[i];
		const char		*value, *reason;

		if (k->env == NULL || (value = getenv(k->env)) == NULL)
			continue;
		if ((reason = config_set(c, k, value)) != NULL) {
			snprintf(err, errlen, "%s: %s", k->env, reason);
			return -1;
		}
	}
	return 0;
}
