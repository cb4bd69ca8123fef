/* SPDX-License-Identifier: ISC — Rostra */
/* Line-buffered logging to stderr; one write per line so workers do not interleave. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static enum log_level	 log_threshold = LOG_INFO;

static const char *const log_names[LOG__MAX] = {
	[LOG_ERROR] = "error",
	[LOG_WARN] = "warn",
	[LOG_INFO] = "info",
	[LOG_DEBUG] = "debug",
};

void
log_set_level(enum log_level level)
{
	log_threshold = level;
}

int
log_level_parse(const char *name)
{
	for (int i = 0; i < LOG__MAX; i++)
		if (strcmp(name, log_names[i]) == 0)
			return i;
	return -1;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	char	 line[1024];
	int	 n, m;
	va_list	 ap;

	if (level > log_threshold)
		return;
	n = snprintf(line, sizeof(line), "rostra[%ld] %s: ", (long)getpid(),
	    log_names[level]);
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	(void)!write(STDERR_FILENO, line, (size_t)n);
}
