#!/bin/sh
# $Id$
#
# Copyright (c) 2026 The stash authors
#
# Permission to use, copy, modify, and distribute this software for any
# purpose with or without fee is hereby granted, provided that the above
# copyright notice and this permission notice appear in all copies.
#
# THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
# WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
# MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
# ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
# WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
# ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
# OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.

# make bench: run bench-stash (ledger and server figures), then measure the
# real stash terminal at the register: stashd on a "stashctl demo" ledger,
# stash enrolled and logged in inside a detached 80x24 tmux session, two
# tags scanned, then its resident memory from /proc. Figures, not pass/fail.
#
# Environment: top_builddir, STASHD, STASH, STASHCTL, BENCH, BENCH_ROUTE
# (set by make); BENCH_ROUTE_ARGS, bench-route's options;
# BENCH_DIR, where the temporary ledgers go (default: under the build tree,
# which is on a real disk; never tmpfs); BENCH_WAIT, seconds to wait for
# stash and stashctl to appear (default 0). Arguments go to bench-stash
# (-t seconds, -n sales, -q).

set -u

top_builddir=${top_builddir:-$(pwd)}
STASHD=${STASHD:-$top_builddir/stashd}
STASH=${STASH:-$top_builddir/stash}
STASHCTL=${STASHCTL:-$top_builddir/stashctl}
BENCH=${BENCH:-$top_builddir/tests/bench/bench-stash}
BENCH_WAIT=${BENCH_WAIT:-0}

parent=${BENCH_DIR:-$top_builddir/tests/bench}
mkdir -p "$parent" || exit 1
work=$(mktemp -d "$parent/run.XXXXXX") || exit 1
sock="$work/tmux.sock"
stashd_pid=

cleanup()
{
	if [ -n "$stashd_pid" ]; then
		kill "$stashd_pid" 2>/dev/null
		wait "$stashd_pid" 2>/dev/null
	fi
	[ -S "$sock" ] && tmux -S "$sock" kill-server 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

start=$(date +%s)
"$BENCH" -d "$work" "$@" || { echo "bench: bench-stash failed" >&2; exit 1; }
# The longest loop stall while count.start and report.z run on a large
# ledger (tests/bench/bench-stall.py; figures, not pass/fail).
top_builddir="$top_builddir" \
    python3 "${top_srcdir:-.}/tests/bench/bench-stall.py" ||
	echo "bench: bench-stall.py failed (see above)" >&2
# A driver's handheld syncing a day offline against the in-process sale
# (tests/bench/bench-sync.py; figures, not pass/fail).
top_builddir="$top_builddir" BENCH="$BENCH" \
    python3 "${top_srcdir:-.}/tests/bench/bench-sync.py" ||
	echo "bench: bench-sync.py failed (see above)" >&2
# The route optimiser (tests/bench/bench-route.c; BENCH_ROUTE_ARGS, e.g. -q).
BENCH_ROUTE=${BENCH_ROUTE:-$top_builddir/tests/bench/bench-route}
echo
if [ -x "$BENCH_ROUTE" ]; then
	"$BENCH_ROUTE" ${BENCH_ROUTE_ARGS:-} ||
		echo "bench: bench-route failed (see above)" >&2
else
	echo "bench: no $BENCH_ROUTE: no figures for the route optimiser"
fi

# --- stash at the register ---------------------------------------------

row()
{
	printf '%-46s %-26s %-8s %s\n' "$1" "$2" "$3" "$4"
}

kb() # the field $2 (kB) of /proc/$1/status
{
	awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null
}

mb()
{
	awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'
}

screen()
{
	tmux -S "$sock" capture-pane -p -t "$1" 2>/dev/null
}

# Wait up to $3 tenths of a second for pane $1 to show the regex $2.
wait_for()
{
	n=0
	while [ "$n" -lt "$3" ]; do
		screen "$1" | grep -Eq "$2" && return 0
		sleep 0.1
		n=$((n + 1))
	done
	echo "bench: stash never showed /$2/; the screen was:" >&2
	screen "$1" | sed 's/^/  | /' >&2
	[ -f "$work/stash.log" ] && sed 's/^/  log: /' "$work/stash.log" >&2
	return 1
}

done_bench()
{
	echo
	echo "make bench took $(($(date +%s) - start)) s"
	exit 0
}

echo
echo "[the terminal: stash at the register, 80x24 tmux, demo store]"

waited=0
while [ ! -x "$STASH" ] || [ ! -x "$STASHCTL" ]; do
	if [ "$waited" -ge "$BENCH_WAIT" ]; then
		row "stash RSS at the register" "not measured" "" \
		    "stash or stashctl is not built"
		done_bench
	fi
	sleep 5
	waited=$((waited + 5))
done
if ! command -v tmux >/dev/null 2>&1; then
	row "stash RSS at the register" "not measured" "" "no tmux"
	done_bench
fi

"$STASHCTL" -d "$work/demo" --json demo >"$work/demo.json" \
    2>"$work/demo.err" || {
	row "stash RSS at the register" "not measured" "" \
	    "stashctl demo failed: $(head -1 "$work/demo.err")"
	done_bench
}
# The terminal and its one-time code, and two tags sold by the unit (a
# weighed line would ask for the scale).
term=$(sed -n 's/.*"terminal":{"name":"\([^"]*\)".*/\1/p' "$work/demo.json")
code=$(sed -n 's/.*"terminal":{[^}]*"code":"\([^"]*\)".*/\1/p' \
    "$work/demo.json")
tags=$(grep -oE '\{"tag":"[0-9A-F]{24}"[^}]*"unit":"each"[^}]*\}' \
    "$work/demo.json" | grep -oE '[0-9A-F]{24}' | head -2)
[ -n "$term" ] || term=register-1
if [ -z "$code" ] || [ "$(echo "$tags" | wc -l)" -ne 2 ]; then
	row "stash RSS at the register" "not measured" "" \
	    "cannot read the code and tags from stashctl --json demo"
	done_bench
fi

"$STASHD" -f /dev/null -d "$work/demo" -l 127.0.0.1:0 \
    -P "$work/demo.port" 2>"$work/stashd-demo.log" &
stashd_pid=$!
n=0
while [ ! -s "$work/demo.port" ] && [ "$n" -lt 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
port=$(cat "$work/demo.port" 2>/dev/null)
if [ -z "$port" ]; then
	row "stash RSS at the register" "not measured" "" \
	    "stashd did not start: $(tail -1 "$work/stashd-demo.log")"
	done_bench
fi

# The baseline: cat in the same kind of pane (libc, nothing else).
tmux -f /dev/null -S "$sock" new-session -d -x 80 -y 24 -s base "exec cat"
tmux -S "$sock" new-session -d -x 80 -y 24 -s register \
    "exec '$STASH' -s 127.0.0.1:$port -t '$term' -E '$code' \
    -C '$work/$term.cred' -l '$work/stash.log'"
pid=$(tmux -S "$sock" list-panes -t register -F '#{pane_pid}')
bpid=$(tmux -S "$sock" list-panes -t base -F '#{pane_pid}')

ok=1
wait_for register 'Staff ID' 100 || ok=0
if [ "$ok" = 1 ]; then
	tmux -S "$sock" send-keys -t register 3 Enter
	sleep 0.2
	tmux -S "$sock" send-keys -t register 3000 Enter
	wait_for register 'Tag or SKU' 100 || ok=0
fi
set -- $tags
if [ "$ok" = 1 ]; then
	tmux -S "$sock" send-keys -t register "$1" Enter
	wait_for register '^ *1 lines?' 50 || ok=0
fi
if [ "$ok" = 1 ]; then
	tmux -S "$sock" send-keys -t register "$2" Enter
	wait_for register '^ *2 lines' 50 || ok=0
fi
if [ "$ok" != 1 ] || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != stash ]
then
	row "stash RSS at the register" "not measured" "" \
	    "stash did not reach a cart of two lines (see above)"
	done_bench
fi
sleep 0.5

rss=$(kb "$pid" VmRSS)
brss=$(kb "$bpid" VmRSS)
ratio=$(awk -v a="$rss" -v b="$brss" 'BEGIN { printf "%.1fx", a / b }')
row "cat in an 80x24 tmux pane (baseline)" "$(mb "$brss")" "1.00x" \
    "RssAnon $(mb "$(kb "$bpid" RssAnon)"), RssFile $(mb "$(kb "$bpid" \
    RssFile)")"
row "stash RSS: logged in, 2 lines in the cart" "$(mb "$rss")" "$ratio" \
    "RssAnon $(mb "$(kb "$pid" RssAnon)"), RssFile $(mb "$(kb "$pid" \
    RssFile)"), peak $(mb "$(kb "$pid" VmHWM)"); goal < 8 MB"
done_bench
