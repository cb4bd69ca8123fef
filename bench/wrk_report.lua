-- SPDX-License-Identifier: ISC — Rostra
-- wrk script for every bench run: at the end, one machine-readable "BENCH"
-- line with the counts bench/run.sh checks and reports. GET runs use it as
-- it is; wrk_post.lua loads it. It adds no per-request Lua work, so wrk
-- stays as fast as without a script.

done = function(summary, latency, requests)
	local e = summary.errors
	-- e.status is what wrk prints as "Non-2xx or 3xx responses" (status >= 400).
	io.write(string.format("BENCH requests=%d duration_us=%d bytes=%d status=%d " ..
	    "connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d\n",
	    summary.requests, summary.duration, summary.bytes, e.status,
	    e.connect, e.read, e.write, e.timeout,
	    latency:percentile(50), latency:percentile(99)))
end
