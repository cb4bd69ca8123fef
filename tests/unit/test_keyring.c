/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The key ring file: created 0600 with one current key, rotated and dropped
 * atomically, refused when readable by others or malformed (with the line),
 * and no error message ever carries a secret.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "lib/keyring.h"
#include "lib/token.h"

struct dir {
	char	 path[64];
	char	 ring[128];
};

static int
setup(void **state)
{
	(void)state;
	return tok_init();
}

static void
dir_make(struct dir *d)
{
	snprintf(d->path, sizeof(d->path), "/tmp/rostra-keyring-XXXXXX");
	assert_non_null(mkdtemp(d->path));
	snprintf(d->ring, sizeof(d->ring), "%s/keyring", d->path);
}

/* Entries in the directory: a rewrite must leave no temporary file behind. */
static int
dir_count(const struct dir *d)
{
	DIR		*dp = opendir(d->path);
	struct dirent	*e;
	int		 n = 0;

	assert_non_null(dp);
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(dp);
	return n;
}

static void
dir_remove(const struct dir *d)
{
	DIR		*dp = opendir(d->path);
	struct dirent	*e;
	char		 p[512];

	assert_non_null(dp);
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", d->path, e->d_name);
		unlink(p);
	}
	closedir(dp);
	assert_int_equal(rmdir(d->path), 0);
}

static void
file_write(const char *path, const char *text, mode_t mode)
{
	int	 fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* Lines of the file starting with prefix. */
static int
file_lines(const char *path, const char *prefix)
{
	FILE	*f = fopen(path, "r");
	char	 line[512];
	int	 n = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, prefix, strlen(prefix)) == 0)
			n++;
	fclose(f);
	return n;
}

static mode_t
file_mode(const char *path)
{
	struct stat	 st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

/* Neither the secret nor any 12 characters of it may show in err. */
static void
assert_no_secret(const char *err, const char *secret)
{
	char	 part[13];

	for (size_t i = 0; i + 12 <= strlen(secret); i++) {
		memcpy(part, secret + i, 12);
		part[12] = '\0';
		if (strstr(err, part) != NULL)
			fail_msg("error message holds part of a secret: %s", err);
	}
}

static void
create_and_reopen(void **state)
{
	struct keyring	*kr, *again;
	struct dir	 d;
	const char	*kid, *kid2;
	char		 err[256];

	(void)state;
	dir_make(&d);
	if ((kr = keyring_open(d.ring, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	assert_int_equal(file_mode(d.ring), 0600);
	assert_int_equal(file_lines(d.ring, "current "), 1);
	assert_int_equal(file_lines(d.ring, "retired "), 0);
	assert_int_equal(dir_count(&d), 1);
	assert_non_null(keyring_current(kr, &kid));
	assert_int_equal(strlen(kid), KEYRING_KID_LEN);
	assert_int_equal(strspn(kid, "0123456789abcdef"), KEYRING_KID_LEN);
	assert_non_null(keyring_public(kr, kid));
	assert_null(keyring_public(kr, "0000000000000000"));
	assert_non_null(keyring_current(kr, NULL));

	if ((again = keyring_open(d.ring, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	keyring_current(again, &kid2);
	assert_string_equal(kid, kid2);
	/* The file says what it is and how it must stay. */
	assert_int_equal(file_lines(d.ring, "#"), file_lines(d.ring, "# Rostra session-signing keys. "
	    "Secret: this file must stay mode 0600.") + 2);
	keyring_free(again);
	keyring_free(kr);
	dir_remove(&d);
}

/* Signs with kr's current key and verifies with its public half as ring's kid. */
static char *
sign_current(struct arena *a, const struct keyring *kr, const char **kid)
{
	char	*token;

	assert_int_equal(tok_sign(a, keyring_current(kr, kid), "{}", 2, NULL, 0, NULL, 0, &token),
	    TOK_OK);
	return token;
}

static enum tok_error
verify_with(struct arena *a, const struct keyring *kr, const char *kid, const char *token)
{
	const struct tok_public	*pk = keyring_public(kr, kid);
	char			*payload;
	size_t			 len;

	if (pk == NULL)
		return TOK_ERR_KEY;
	return tok_verify(a, pk, token, strlen(token), NULL, 0, NULL, 0, &payload, &len);
}

static void
rotate_and_drop(void **state)
{
	struct keyring	*kr;
	struct dir	 d;
	struct arena	 a;
	const char	*kid, *cur;
	char		 old[KEYRING_KID_LEN + 1], newkid[KEYRING_KID_LEN + 1], err[256];
	char		*token;

	(void)state;
	arena_init(&a);
	dir_make(&d);
	if ((kr = keyring_open(d.ring, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	token = sign_current(&a, kr, &kid);
	snprintf(old, sizeof(old), "%s", kid);
	keyring_free(kr);

	if (keyring_rotate(d.ring, newkid, sizeof(newkid), err, sizeof(err)) == -1)
		fail_msg("%s", err);
	assert_string_not_equal(newkid, old);
	assert_int_equal(file_mode(d.ring), 0600);
	assert_int_equal(file_lines(d.ring, "current "), 1);
	assert_int_equal(file_lines(d.ring, "retired "), 1);
	assert_int_equal(dir_count(&d), 1);
	if ((kr = keyring_open(d.ring, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	keyring_current(kr, &cur);
	assert_string_equal(cur, newkid);
	/* A session signed before the rotation still verifies. */
	assert_int_equal(verify_with(&a, kr, old, token), TOK_OK);
	assert_int_equal(verify_with(&a, kr, newkid, token), TOK_ERR_SIGNATURE);
	keyring_free(kr);

	/* The current key cannot be dropped, nor an unknown or malformed kid. */
	assert_int_equal(keyring_drop(d.ring, newkid, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "current"));
	assert_int_equal(keyring_drop(d.ring, "0123456789abcdef", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no key"));
	assert_int_equal(keyring_drop(d.ring, "0123", err, sizeof(err)), -1);
	assert_int_equal(keyring_drop(d.ring, "0123456789ABCDEF", err, sizeof(err)), -1);
	assert_int_equal(file_lines(d.ring, "retired "), 1);

	if (keyring_drop(d.ring, old, err, sizeof(err)) == -1)
		fail_msg("%s", err);
	assert_int_equal(file_mode(d.ring), 0600);
	assert_int_equal(file_lines(d.ring, "retired "), 0);
	assert_int_equal(dir_count(&d), 1);
	if ((kr = keyring_open(d.ring, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	assert_null(keyring_public(kr, old));
	assert_int_equal(verify_with(&a, kr, old, token), TOK_ERR_KEY);
	keyring_current(kr, &cur);
	assert_string_equal(cur, newkid);
	keyring_free(kr);
	/* Dropped once, gone: a second drop is an unknown kid. */
	assert_int_equal(keyring_drop(d.ring, old, err, sizeof(err)), -1);

	/* Several rotations keep every retired key verifying. */
	for (int i = 0; i < 3; i++)
		assert_int_equal(keyring_rotate(d.ring, newkid, sizeof(newkid), err, sizeof(err)), 0);
	assert_int_equal(file_lines(d.ring, "current "), 1);
	assert_int_equal(file_lines(d.ring, "retired "), 3);
	arena_release(&a);
	dir_remove(&d);
}

static void
mode_refused(void **state)
{
	struct keyring	*kr;
	struct dir	 d;
	char		 err[256], kid[KEYRING_KID_LEN + 1];

	(void)state;
	dir_make(&d);
	kr = keyring_open(d.ring, err, sizeof(err));
	assert_non_null(kr);
	keyring_free(kr);
	assert_int_equal(chmod(d.ring, 0644), 0);
	assert_null(keyring_open(d.ring, err, sizeof(err)));
	assert_non_null(strstr(err, "mode 0644, must be 0600"));
	assert_non_null(strstr(err, d.ring));
	assert_int_equal(keyring_rotate(d.ring, kid, sizeof(kid), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "mode 0644"));
	assert_int_equal(chmod(d.ring, 0640), 0);
	assert_null(keyring_open(d.ring, err, sizeof(err)));
	assert_non_null(strstr(err, "mode 0640"));
	/* Read-only for its owner is stricter still, and fine. */
	assert_int_equal(chmod(d.ring, 0400), 0);
	kr = keyring_open(d.ring, err, sizeof(err));
	assert_non_null(kr);
	keyring_free(kr);
	dir_remove(&d);
}

static void
missing_directory(void **state)
{
	char	 err[256];

	(void)state;
	assert_null(keyring_open("/nonexistent-rostra-dir/keyring", err, sizeof(err)));
	assert_non_null(strstr(err, "/nonexistent-rostra-dir"));
}

/* "state kid secret" for a fresh key; *secret is freed by the caller with tok_string_free. */
static void
key_line(char *buf, size_t size, const char *state, char **secret)
{
	struct tok_secret	*sk = tok_secret_generate();
	char			 kid[KEYRING_KID_LEN + 1];

	tok_random_hex(kid, KEYRING_KID_LEN / 2);
	*secret = tok_secret_to_b64(sk);
	snprintf(buf, size, "%s %s %s", state, kid, *secret);
	tok_secret_free(sk);
}

/* Copies fmt into out with C, R and S replaced by the current line, the retired line and a secret. */
static void
expand(char *out, size_t size, const char *fmt, const char *c, const char *r, const char *secret)
{
	size_t	 n = 0;

	for (; *fmt != '\0'; fmt++) {
		const char	*put = *fmt == 'C' ? c : *fmt == 'R' ? r : *fmt == 'S' ? secret : NULL;
		size_t		 len = put != NULL ? strlen(put) : 1;

		assert_true(n + len < size);
		memcpy(out + n, put != NULL ? put : fmt, len);
		n += len;
	}
	out[n] = '\0';
}

static void
malformed_files(void **state)
{
	struct keyring	*kr;
	struct dir	 d;
	char		 cur[256], ret[256], text[2048], err[256];
	char		*s_cur, *s_ret, *mangled;
	/* Upper-case C, R, S are placeholders (see expand); the rest is lower case. */
	const struct {
		const char	*fmt;
		const char	*want;
	} cases[] = {
		{ "# keys\nC\nbogus line\n", ":3: expected \"current KID SECRET\"" },
		{ "C\nR\nR\n", ":3: duplicate key id " },
		{ "R\n", ": no current key" },
		{ "", ": no current key" },
		{ "# only a comment\n", ": no current key" },
		{ "C\nC\n", ":2: duplicate key id" },
		{ "#\n\nC\ncurrent 0123456789abcdef S\n", ":4: a second current key" },
		{ "current 0123456789abcdeF S\n", ":1: key id must be 16 lower-case hex" },
		{ "current 0123456789abcde S\n", ":1: key id must be 16 lower-case hex" },
		{ "current S 0123456789abcdef\n", ":1: key id must be 16 lower-case hex" },
		{ "current 0123456789abcdef S extra\n", ":1: expected" },
		{ "current 0123456789abcdef\n", ":1: expected" },
		{ "S\n", ":1: expected" },
		{ "current 0123456789abcdef S=\n", ":1: malformed secret key" },
		{ "R\nactive 0123456789abcdef S\n", ":2: expected" },
		{ " # an indented comment is a line\nC\n", ":1: expected" },
	};

	(void)state;
	dir_make(&d);
	key_line(cur, sizeof(cur), "current", &s_cur);
	key_line(ret, sizeof(ret), "retired", &s_ret);
	/* Comments, blank lines, tabs, CRLF endings and no final newline are all fine. */
	snprintf(text, sizeof(text), "# keys\n\n%s\r\n\t%s", ret, cur);
	file_write(d.ring, text, 0600);
	if ((kr = keyring_open(d.ring, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	keyring_free(kr);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		expand(text, sizeof(text), cases[i].fmt, cur, ret, s_cur);
		file_write(d.ring, text, 0600);
		if ((kr = keyring_open(d.ring, err, sizeof(err))) != NULL)
			fail_msg("case %zu loaded", i);
		if (strstr(err, cases[i].want) == NULL)
			fail_msg("case %zu: \"%s\", expected \"%s\"", i, err, cases[i].want);
		assert_non_null(strstr(err, d.ring));
		assert_no_secret(err, s_cur);
		assert_no_secret(err, s_ret);
	}

	/* A secret whose public half is not its seed's is refused, and not quoted. */
	mangled = strdup(s_cur);
	assert_non_null(mangled);
	mangled[strlen(mangled) - 5] = mangled[strlen(mangled) - 5] == 'A' ? 'B' : 'A';
	snprintf(text, sizeof(text), "current 0123456789abcdef %s\n", mangled);
	file_write(d.ring, text, 0600);
	assert_null(keyring_open(d.ring, err, sizeof(err)));
	assert_non_null(strstr(err, ":1: malformed secret key"));
	assert_no_secret(err, mangled);

	/* A NUL byte inside a line. */
	file_write(d.ring, "# x\n", 0600);
	{
		int	 fd = open(d.ring, O_WRONLY | O_APPEND);

		assert_true(fd >= 0);
		assert_int_equal(write(fd, "current \0x\n", 11), 11);
		close(fd);
	}
	assert_null(keyring_open(d.ring, err, sizeof(err)));
	assert_non_null(strstr(err, ":2: NUL byte"));

	/* Rotate and drop refuse a malformed file rather than rewrite it. */
	snprintf(text, sizeof(text), "%s\nbogus\n", cur);
	file_write(d.ring, text, 0600);
	assert_int_equal(keyring_rotate(d.ring, text, KEYRING_KID_LEN + 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: expected"));
	assert_int_equal(keyring_drop(d.ring, "0123456789abcdef", err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: expected"));
	assert_int_equal(file_lines(d.ring, "bogus"), 1);

	free(mangled);
	tok_string_free(s_cur);
	tok_string_free(s_ret);
	dir_remove(&d);
}

static void
oversized_file(void **state)
{
	struct dir	 d;
	char		*text, err[256];

	(void)state;
	dir_make(&d);
	text = malloc(70 * 1024 + 1);
	assert_non_null(text);
	memset(text, '#', 70 * 1024);
	text[70 * 1024] = '\0';
	file_write(d.ring, text, 0600);
	free(text);
	assert_null(keyring_open(d.ring, err, sizeof(err)));
	assert_non_null(strstr(err, "larger than"));
	dir_remove(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(create_and_reopen),
		cmocka_unit_test(rotate_and_drop),
		cmocka_unit_test(mode_refused),
		cmocka_unit_test(missing_directory),
		cmocka_unit_test(malformed_files),
		cmocka_unit_test(oversized_file),
	};

	return cmocka_run_group_tests_name("keyring", tests, setup, NULL);
}
