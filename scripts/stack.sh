#!/bin/sh
# SPDX-License-Identifier: ISC — Rostra
# The whole stack in one directory: a private PostgreSQL cluster, the Rostra
# daemon and nginx, each in its own session so a terminal's Ctrl-C reaches
# only the launcher, which stops them in order.
#   stack.sh start DIR PORT   start (or restart) everything; DIR keeps the data
#   stack.sh stop DIR         stop everything, leaving no process behind
#   stack.sh restart-daemon DIR
#   stack.sh rostra DIR ARGS...   run a rostra CLI command against DIR's database
#                             (e.g. "settings set rate_address_max 0"), as the
#                             daemon's role; "migrate" as the schema owner
# The daemon connects as rostra_app (scripts/pg.sh url), which rostra migrate,
# connected as the owner (pg.sh owner-url), grants row rights only.
# ROSTRA_BUILD names the build directory (default build/); ROSTRA_ACCESS_LOG=off
# turns nginx's access log off (bench); ROSTRA_NGINX_LIMITS=off leaves out
# nginx's per-address rate limits and the daemon's sign-ups per address
# (signup_address_max): tests and bench send everything from 127.0.0.1.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${ROSTRA_BUILD:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
cmd=${1:-}
[ -n "${2:-}" ] || { echo "usage: stack.sh start DIR PORT | stop DIR" >&2; exit 2; }
mkdir -p "$2"
dir=$(cd "$2" && pwd)

as_root=0
[ "$(id -u)" -eq 0 ] && as_root=1

pid_alive() {
	[ -f "$1" ] && kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null
}

# Waits until the process in pid file $1 is gone (at most $2 seconds).
pid_wait_gone() {
	i=0
	while pid_alive "$1" && [ $i -lt $(($2 * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	! pid_alive "$1"
}

daemon_start() {
	url=$(sh "$root/scripts/pg.sh" url "$dir")
	port=$(cat "$dir/port")
	# The demo page's "Sign in as a demo subscriber": a made-up news site's
	# key pair, its public half trusted for single sign-on. ROSTRA_DEMO=off
	# (the bench) leaves single sign-on and the demo route off.
	if [ ! -f "$dir/demo-sso.key" ]; then
		"$build/rostra" sso-keygen "$dir/demo-sso.key" >"$dir/demo-sso.pub"
	fi
	sso_keys=$(cat "$dir/demo-sso.pub")
	demo_key=$dir/demo-sso.key
	# The aud claim its tokens must carry; tests sign with it (demo-sso.aud).
	sso_audience="http://127.0.0.1:$port/comments/"
	echo "$sso_audience" >"$dir/demo-sso.aud"
	if [ "${ROSTRA_DEMO:-on}" = off ]; then
		sso_keys=""
		demo_key=""
		sso_audience=""
	fi
	group=""
	[ $as_root -eq 1 ] && group=rostra
	# Chosen at start (file "signup-max"), kept by restart-daemon.
	[ -f "$dir/signup-max" ] && export ROSTRA_SIGNUP_ADDRESS_MAX="$(cat "$dir/signup-max")"
	# As root, the daemon binds its socket and then becomes rostra.
	(cd "$root" && ROSTRA_DATABASE_URL=$url ROSTRA_SOCKET=$dir/run/rostra.sock \
		ROSTRA_SOCKET_GROUP=$group ROSTRA_USER=$group ROSTRA_KEYRING=$dir/keyring \
		ROSTRA_SITE_ORIGINS="http://127.0.0.1:$port http://localhost:$port" \
		ROSTRA_SSO_KEYS="$sso_keys" ROSTRA_SSO_AUDIENCE="$sso_audience" \
		ROSTRA_DEMO_SSO_KEY_FILE="$demo_key" \
		ROSTRA_CONFIG=${ROSTRA_CONFIG:-$root/rostra.conf.example} \
		setsid "$build/rostra" serve >>"$dir/rostra.log" 2>&1 &
		echo $! >"$dir/rostra.pid")
	i=0
	until [ -S "$dir/run/rostra.sock" ]; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! pid_alive "$dir/rostra.pid"; then
			echo "stack: the daemon did not start; see $dir/rostra.log" >&2
			tail -n 20 "$dir/rostra.log" >&2
			return 1
		fi
		sleep 0.1
	done
}

daemon_stop() {
	# It may exit on its own between the check and the signal (a test that
	# sent SIGTERM itself): a missing process is what we want, not an error.
	if pid_alive "$dir/rostra.pid"; then
		kill -TERM "$(cat "$dir/rostra.pid")" 2>/dev/null || true
		pid_wait_gone "$dir/rostra.pid" 40 || kill -KILL "$(cat "$dir/rostra.pid")" 2>/dev/null || true
	fi
	rm -f "$dir/rostra.pid"
}

nginx_render() {
	mkdir -p "$dir/nginx/tmp" "$dir/nginx/cache" "$dir/web"
	cp "$build/web/index.html" "$build/web/index.fr.html" "$dir/web/"
	# The embed and its lazy part, each with the gzipped copy nginx sends.
	for f in embed.js embed.css embed-more.js embed-more.css; do
		cp "$build/web/$f" "$build/web/$f.gz" "$dir/web/"
	done
	cp "$root/web/count.js" "$root/web/demo/list.html" "$dir/web/"
	# The demo pages' own scripts and styles (their CSP forbids inline ones).
	mkdir -p "$dir/web/demo"
	cp "$root/web/demo/"*.js "$root/web/demo/"*.css "$dir/web/demo/"
	cp /etc/nginx/fastcgi_params "$dir/nginx/"
	mkdir -p "$dir/web/moderate"
	cp "$root/web/moderate/"* "$dir/web/moderate/"
	user="# not root: workers run as the invoking user"
	if [ $as_root -eq 1 ]; then
		user="user rostra rostra;"
		chown -R rostra:rostra "$dir/nginx/tmp" "$dir/nginx/cache"
	fi
	limits=""
	[ "${ROSTRA_NGINX_LIMITS:-on}" = off ] && limits="/# rate limit\$/d"
	sed -e "s|@PORT@|$port|g" -e "s|@SOCKET@|$dir/run/rostra.sock|g" \
		-e "s|@WEB@|$dir/web|g" -e "s|@CACHE@|$dir/nginx/cache|g" -e "$limits" \
		"$root/nginx.conf.example" >"$dir/nginx/rostra.conf"
	sed -e "s|@DIR@|$dir|g" -e "s|@USER@|$user|g" \
		-e "s|@ACCESS_LOG@|${ROSTRA_ACCESS_LOG:-$dir/nginx/access.log}|g" \
		"$root/scripts/nginx-private.conf.in" >"$dir/nginx/nginx.conf"
}

case $cmd in
start)
	port=${3:?usage: stack.sh start DIR PORT}
	sh "$0" stop "$dir" >/dev/null 2>&1 || true
	echo "$port" >"$dir/port"
	rm -f "$dir/signup-max"
	[ "${ROSTRA_NGINX_LIMITS:-on}" = off ] && echo "${ROSTRA_SIGNUP_ADDRESS_MAX:-0}" >"$dir/signup-max"
	sh "$root/scripts/pg.sh" init "$dir"
	sh "$root/scripts/pg.sh" start "$dir"
	(cd "$root" && ROSTRA_DATABASE_URL=$(sh scripts/pg.sh url "$dir") \
		ROSTRA_MIGRATE_DATABASE_URL=$(sh scripts/pg.sh owner-url "$dir") \
		ROSTRA_APP_ROLE=rostra_app \
		ROSTRA_CONFIG=${ROSTRA_CONFIG:-$root/rostra.conf.example} "$build/rostra" migrate)
	daemon_start
	nginx_render
	setsid nginx -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log"
	i=0
	until curl -fsS -o /dev/null "http://127.0.0.1:$port/comments/api/v1/health"; do
		i=$((i + 1))
		if [ $i -gt 100 ]; then
			echo "stack: no healthy answer on port $port; see $dir/nginx/error.log and $dir/rostra.log" >&2
			exit 1
		fi
		sleep 0.1
	done
	;;
restart-daemon)
	daemon_stop
	daemon_start
	;;
rostra)
	shift 2
	cd "$root" && ROSTRA_DATABASE_URL=$(sh scripts/pg.sh url "$dir") \
		ROSTRA_MIGRATE_DATABASE_URL=$(sh scripts/pg.sh owner-url "$dir") \
		ROSTRA_APP_ROLE=rostra_app \
		ROSTRA_CONFIG=${ROSTRA_CONFIG:-$root/rostra.conf.example} "$build/rostra" "$@"
	;;
stop)
	if pid_alive "$dir/nginx/nginx.pid"; then
		kill -QUIT "$(cat "$dir/nginx/nginx.pid")" 2>/dev/null || true
		pid_wait_gone "$dir/nginx/nginx.pid" 20 || kill -KILL "$(cat "$dir/nginx/nginx.pid")" 2>/dev/null || true
	fi
	daemon_stop
	sh "$root/scripts/pg.sh" stop "$dir"
	;;
*)
	echo "usage: stack.sh start DIR PORT | stop DIR | restart-daemon DIR | rostra DIR ARGS..." >&2
	exit 2
	;;
esac
