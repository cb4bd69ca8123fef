/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Fixed keys for the token fuzz targets and their seed maker (fuzz_seeds.c):
 * known only to these tests, so a token that verifies is one they signed.
 * Each secret is seed || public half, base64url, as the key ring stores it.
 */
#ifndef ROSTRA_FUZZ_KEYS_H
#define ROSTRA_FUZZ_KEYS_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/keyring.h"
#include "lib/token.h"

#define FUZZ_KID	"0123456789abcdef"
#define FUZZ_SESSION_SECRET \
	"UlNUVVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHHtKqe-kLY5f8L3zCwkbQ-AEHjVIdQtGb3hEEgy_8XkLQ"
#define FUZZ_SITE_SECRET \
	"oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr9P0JnM1H14k9_p7CRBTssNm1QgIyqtMNkcRlvjPL5lxA"
/* "Now" for every check: 2026-01-01T00:00:00Z, so seeds stay valid forever. */
#define FUZZ_NOW	((time_t)1767225600)
/* The sso_audience the fuzzed site tokens are checked against. */
#define FUZZ_SSO_AUDIENCE	"https://news.example/comments"
/* The implicit assertion session.c signs into session tokens. */
#define FUZZ_SESSION_IMPLICIT	"rostra-session"

/* A key ring whose current key is FUZZ_SESSION_SECRET as FUZZ_KID; aborts on failure. */
static inline struct keyring *
fuzz_keyring_open(void)
{
	char		 dir[] = "/tmp/rostra-fuzz-ring.XXXXXX", path[64], err[256];
	struct keyring	*kr;
	FILE		*f;
	int		 fd;

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof(path), "%s/keyring", dir);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1 ||
	    (f = fdopen(fd, "w")) == NULL)
		abort();
	fprintf(f, "current %s %s\n", FUZZ_KID, FUZZ_SESSION_SECRET);
	fclose(f);
	kr = keyring_open(path, err, sizeof(err));
	unlink(path);
	rmdir(dir);
	if (kr == NULL) {
		fprintf(stderr, "fuzz key ring: %s\n", err);
		abort();
	}
	return kr;
}

#endif
