/* SPDX-License-Identifier: ISC — Rostra */
/*
 * What the supervisor and its workers share, in one anonymous shared
 * mapping made before the fork: a slot per worker (busy since when, on
 * which route, hashing a password) and the counters /metrics reports.
 * Workers write their own slot and add to counters with atomics; the
 * supervisor reads the slots to enforce deadlines. Without a board (the
 * CLI, unit tests) every call does nothing.
 */
#ifndef ROSTRA_SCOREBOARD_H
#define ROSTRA_SCOREBOARD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/status.h"

#define SCOREBOARD_WORKERS_MAX	256	/* the hard cap on workers */
#define SCOREBOARD_SLOTS	(2 * SCOREBOARD_WORKERS_MAX)	/* a reload's old and new */
#define SCOREBOARD_ROUTES	64	/* route table rows, plus one for "unmatched" */

enum score_counter {
	SCORE_DB_ERRORS,	/* statements that failed, for any reason */
	SCORE_DB_RECONNECTS,	/* connections (re)opened after the first */
	SCORE_WORKER_STARTS,
	SCORE_WORKER_CRASHES,	/* died by a signal or a failing exit */
	SCORE_WORKER_RECYCLED,	/* left after worker_max_requests */
	SCORE_WORKER_DEADLINE,	/* killed past request_timeout */
	SCORE_RELOADS,
	SCORE_SHED,		/* answered 503 at once: queued too long, or hashing full */
	SCORE__MAX
};

/* The latency histogram's upper bounds, in microseconds; a last bucket holds the rest. */
#define SCORE_BUCKETS	13
extern const int64_t	score_bucket_us[SCORE_BUCKETS];

/* A copy of the counters, for /metrics. */
struct score_snapshot {
	uint64_t	requests[SCOREBOARD_ROUTES][STATUS_ROWS];
	uint64_t	latency[SCOREBOARD_ROUTES][SCORE_BUCKETS + 1];
	uint64_t	latency_sum_us[SCOREBOARD_ROUTES];
	uint64_t	counters[SCORE__MAX];
	int		workers_busy;
	int		workers_alive;
};

/* Maps the board; the supervisor calls it once before forking. 0, or -1. */
int	scoreboard_create(void);

/* Supervisor: slot now belongs to the worker pid (0: empty). */
void	scoreboard_slot_assign(int slot, pid_t pid);

/*
 * Supervisor: how long the worker in slot has been busy on its request, in
 * milliseconds (0: idle), and that request's route index and method name.
 */
int64_t	scoreboard_slot_busy(int slot, int *route, const char **method);

/* Worker: the slot it was forked into. */
void	scoreboard_slot_mine(int slot);
int	scoreboard_slot_current(void);

/* Worker: a request started / ended. route is the route index (see route.h). */
void	scoreboard_request_begin(void);
void	scoreboard_request_route(int route, const char *method);
void	scoreboard_request_end(int route, int status, int64_t micros);

void	scoreboard_count(enum score_counter c);

/*
 * Worker: takes a place among at most cap concurrent password hashes;
 * false if all are taken. scoreboard_hash_leave gives it back; a worker
 * that dies gives it back with its slot.
 */
bool	scoreboard_hash_enter(int cap);
void	scoreboard_hash_leave(void);

/*
 * Names the counters' rows: route r (an index of the route table) is
 * method and label, static strings. The supervisor names them all before
 * forking, so every worker and /metrics read the same names.
 */
void	scoreboard_route_name(int r, const char *method, const char *label);

/*
 * Row r's method and label; the last row is "-" and "unmatched". A row
 * never named answers NULL (it counts nothing).
 */
const char	*scoreboard_route_method(int r);
const char	*scoreboard_route_label(int r);

/* Copies the counters; false without a board. */
bool	scoreboard_snapshot(struct score_snapshot *s);

/* Monotonic milliseconds and microseconds. */
int64_t	scoreboard_now_ms(void);
int64_t	scoreboard_now_us(void);

#endif
