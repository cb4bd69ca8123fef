/* SPDX-License-Identifier: ISC — Rostra */
/* Settings: the shipped example parses to the built-in defaults; bad lines name file and line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "lib/config.h"

static const char *
write_temp(const char *text)
{
	static char	 path[64];
	int		 fd;

	snprintf(path, sizeof(path), "/tmp/rostra-config-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void
example_matches_defaults(void **state)
{
	struct config	 defaults, loaded;
	char		 err[256];

	(void)state;
	config_defaults(&defaults);
	config_defaults(&loaded);
	/* Tests run from the repository root. */
	if (config_load(&loaded, "rostra.conf.example", err, sizeof(err)) == -1)
		fail_msg("%s", err);
	assert_string_equal(loaded.socket, defaults.socket);
	assert_string_equal(loaded.database, defaults.database);
	assert_string_equal(loaded.migrate_database, "");
	assert_string_equal(loaded.app_role, "");
	assert_int_equal(loaded.socket_mode, defaults.socket_mode);
	assert_int_equal(loaded.workers, defaults.workers);
	assert_int_equal(loaded.body_limit, defaults.body_limit);
	assert_int_equal(loaded.page_size, defaults.page_size);
	assert_int_equal(loaded.comment_max, defaults.comment_max);
	assert_int_equal(loaded.public_max_age, defaults.public_max_age);
	assert_int_equal(loaded.log_level, defaults.log_level);
	assert_string_equal(loaded.keyring, defaults.keyring);
	assert_string_equal(loaded.site_origins, defaults.site_origins);
	assert_int_equal(loaded.session_days, defaults.session_days);
	assert_int_equal(loaded.cookie_secure, SECURE_AUTO);
	assert_true(loaded.guests);
	config_free(&defaults);
	config_free(&loaded);
}

static void
values_and_errors(void **state)
{
	struct config	 c;
	char		 err[256];
	const char	*path;

	(void)state;
	config_defaults(&c);
	path = write_temp("# comment\n  workers = 3  \ndatabase = password=a#b host=x\nsocket_mode = 0600\n");
	assert_int_equal(config_load(&c, path, err, sizeof(err)), 0);
	assert_int_equal(c.workers, 3);
	assert_string_equal(c.database, "password=a#b host=x");
	assert_int_equal(c.socket_mode, 0600);
	unlink(path);

	path = write_temp("workers = 3\nwrokers = 4\n");
	assert_int_equal(config_load(&c, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: unknown key 'wrokers'"));
	unlink(path);

	path = write_temp("guests = maybe\n");
	assert_int_equal(config_load(&c, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "expected on or off"));
	unlink(path);

	path = write_temp("guests = off\ncookie_secure = on\n");
	assert_int_equal(config_load(&c, path, err, sizeof(err)), 0);
	assert_false(c.guests);
	assert_int_equal(c.cookie_secure, SECURE_ON);
	unlink(path);

	path = write_temp("page_size = many\n");
	assert_int_equal(config_load(&c, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "expected a number"));
	unlink(path);

	path = write_temp("body_limit = 1\n");
	assert_int_equal(config_load(&c, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "out of range"));
	unlink(path);

	assert_int_equal(config_load(&c, "/nonexistent/rostra.conf", err, sizeof(err)), -1);
	config_free(&c);
}

static void
environment_overrides(void **state)
{
	struct config	 c;
	char		 err[256];

	(void)state;
	config_defaults(&c);
	setenv("ROSTRA_SOCKET", "127.0.0.1:9000", 1);
	setenv("ROSTRA_WORKERS", "2", 1);
	assert_int_equal(config_from_env(&c, err, sizeof(err)), 0);
	assert_string_equal(c.socket, "127.0.0.1:9000");
	assert_int_equal(c.workers, 2);
	setenv("ROSTRA_WORKERS", "lots", 1);
	assert_int_equal(config_from_env(&c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "ROSTRA_WORKERS"));
	unsetenv("ROSTRA_SOCKET");
	unsetenv("ROSTRA_WORKERS");

	/* The daemon's role and the owner's connection come from the launcher too. */
	setenv("ROSTRA_DATABASE_URL", "host=/run/pg user=rostra_app", 1);
	setenv("ROSTRA_MIGRATE_DATABASE_URL", "host=/run/pg user=rostra_owner", 1);
	setenv("ROSTRA_APP_ROLE", "rostra_app", 1);
	assert_int_equal(config_from_env(&c, err, sizeof(err)), 0);
	assert_string_equal(c.database, "host=/run/pg user=rostra_app");
	assert_string_equal(c.migrate_database, "host=/run/pg user=rostra_owner");
	assert_string_equal(c.app_role, "rostra_app");
	unsetenv("ROSTRA_DATABASE_URL");
	unsetenv("ROSTRA_MIGRATE_DATABASE_URL");
	unsetenv("ROSTRA_APP_ROLE");
	config_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(example_matches_defaults),
		cmocka_unit_test(values_and_errors),
		cmocka_unit_test(environment_overrides),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
