/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Checks on untrusted text before it goes anywhere: article keys, display
 * text and URLs. Pure functions over pointer + length; nothing is copied.
 */
#ifndef ROSTRA_VALIDATE_H
#define ROSTRA_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"

#define ARTICLE_KEY_MAX	128
#define URL_MAX		2048

/* The positive decimal id s (len bytes, digits only, at most 18), or -1. */
int64_t		validate_id(const char *s, size_t len);

/* 0 if s is 1..ARTICLE_KEY_MAX bytes of [A-Za-z0-9._:~-], else -1. */
int		validate_article_key(const char *s, size_t len);

/*
 * Checks text a person typed: valid UTF-8, no NUL or control characters
 * (tab, CR and LF allowed when multiline), not empty or only white space,
 * at most max_chars code points. Returns ERR_OK, ERR_INVALID_UTF8,
 * ERR_INVALID_FIELD, ERR_EMPTY_FIELD or ERR_FIELD_TOO_LONG.
 */
enum err	validate_text(const char *s, size_t len, bool multiline, size_t max_chars);

/*
 * 0 if s looks like an email address: 3 to 254 printable non-space bytes
 * with one '@', something before it and a dotted domain after it; else -1.
 */
int		validate_email(const char *s, size_t len);

/* 0 if s is an absolute http(s) URL of at most URL_MAX printable ASCII bytes, else -1. */
int		validate_url(const char *s, size_t len);

/*
 * 0 if url (NUL-terminated) is on origin ("https://news.example", as a
 * browser's Origin header names it): the same scheme, host and port, then
 * a path or nothing; else -1 (also for a NULL origin).
 */
int		validate_url_origin(const char *url, const char *origin);

/* 0 if s (NUL-terminated) is an Idempotency-Key: 16 to 64 of [A-Za-z0-9_-]; else -1. */
int		validate_idempotency_key(const char *s);

#endif
