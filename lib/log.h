/* SPDX-License-Identifier: ISC — Rostra */
/*
 * One line per event on standard error (or the log file put there):
 * "2026-11-28T15:04:31.123Z rostra[pid] level: message", time in UTC.
 * Callers never pass a token, cookie, key, password or comment body.
 */
#ifndef ROSTRA_LOG_H
#define ROSTRA_LOG_H

#include <stdbool.h>

enum log_level {
	LOG_ERROR,
	LOG_WARN,
	LOG_INFO,
	LOG_DEBUG,
	LOG__MAX
};

/* Lines below level are dropped. */
void	log_set_level(enum log_level level);

/* True if lines of level are written. */
bool	log_enabled(enum log_level level);

/*
 * Makes path (appended to, created 0640) the log from now on, in place of
 * standard error; "" or NULL keeps standard error. 0, or -1 if it cannot
 * be opened (the old log stays).
 */
int	log_open(const char *path);

/* Parses "error", "warn", "info" or "debug"; -1 if none. */
int	log_level_parse(const char *name);

void	log_msg(enum log_level level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#define log_error(...)	log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
