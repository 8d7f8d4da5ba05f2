#!/bin/sh
# Build stash, create the demo store, start stashd and open the register in
# this terminal. The demo store lives in $STASH_DEMO_DIR (default
# ~/.stash-demo) and is kept between runs; remove it to start over.
#
# stashd listens on 127.0.0.1:$STASH_DEMO_PORT (default 7411, the port
# terminals use), the same port every run, so a terminal left open in
# another window finds the demo's stashd again when the demo is restarted.
# $STASH_DEMO_BUILD names a build directory to use as it is (no building).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
port="${STASH_DEMO_PORT:-7411}"
case $port in
''|*[!0-9]*) echo "stash: STASH_DEMO_PORT must be a port number" >&2; exit 1 ;;
esac
if [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
	echo "stash: STASH_DEMO_PORT must be a port number" >&2
	exit 1
fi
if [ -n "${STASH_DEMO_BUILD:-}" ]; then
	build=$STASH_DEMO_BUILD
else
	sh contrib/deps.sh
	build="$top/build/demo"
fi
if [ ! -x "$build/stash" ] || [ ! -x "$build/stashd" ] ||
    [ ! -x "$build/stash-metrc-sim" ]; then
	echo "stash: building (a minute or two)..."
	if [ -f config.status ]; then
		# Configured in place by a developer: build there instead.
		build="$top"
		make -j"$(nproc)" stash stashd stashctl stash-metrc-sim >/dev/null
	else
		[ -x configure ] || ./autogen.sh >/dev/null 2>&1
		mkdir -p "$build"
		(cd "$build" && "$top/configure" >/dev/null &&
		    make -j"$(nproc)" stash stashd stashctl stash-metrc-sim >/dev/null)
	fi
fi

demo="${STASH_DEMO_DIR:-$HOME/.stash-demo}"
mkdir -p "$demo"
if [ ! -f "$demo/data/data.mdb" ]; then
	"$build/stashctl" -d "$demo/data" demo >"$demo/demo.txt"
	"$build/stashctl" -d "$demo/data" stock list >"$demo/tags.txt"
	rm -f "$demo/register-1.cred"
fi

# The demo store reports to a simulated state system (stash-metrc-sim,
# seeded to match the demo store), as a real store reports to Metrc.
sim_args=""
if [ ! -f "$demo/metrc-sim.state" ]; then
	sim_args="--seed demo"
fi
rm -f "$demo/metrc-sim.out"
# shellcheck disable=SC2086
"$build/stash-metrc-sim" -l 127.0.0.1:0 -s "$demo/metrc-sim.state" \
    $sim_args >"$demo/metrc-sim.out" 2>>"$demo/metrc-sim.log" &
sim=$!
i=0
while [ ! -s "$demo/metrc-sim.out" ] && [ $i -lt 100 ]; do
	i=$((i + 1))
	sleep 0.05
done
metrc=""
if python3 - "$demo/metrc-sim.out" "$demo/metrc.secrets" <<'PY'
import json, os, sys
start = json.loads(open(sys.argv[1]).readline())
fd = os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, ("vendor-key %s\nuser-key %s\n" % (start["vendor_key"],
    start["user_key"])).encode())
os.close(fd)
print(start["listen"], file=open(sys.argv[1] + ".url", "w"))
PY
then
	metrc="-o metrc-url=http://$(cat "$demo/metrc-sim.out.url") \
	    -o metrc-secrets=$demo/metrc.secrets -o metrc-interval=5"
else
	echo "stash: the Metrc simulator did not start; selling without it" >&2
fi

rm -f "$demo/port"
# shellcheck disable=SC2086
"$build/stashd" -f /dev/null -d "$demo/data" -l "127.0.0.1:$port" $metrc \
    -P "$demo/port" 2>>"$demo/stashd.log" &
pid=$!
dev_pids=""
trap 'kill $pid $sim $dev_pids 2>/dev/null; wait $pid 2>/dev/null' \
    EXIT HUP INT TERM
i=0
while [ ! -s "$demo/port" ]; do
	i=$((i + 1))
	if [ $i -gt 200 ] || ! kill -0 $pid 2>/dev/null; then
		echo "stash: stashd did not start; see $demo/stashd.log" >&2
		tail -5 "$demo/stashd.log" >&2
		echo "stash: if port $port is taken (an earlier demo still" \
		    "running?), stop that or set STASH_DEMO_PORT" >&2
		exit 1
	fi
	sleep 0.05
done
cat <<EOT
stash demo store: $demo (stashd on 127.0.0.1:$port, log in $demo/stashd.log;
sales are reported to a simulated Metrc: $demo/metrc-sim.log)
Log in as staff 3 (Dana, budtender) with PIN 3000, or 2 (Morgan, manager),
PIN 2000. Tags to scan or type (e.g. 1A4060300000000000001001, or a SKU
such as FL-GG4-BULK) are listed in $demo/tags.txt.
EOT
# STASH_DEMO_DEVICES=1: a simulated scale and receipt printer.
dev_preload=""
dev_file=""
if [ "${STASH_DEMO_DEVICES:-0}" = 1 ]; then
	. "$top/contrib/demo-devices.sh"
fi
sleep 2
enrol=""
if [ ! -s "$demo/register-1.cred" ]; then
	# A fresh one-time code enrols this register (again).
	code=$("$build/stashctl" -d "$demo/data" terminal add register-1 \
	    --reenrol 2>/dev/null | head -1)
	enrol="-E $code"
fi
# shellcheck disable=SC2086
env $dev_preload "$build/stash" -s "127.0.0.1:$port" -t register-1 \
    -C "$demo/register-1.cred" $enrol ${dev_file:+-D "$dev_file"}
