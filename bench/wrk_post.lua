-- SPDX-License-Identifier: ISC — Rostra
-- wrk script for the post run: every request POSTs a new comment to the
-- URL given to wrk as one signed-in reader (BENCH_COOKIE, from the site
-- BENCH_ORIGIN, with the embed's anti-CSRF header), body numbered per
-- request. The body text comes from BENCH_BODY (set by bench/run.sh, the
-- same sentence the seeded comments and the pgbench ceiling use), so both
-- sides store equal bytes.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk_report.lua")

local sentence = os.getenv("BENCH_BODY") or "A comment posted by the bench."
local n = 0

-- Each wrk thread numbers its own bodies, from its own 50,000: two threads
-- in step would post the same body at the same moment, which the policy's
-- repeat check may refuse (409) when both posts' transactions overlap.
local threads = 0
setup = function(thread)
	thread:set("first", threads * 50000)
	threads = threads + 1
end
init = function(args)
	n = first or 0
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["Origin"] = os.getenv("BENCH_ORIGIN")
wrk.headers["X-Rostra-CSRF"] = "1"

request = function()
	n = n + 1
	local body = string.format('{"body":"Comment %05d: %s"}', n % 100000, sentence)
	return wrk.format(nil, nil, nil, body)
end
