/* SPDX-License-Identifier: ISC — Rostra */
/*
 * libFuzzer target: a Cookie header. Finding rostra_session in it must
 * never crash or read past the header, and must return exactly the value
 * of a cookie of that name: it starts after "rostra_session=" at the start
 * of the header or of a cookie, and ends at ';' or at the end. The value is
 * then checked as a session token against a real key ring, as routing does.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_keys.h"
#include "auth/session.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct keyring	*kr;
	const size_t		 name_len = strlen(SESSION_COOKIE "=");
	struct session_claims	 c;
	enum tok_error		 why;
	struct arena		 a;
	const char		*v, *start;
	char			*header;
	size_t			 len;

	if (kr == NULL) {
		if (tok_init() == -1)
			abort();
		kr = fuzz_keyring_open();
	}
	/* FastCGI hands headers over as C strings: exactly size bytes and a NUL. */
	header = malloc(size + 1);
	memcpy(header, data, size);
	header[size] = '\0';
	if ((v = session_cookie_find(header, &len)) != NULL) {
		start = v - name_len;
		if (start < header || v + len > header + strlen(header) ||
		    memcmp(start, SESSION_COOKIE "=", name_len) != 0 ||
		    (start > header && start[-1] != ' ' && start[-1] != ';') ||
		    (v[len] != '\0' && v[len] != ';') || memchr(v, ';', len) != NULL)
			abort();
		arena_init(&a);
		if (session_token_check(&a, kr, v, len, FUZZ_NOW, &c, &why) == SESSION_VALID &&
		    (c.user_id <= 0 || c.session_id <= 0))
			abort();
		arena_release(&a);
	}
	free(header);
	return 0;
}
