/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The fault counters of fault.h: one armed kind and call number per
 * request, in a worker's static memory (a worker serves one request at a
 * time). Compiled to nothing unless ROSTRA_FAULTS is defined; never logs.
 */
#include "lib/fault.h"

#ifdef ROSTRA_FAULTS

#include <stdlib.h>
#include <string.h>

static const char *const fault_names[FAULT__MAX] = {
	[FAULT_ALLOC] = "alloc",
	[FAULT_QUERY] = "query",
	[FAULT_REPLY] = "reply",
	[FAULT_CRYPTO] = "crypto",
};

static struct {
	bool		 armed;
	enum fault_kind	 kind;
	long		 nth;		/* the call that fails, from 1 */
	long		 calls;		/* calls of kind so far */
	int		 hits;
} fault;

void
fault_arm(const char *spec)
{
	memset(&fault, 0, sizeof(fault));
	if (spec == NULL || *spec == '\0')
		return;
	for (int k = 0; k < FAULT__MAX; k++) {
		size_t	 n = strlen(fault_names[k]);
		char	*end;
		long	 nth;

		if (strncmp(spec, fault_names[k], n) != 0 || spec[n] != ':')
			continue;
		nth = strtol(spec + n + 1, &end, 10);
		if (end == spec + n + 1 || *end != '\0' || nth < 1)
			return;
		fault.armed = true;
		fault.kind = (enum fault_kind)k;
		fault.nth = nth;
		return;
	}
}

bool
fault_hit(enum fault_kind k)
{
	if (!fault.armed || k != fault.kind)
		return false;
	if (++fault.calls != fault.nth)
		return false;
	fault.hits++;
	return true;
}

bool
fault_armed(void)
{
	return fault.armed;
}

long
fault_calls(void)
{
	return fault.calls;
}

int
fault_hits(void)
{
	return fault.hits;
}

void
fault_disarm(void)
{
	fault.armed = false;
}

#endif
