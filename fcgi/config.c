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

#include "config.h"
#include "log.h"

enum config_type {
	CONFIG_INT,
	CONFIG_OCTAL,
	CONFIG_SIZE,
	CONFIG_STRING,
	CONFIG_LOG_LEVEL,
};

static const struct config_key {
	const char		*name;
	const char		*env;	/* NULL: file only */
	enum config_type	 type;
	size_t			 offset;
	long			 min, max;
} config_keys[] = {
	{ "socket", "ROSTRA_SOCKET", CONFIG_STRING, offsetof(struct config, socket), 0, 0 },
	{ "socket_group", "ROSTRA_SOCKET_GROUP", CONFIG_STRING, offsetof(struct config, socket_group), 0, 0 },
	{ "socket_mode", NULL, CONFIG_OCTAL, offsetof(struct config, socket_mode), 0, 0777 },
	{ "user", "ROSTRA_USER", CONFIG_STRING, offsetof(struct config, user), 0, 0 },
	{ "listen_backlog", NULL, CONFIG_INT, offsetof(struct config, listen_backlog), 1, 65535 },
	{ "workers", "ROSTRA_WORKERS", CONFIG_INT, offsetof(struct config, workers), 0, 1024 },
	{ "shutdown_grace", NULL, CONFIG_INT, offsetof(struct config, shutdown_grace), 1, 3600 },
	{ "database", "ROSTRA_DATABASE_URL", CONFIG_STRING, offsetof(struct config, database), 0, 0 },
	{ "sql_dir", NULL, CONFIG_STRING, offsetof(struct config, sql_dir), 0, 0 },
	{ "log_level", NULL, CONFIG_LOG_LEVEL, offsetof(struct config, log_level), 0, 0 },
	{ "body_limit", NULL, CONFIG_SIZE, offsetof(struct config, body_limit), 1024, 16 << 20 },
	{ "page_size", NULL, CONFIG_INT, offsetof(struct config, page_size), 1, 1000 },
	{ "page_size_max", NULL, CONFIG_INT, offsetof(struct config, page_size_max), 1, 1000 },
	{ "name_max", NULL, CONFIG_INT, offsetof(struct config, name_max), 1, 1000 },
	{ "comment_max", NULL, CONFIG_INT, offsetof(struct config, comment_max), 1, 1000000 },
	{ "public_max_age", NULL, CONFIG_INT, offsetof(struct config, public_max_age), 0, 3600 },
	{ "fresh_seconds", NULL, CONFIG_INT, offsetof(struct config, fresh_seconds), 0, 3600 },
};

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->socket = strdup("/run/rostra/rostra.sock");
	c->socket_mode = 0660;
	c->socket_group = strdup("");
	c->user = strdup("");
	c->listen_backlog = 1024;
	c->workers = 0;
	c->shutdown_grace = 30;
	c->database = strdup("");
	c->sql_dir = strdup("sql");
	c->log_level = LOG_INFO;
	c->body_limit = 64 * 1024;
	c->page_size = 50;
	c->page_size_max = 100;
	c->name_max = 64;
	c->comment_max = 10000;
	c->public_max_age = 1;
	c->fresh_seconds = 10;
	if (c->socket == NULL || c->socket_group == NULL || c->user == NULL || c->database == NULL || c->sql_dir == NULL)
		abort();
}

void
config_free(struct config *c)
{
	free(c->socket);
	free(c->socket_group);
	free(c->user);
	free(c->database);
	free(c->sql_dir);
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
	for (size_t i = 0; i < sizeof(config_keys) / sizeof(config_keys[0]); i++)
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
	for (size_t i = 0; i < sizeof(config_keys) / sizeof(config_keys[0]); i++) {
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
