#!/bin/sh
# SPDX-License-Identifier: ISC — Rostra
# The layers (docs/ARCHITECTURE.md): each folder may include only the
# folders listed for it, so an include never points up and there is no
# circle. Prints every include that breaks the rule; exits 1 if any does.
set -eu
cd "$(dirname "$0")/.."

allowed() {
	case $1 in
	lib)		echo "lib" ;;
	db)		echo "lib db" ;;
	moderation)	echo "lib db moderation" ;;
	auth)		echo "lib db auth" ;;
	fcgi/api)	echo "lib db moderation auth fcgi/api" ;;
	cli)		echo "lib db moderation auth cli" ;;
	fcgi)		echo "lib db moderation auth fcgi/api cli fcgi" ;;
	*)		echo "?" ;;
	esac
}

bad=0
for file in $(git ls-files --cached --others --exclude-standard 'lib/*.[ch]' 'db/*.[ch]' 'moderation/*.[ch]' 'auth/*.[ch]' \
    'fcgi/*.[ch]' 'cli/*.[ch]'); do
	layer=${file%/*}
	ok=$(allowed "$layer")
	if [ "$ok" = "?" ]; then
		echo "layers: $file is in no layer (add its folder to tests/layers.sh)"
		bad=1
		continue
	fi
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$file"); do
		case $inc in
		*/*) dir=${inc%/*} ;;
		*)   echo "layers: $file includes \"$inc\": say the folder"; bad=1; continue ;;
		esac
		[ -f "$inc" ] || { echo "layers: $file includes \"$inc\", which does not exist"; bad=1; continue; }
		case " $ok " in
		*" $dir "*) ;;
		*) echo "layers: $file ($layer) includes $inc ($dir): not a layer below it"; bad=1 ;;
		esac
	done
done

# No circle between files either: "a.c or a.h includes b.h" is an edge a -> b.
for file in $(git ls-files --cached --others --exclude-standard 'lib/*.[ch]' 'db/*.[ch]' 'moderation/*.[ch]' 'auth/*.[ch]' \
    'fcgi/*.[ch]' 'cli/*.[ch]'); do
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$file"); do
		[ "${file%.*}" = "${inc%.*}" ] || echo "${file%.*} ${inc%.*}"
	done
done > "${TMPDIR:-/tmp}/rostra-layers.$$"
if ! tsort "${TMPDIR:-/tmp}/rostra-layers.$$" >/dev/null 2>"${TMPDIR:-/tmp}/rostra-layers.$$.err"; then
	sed 's/^/layers: circle: /' "${TMPDIR:-/tmp}/rostra-layers.$$.err"
	bad=1
fi
rm -f "${TMPDIR:-/tmp}/rostra-layers.$$" "${TMPDIR:-/tmp}/rostra-layers.$$.err"
exit $bad
