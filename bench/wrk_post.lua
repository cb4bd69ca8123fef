-- SPDX-License-Identifier: ISC — Rostra
-- wrk script for the post run: every request POSTs a new comment to the
-- URL given to wrk, author and body numbered per request. The body text
-- comes from BENCH_BODY (set by bench/run.sh, the same sentence the seeded
-- comments and the pgbench ceiling use), so both sides store equal bytes.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk_report.lua")

local sentence = os.getenv("BENCH_BODY") or "A comment posted by the bench."
local n = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
	n = n + 1
	local body = string.format('{"author_name":"Bench reader %05d","body":"Comment %05d: %s"}',
	    n % 100000, n % 100000, sentence)
	return wrk.format(nil, nil, nil, body)
end
