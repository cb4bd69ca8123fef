/* SPDX-License-Identifier: ISC — Rostra */
/* Text checks behind validate.h; Unicode facts come from libunistring. */
#include <string.h>
#include <strings.h>

#include <unictype.h>
#include <unistr.h>

#include "lib/validate.h"

int
validate_article_key(const char *s, size_t len)
{
	if (len == 0 || len > ARTICLE_KEY_MAX)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char	 ch = (unsigned char)s[i];

		/* ch != '\0' first: strchr finds the terminator of its own string. */
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || (ch != '\0' && strchr("-_.:~", ch) != NULL))
			continue;
		return -1;
	}
	return 0;
}

enum err
validate_text(const char *s, size_t len, bool multiline, size_t max_chars)
{
	const uint8_t	*p = (const uint8_t *)s, *end = p + len;
	size_t		 chars = 0;
	bool		 blank = true, control = false;

	if (u8_check(p, len) != NULL)
		return ERR_INVALID_UTF8;
	while (p < end) {
		ucs4_t	 uc;

		p += u8_mbtouc_unsafe(&uc, p, (size_t)(end - p));
		chars++;
		if (uc_is_general_category(uc, UC_CATEGORY_Cc) &&
		    !(multiline && (uc == '\t' || uc == '\n' || uc == '\r')))
			control = true;
		if (blank && !uc_is_property_white_space(uc))
			blank = false;
	}
	/* Only white space (a tab included) reads as "empty" to a person. */
	if (blank)
		return ERR_EMPTY_FIELD;
	if (control)
		return ERR_INVALID_FIELD;
	if (chars > max_chars)
		return ERR_FIELD_TOO_LONG;
	return ERR_OK;
}

int
validate_url(const char *s, size_t len)
{
	size_t	 scheme;

	if (len > URL_MAX)
		return -1;
	if (len > 7 && strncasecmp(s, "http://", 7) == 0)
		scheme = 7;
	else if (len > 8 && strncasecmp(s, "https://", 8) == 0)
		scheme = 8;
	else
		return -1;
	if (s[scheme] == '/')
		return -1;	/* no host */
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return -1;
	return 0;
}

int
validate_email(const char *s, size_t len)
{
	const char	*at;

	if (len < 3 || len > 254)
		return -1;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			return -1;
	if ((at = memchr(s, '@', len)) == NULL || at == s || memchr(at + 1, '@',
	    (size_t)(s + len - at - 1)) != NULL)
		return -1;
	/* A dot inside the domain, neither first nor last. */
	for (const char *p = at + 2; p < s + len - 1; p++)
		if (*p == '.')
			return 0;
	return -1;
}

int64_t
validate_id(const char *s, size_t len)
{
	int64_t	 v = 0;

	if (len == 0 || len > 18)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v > 0 ? v : -1;
}

int
validate_url_origin(const char *url, const char *origin)
{
	size_t	 n;

	if (origin == NULL || (n = strlen(origin)) == 0 || strncasecmp(url, origin, n) != 0)
		return -1;
	return url[n] == '\0' || url[n] == '/' ? 0 : -1;
}

int
validate_idempotency_key(const char *s)
{
	size_t	 n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

	return s[n] == '\0' && n >= 16 && n <= 64 ? 0 : -1;
}
