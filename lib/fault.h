/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Fault injection for tests, SQLite style: in a build with -DROSTRA_FAULTS
 * (make faults), the Nth call of one kind in a request fails as it would
 * for real. The worker arms it from the request's ROSTRA_FAULT parameter
 * ("alloc:7"), or the process's ROSTRA_FAULT variable, at the start of each
 * request; counters start again with every request. In any other build the
 * hooks are the constant false and nothing here is compiled.
 * Callers: arena.c (alloc), db.c (query, reply), token.c (crypto), worker.c.
 */
#ifndef ROSTRA_FAULT_H
#define ROSTRA_FAULT_H

#include <stdbool.h>

enum fault_kind {
	FAULT_ALLOC,	/* arena allocation: the worker aborts, as on out-of-memory */
	FAULT_QUERY,	/* a statement is never run: the connection is lost on sending it */
	FAULT_REPLY,	/* a statement runs and commits, then the connection is lost before its answer */
	FAULT_CRYPTO,	/* signing, verifying, hashing or checking a password fails */
	FAULT__MAX
};

#ifdef ROSTRA_FAULTS

/*
 * Arms the fault spec names, "KIND:N" with N >= 1, for the request that
 * starts, and zeroes the counters. NULL, "" or a malformed spec arms
 * nothing (a malformed one is reported by fault_armed returning false).
 */
void	 fault_arm(const char *spec);

/* True if this call is the armed Nth of its kind in this request; counts the call. */
bool	 fault_hit(enum fault_kind k);

/* Whether a fault is armed, how many calls of its kind came so far, and how many failed (0 or 1). */
bool	 fault_armed(void);
long	 fault_calls(void);
int	 fault_hits(void);

/* Ends the request's fault: later calls never fail. */
void	 fault_disarm(void);

#else

#define fault_hit(k)	((void)(k), false)

#endif

#endif
