#!/bin/sh
# SPDX-License-Identifier: ISC — Rostra
# A private PostgreSQL cluster in a directory: no system service, no TCP
# port, no password; its socket lives in DIR/run. PostgreSQL refuses to run
# as root, so as root it runs as the unprivileged user "rostra".
# Two database roles: "rostra", the cluster's superuser, owns the schema
# (rostra migrate, tests' own SQL); "rostra_app" is the daemon's and the
# CLI's, which migrate grants row rights only.
#   url DIR         the daemon's conninfo (rostra_app)
#   owner-url DIR   the schema owner's conninfo (rostra)
# Usage: pg.sh init|start|stop|url|owner-url DIR
#   (stop DIR immediate: as after a crash)
set -eu

cmd=$1
dir=$(cd "$2" && pwd)
# The server runs as another user, who may not be able to enter the
# caller's directory (a clone under /root): work from the cluster's own.
cd "$dir"
data=$dir/pg
run=$dir/run
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "pg.sh: PostgreSQL server not installed (make deps)" >&2; exit 1; }

as_db() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u rostra -- "$@"
	else
		"$@"
	fi
}

case $cmd in
url)
	echo "host=$run dbname=rostra user=rostra_app"
	;;
owner-url)
	echo "host=$run dbname=rostra user=rostra"
	;;
init)
	if [ -f "$data/PG_VERSION" ]; then
		exit 0
	fi
	mkdir -p "$data" "$run"
	if [ "$(id -u)" -eq 0 ]; then
		chown rostra:rostra "$data" "$run"
		if ! runuser -u rostra -- test -w "$data"; then
			echo "pg.sh: user rostra cannot reach $data: a parent directory is closed to it." >&2
			echo "       Clone Rostra under a directory others may traverse (e.g. /srv or /opt)." >&2
			exit 1
		fi
	fi
	chmod 700 "$data"
	as_db "$bin/initdb" -D "$data" -U rostra --auth=trust --encoding=UTF8 \
		--locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	;;
start)
	# PG_OPTS lets tests trade durability for speed; make run keeps the defaults.
	# Terse errors: an error's DETAIL quotes the offending values (a taken
	# email, a whole failing row with its comment), and the log must hold
	# none (tests/logscan.test.mjs). The failed statement is still logged;
	# the daemon's carry $1, $2, never values.
	as_db "$bin/pg_ctl" -D "$data" -l "$data/postgres.log" -w -t 60 \
		-o "-c listen_addresses= -k $run -c log_error_verbosity=terse ${PG_OPTS:-}" start >/dev/null ||
		{ tail -n 20 "$data/postgres.log" >&2; exit 1; }
	if ! as_db "$bin/psql" -h "$run" -U rostra -d postgres -XAtq \
		-c "SELECT 1 FROM pg_database WHERE datname = 'rostra'" | grep -q 1; then
		as_db "$bin/createdb" -h "$run" -U rostra rostra
	fi
	# The daemon's login: no superuser, no CREATEDB or CREATEROLE, owner of
	# nothing. Made once; its rights come from rostra migrate.
	if ! as_db "$bin/psql" -h "$run" -U rostra -d postgres -XAtq \
		-c "SELECT 1 FROM pg_roles WHERE rolname = 'rostra_app'" | grep -q 1; then
		as_db "$bin/psql" -h "$run" -U rostra -d postgres -XAtq -v ON_ERROR_STOP=1 \
			-c "CREATE ROLE rostra_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION" >/dev/null
	fi
	;;
stop)
	if [ -f "$data/postmaster.pid" ]; then
		as_db "$bin/pg_ctl" -D "$data" -m "${3:-fast}" -w stop >/dev/null
	fi
	;;
*)
	echo "usage: pg.sh init|start|stop|url|owner-url DIR" >&2
	exit 2
	;;
esac
