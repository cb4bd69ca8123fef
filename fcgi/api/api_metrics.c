/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The scoreboard's counters in Prometheus's text format, for
 * a scraper on the same host or a signed-in admin (the role as stored now).
 * Counters are this daemon's since it started; several daemons are
 * scraped one by one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/api/api.h"
#include "db/db.h"
#include "lib/scoreboard.h"

static const struct {
	enum score_counter	 c;
	const char		*name;
	const char		*help;
} metrics_counters[] = {
	{ SCORE_DB_ERRORS, "rostra_db_errors_total", "Database statements or connections that failed." },
	{ SCORE_DB_RECONNECTS, "rostra_db_reconnects_total", "Database connections opened again after a loss." },
	{ SCORE_WORKER_STARTS, "rostra_worker_starts_total", "Worker processes started." },
	{ SCORE_WORKER_CRASHES, "rostra_worker_crashes_total", "Workers that died and were replaced." },
	{ SCORE_WORKER_RECYCLED, "rostra_worker_recycled_total", "Workers replaced after worker_max_requests." },
	{ SCORE_WORKER_DEADLINE, "rostra_worker_deadline_kills_total", "Workers killed past request_timeout." },
	{ SCORE_RELOADS, "rostra_reloads_total", "Configuration reloads (SIGHUP)." },
	{ SCORE_SHED, "rostra_shed_total", "Requests answered 503 at once because the daemon was busy." },
};

/*
 * An admin, or with metrics_loopback on, this host (nginx passes the
 * client's address). Off by default: a TLS terminator on this host in front
 * of nginx makes every reader look local.
 */
static bool
metrics_allowed(struct ctx *ctx)
{
	const char	*addr = ctx->req->remote_addr;
	struct user	 u;

	if (ctx->cfg->metrics_loopback && addr != NULL &&
	    (strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0))
		return true;
	return ctx->signed_in && db_me_get(ctx->db, ctx->arena, ctx->session.session_id,
	    ctx->session.user_id, &u) == ERR_OK && strcmp(u.role, "admin") == 0;
}

static void
metrics_requests(FILE *f, const struct score_snapshot *s)
{
	uint64_t	 limited = 0;

	fputs("# HELP rostra_requests_total Requests answered, by route and status.\n"
	    "# TYPE rostra_requests_total counter\n", f);
	for (int r = 0; r < SCOREBOARD_ROUTES; r++) {
		const char	*method = scoreboard_route_method(r);
		const char	*label = scoreboard_route_label(r);

		if (label == NULL)
			continue;
		for (int i = 0; i < STATUS_ROWS; i++) {
			if (s->requests[r][i] == 0)
				continue;
			if (status_of_row(i) == 429)
				limited += s->requests[r][i];
			fprintf(f, "rostra_requests_total{method=\"%s\",route=\"%s\",status=\"%s%.0d\"} %llu\n",
			    method, label, status_of_row(i) == 0 ?
			    "other" : "", status_of_row(i), (unsigned long long)s->requests[r][i]);
		}
	}
	fprintf(f, "# HELP rostra_rate_limited_total Requests refused with 429 by the daemon's limits.\n"
	    "# TYPE rostra_rate_limited_total counter\nrostra_rate_limited_total %llu\n",
	    (unsigned long long)limited);
}

static void
metrics_latency(FILE *f, const struct score_snapshot *s)
{
	fputs("# HELP rostra_request_duration_seconds Time from reading a request to sending its answer.\n"
	    "# TYPE rostra_request_duration_seconds histogram\n", f);
	for (int r = 0; r < SCOREBOARD_ROUTES; r++) {
		const char	*method = scoreboard_route_method(r);
		const char	*label = scoreboard_route_label(r);
		uint64_t	 n = 0;

		if (label == NULL)
			continue;
		for (int b = 0; b <= SCORE_BUCKETS; b++)
			n += s->latency[r][b];
		if (n == 0)
			continue;
		n = 0;
		for (int b = 0; b <= SCORE_BUCKETS; b++) {
			n += s->latency[r][b];
			if (b < SCORE_BUCKETS)
				fprintf(f, "rostra_request_duration_seconds_bucket{method=\"%s\",route=\"%s\","
				    "le=\"%g\"} %llu\n", method, label,
				    (double)score_bucket_us[b] / 1e6, (unsigned long long)n);
			else
				fprintf(f, "rostra_request_duration_seconds_bucket{method=\"%s\",route=\"%s\","
				    "le=\"+Inf\"} %llu\n", method, label,
				    (unsigned long long)n);
		}
		fprintf(f, "rostra_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} %.6f\n"
		    "rostra_request_duration_seconds_count{method=\"%s\",route=\"%s\"} %llu\n",
		    method, label, (double)s->latency_sum_us[r] / 1e6,
		    method, label, (unsigned long long)n);
	}
}

enum err
api_metrics_get(struct ctx *ctx)
{
	struct score_snapshot	*s = arena_alloc(ctx->arena, sizeof(*s));
	int64_t			 queues[QUEUE__COUNTED];
	char			*text = NULL;
	size_t			 len = 0;
	bool			 db_up;
	FILE			*f;

	if (!metrics_allowed(ctx))
		return out_fail(ctx->res, ERR_FORBIDDEN, NULL,
		    "Metrics are for this host's scraper or an admin.");
	if (!scoreboard_snapshot(s))
		memset(s, 0, sizeof(*s));
	if ((f = open_memstream(&text, &len)) == NULL)
		abort();
	metrics_requests(f, s);
	metrics_latency(f, s);
	for (size_t i = 0; i < sizeof(metrics_counters) / sizeof(metrics_counters[0]); i++)
		fprintf(f, "# HELP %s %s\n# TYPE %s counter\n%s %llu\n", metrics_counters[i].name,
		    metrics_counters[i].help, metrics_counters[i].name, metrics_counters[i].name,
		    (unsigned long long)s->counters[metrics_counters[i].c]);
	fprintf(f, "# HELP rostra_workers Worker processes, and how many are serving a request.\n"
	    "# TYPE rostra_workers gauge\nrostra_workers{state=\"alive\"} %d\n"
	    "rostra_workers{state=\"busy\"} %d\n", s->workers_alive, s->workers_busy);
	/* One statement tells both: the queues' sizes, and that the database answers. */
	db_up = db_queue_counts(ctx->db, ctx->arena, NULL, queues) == ERR_OK;
	if (db_up) {
		fputs("# HELP rostra_queue_size Comments in each moderation queue, site-wide.\n"
		    "# TYPE rostra_queue_size gauge\n", f);
		for (int q = 0; q < QUEUE__COUNTED; q++)
			fprintf(f, "rostra_queue_size{queue=\"%s\"} %lld\n", db_queue_names[q],
			    (long long)queues[q]);
	}
	fprintf(f, "# HELP rostra_db_up Whether this worker could reach the database just now.\n"
	    "# TYPE rostra_db_up gauge\nrostra_db_up %d\n", db_up ? 1 : 0);
	if (fclose(f) != 0)
		abort();
	ctx->res->status = 200;
	ctx->res->body = arena_strndup(ctx->arena, text, len);
	ctx->res->body_len = len;
	free(text);
	out_header(ctx->res, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
	return ERR_OK;
}
