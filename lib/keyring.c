/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The key ring file behind keyring.h. Keys stay opaque (token.h); this file
 * must not include sodium.h, must not log, and never puts a secret or a
 * line of the file into an error message. Called by main and the CLI.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/keyring.h"
#include "lib/token.h"

/*
 * File format: text, one key per line,
 *	current KID SECRET
 *	retired KID SECRET
 * fields separated by blanks; KID is KEYRING_KID_LEN lower-case hex digits,
 * SECRET the key as tok_secret_to_b64 writes it. Exactly one line is current.
 * Lines starting with '#' are comments and blank lines are ignored; the
 * file we write starts with a comment saying what it is and that it must
 * stay mode 0600. Rewrites are atomic and keep key order, current first.
 */
#define KEYRING_FILE_MAX	(64 * 1024)	/* some hundred keys; more is not a key ring */
#define KEYRING_MODE		0600

static const char keyring_banner[] =
    "# Rostra session-signing keys. Secret: this file must stay mode 0600.\n"
    "# One key per line: \"current KID SECRET\" or \"retired KID SECRET\";\n"
    "# rotate and drop keys with rostra rather than by hand.\n";

struct keyring_key {
	char			 kid[KEYRING_KID_LEN + 1];
	bool			 current;
	struct tok_secret	*sk;
	struct tok_public	*pk;
};

struct keyring {
	struct keyring_key	*keys;
	size_t			 n;
	size_t			 cap;
};

static void *
keyring_realloc(void *p, size_t size)
{
	if ((p = realloc(p, size)) == NULL) {
		fputs("rostra: out of memory\n", stderr);
		abort();
	}
	return p;
}

static struct keyring *
keyring_new(void)
{
	struct keyring	*kr = keyring_realloc(NULL, sizeof(*kr));

	kr->keys = NULL;
	kr->n = kr->cap = 0;
	return kr;
}

void
keyring_free(struct keyring *kr)
{
	if (kr == NULL)
		return;
	for (size_t i = 0; i < kr->n; i++) {
		tok_secret_free(kr->keys[i].sk);
		tok_public_free(kr->keys[i].pk);
	}
	free(kr->keys);
	free(kr);
}

/* Takes ownership of sk. */
static void
keyring_add(struct keyring *kr, const char *kid, bool current, struct tok_secret *sk)
{
	struct keyring_key	*k;

	if (kr->n == kr->cap) {
		kr->cap = kr->cap == 0 ? 4 : kr->cap * 2;
		kr->keys = keyring_realloc(kr->keys, kr->cap * sizeof(*kr->keys));
	}
	k = &kr->keys[kr->n++];
	memcpy(k->kid, kid, KEYRING_KID_LEN);
	k->kid[KEYRING_KID_LEN] = '\0';
	k->current = current;
	k->sk = sk;
	k->pk = tok_public_of(sk);
}

static struct keyring_key *
keyring_find(const struct keyring *kr, const char *kid)
{
	for (size_t i = 0; i < kr->n; i++)
		if (strcmp(kr->keys[i].kid, kid) == 0)
			return &kr->keys[i];
	return NULL;
}

static struct keyring_key *
keyring_find_current(const struct keyring *kr)
{
	for (size_t i = 0; i < kr->n; i++)
		if (kr->keys[i].current)
			return &kr->keys[i];
	return NULL;
}

static bool
keyring_kid_valid(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == KEYRING_KID_LEN;
}

/* Adds a fresh key with an id not yet in kr; it becomes current if asked. */
static const char *
keyring_add_new(struct keyring *kr, bool current)
{
	char	 kid[KEYRING_KID_LEN + 1];

	/* 64 random bits rarely collide, but a duplicate would make the file unreadable. */
	do
		tok_random_hex(kid, KEYRING_KID_LEN / 2);
	while (keyring_find(kr, kid) != NULL);
	keyring_add(kr, kid, current, tok_secret_generate());
	return kr->keys[kr->n - 1].kid;
}

/*
 * Parses the whole file held in buf (len bytes, buf[len] writable) into kr.
 * Returns 0, or -1 with "path:line: reason" in err.
 */
static int
keyring_parse(struct keyring *kr, const char *path, char *buf, size_t len,
    char *err, size_t errlen)
{
	char	*line = buf, *end = buf + len;
	int	 lineno = 0;

	buf[len] = '\0';
	while (line < end) {
		struct tok_secret	*sk;
		char			*s = line, *nl, *field[4], *last;
		size_t			 nf = 0;
		bool			 current;

		lineno++;
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		*nl = '\0';
		line = nl + 1;
		if (strlen(s) != (size_t)(nl - s)) {
			snprintf(err, errlen, "%s:%d: NUL byte in line", path, lineno);
			return -1;
		}
		if (*s == '#')
			continue;
		for (char *f = strtok_r(s, " \t\r", &last); f != NULL && nf < 4;
		    f = strtok_r(NULL, " \t\r", &last))
			field[nf++] = f;
		if (nf == 0)
			continue;
		if (nf != 3 || (strcmp(field[0], "current") != 0 && strcmp(field[0], "retired") != 0)) {
			snprintf(err, errlen, "%s:%d: expected \"current KID SECRET\" or "
			    "\"retired KID SECRET\"", path, lineno);
			return -1;
		}
		current = strcmp(field[0], "current") == 0;
		/* Checked before it is echoed: a misplaced secret must not reach the log. */
		if (!keyring_kid_valid(field[1])) {
			snprintf(err, errlen, "%s:%d: key id must be %d lower-case hex digits",
			    path, lineno, KEYRING_KID_LEN);
			return -1;
		}
		if (keyring_find(kr, field[1]) != NULL) {
			snprintf(err, errlen, "%s:%d: duplicate key id %s", path, lineno, field[1]);
			return -1;
		}
		if (current && keyring_find_current(kr) != NULL) {
			snprintf(err, errlen, "%s:%d: a second current key", path, lineno);
			return -1;
		}
		if ((sk = tok_secret_from_b64(field[2])) == NULL) {
			snprintf(err, errlen, "%s:%d: malformed secret key", path, lineno);
			return -1;
		}
		keyring_add(kr, field[1], current, sk);
	}
	if (keyring_find_current(kr) == NULL) {
		snprintf(err, errlen, "%s: no current key", path);
		return -1;
	}
	return 0;
}

/*
 * Reads the ring from the open file fd and, if st is not NULL, leaves its
 * status there. Returns the ring, or NULL with "path[:line]: reason" in err.
 */
static struct keyring *
keyring_load(int fd, const char *path, struct stat *st, char *err, size_t errlen)
{
	struct keyring	*kr = NULL;
	struct stat	 sb;
	char		*buf;
	size_t		 len = 0;
	ssize_t		 n;

	/* Read straight into a buffer we wipe: stdio would keep copies of the secrets. */
	buf = keyring_realloc(NULL, KEYRING_FILE_MAX + 1);
	if (fstat(fd, &sb) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		goto out;
	}
	if ((sb.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		snprintf(err, errlen, "%s: mode %04o, must be %04o", path,
		    (unsigned int)(sb.st_mode & 07777), KEYRING_MODE);
		goto out;
	}
	for (;;) {
		n = read(fd, buf + len, KEYRING_FILE_MAX + 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > KEYRING_FILE_MAX) {
			snprintf(err, errlen, "%s: larger than %d bytes", path, KEYRING_FILE_MAX);
			goto out;
		}
	}
	kr = keyring_new();
	if (keyring_parse(kr, path, buf, len, err, errlen) == -1) {
		keyring_free(kr);
		kr = NULL;
		goto out;
	}
	if (st != NULL)
		*st = sb;
out:
	explicit_bzero(buf, KEYRING_FILE_MAX + 1);
	free(buf);
	return kr;
}

/* Opens the directory holding path (to lock it and to fsync a rename); -1 with err. */
static int
keyring_dir_open(const char *path, char *err, size_t errlen)
{
	char		 dir[PATH_MAX];
	const char	*slash = strrchr(path, '/');
	int		 fd;

	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else if ((size_t)(slash - path) >= sizeof(dir)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	} else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
	return fd;
}

static int
keyring_write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t	 n = write(fd, s, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
keyring_write_key(int fd, const struct keyring_key *k)
{
	char	*secret = tok_secret_to_b64(k->sk);
	int	 rc = -1;

	if (keyring_write_all(fd, k->current ? "current " : "retired ", 8) == -1 ||
	    keyring_write_all(fd, k->kid, KEYRING_KID_LEN) == -1 ||
	    keyring_write_all(fd, " ", 1) == -1 ||
	    keyring_write_all(fd, secret, strlen(secret)) == -1 ||
	    keyring_write_all(fd, "\n", 1) == -1)
		goto out;
	rc = 0;
out:
	tok_string_free(secret);
	return rc;
}

/* The banner, then the current key, then the retired ones in their order. */
static int
keyring_write_keys(int fd, const struct keyring *kr)
{
	if (keyring_write_all(fd, keyring_banner, sizeof(keyring_banner) - 1) == -1 ||
	    keyring_write_key(fd, keyring_find_current(kr)) == -1)
		return -1;
	for (size_t i = 0; i < kr->n; i++)
		if (!kr->keys[i].current && keyring_write_key(fd, &kr->keys[i]) == -1)
			return -1;
	return 0;
}

/*
 * Writes kr to a 0600 temporary file beside path, fsyncs it, then puts it
 * in place: rename over the old file (replace), or link where none may
 * exist yet, so two daemons starting at once cannot clobber each other's
 * new ring (that failure leaves errno EEXIST). owner, if not NULL, is the
 * old file's status, whose owner a root process hands on. 0, or -1 with err.
 */
static int
keyring_write(int dirfd, const char *path, const struct keyring *kr,
    const struct stat *owner, bool replace, char *err, size_t errlen)
{
	char	 tmp[PATH_MAX];
	int	 fd, rc = -1, saved = 0;
	bool	 renamed = false;

	assert(keyring_find_current(kr) != NULL);
	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	/* mkstemp creates with O_EXCL and mode 0600 less the umask; fchmod makes it exact. */
	if ((fd = mkstemp(tmp)) == -1) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	if (fchmod(fd, KEYRING_MODE) == -1 ||
	    (owner != NULL && geteuid() == 0 && fchown(fd, owner->st_uid, owner->st_gid) == -1) ||
	    keyring_write_keys(fd, kr) == -1 || fsync(fd) == -1) {
		saved = errno;
		snprintf(err, errlen, "%s: %s", tmp, strerror(saved));
		close(fd);
		goto out;
	}
	if (close(fd) == -1) {
		saved = errno;
		snprintf(err, errlen, "%s: %s", tmp, strerror(saved));
		goto out;
	}
	if ((replace ? rename(tmp, path) : link(tmp, path)) == -1) {
		saved = errno;
		snprintf(err, errlen, "%s: %s", path, strerror(saved));
		goto out;
	}
	renamed = replace;
	/* The rename or link is only durable once the directory is on disk. */
	if (fsync(dirfd) == -1) {
		saved = errno;
		snprintf(err, errlen, "%s: directory fsync: %s", path, strerror(saved));
		goto out;
	}
	rc = 0;
out:
	if (!renamed)
		unlink(tmp);
	errno = saved;
	return rc;
}

struct keyring *
keyring_open(const char *path, char *err, size_t errlen)
{
	struct keyring	*kr = NULL;
	int		 fd, dirfd = -1;
	bool		 raced;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return NULL;
		}
		if ((dirfd = keyring_dir_open(path, err, errlen)) == -1)
			return NULL;
		kr = keyring_new();
		keyring_add_new(kr, true);
		if (keyring_write(dirfd, path, kr, NULL, false, err, errlen) == 0)
			goto out;
		raced = errno == EEXIST;
		keyring_free(kr);
		kr = NULL;
		/* Another process created it first: use theirs. */
		if (!raced)
			goto out;
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto out;
		}
	}
	kr = keyring_load(fd, path, NULL, err, errlen);
out:
	if (fd != -1)
		close(fd);
	if (dirfd != -1)
		close(dirfd);
	return kr;
}

const struct tok_secret *
keyring_current(const struct keyring *kr, const char **kid)
{
	const struct keyring_key	*k = keyring_find_current(kr);

	/* keyring_parse and keyring_open never hand out a ring without one. */
	assert(k != NULL);
	if (kid != NULL)
		*kid = k->kid;
	return k->sk;
}

const struct tok_public *
keyring_public(const struct keyring *kr, const char *kid)
{
	const struct keyring_key	*k = keyring_find(kr, kid);

	return k == NULL ? NULL : k->pk;
}

/*
 * Locks the directory of path against another rotate or drop and loads the
 * ring there. Returns the ring with the locked directory in *dirfd (closing
 * it unlocks), or NULL with err and *dirfd -1.
 */
static struct keyring *
keyring_lock_load(const char *path, int *dirfd, struct stat *st, char *err, size_t errlen)
{
	struct keyring	*kr = NULL;
	int		 fd = -1;

	if ((*dirfd = keyring_dir_open(path, err, errlen)) == -1)
		return NULL;
	/* The rename replaces the file, so the lock sits on the directory that stays. */
	if (flock(*dirfd, LOCK_EX) == -1) {
		snprintf(err, errlen, "%s: lock: %s", path, strerror(errno));
		goto out;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	kr = keyring_load(fd, path, st, err, errlen);
out:
	if (fd != -1)
		close(fd);
	if (kr == NULL) {
		close(*dirfd);
		*dirfd = -1;
	}
	return kr;
}

int
keyring_rotate(const char *path, char *newkid, size_t newkid_size, char *err, size_t errlen)
{
	struct keyring		*kr;
	struct keyring_key	*old;
	struct stat		 st;
	const char		*kid;
	int			 dirfd, rc = -1;

	assert(newkid_size > KEYRING_KID_LEN);
	if ((kr = keyring_lock_load(path, &dirfd, &st, err, errlen)) == NULL)
		return -1;
	old = keyring_find_current(kr);
	old->current = false;
	kid = keyring_add_new(kr, true);
	if (keyring_write(dirfd, path, kr, &st, true, err, errlen) == -1)
		goto out;
	snprintf(newkid, newkid_size, "%s", kid);
	rc = 0;
out:
	keyring_free(kr);
	close(dirfd);
	return rc;
}

int
keyring_drop(const char *path, const char *kid, char *err, size_t errlen)
{
	struct keyring		*kr;
	struct keyring_key	*k;
	struct stat		 st;
	int			 dirfd, rc = -1;

	if (!keyring_kid_valid(kid)) {
		snprintf(err, errlen, "%s: key id must be %d lower-case hex digits",
		    path, KEYRING_KID_LEN);
		return -1;
	}
	if ((kr = keyring_lock_load(path, &dirfd, &st, err, errlen)) == NULL)
		return -1;
	if ((k = keyring_find(kr, kid)) == NULL) {
		snprintf(err, errlen, "%s: no key %s", path, kid);
		goto out;
	}
	if (k->current) {
		snprintf(err, errlen, "%s: %s is the current key; rotate first", path, kid);
		goto out;
	}
	tok_secret_free(k->sk);
	tok_public_free(k->pk);
	memmove(k, k + 1, (size_t)(kr->keys + kr->n - (k + 1)) * sizeof(*k));
	kr->n--;
	if (keyring_write(dirfd, path, kr, &st, true, err, errlen) == -1)
		goto out;
	rc = 0;
out:
	keyring_free(kr);
	close(dirfd);
	return rc;
}
