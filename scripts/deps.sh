#!/bin/sh
# SPDX-License-Identifier: ISC — Rostra
# Installs every system package Rostra needs to build, run, test and bench,
# and (as root) the unprivileged "rostra" user that runs PostgreSQL and
# nginx's workers. Called by make run, make test, make bench and .ci/run.
# Does nothing when all is present; when not root, prints the command.
set -eu

PACKAGES="build-essential pkg-config clang libfcgi-dev libpq-dev libsodium-dev
libjson-c-dev libunistring-dev libcmark-dev libcmocka-dev postgresql-15 nginx chromium
wrk curl ca-certificates util-linux procps valgrind esbuild zopfli
libclang-rt-14-dev"
# Debian's nodejs brings its own npm; a machine with another Node.js keeps it.
command -v node >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs"
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done

if [ -n "$missing" ]; then
	cmd="apt-get install -y --no-install-recommends$missing"
	if [ "$(id -u)" -ne 0 ]; then
		echo "Rostra needs these Debian packages. As root, run:" >&2
		echo "  apt-get update && $cmd" >&2
		exit 1
	fi
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ "$(id -u)" -eq 0 ] && ! id rostra >/dev/null 2>&1; then
	echo "deps: adding system user rostra (runs PostgreSQL and nginx workers)"
	useradd --system --user-group --no-create-home --home-dir /nonexistent \
		--shell /usr/sbin/nologin rostra
fi
exit 0
