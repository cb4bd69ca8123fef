#!/bin/sh
# SPDX-License-Identifier: ISC — Rostra
# make bench: each Rostra figure beside a ceiling measured in the same run
# (nginx serving a static file; pgbench running the statements the request
# runs, printed from db/db_stmt.c by tests/db/queue_explain), on a
# private stack in a temp dir; table on stdout and in build/bench/results.md.
# It reports and never judges speed: it fails only on errors during a run or
# a set-up that is not what it claims. Loopback only. Env: BENCH_SECONDS (10),
# BENCH_CONNECTIONS (32), BENCH_PAGES (10000 open pages polling the count for
# max(BENCH_SECONDS, 30) s), BENCH_KEEP=1 keeps the temp dir, BENCH_ONLY
# (e.g. "read post") runs only those groups of rows: cached, read (with its
# FastCGI floor and pgbench), 10k, queue, post (with both ceilings), pages;
# the rows left out read 0 and "skipped".
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
bench=$root/bench
out=$root/build/bench
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-32}
pages=${BENCH_PAGES:-10000}
threads=2
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
# One sentence for every comment the bench stores (seeded, posted by wrk,
# inserted by pgbench), so all sides move the same bytes.
sentence="a reader writes a few sentences about the article, long enough to look like a real comment and short enough to stay one paragraph of plain text, as most comments are."

# The daemon's connections run without JIT (db/db_exec.c); so do pgbench's and psql's.
export PGOPTIONS="${PGOPTIONS:+$PGOPTIONS }-c jit=off"

say() { printf 'bench: %s\n' "$*"; }
# Whether group $1 of rows runs (BENCH_ONLY).
want() {
	case " ${BENCH_ONLY:-$1} " in *" $1 "*) return 0 ;; esac
	return 1
}
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

case $secs in '' | *[!0-9]* | 0) die "BENCH_SECONDS must be a whole number of seconds above 0" ;; esac
case $conns in '' | *[!0-9]*) die "BENCH_CONNECTIONS must be a whole number" ;; esac
[ "$conns" -ge $threads ] || die "BENCH_CONNECTIONS must be at least $threads"
case $pages in '' | *[!0-9]*) die "BENCH_PAGES must be a whole number" ;; esac
# wrk gives each thread connections / threads; the bench's nginx has room
# for 16384 connections per worker (scripts/nginx-private.conf.in).
[ "$pages" -ge $threads ] && [ $((pages % threads)) -eq 0 ] && [ "$pages" -le 16000 ] ||
	die "BENCH_PAGES must be a multiple of $threads from $threads to 16000"
# Each open page is a connection, so a file descriptor in wrk and in an
# nginx worker (which keeps the limit it starts with): raise the soft limit
# towards 32768 (nginx's worker_connections and more) before the stack
# starts; as far as the hard limit allows, without CAP_SYS_RESOURCE.
nofile=$(ulimit -Hn)
if [ "$nofile" = unlimited ] || [ "$nofile" -gt 32768 ]; then
	nofile=32768
fi
[ "$nofile" -ge $((pages + 1024)) ] ||
	die "the hard open-file limit ($nofile) is below BENCH_PAGES + 1024; raise it or lower BENCH_PAGES"
ulimit -n "$nofile" || die "cannot raise the open-file limit to $nofile"
[ -n "$pgbin" ] && [ -x "$pgbin/pgbench" ] || die "PostgreSQL and pgbench not installed (make deps)"
for tool in wrk nginx curl ss; do
	command -v $tool >/dev/null || die "$tool not installed (make deps)"
done
[ -x "$root/build/rostra" ] || [ -n "${ROSTRA_BUILD:-}" ] || die "build/rostra missing (make all)"
build=${ROSTRA_BUILD:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
explain=$build/tests/db/queue_explain
[ -x "$explain" ] || die "$explain missing (make bench builds it)"
null_fcgi=$build/bench/null_fcgi
[ -x "$null_fcgi" ] || die "$null_fcgi missing (make bench builds it)"

mkdir -p "$out"
rm -f "$out"/*.log "$out/results.md"
dir=$(mktemp -d /tmp/rostra-bench.XXXXXX)
chmod 755 "$dir"
started=0
failures=""

# Stops the stack and checks that its processes are gone, whatever happened.
cleanup() {
	rc=$?
	trap - EXIT INT TERM HUP
	# The open-pages run's poster and sampler, if a failure left them running.
	for pid in ${poll_pids:-} ${floor_pid:-}; do
		kill "$pid" 2>/dev/null || true
	done
	if [ $started -eq 1 ]; then
		pids=""
		for f in "$dir/rostra.pid" "$dir/nginx/nginx.pid" "$dir/pg/postmaster.pid"; do
			[ -f "$f" ] && pids="$pids $(head -n 1 "$f")"
		done
		cp "$dir/rostra.log" "$out/rostra.log" 2>/dev/null || true
		cp "$dir/nginx/error.log" "$out/nginx-error.log" 2>/dev/null || true
		cp "$dir/pg/postgres.log" "$out/postgres.log" 2>/dev/null || true
		sh "$root/scripts/stack.sh" stop "$dir" >/dev/null 2>&1 || rc=1
		# A pid file goes a moment before its process: allow a few seconds.
		for pid in $pids; do
			i=0
			while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
				sleep 0.1
				i=$((i + 1))
			done
			if kill -0 "$pid" 2>/dev/null; then
				printf 'bench: process %s of the stack in %s is still running\n' "$pid" "$dir" >&2
				rc=1
			fi
		done
	fi
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		say "kept $dir"
	else
		rm -rf "$dir"
	fi
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Two decimals; two significant digits below 0.01 (a share of a ceiling).
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "n/a"; else if (a / b >= 0.01 || a == 0) printf "%.2f", a / b; else printf "%.2g", a / b }'
}
# The checks cell of a row: "ok", or every failure of its runs.
checks() {
	c=""
	for n; do
		[ "$n" = ok ] || c="$c${c:+; }$n"
	done
	echo "${c:-ok}"
}

# PostgreSQL runs as user rostra when we are root (scripts/pg.sh).
as_db() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u rostra -- "$@"
	else
		"$@"
	fi
}

psql_db() {
	as_db "$pgbin/psql" -h "$dir/run" -U rostra -d rostra -X -q -A -t -v ON_ERROR_STOP=1 "$@"
}

# A port in 20000-29999 (below the kernel's ephemeral range) nobody listens on.
free_port() {
	while :; do
		p=$(($(od -An -N2 -tu2 /dev/urandom) % 10000 + 20000))
		if [ -z "$(ss -Hltn "sport = :$p")" ]; then
			echo $p
			return
		fi
	done
}

# ---- The stack --------------------------------------------------------------

say "starting a private stack in $dir"
attempt=1
while :; do
	port=$(free_port)
	started=1
	# A longer track_activity_query_size lets check_same_sql read whole statements.
	if ROSTRA_ACCESS_LOG=off ROSTRA_NGINX_LIMITS=off ROSTRA_DEMO=off PG_OPTS="-c track_activity_query_size=4096" \
		sh "$root/scripts/stack.sh" start "$dir" "$port" >"$dir/stack.log" 2>&1; then
		break
	fi
	# Another program may have taken the port between the check and nginx.
	if [ $attempt -lt 3 ] && grep -qs 'Address already in use' "$dir/stack.log" "$dir/nginx/error.log"; then
		attempt=$((attempt + 1))
		continue
	fi
	cat "$dir/stack.log" >&2
	die "the stack did not start"
done
base=http://127.0.0.1:$port
# wrk posts as fast as it can, from one address, one reader, the same text:
# the rate and repeat checks would refuse nearly all of it.
for s in rate_address_max rate_author_max repeat_window guest_address_max; do
	sh "$root/scripts/stack.sh" rostra "$dir" settings set $s 0 >/dev/null
done
api=$base/comments/api/v1/articles
workers=$(sed -n 's/.*starting \([0-9]*\) workers.*/\1/p' "$dir/rostra.log" | tail -n 1)
workers=${workers:-$(nproc)}

# ---- Seed data through the API ------------------------------------------------

# Posts comment number $2 to article $1, as a reader's browser would: a
# guest's first comment, or with cookie $3 a signed-in reader's.
post_comment() {
	num=$(printf '%05d' "$2")
	code=$(curl -sS -o "$dir/post.out" -w '%{http_code}' -H 'Content-Type: application/json' \
		-H "Origin: $base" -H 'X-Rostra-CSRF: 1' ${3:+-H "Cookie: $3"} \
		--data-binary "{\"author_name\":\"Bench reader $num\",\"body\":\"Comment $num: $sentence\"}" \
		"$api/$1/comments") || code=000
	[ "$code" = 201 ] || die "seeding $1: POST answered $code: $(cat "$dir/post.out" 2>/dev/null)"
}

# The Cookie header of a reader who has just posted, whose reads skip the
# micro-cache: rostra_fresh counts only beside a session that verifies
# (nginx.conf.example), so one guest's, made once into $dir/fresh.cookie.
fresh_cookie() {
	if [ ! -s "$dir/fresh.cookie" ]; then
		curl -fsS -D - -o /dev/null -H 'Content-Type: application/json' -H "Origin: $base" \
			-H 'X-Rostra-CSRF: 1' --data-binary '{"display_name":"Bench fresh reader"}' \
			"$base/comments/api/v1/session/guest" | tr -d '\r' |
			sed -n 's/^[Ss]et-[Cc]ookie: \(rostra_session=[^;]*\).*/Cookie: \1; rostra_fresh=1/p' \
			>"$dir/fresh.cookie"
		[ -s "$dir/fresh.cookie" ] || die "no guest session for uncached reads"
	fi
	cat "$dir/fresh.cookie"
}

# Fetches a listing past the micro-cache (the daemon answers).
fresh_get() {
	curl -fsS -H "$(fresh_cookie)" "$api/$1/comments"
}

# Checks article $1: comment_count $2, a first page of 50, next_cursor null or not ($3).
check_thread() {
	body=$(fresh_get "$1") || die "reading $1 failed"
	count=$(printf '%s' "$body" | sed -n 's/.*"comment_count": *\([0-9]*\).*/\1/p')
	items=$(printf '%s' "$body" | grep -o '"id": *[0-9]' | wc -l)
	[ "$count" = "$2" ] || die "$1 has comment_count $count, not $2"
	[ "$items" -eq 50 ] || die "$1's first page has $items comments, not 50"
	case $3:$body in
	null:*'"next_cursor":null'* | more:*'"next_cursor":"'*) ;;
	*) die "$1's next_cursor is not $3" ;;
	esac
	rows=$(psql_db -v key="$1" <<-'SQL'
		SELECT count(*) FROM comment c JOIN article a ON a.id = c.article_id
		 WHERE a.key = :'key' AND c.status IN ('published', 'approved');
	SQL
	)
	[ "$rows" = "$2" ] || die "$1 has $rows visible comments in the database, not $2"
}

say "seeding bench-50 (50 posts through the API) and bench-10k (1 post, then 9,999 rows by SQL)"
i=1
while [ $i -le 50 ]; do
	post_comment bench-50 $i
	i=$((i + 1))
done
post_comment bench-10k 1
psql_db -v key=bench-10k -v first=2 -v last=10000 -v sentence="$sentence" <"$bench/seed_thread.sql" >/dev/null
check_thread bench-50 50 null
check_thread bench-10k 10000 more

# ---- The ceilings must run what the daemon runs -------------------------------

# The text of the statement the daemon ran last (its backend's pg_stat_activity).
daemon_last_sql() {
	psql_db -c "SELECT query FROM pg_stat_activity WHERE backend_type = 'client backend'
		AND datname = 'rostra' AND pid <> pg_backend_pid() ORDER BY state_change DESC LIMIT 1"
}

# One line, single spaces, none inside parentheses, no final semicolon.
sql_normalise() {
	tr '\n\t' '  ' | sed -e 's/  */ /g' -e 's/( /(/g' -e 's/ )/)/g' -e 's/^ //' -e 's/ *;* *$//'
}

# Checks that the daemon's last statement, after request $1, is statement
# $2 of db/db_stmt.c: the ceilings run the statements queue_explain
# prints from there, so a request that no longer runs them stops the bench.
check_same_sql() {
	daemon_last_sql >"$dir/daemon-$1.sql"
	daemon=$(sql_normalise <"$dir/daemon-$1.sql")
	[ ${#daemon} -lt 4000 ] || die "the $1 statement may be cut short in pg_stat_activity (track_activity_query_size)"
	ours=$("$explain" sql "$2" | sql_normalise)
	if [ "$daemon" != "$ours" ]; then
		printf 'daemon: %s\n%s: %s\n' "$daemon" "$2" "$ours" >&2
		die "the $1 request no longer ends with statement $2 of db/db_stmt.c: update bench/run.sh"
	fi
}

# pg_script FILE NAME...: a pgbench script running statements NAME... of
# db/db_stmt.c in turn, one autocommit statement each as the daemon runs
# them: one transaction is one request. Statement NAME's $N is variable
# :NAME_N; pgbench sends an unset one as NULL, as the daemon does.
pg_script() {
	f=$dir/$1
	shift
	: >"$f"
	for s; do
		"$explain" pgbench "$s" >>"$f" || die "queue_explain cannot print $s for pgbench"
	done
	chmod 644 "$f"
}

# The post run is a signed-in reader's: one guest session, reused.
curl -sS -D "$dir/guest.head" -o /dev/null -H 'Content-Type: application/json' \
	-H "Origin: $base" -H 'X-Rostra-CSRF: 1' --data-binary '{"display_name":"Bench reader"}' \
	"$base/comments/api/v1/session/guest" || die "no guest session"
cookie=$(tr -d '\r' <"$dir/guest.head" | sed -n 's/^[Ss]et-[Cc]ookie: \(rostra_session=[^;]*\).*/\1/p')
[ -n "$cookie" ] || die "the guest sign-in set no session cookie"
sid=$(psql_db -c "SELECT max(id) FROM session" | tr -d ' ')
uid=$(psql_db -c "SELECT user_id FROM session WHERE id = $sid" | tr -d ' ')
# A post runs the policy's facts, then the insert with the verdict; the
# ceiling passes the verdict a plain comment gets, checked here as stored.
post_comment bench-post 1 "$cookie"
check_same_sql post comment_insert
stored=$(psql_db -c "SELECT c.status, c.flagged, host(c.address),
	(SELECT count(*) FROM moderation_log l WHERE l.comment_id = c.id) FROM comment c ORDER BY c.id DESC LIMIT 1")
[ "$stored" = "published|f|127.0.0.1|0" ] ||
	die "the bench post was stored as $stored, not published|f|127.0.0.1|0 (status, flagged, address, log rows): the post ceiling's verdict is wrong"
pg_script post.sql post_facts comment_insert
fresh_get bench-50 >/dev/null
check_same_sql page comment_page
pg_script page.sql comment_page

# ---- The moderation queue -----------------------------------------------------

queue_held=5000
say "seeding the moderation queue ($queue_held held comments by SQL) and signing in a moderator"
psql_db -v held=$queue_held -v articles=50 -v authors=500 -v sentence="$sentence" \
	<"$bench/seed_queue.sql" >/dev/null
mod_email=bench-moderator@example.com
mod_password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$mod_password" | sh "$root/scripts/stack.sh" rostra "$dir" user add "$mod_email" \
	"Bench moderator" moderator >/dev/null || die "rostra user add could not make the moderator"
code=$(curl -sS -D "$dir/mod.head" -o "$dir/mod.out" -w '%{http_code}' -H 'Content-Type: application/json' \
	-H "Origin: $base" -H 'X-Rostra-CSRF: 1' \
	--data-binary "{\"email\":\"$mod_email\",\"password\":\"$mod_password\"}" \
	"$base/comments/api/v1/session") || code=000
[ "$code" = 200 ] || die "the moderator's sign-in answered $code: $(cat "$dir/mod.out" 2>/dev/null)"
mod_cookie=$(tr -d '\r' <"$dir/mod.head" | sed -n 's/^[Ss]et-[Cc]ookie: \(rostra_session=[^;]*\).*/\1/p')
[ -n "$mod_cookie" ] || die "the moderator's sign-in set no session cookie"
mod_session=$(psql_db -c "SELECT s.id || ' ' || s.user_id FROM session s JOIN app_user u ON u.id = s.user_id
	WHERE u.email = '$mod_email' ORDER BY s.id DESC LIMIT 1")
mod_sid=${mod_session% *} mod_uid=${mod_session#* }
queue_url=$base/comments/api/v1/moderation/comments?queue=pending
# The first page of 25 (the API's default), the count, a next page, no cache.
curl -fsS -D "$dir/queue.head" -o "$dir/queue.out" -H "Cookie: $mod_cookie" "$queue_url" ||
	die "the moderator's queue listing failed"
body=$(cat "$dir/queue.out")
items=$(printf '%s' "$body" | grep -o '"status" *: *"held"' | wc -l)
case $body in
*'"pending":'"$queue_held"[!0-9]*) ;;
*) die "the pending queue does not count the $queue_held seeded comments" ;;
esac
[ "$items" -eq 25 ] || die "the queue's first page has $items held comments, not 25"
case $body in *'"next_cursor":"'*) ;; *) die "the queue's first page has no next_cursor" ;; esac
if tr -d '\r' <"$dir/queue.head" | grep -qi '^x-cache: *hit'; then
	die "nginx answered the moderation queue from its cache"
fi
check_same_sql queue queue_pending
pg_script queue.sql me_get queue_counts queue_pending

# ---- The micro-cache and the static twin ---------------------------------------

read_url=$api/bench-50/comments
static_url=$base/bench-50.json

# The X-Cache header nginx gives a GET of $@.
x_cache() {
	curl -fsS -o /dev/null -D - "$@" | tr -d '\r' | sed -n 's/^[Xx]-[Cc]ache: *//p'
}

curl -fsS "$read_url" -o "$dir/web/bench-50.json"
chmod 644 "$dir/web/bench-50.json"
curl -fsS "$static_url" -o "$dir/static.out"
cmp -s "$dir/web/bench-50.json" "$dir/static.out" || die "nginx does not serve the static twin as saved"
fresh_get bench-50 >"$dir/fresh.out"
cmp -s "$dir/web/bench-50.json" "$dir/fresh.out" || die "the cached listing differs from the daemon's"
hit=""
for i in 1 2 3; do
	hit=$(x_cache "$read_url")
	[ "$hit" = HIT ] && break
done
[ "$hit" = HIT ] || die "a repeated anonymous read is not a cache HIT (X-Cache: $hit)"
bypass=$(x_cache -H "$(fresh_cookie)" "$read_url")
[ "$bypass" = BYPASS ] || die "a read with rostra_fresh=1 and a session is not a cache BYPASS (X-Cache: $bypass)"
forged=$(x_cache -H 'Cookie: rostra_fresh=1; rostra_session=v4.public.made-up' "$read_url")
# Answered from the cache (an entry past its second may be STALE or UPDATING), not passed by.
case $forged in
HIT | STALE | UPDATING) ;;
*) die "a read with a made-up session and rostra_fresh=1 is not answered from the cache (X-Cache: $forged)" ;;
esac

# ---- The floors: nginx before a FastCGI responder that does nothing; a plain INSERT

# The do-nothing responder answers the uncached listing's bytes, with as
# many workers as the daemon, behind a server of its own in the stack's
# nginx (no cache, no keep-alive to it, as for the daemon).
floor_port=$(free_port)
floor_url=http://127.0.0.1:$floor_port/comments/api/v1/articles/bench-50/comments
"$null_fcgi" "$dir/run/null.sock" "$dir/web/bench-50.json" "$workers" 2>"$dir/null_fcgi.log" &
floor_pid=$!
conf=$dir/nginx/nginx.conf
[ "$(grep -c "^ *include $dir/nginx/rostra.conf;\$" "$conf")" = 1 ] || die "the stack's nginx.conf does not include rostra.conf once"
sed -i "s|^ *include $dir/nginx/rostra.conf;\$|    server {\\
        listen 127.0.0.1:$floor_port;\\
        location / {\\
            include fastcgi_params;\\
            fastcgi_pass unix:$dir/run/null.sock;\\
        }\\
    }\\
&|" "$conf"
nginx -t -q -c "$conf" -e "$dir/nginx/error.log" || die "the stack's nginx.conf with the FastCGI floor does not load"
kill -HUP "$(cat "$dir/nginx/nginx.pid")"
i=0
until curl -fsS -o "$dir/floor.out" "$floor_url" 2>/dev/null; do
	i=$((i + 1))
	[ $i -le 50 ] || die "nginx does not answer through the do-nothing FastCGI responder: $(cat "$dir/null_fcgi.log")"
	sleep 0.1
done
cmp -s "$dir/web/bench-50.json" "$dir/floor.out" || die "the do-nothing responder does not answer the listing's bytes"

# A copy of the comment table with its indexes and nothing else: no
# triggers, no foreign keys, no counters. One INSERT of a post's row into
# it, durable, is the floor under any post (path, which a trigger sets, is
# given: a top-level comment's).
psql_db -c "CREATE TABLE bench_plain_comment (LIKE comment INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)" >/dev/null
cat >"$dir/plain_insert.sql" <<-'SQL'
	\set seq random(1, 9000000000000000)
	INSERT INTO bench_plain_comment (article_id, seq, user_id, author_name, body, status, flagged, address, body_html, path)
	 VALUES (:article, :seq, :user_id, 'Bench reader', :body, 'published', false, '127.0.0.1', :html, ARRAY[:seq]::bigint[]);
SQL
chmod 644 "$dir/plain_insert.sql"

# ---- Runs ----------------------------------------------------------------------

# wrk_run ID URL [wrk args]: sets run_rps, run_p50 and run_p99 (ms),
# run_bytes (per response) and run_note ("ok" or what went wrong); later wrk
# args override -c and -d. Output: build/bench/ID.log.
wrk_run() {
	id=$1 url=$2
	shift 2
	log=$out/$id.log
	BENCH_BODY=$sentence wrk -t$threads -c"$conns" -d"$secs"s --timeout 10s "$@" "$url" >"$log" 2>&1 ||
		{ cat "$log" >&2; die "wrk failed ($id)"; }
	line=$(grep '^BENCH ' "$log") || { cat "$log" >&2; die "wrk printed no summary ($id)"; }
	set -- $line
	shift
	for kv; do
		eval "w_${kv%%=*}=\${kv#*=}"
	done
	run_rps=$(awk -v n="$w_requests" -v us="$w_duration_us" 'BEGIN { printf "%.0f", n / (us / 1e6) }')
	run_p50=$(awk -v us="$w_p50_us" 'BEGIN { printf "%.1f", us / 1000 }')
	run_p99=$(awk -v us="$w_p99_us" 'BEGIN { printf "%.1f", us / 1000 }')
	run_bytes=$(awk -v b="$w_bytes" -v n="$w_requests" 'BEGIN { printf "%.0f", (n > 0 ? b / n : 0) }')
	sock=$((w_connect + w_read + w_write + w_timeout))
	run_note=ok
	if [ "$w_requests" -eq 0 ] || [ "$w_status" -ne 0 ] || [ $sock -ne 0 ] ||
	    grep -q -e 'Non-2xx or 3xx responses' -e 'Socket errors' "$log"; then
		run_note="FAILED: $w_requests requests, $w_status non-2xx, $sock socket errors (connect $w_connect, read $w_read, write $w_write, timeout $w_timeout)"
		failures="$failures $id"
	fi
	say "$id: $run_rps req/s, p99 $run_p99 ms, $run_bytes bytes/response, $run_note"
}

# A second of load before a measured read, not counted: caches, connections.
wrk_warm() {
	url=$1
	shift
	wrk -t$threads -c"$conns" -d1s "$@" "$url" >/dev/null 2>&1 || true
}

# pg_run ID CLIENTS SCRIPT [pgbench args]: SCRIPT from pg_script; sets run_rps (tps) and run_note.
pg_run() {
	id=$1 clients=$2 script=$3
	shift 3
	log=$out/$id.log
	jobs=$threads
	[ "$clients" -ge $jobs ] || jobs=$clients
	rc=0
	as_db "$pgbin/pgbench" -h "$dir/run" -U rostra -n -M prepared -c "$clients" -j $jobs \
		-T "$secs" -f "$dir/$script" "$@" rostra >"$log" 2>&1 || rc=$?
	run_rps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$log" | awk '{ printf "%.0f", $1 }')
	failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$log")
	run_note=ok
	if [ $rc -ne 0 ] || [ -z "$run_rps" ] || [ "${failed:-0}" -ne 0 ] || grep -q 'aborted' "$log"; then
		run_note="FAILED: pgbench exit $rc, ${failed:-?} failed transactions (see build/bench/$id.log)"
		failures="$failures $id"
		run_rps=${run_rps:-0}
	fi
	say "$id: $run_rps tps, $run_note"
}

# pg_ceiling ID SCRIPT [pgbench args]: pgbench with as many clients as wrk
# has connections, and with as many as the daemon has database connections
# (one per worker); the ceiling is the better of the two, because one hot
# row (a post's article) makes many clients slower than few. Sets ceil_rps,
# ceil_clients, ceil_detail and ceil_note.
pg_ceiling() {
	ceil_id=$1
	shift
	pg_run "$ceil_id-c$conns" "$conns" "$@"
	ceil_rps=$run_rps ceil_clients=$conns ceil_note=$run_note
	ceil_detail="$conns clients $run_rps tps"
	if [ "$workers" -ne "$conns" ]; then
		pg_run "$ceil_id-c$workers" "$workers" "$@"
		ceil_detail="$ceil_detail, $workers clients $run_rps tps"
		[ "$run_note" = ok ] || ceil_note=$(checks "$ceil_note" "$run_note")
		if [ "$run_rps" -gt "$ceil_rps" ]; then
			ceil_rps=$run_rps ceil_clients=$workers
		fi
	fi
}

fresh=$(fresh_cookie)
say "each run: $secs s, $threads threads, $conns connections (wrk) or clients (pgbench)"
if [ -n "${BENCH_ONLY:-}" ]; then
	for v in cached static fresh50 floor page fresh10k queue post insert plain open full static304 capacity daemon; do
		eval "${v}_rps=0 ${v}_p99=0 ${v}_bytes=0 ${v}_note=skipped ${v}_tps=0 ${v}_clients=0 ${v}_detail=skipped"
	done
	queue_note_pg=skipped page_tps=0 queue_tps=0 insert_tps=0 plain_tps=0 plans=skipped
	open_checks=skipped open_detail=skipped
fi

if want cached; then
wrk_warm "$read_url"
wrk_run cached-read "$read_url" -s "$bench/wrk_report.lua"
cached_rps=$run_rps cached_p99=$run_p99 cached_bytes=$run_bytes cached_note=$run_note
wrk_warm "$static_url"
wrk_run static-file "$static_url" -s "$bench/wrk_report.lua"
static_rps=$run_rps static_bytes=$run_bytes static_note=$run_note
fi

if want read; then
wrk_warm "$read_url" -H "$fresh"
wrk_run uncached-read-50 "$read_url" -H "$fresh" -s "$bench/wrk_report.lua"
fresh50_rps=$run_rps fresh50_p99=$run_p99 fresh50_note=$run_note
wrk_warm "$floor_url"
wrk_run fcgi-floor "$floor_url" -s "$bench/wrk_report.lua"
floor_rps=$run_rps floor_note=$run_note
# The daemon runs a thread's page on its generic plan (db/db_exec.c); so does its ceiling.
pgoptions=$PGOPTIONS
export PGOPTIONS="$PGOPTIONS -c plan_cache_mode=force_generic_plan"
pg_ceiling pgbench-page page.sql -D comment_page_1=bench-50 -D comment_page_2=9223372036854775807 \
	-D comment_page_3=51 -D comment_page_4=true -D comment_page_5=3
export PGOPTIONS="$pgoptions"
page_tps=$ceil_rps page_clients=$ceil_clients page_detail=$ceil_detail page_note=$ceil_note
fi

if want 10k; then
wrk_warm "$api/bench-10k/comments" -H "$fresh"
wrk_run uncached-read-10k "$api/bench-10k/comments" -H "$fresh" -s "$bench/wrk_report.lua"
fresh10k_rps=$run_rps fresh10k_p99=$run_p99 fresh10k_note=$run_note
fi

# The moderator's first page of the pending queue: the moderator check, the
# counts and the page, as one pgbench transaction ($1 scope NULL: the whole
# site; $2 cursor 0: the start; $3 the 25 asked for and one more).
if want queue; then
wrk_warm "$queue_url" -H "Cookie: $mod_cookie"
wrk_run queue "$queue_url" -H "Cookie: $mod_cookie" -s "$bench/wrk_report.lua"
queue_rps=$run_rps queue_p99=$run_p99 queue_bytes=$run_bytes queue_note=$run_note
pg_ceiling pgbench-queue queue.sql -D me_get_1="$mod_sid" -D me_get_2="$mod_uid" \
	-D queue_pending_2=0 -D queue_pending_3=26
queue_tps=$ceil_rps queue_clients=$ceil_clients queue_detail=$ceil_detail queue_note_pg=$ceil_note
fi

# plan_summary LABEL NAME ARGS [generic]: EXPLAINs statement NAME of
# db/db_stmt.c with SQL arguments ARGS after five runs, on its generic plan
# as the daemon runs it, or without "generic" (a statement PostgreSQL plans
# per run, PLAN_CHOSEN in db_stmt_plan) on the plan PostgreSQL chooses then, and prints
# the first scan of comment it chose and the rows that scan read: the runs
# above ran on that plan. Before the post runs add rows.
plan_summary() {
	{
		printf '%s\n' '\o /dev/null'
		[ "${4:-}" = generic ] && echo "SET plan_cache_mode = force_generic_plan;"
		echo "PREPARE s AS $("$explain" sql "$2");"
		for i in 1 2 3 4 5 6; do
			echo "EXECUTE s($3);"
		done
		printf '%s\n' '\o'
		echo "EXPLAIN (ANALYZE, BUFFERS) EXECUTE s($3);"
	} | psql_db >"$out/plan-$1.log"
	line=$(grep -E '(Index|Index Only|Bitmap Index) Scan( Backward)? using [a-z_]+ on comment' "$out/plan-$1.log" | head -n 1)
	scan=$(printf '%s' "$line" | grep -o -E '(Index|Index Only|Bitmap Index) Scan( Backward)? using [a-z_]+ on comment')
	rows=$(printf '%s' "$line" | sed -n 's/.*actual time=[^ ]* rows=\([0-9]*\) loops=1).*/\1/p')
	removed=$(awk '/ on comment/ { f = 1; next } f && /->/ { exit }
		f && /Rows Removed by Filter:/ { sub(/.*Filter: */, ""); print; exit }' "$out/plan-$1.log")
	echo "$1 ${scan:-no index scan}${rows:+, $rows rows}${removed:+, rows removed by filter: $removed}"
}
if want read; then
plans="$(plan_summary bench-50 comment_page "'bench-50', 9223372036854775807, 51, true, 3" generic);"
plans="$plans $(plan_summary bench-10k comment_page "'bench-10k', 9223372036854775807, 51, true, 3" generic);"
plans="$plans $(plan_summary queue-pending queue_pending "NULL, 0, 26, NULL, NULL, NULL")"
fi

if want post; then
export BENCH_COOKIE="$cookie" BENCH_ORIGIN="$base"
wrk_run post "$api/bench-post/comments" -s "$bench/wrk_post.lua"
post_rps=$run_rps post_p99=$run_p99 post_note=$run_note
# The daemon runs the post's statements on their generic plans (db/db_exec.c); so does their ceiling.
pgoptions=$PGOPTIONS
export PGOPTIONS="$PGOPTIONS -c plan_cache_mode=force_generic_plan"
pg_ceiling pgbench-post post.sql -D post_facts_1=bench-post -D "post_facts_2=Comment 00000: $sentence" \
	-D post_facts_3=127.0.0.1 -D post_facts_4="$sid" -D post_facts_5="$uid" \
	-D comment_insert_1=bench-post -D "comment_insert_4=Comment 00000: $sentence" \
	-D comment_insert_5="$sid" -D comment_insert_6="$uid" -D comment_insert_7=published \
	-D comment_insert_8=false -D comment_insert_9=127.0.0.1 -D comment_insert_10=publish \
	-D 'comment_insert_11={}' -D 'comment_insert_12={}'
export PGOPTIONS="$pgoptions"
insert_tps=$ceil_rps insert_clients=$ceil_clients insert_detail=$ceil_detail insert_note=$ceil_note
post_article=$(psql_db -c "SELECT id FROM article WHERE key = 'bench-post'")
pg_ceiling pgbench-plain-insert plain_insert.sql -D article="$post_article" -D user_id="$uid" \
	-D "body=Comment 00000: $sentence" -D "html=<p>Comment 00000: $sentence</p>"
plain_tps=$ceil_rps plain_clients=$ceil_clients plain_detail=$ceil_detail plain_note=$ceil_note
plain_rows=$(psql_db -c "SELECT count(*) FROM bench_plain_comment")
[ "$plain_rows" -gt 0 ] || { plain_note="FAILED: the plain INSERT stored no row"; failures="$failures plain-insert"; }
fi

# ---- 10,000 open pages ---------------------------------------------------------

# Each open article page polls the public count every 15 s with the ETag of
# its last answer (issue 5), so nginx answers from its micro-cache and the
# daemon sees about one request per article per cache lifetime. wrk holds
# one keep-alive connection per page (bench/wrk_poll.lua) while a reader
# posts one comment a second to the same article. The run lasts at least two
# poll intervals, so that every page polls at least twice.
poll_ms=15000
poll_secs=$secs
[ "$poll_secs" -ge 30 ] || poll_secs=30
# (not indented: the whole section is one group of BENCH_ONLY)
if want pages; then
poll_url=$base/comments/api/v1/counts?article=bench-poll
poll_static=$base/bench-poll-count.json
say "open pages: $pages connections polling bench-poll's count every $((poll_ms / 1000)) s for $poll_secs s"
post_comment bench-poll 1

# The ETag header of a GET of $@ (its quotes kept).
etag_of() {
	curl -fsS -o /dev/null -D - "$@" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: *//p'
}

# The count as a static file of the same bytes; a conditional GET of either
# must be a 304, the count's from the cache, or the rows below do not
# measure what they say.
curl -fsS "$poll_url" -o "$dir/web/bench-poll-count.json"
chmod 644 "$dir/web/bench-poll-count.json"
curl -fsS "$poll_static" -o "$dir/static-count.out"
cmp -s "$dir/web/bench-poll-count.json" "$dir/static-count.out" || die "nginx does not serve the count's static twin as saved"
count_etag=$(etag_of "$poll_url")
static_etag=$(etag_of "$poll_static")
[ -n "$count_etag" ] && [ -n "$static_etag" ] || die "the count or its static twin has no ETag"
answer=""
for i in 1 2 3; do
	answer=$(curl -sS -o /dev/null -D - -H "If-None-Match: $count_etag" "$poll_url" | tr -d '\r' |
		awk 'NR == 1 { s = $2 } tolower($1) == "x-cache:" { x = $2 } END { print s, x }')
	[ "$answer" = "304 HIT" ] && break
done
[ "$answer" = "304 HIT" ] || die "a poll with the count's ETag is not a 304 from nginx's cache (got: $answer)"
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $static_etag" "$poll_static")
[ "$code" = 304 ] || die "a conditional GET of the static twin answered $code, not 304"
bypass=$(x_cache -H "$fresh" "$poll_url")
[ "$bypass" = BYPASS ] || die "a count read with rostra_fresh=1 and a session is not a cache BYPASS (X-Cache: $bypass)"

# poll_line ID: sets p200, p304, pother and pxcache from the POLL line of build/bench/ID.log.
poll_line() {
	line=$(grep '^POLL ' "$out/$1.log") || die "wrk printed no POLL line ($1)"
	set -- $line
	shift
	for kv; do
		eval "p_${kv%%=*}=\${kv#*=}"
	done
	p200=$p_s200 p304=$p_s304 pother=$p_sother pxcache=$p_xcache
	[ "$p_noetag" -eq 0 ] || die "$p_noetag poll answers had no ETag"
}

# The ceilings, at full speed with the bench's usual connections: polls of
# an unchanged count (every answer a 304 from the cache) beside nginx's 304
# for the static twin, and the daemon's own rate for the count (no cache).
export BENCH_ETAG="$count_etag"
wrk_warm "$poll_url" -H "If-None-Match: $count_etag"
wrk_run poll-full "$poll_url" -s "$bench/wrk_poll.lua"
full_rps=$run_rps full_p99=$run_p99 full_note=$run_note
poll_line poll-full
if [ "$p200$pother" != 00 ]; then
	full_note=$(checks "$full_note" "FAILED: $p200 answers 200 and $pother others where all were 304")
	failures="$failures poll-full"
fi
export BENCH_ETAG="$static_etag"
wrk_warm "$poll_static"
wrk_run poll-static "$poll_static" -s "$bench/wrk_poll.lua"
static304_rps=$run_rps static304_note=$run_note
poll_line poll-static
if [ "$p200$pother" != 00 ]; then
	static304_note=$(checks "$static304_note" "FAILED: $p200 answers 200 and $pother others where all were 304")
	failures="$failures poll-static"
fi
wrk_warm "$poll_url" -H "$fresh"
wrk_run counts-uncached "$poll_url" -H "$fresh" -s "$bench/wrk_report.lua"
capacity_rps=$run_rps capacity_note=$run_note

# nginx logs every request for the open-pages run, with its connection,
# cache status and upstream status and time; log_subrequest adds the
# background refreshes, which reach the daemon on no reader's behalf. The
# earlier runs ran without a log, so this reload comes after them.
conf=$dir/nginx/nginx.conf
[ "$(grep -c '^ *access_log off;$' "$conf")" = 1 ] || die "the stack's nginx.conf has no single 'access_log off;' to replace"
sed -i "s|^ *access_log off;\$|    log_format poll '\$msec \$connection \$status \$upstream_cache_status \$upstream_status \$upstream_response_time \$request_uri';\\
    access_log $dir/nginx/poll.log poll;\\
    log_subrequest on;|" "$conf"
nginx -t -q -c "$conf" -e "$dir/nginx/error.log" || die "the stack's nginx.conf with the poll log does not load"
kill -HUP "$(cat "$dir/nginx/nginx.pid")"
i=0
until [ -s "$dir/nginx/poll.log" ]; do
	i=$((i + 1))
	[ $i -le 50 ] || die "nginx did not start logging after its reload"
	curl -fsS -o /dev/null "$base/comments/api/v1/health"
	sleep 0.1
done
sleep 1

# One guest comment a second to the article, until the run ends.
poll_posts() {
	n=0
	while [ "$(date +%s)" -lt "$1" ]; do
		n=$((n + 1))
		curl -sS -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
			-H "Origin: $base" -H 'X-Rostra-CSRF: 1' \
			--data-binary "{\"author_name\":\"Bench poster $n\",\"body\":\"Comment $n: $sentence\"}" \
			"$api/bench-poll/comments" || echo 000
		sleep 1
	done
}
# wrk's connections to nginx halfway through the run.
poll_window_start=$(date +%s.%N)
poll_posts $(($(date +%s) + poll_secs)) >"$dir/poll-posts.out" 2>"$dir/poll-posts.err" &
posts_pid=$!
(sleep $((poll_secs / 2)); ss -Htn state established "( dport = :$port )" | wc -l >"$dir/poll-ss.out") &
ss_pid=$!
poll_pids="$posts_pid $ss_pid"
export BENCH_ETAG="$count_etag" BENCH_POLL_MS=$poll_ms BENCH_POLL_PAGES_PER_THREAD=$((pages / threads))
wrk_run open-pages "$poll_url" -c "$pages" -d "${poll_secs}s" -s "$bench/wrk_poll.lua"
open_rps=$run_rps open_p50=$run_p50 open_p99=$run_p99 open_note=$run_note
unset BENCH_POLL_MS
poll_line open-pages
wait $posts_pid $ss_pid || true
poll_pids=""
poll_window_end=$(date +%s.%N)
cp "$dir/nginx/poll.log" "$out/open-pages-nginx.log" 2>/dev/null || true
held=$(cat "$dir/poll-ss.out" 2>/dev/null || echo 0)
posted=$(grep -c '^201$' "$dir/poll-posts.out" || true)
posts_bad=$(grep -vc '^201$' "$dir/poll-posts.out" || true)
open_requests=$((p200 + p304 + pother))

# From nginx's log of the window: the counts requests that reached the
# daemon (an upstream status; the background refreshes among them), their
# p99 and summed upstream time, and the connections the polls came on.
awk -v a="$poll_window_start" -v b="$poll_window_end" -v out="$dir/poll-daemon.times" '
	$1 < a || $1 > b || $7 !~ /^\/comments\/api\/v1\/counts\?/ { next }
	{ conn[$2] = 1 }
	$5 != "-" { n++; t += $6; print $6 > out }
	END {
		for (c in conn) k++
		printf "%d %.3f %d\n", n, t, k
	}' "$dir/nginx/poll.log" >"$dir/poll-daemon.sum"
read -r daemon_n daemon_busy poll_conns <"$dir/poll-daemon.sum"
[ -s "$dir/poll-daemon.times" ] || echo 0 >"$dir/poll-daemon.times"
daemon_p99=$(sort -n "$dir/poll-daemon.times" | awk '{ v[NR] = $1 } END { i = int(NR * 0.99 + 0.999); if (i < 1) i = 1; printf "%.1f", v[i] * 1000 }')
window=$(awk -v a="$poll_window_start" -v b="$poll_window_end" 'BEGIN { printf "%.1f", b - a }')
daemon_rps=$(awk -v n="$daemon_n" -v s="$window" 'BEGIN { printf "%.2f", n / s }')
daemon_share=$(awk -v t="$daemon_busy" -v s="$window" -v w="$workers" 'BEGIN { printf "%.3f", 100 * t / (s * w) }')
# Polls that went to the daemon themselves (a miss, an expired or a
# revalidated entry); the rest of the daemon's requests are background refreshes.
polls_daemon=$(printf '%s' "$pxcache" | tr ',' '\n' | awk -F: '$1 ~ /^(MISS|EXPIRED|REVALIDATED|BYPASS)$/ { n += $2 } END { print n + 0 }')
pct() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", 100 * a / b; else print "n/a" }'
}
open_detail="$open_requests polls in $window s: $(pct "$p304" "$open_requests") % 304, $(pct "$p200" "$open_requests") % 200, $pother other; X-Cache $pxcache; p50 $open_p50 ms; $held of $pages connections open halfway, polls came on $poll_conns connections; $daemon_n counts requests reached the daemon ($polls_daemon polls themselves, $((daemon_n - polls_daemon)) background refreshes), $daemon_rps/s, busy $daemon_busy s of $workers workers' $window s each ($daemon_share %); $posted comments posted meanwhile"
# Beside wrk's own errors (wrk_run): the set-up must be what the row says.
open_bad=""
[ "$pother" -eq 0 ] || open_bad="$pother answers neither 200 nor 304"
[ "$held" -ge "$pages" ] || open_bad="$open_bad${open_bad:+; }$held of $pages connections open halfway"
[ "$poll_conns" -le "$pages" ] ||
	open_bad="$open_bad${open_bad:+; }polls came on $poll_conns connections for $pages pages: some reconnected"
[ "$posts_bad" -eq 0 ] && [ "$posted" -gt 0 ] ||
	open_bad="$open_bad${open_bad:+; }$posts_bad of $((posted + posts_bad)) posts not stored"
open_checks=$open_note
if [ -n "$open_bad" ]; then
	open_checks=$(checks "$open_checks" "FAILED: $open_bad")
	failures="$failures open-pages"
fi
say "open pages: $open_detail"
fi

# ---- What a reader downloads before the first comments show --------------------

# The embed's script and style as nginx sends them to a browser that takes
# gzip (the SSI page carries the first comments themselves): embed.js and
# embed.css are all a reader downloads before the first comments show; the
# lazy part (embed-more.js and its style) comes on first use of a form.
gz_size() {
	curl -fsS -o /dev/null -H 'Accept-Encoding: gzip' -w '%{size_download}' "$base$1" ||
		die "nginx did not serve $1"
}
embed_js=$(gz_size /comments/embed.js)
embed_css=$(gz_size /comments/embed.css)
more_js=$(gz_size /comments/embed-more.js)
more_css=$(gz_size /comments/embed-more.css)
first_met=$(awk -v a="$embed_js" -v b="$embed_css" 'BEGIN { print (a + b <= 10240 ? "met" : "NOT met") }')
first_load="embed.js $embed_js + embed.css $embed_css bytes as nginx sends them gzipped = $(awk -v a="$embed_js" -v b="$embed_css" 'BEGIN { printf "%.1f", (a + b) / 1024 }') KiB (target 10 KiB: $first_met); on first use of a form, embed-more.js $more_js + embed-more.css $more_css bytes = $(awk -v a="$more_js" -v b="$more_css" 'BEGIN { printf "%.1f", (a + b) / 1024 }') KiB more"
say "first load: $first_load"

# ---- Logs, read before the stack stops ------------------------------------------

# Prints the count of lines of file $1 matching $2, and the first few.
log_scan() {
	n=$(grep -c -E "$2" "$1" 2>/dev/null || true)
	n=${n:-0}
	if [ "$n" -gt 0 ]; then
		say "$n suspicious lines in $1, the first ones:" >&2
		grep -E "$2" "$1" | head -n 5 >&2
	fi
	echo "$n"
}
log_rostra=$(log_scan "$dir/rostra.log" ' (error|warn): ')
log_nginx=$(log_scan "$dir/nginx/error.log" '\[(error|crit|alert|emerg)\]')
log_nginx_warn=$(log_scan "$dir/nginx/error.log" '\[warn\]')
log_pg=$(log_scan "$dir/pg/postgres.log" '(ERROR|FATAL|PANIC):')
log_note="rostra.log: $log_rostra warnings/errors; nginx error.log: $log_nginx errors, $log_nginx_warn warnings; postgres.log: $log_pg errors"
if [ $((log_rostra + log_nginx + log_pg)) -ne 0 ]; then
	failures="$failures logs"
fi

# ---- Report ------------------------------------------------------------------------

cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
machine="nproc $(nproc); CPU $cpu; memory $mem; kernel $(uname -sr)"
versions="$(nginx -v 2>&1 | sed 's/^nginx version: //'); $("$pgbin/postgres" --version | sed 's/^postgres (PostgreSQL) /PostgreSQL /'); $(wrk -v 2>&1 | head -n 1 | awk '{ print $1, $2 }')"
conditions="each run $secs s; wrk $threads threads, $conns connections; open pages: $pages wrk connections, one poll each per $((poll_ms / 1000)) s, for $poll_secs s (BENCH_SECONDS, at least 30), with one comment a second posted meanwhile; pgbench -M prepared with $conns clients and with $workers (one per daemon worker), $threads threads, the better one the ceiling; daemon workers: ${workers:-?}; wrk, pgbench, nginx, daemon and PostgreSQL share this machine over loopback; PostgreSQL with default durability"

# Rows: name | Rostra req/s | Rostra p99 ms | ceiling req/s | ceiling | ratio | target | checks
rows=$dir/rows
{
	printf '%s|%s|%s|%s|%s|%s|%s|%s\n' "Anonymous cached read (bench-50, micro-cache)" \
		"$cached_rps" "$cached_p99" "$static_rps" "nginx static file, same bytes" \
		"$(ratio "$cached_rps" "$static_rps")" "0.9" "$(checks "$cached_note" "$static_note")"
	printf '%s|%s|%s|%s|%s|%s|%s|%s\n' "Uncached read (bench-50, rostra_fresh=1)" \
		"$fresh50_rps" "$fresh50_p99" "$page_tps" "pgbench, the same SELECT, $page_clients clients" \
		"$(ratio "$fresh50_rps" "$page_tps")" "0.8" "$(checks "$fresh50_note" "$page_note")"
	printf '%s|%s|%s|%s|%s|%s|%s|%s\n' "Uncached read (bench-50) over its FastCGI floor" \
		"$fresh50_rps" "$fresh50_p99" "$floor_rps" "nginx + a do-nothing libfcgi responder, same bytes, $workers workers" \
		"$(ratio "$fresh50_rps" "$floor_rps")" "-" "$(checks "$fresh50_note" "$floor_note")"
	printf '%s|%s|%s|%s|%s|%s|%s|%s\n' "Thread size (uncached bench-10k vs bench-50)" \
		"$fresh10k_rps" "$fresh10k_p99" "$fresh50_rps" "Rostra uncached bench-50" \
		"$(ratio "$fresh10k_rps" "$fresh50_rps")" "1.0" "$(checks "$fresh10k_note" "$fresh50_note")"
	printf '%s|%s|%s|%s|%s|%s|%s|%s\n' "Moderation queue (pending, 25 of $queue_held, as a moderator)" \
		"$queue_rps" "$queue_p99" "$queue_tps" "pgbench, the same 3 statements, $queue_clients clients" \
		"$(ratio "$queue_rps" "$queue_tps")" "0.8" "$(checks "$queue_note" "$queue_note_pg")"
	printf '%s|%s|%s|%s|%s|%s|%s|%s\n' "Post (bench-post)" \
		"$post_rps" "$post_p99" "$insert_tps" "pgbench, the same facts SELECT and INSERT, $insert_clients clients" \
		"$(ratio "$post_rps" "$insert_tps")" "0.7" "$(checks "$post_note" "$insert_note")"
	printf '%s|%s|%s|%s|%s|%s|%s|%s\n' "Post (bench-post) over a plain INSERT" \
		"$post_rps" "$post_p99" "$plain_tps" "pgbench, one durable INSERT of the row (comment's indexes, no triggers), $plain_clients clients" \
		"$(ratio "$post_rps" "$plain_tps")" "0.5" "$(checks "$post_note" "$plain_note")"
	printf '%s|%s|%s|%s|%s|%s|%s|%s\n' "$pages open pages, a poll each per $((poll_ms / 1000)) s (bench-poll count, 1 post/s)" \
		"$open_rps" "$open_p99" "$full_rps" "Rostra polls at full speed (next row)" \
		"$(ratio "$open_rps" "$full_rps")" "-" "$(checks "$open_checks" "$full_note")"
	printf '%s|%s|%s|%s|%s|%s|%s|%s\n' "Poll at full speed (If-None-Match, 304 from the micro-cache)" \
		"$full_rps" "$full_p99" "$static304_rps" "nginx static file, same bytes, 304" \
		"$(ratio "$full_rps" "$static304_rps")" "0.9" "$(checks "$full_note" "$static304_note")"
	printf '%s|%s|%s|%s|%s|%s|%s|%s\n' "Daemon during the open pages (counts requests reaching it)" \
		"$daemon_rps" "$daemon_p99" "$capacity_rps" "Rostra uncached count (rostra_fresh=1), full speed" \
		"$(ratio "$daemon_rps" "$capacity_rps")" "-" "$(checks "$open_checks" "$capacity_note")"
} >"$rows"
# Not a verdict on speed: a figure clearly above its ceiling (more than the
# few per cent runs differ by) means that ceiling was measured wrongly.
smells=""
for pair in "cached read:$cached_rps:$static_rps" "uncached read:$fresh50_rps:$page_tps" \
    "uncached read over the FastCGI floor:$fresh50_rps:$floor_rps" "post over the plain INSERT:$post_rps:$plain_tps" \
    "queue:$queue_rps:$queue_tps" "post:$post_rps:$insert_tps" "full-speed poll:$full_rps:$static304_rps"; do
	name=${pair%%:*} rest=${pair#*:}
	if awk -v a="${rest%%:*}" -v b="${rest#*:}" 'BEGIN { exit !(b > 0 && a > 1.1 * b) }'; then
		smells="$smells${smells:+ }Rostra's $name is over 10% above its ceiling: that ceiling was not reached."
	fi
done
if awk -v a="$cached_rps" -v b="$fresh50_rps" 'BEGIN { exit !(a < b) }'; then
	smells="$smells${smells:+ }The cached read is slower than the uncached one."
fi

header="Measurement|Rostra req/s|Rostra p99 ms|Ceiling req/s|Ceiling|Ratio|Target ratio|Checks"

echo
echo "Rostra bench, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Machine: $machine"
echo "Software: $versions"
echo "Conditions: $conditions"
echo
{
	echo "$header"
	echo "$header" | sed 's/[^|]/-/g'
	cat "$rows"
} | awk -F'|' '
	{ for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NR; nf = NF }
	END {
		for (r = 1; r <= n; r++) {
			line = ""
			for (i = 1; i <= nf; i++) {
				c = cell[r, i]
				if (r == 2) { c = ""; while (length(c) < w[i]) c = c "-" }
				line = line sprintf(i < nf ? "%-" w[i] "s  " : "%s", c)
			}
			print line
		}
	}'
echo
echo "Bytes per response: cached read $cached_bytes, static file $static_bytes, queue page $queue_bytes."
echo "Open pages: $open_detail."
echo "pgbench runs: SELECT $page_detail; queue $queue_detail; post $insert_detail; plain INSERT $plain_detail."
echo "First load: $first_load."
echo "Read plans: $plans."
echo "Logs during the runs: $log_note."
[ -z "$smells" ] || echo "Look again: $smells"
echo "Raw output: build/bench/*.log"

{
	echo "Rostra bench, $(date -u '+%Y-%m-%d %H:%M UTC') (\`make bench\`)."
	echo
	echo "- Machine: $machine"
	echo "- Software: $versions"
	echo "- Conditions: $conditions"
	echo
	echo "| $(echo "$header" | sed 's/|/ | /g') |"
	echo "|---|--:|--:|--:|---|--:|--:|---|"
	sed -e 's/|/ | /g' -e 's/^/| /' -e 's/$/ |/' "$rows"
	echo
	echo "Targets are ratios to the ceiling in the same row; the open-pages and daemon rows' ratios are"
	echo "the share of the ceiling they use, with no target."
	echo
	echo "- Bytes per response: cached read $cached_bytes, static file $static_bytes, queue page $queue_bytes."
	echo "- Open pages: $open_detail."
	echo "- pgbench runs: SELECT $page_detail; queue $queue_detail; post $insert_detail; plain INSERT $plain_detail."
	echo "- First load: $first_load."
	echo "- Read plans: $plans."
	echo "- Logs during the runs: $log_note."
	[ -z "$smells" ] || echo "- Look again: $smells"
} >"$out/results.md"
say "results written to build/bench/results.md"

if [ -n "$failures" ]; then
	echo
	echo "!!! BENCH RUNS WITH ERRORS:$failures — the figures above are not valid. See build/bench/*.log. !!!" >&2
	exit 1
fi
