/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The floor under any uncached read, for make bench: a FastCGI responder
 * that does no work at all. Each of WORKERS processes accepts on SOCKET
 * and answers every request with the bytes of FILE (read once, at start)
 * as JSON, through libfcgi as the daemon does. nginx in front of it
 * serves what no daemon on this machine can serve faster.
 *   null_fcgi SOCKET FILE WORKERS
 * SIGTERM ends the workers and then the parent.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NULL_FCGI_WORKERS_MAX	64

static volatile sig_atomic_t	 null_fcgi_stop;

static void
null_fcgi_on_term(int sig)
{
	(void)sig;
	null_fcgi_stop = 1;
}

/* The whole of path in a new buffer; NULL on any error. */
static char *
null_fcgi_slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf = NULL;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == -1 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) == -1)
		goto out;
	if ((buf = malloc((size_t)n + 1)) == NULL)
		goto out;
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
		goto out;
	}
	*len = (size_t)n;
out:
	fclose(f);
	return buf;
}

static void
null_fcgi_serve(int sock, const char *body, size_t len)
{
	FCGX_Request	 req;
	char		 head[128];
	int		 headlen;

	headlen = snprintf(head, sizeof(head),
	    "Status: 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n", len);
	FCGX_InitRequest(&req, sock, 0);
	while (FCGX_Accept_r(&req) >= 0) {
		FCGX_PutStr(head, headlen, req.out);
		FCGX_PutStr(body, (int)len, req.out);
		FCGX_Finish_r(&req);
	}
}

int
main(int argc, char **argv)
{
	pid_t		 kids[NULL_FCGI_WORKERS_MAX];
	struct sigaction sa;
	char		*body;
	size_t		 len = 0;
	int		 sock, workers;

	if (argc != 4 || (workers = atoi(argv[3])) < 1 || workers > NULL_FCGI_WORKERS_MAX) {
		fprintf(stderr, "usage: null_fcgi SOCKET FILE WORKERS (1-%d)\n", NULL_FCGI_WORKERS_MAX);
		return 2;
	}
	if ((body = null_fcgi_slurp(argv[2], &len)) == NULL) {
		fprintf(stderr, "null_fcgi: cannot read %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	if (FCGX_Init() != 0 || (sock = FCGX_OpenSocket(argv[1], 1024)) < 0) {
		fprintf(stderr, "null_fcgi: cannot listen on %s\n", argv[1]);
		return 1;
	}
	/* nginx's workers may run as another user (a stack started as root). */
	chmod(argv[1], 0666);
	/* Before the fork, so a SIGTERM at any moment reaches the loop below. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = null_fcgi_on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	for (int i = 0; i < workers; i++) {
		if ((kids[i] = fork()) == 0) {
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			null_fcgi_serve(sock, body, len);
			_exit(0);
		}
		if (kids[i] == -1) {
			fprintf(stderr, "null_fcgi: fork: %s\n", strerror(errno));
			workers = i;
			null_fcgi_stop = 1;
			break;
		}
	}
	fprintf(stderr, "null_fcgi: %d workers on %s, %zu bytes an answer\n", workers, argv[1], len);
	while (!null_fcgi_stop)
		pause();
	for (int i = 0; i < workers; i++)
		kill(kids[i], SIGTERM);
	for (int i = 0; i < workers; i++)
		waitpid(kids[i], NULL, 0);
	unlink(argv[1]);
	free(body);
	return 0;
}
