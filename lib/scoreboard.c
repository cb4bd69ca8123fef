/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The shared board. Every field is an atomic of a lock-free size, so a
 * worker killed half-way through an update leaves nothing locked; counters
 * only grow (Prometheus counters), and the supervisor resets a slot when it
 * hands it to a new worker.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "lib/scoreboard.h"

const int64_t	score_bucket_us[SCORE_BUCKETS] = {
	1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000,
	1000000, 2500000, 5000000, 10000000,
};

struct score_slot {
	atomic_int		 pid;
	atomic_llong		 busy_since_ms;	/* 0: idle */
	atomic_int		 route;
	_Atomic(const char *)	 method;	/* a static string of this binary */
	atomic_int		 hashing;
};

struct board {
	struct score_slot	 slots[SCOREBOARD_SLOTS];
	atomic_ullong		 requests[SCOREBOARD_ROUTES][STATUS_ROWS];
	atomic_ullong		 latency[SCOREBOARD_ROUTES][SCORE_BUCKETS + 1];
	atomic_ullong		 latency_sum_us[SCOREBOARD_ROUTES];
	atomic_ullong		 counters[SCORE__MAX];
};

static struct board	*board;
static const char	*route_names[SCOREBOARD_ROUTES][2];	/* method, label */
static int		 my_slot = -1;

_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2 && ATOMIC_INT_LOCK_FREE == 2 &&
    ATOMIC_POINTER_LOCK_FREE == 2, "the board needs lock-free atomics");

int64_t
scoreboard_now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t
scoreboard_now_ms(void)
{
	return scoreboard_now_us() / 1000;
}

int
scoreboard_create(void)
{
	void	*p = mmap(NULL, sizeof(struct board), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	board = p;	/* the kernel hands it over zeroed: every counter 0, every slot empty */
	return 0;
}

void
scoreboard_slot_assign(int slot, pid_t pid)
{
	struct score_slot	*s;

	if (board == NULL || slot < 0 || slot >= SCOREBOARD_SLOTS)
		return;
	s = &board->slots[slot];
	atomic_store(&s->busy_since_ms, 0);
	atomic_store(&s->hashing, 0);
	atomic_store(&s->route, -1);
	atomic_store(&s->method, NULL);
	atomic_store(&s->pid, (int)pid);
}

int64_t
scoreboard_slot_busy(int slot, int *route, const char **method)
{
	struct score_slot	*s;
	int64_t			 since;

	*route = -1;
	*method = NULL;
	if (board == NULL || slot < 0 || slot >= SCOREBOARD_SLOTS)
		return 0;
	s = &board->slots[slot];
	if ((since = atomic_load(&s->busy_since_ms)) == 0)
		return 0;
	*route = atomic_load(&s->route);
	*method = atomic_load(&s->method);
	return scoreboard_now_ms() - since + 1;
}

void
scoreboard_slot_mine(int slot)
{
	my_slot = slot;
}

int
scoreboard_slot_current(void)
{
	return my_slot;
}

static struct score_slot *
scoreboard_my(void)
{
	return board != NULL && my_slot >= 0 ? &board->slots[my_slot] : NULL;
}

void
scoreboard_request_begin(void)
{
	struct score_slot	*s = scoreboard_my();

	if (s == NULL)
		return;
	atomic_store(&s->route, -1);
	atomic_store(&s->method, NULL);
	atomic_store(&s->busy_since_ms, scoreboard_now_ms());
}

void
scoreboard_request_route(int route, const char *method)
{
	struct score_slot	*s = scoreboard_my();

	if (s == NULL)
		return;
	atomic_store(&s->route, route);
	atomic_store(&s->method, method);
}

void
scoreboard_request_end(int route, int status, int64_t micros)
{
	struct score_slot	*s = scoreboard_my();
	int			 st = status_row(status), b = 0;

	if (s == NULL)
		return;
	atomic_store(&s->busy_since_ms, 0);
	if (route < 0 || route >= SCOREBOARD_ROUTES)
		route = SCOREBOARD_ROUTES - 1;
	while (b < SCORE_BUCKETS && micros > score_bucket_us[b])
		b++;
	atomic_fetch_add_explicit(&board->requests[route][st], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&board->latency[route][b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&board->latency_sum_us[route], (unsigned long long)micros,
	    memory_order_relaxed);
}

void
scoreboard_count(enum score_counter c)
{
	if (board != NULL)
		atomic_fetch_add_explicit(&board->counters[c], 1, memory_order_relaxed);
}

bool
scoreboard_hash_enter(int cap)
{
	struct score_slot	*s = scoreboard_my();
	int			 taken = 0;

	if (s == NULL)
		return true;
	/* Take first, then count: two racing workers may both step back, never both pass. */
	atomic_store(&s->hashing, 1);
	for (int i = 0; i < SCOREBOARD_SLOTS; i++)
		taken += atomic_load(&board->slots[i].hashing);
	if (taken <= cap)
		return true;
	atomic_store(&s->hashing, 0);
	return false;
}

void
scoreboard_hash_leave(void)
{
	struct score_slot	*s = scoreboard_my();

	if (s != NULL)
		atomic_store(&s->hashing, 0);
}

bool
scoreboard_snapshot(struct score_snapshot *out)
{
	if (board == NULL)
		return false;
	memset(out, 0, sizeof(*out));
	for (int r = 0; r < SCOREBOARD_ROUTES; r++) {
		for (int i = 0; i < STATUS_ROWS; i++)
			out->requests[r][i] = atomic_load(&board->requests[r][i]);
		for (int i = 0; i <= SCORE_BUCKETS; i++)
			out->latency[r][i] = atomic_load(&board->latency[r][i]);
		out->latency_sum_us[r] = atomic_load(&board->latency_sum_us[r]);
	}
	for (int c = 0; c < SCORE__MAX; c++)
		out->counters[c] = atomic_load(&board->counters[c]);
	for (int i = 0; i < SCOREBOARD_SLOTS; i++) {
		if (atomic_load(&board->slots[i].pid) == 0)
			continue;
		out->workers_alive++;
		if (atomic_load(&board->slots[i].busy_since_ms) != 0)
			out->workers_busy++;
	}
	return true;
}

void
scoreboard_route_name(int r, const char *method, const char *label)
{
	if (r >= 0 && r < SCOREBOARD_ROUTES - 1) {
		route_names[r][0] = method;
		route_names[r][1] = label;
	}
}

const char *
scoreboard_route_method(int r)
{
	if (r == SCOREBOARD_ROUTES - 1)
		return "-";
	return r >= 0 && r < SCOREBOARD_ROUTES ? route_names[r][0] : NULL;
}

const char *
scoreboard_route_label(int r)
{
	if (r == SCOREBOARD_ROUTES - 1)
		return "unmatched";
	return r >= 0 && r < SCOREBOARD_ROUTES ? route_names[r][1] : NULL;
}
