-- SPDX-License-Identifier: ISC — Rostra
-- wrk script for bench/run.sh's open pages: each connection is an article
-- page polling the count URL once per BENCH_POLL_MS with If-None-Match set
-- to the ETag of its previous answer (at first BENCH_ETAG, the page's load);
-- without BENCH_POLL_MS it polls at full speed with BENCH_ETAG. Beside
-- wrk_report.lua's BENCH line it prints POLL: answers by status and X-Cache.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk_report.lua")

local interval = tonumber(os.getenv("BENCH_POLL_MS") or "")
local pages = tonumber(os.getenv("BENCH_POLL_PAGES_PER_THREAD") or "") or 1
local first_etag = os.getenv("BENCH_ETAG") or ""
local threads = {}

-- Per thread (each wrk thread has its own Lua state).
local calls = 0		-- delay() calls so far
local sent = 0		-- requests built so far
local held = {}		-- ETags of answers not yet polled again, oldest first
local head, tail = 1, 0
-- Globals, so done() can read them from each thread (thread:get).
poll_counts = { s200 = 0, s304 = 0, sother = 0, noetag = 0 }
poll_cache = {}

function setup(thread)
	threads[#threads + 1] = thread
end

if interval then
	-- Each connection's first poll comes at its own point of the first
	-- interval, so the polls are spread as open pages' are; after that each
	-- waits one interval after its answer.
	delay = function()
		calls = calls + 1
		if calls <= pages then
			return math.floor((calls - 1) * interval / pages)
		end
		return interval
	end
end

-- A connection polls again one interval after its answer, so requests
-- follow answers in order: request number pages + k carries the ETag of
-- answer k, which that same page received.
request = function()
	local etag = first_etag
	sent = sent + 1
	if interval and sent > pages and head <= tail then
		etag = held[head]
		held[head] = nil
		head = head + 1
	end
	return wrk.format(nil, nil, { ["If-None-Match"] = etag })
end

response = function(status, headers, body)
	if status == 200 then
		poll_counts.s200 = poll_counts.s200 + 1
	elseif status == 304 then
		poll_counts.s304 = poll_counts.s304 + 1
	else
		poll_counts.sother = poll_counts.sother + 1
	end
	local x = headers["X-Cache"] or "none"
	poll_cache[x] = (poll_cache[x] or 0) + 1
	local etag = headers["ETag"]
	if etag == nil then
		poll_counts.noetag = poll_counts.noetag + 1
		etag = first_etag
	end
	if interval then
		tail = tail + 1
		held[tail] = etag
	end
end

local report = done

done = function(summary, latency, requests)
	report(summary, latency, requests)
	local total = { s200 = 0, s304 = 0, sother = 0, noetag = 0 }
	local xc = {}
	for _, t in ipairs(threads) do
		for k in pairs(total) do
			total[k] = total[k] + (t:get("poll_counts")[k] or 0)
		end
		for k, v in pairs(t:get("poll_cache")) do
			xc[k] = (xc[k] or 0) + v
		end
	end
	local names = {}
	for k in pairs(xc) do
		names[#names + 1] = k
	end
	table.sort(names)
	local parts = {}
	for _, k in ipairs(names) do
		parts[#parts + 1] = string.format("%s:%d", k, xc[k])
	end
	io.write(string.format("POLL s200=%d s304=%d sother=%d noetag=%d xcache=%s\n",
	    total.s200, total.s304, total.sother, total.noetag, table.concat(parts, ",")))
end
