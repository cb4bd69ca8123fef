#!/bin/sh
# SPDX-License-Identifier: ISC — Rostra
# make run: the stack under var/, in the foreground. Ctrl-C or SIGTERM (to
# this script or to make) stops PostgreSQL, the daemon and nginx in order.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
port=${ROSTRA_PORT:-8080}
var=${ROSTRA_VAR:-$root/var}	# tests point it elsewhere
parent=${ROSTRA_PARENT:-$$}
mkdir -p "$var"

stopping=0
stop() {
	[ $stopping -eq 1 ] && return
	stopping=1
	echo
	echo "Stopping Rostra..."
	[ -n "${tail_pid:-}" ] && kill "$tail_pid" 2>/dev/null || true
	sh "$root/scripts/stack.sh" stop "$var"
	echo "Stopped. Data stays in $var; make run starts it again."
}
trap 'stop; exit 0' INT TERM HUP
trap stop EXIT

sh "$root/scripts/stack.sh" start "$var" "$port"
cat <<MSG

Rostra is running.
  Demo article:  http://127.0.0.1:$port/  (in French: http://127.0.0.1:$port/?lang=fr)
  Reader API:    http://127.0.0.1:$port/comments/api/v1/health
  Embed script:  http://127.0.0.1:$port/comments/embed.js
  Moderators:    http://127.0.0.1:$port/comments/moderate/login
To create a moderator, run this in another terminal, then type a password
of at least 10 characters and press Enter (admin instead of moderator may
also change the site's settings):
  cd $root && sh scripts/stack.sh rostra $var user add you@example.org 'Your Name' moderator
Logs: $var/rostra.log, $var/nginx/error.log, $var/pg/postgres.log.
Press Ctrl-C to stop.

MSG
tail -n 0 -F "$var/rostra.log" &
tail_pid=$!
# Also stop when make itself is killed (it does not pass SIGTERM on).
while kill -0 "$parent" 2>/dev/null; do
	sleep 1 &
	wait $! || true
done
