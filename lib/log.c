/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Line-buffered logging to standard error, or to log_file put in its place;
 * one write per line, so workers never interleave within a line.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "lib/log.h"

static enum log_level	 log_threshold = LOG_INFO;
static int		 log_stderr = -1;	/* the first standard error, while a file stands in */

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

bool
log_enabled(enum log_level level)
{
	return level <= log_threshold;
}

int
log_level_parse(const char *name)
{
	for (int i = 0; i < LOG__MAX; i++)
		if (strcmp(name, log_names[i]) == 0)
			return i;
	return -1;
}

int
log_open(const char *path)
{
	int	 fd;

	if (path == NULL || *path == '\0') {
		/* A reload that turned log_file off: back to the first standard error. */
		if (log_stderr != -1)
			dup2(log_stderr, STDERR_FILENO);
		return 0;
	}
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640)) == -1)
		return -1;
	if (log_stderr == -1)
		log_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	/* On standard error, so libpq's and the sanitizers' messages land there too. */
	if (fd != STDERR_FILENO) {
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	return 0;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	char		 line[1024];
	struct timeval	 tv;
	struct tm	 tm;
	int		 n, m;
	va_list		 ap;

	if (level > log_threshold)
		return;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	n = (int)strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S", &tm);
	n += snprintf(line + n, sizeof(line) - (size_t)n, ".%03ldZ rostra[%ld] %s: ",
	    (long)tv.tv_usec / 1000, (long)getpid(), log_names[level]);
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
