#!/bin/sh
# $Id$
#
# stashctl route: a problem on standard input, the order on standard
# output. Good input (--json and the table), windows with a late stop, the
# travelling-salesman case (detour 1, no windows) against every order
# worked out here, and each kind of bad input refused with the field named
# (exit 1, nothing on standard output).
#
# Needs: stashctl ($STASHCTL, else ./stashctl). No ledger is opened.

set -eu

STASHCTL=${STASHCTL:-./stashctl}
case $STASHCTL in
/*) ;;
*) STASHCTL=$PWD/$STASHCTL ;;
esac
[ -x "$STASHCTL" ] || { echo "ctl-route: no stashctl at $STASHCTL" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ctl-route.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
OUT=$TMP/out
ERR=$TMP/err

fail() {
	echo "ctl-route: FAIL: $*" >&2
	for f in "$OUT" "$ERR"; do
		[ -s "$f" ] && { echo "--- $(basename "$f"):" >&2; cat "$f" >&2; }
	done
	exit 1
}

# run WANT ARGS < input: stashctl route exits WANT.
run() {
	want=$1
	shift
	set +e
	"$STASHCTL" -d "$TMP/none" "$@" >"$OUT" 2>"$ERR"
	rc=$?
	set -e
	[ "$rc" -eq "$want" ] || fail "stashctl $* exited $rc, wanted $want"
}

has() {
	grep -qF -- "$2" "$1" || fail "expected \"$2\" in $(basename "$1")"
}

# bad FIELD-MESSAGE < input: refused, exit 1, the message names the field.
bad() {
	run 1 --json route
	has "$ERR" "stashctl: route: $1"
	[ ! -s "$OUT" ] || fail "output on a refusal"
}

DEPOT='"depot":{"lat":37.7749,"lon":-122.4194}'

# --- good input: three stops, one with a window that closes soon ---------
cat >"$TMP/good.json" <<EOF2
{$DEPOT,"speed_kmh":30,"detour":1.3,
 "depart":"2026-06-14T15:00:00-07:00",
 "stops":[
  {"id":"A","lat":37.7849,"lon":-122.4094,"service_s":300},
  {"id":"B","lat":37.7649,"lon":-122.4294,"service_s":300},
  {"id":"far","lat":37.7349,"lon":-122.3894,"service_s":300,
   "window":["2026-06-14T15:00:00-07:00","2026-06-14T15:20:00-07:00"]}]}
EOF2
run 0 --json route <"$TMP/good.json"
# The stop whose window closes soon goes first though it is the farthest.
has "$OUT" '{"order":["far",'
has "$OUT" '"late":[],"late_s":0,"depart":"2026-06-14T22:00:00Z"'
python3 - "$OUT" <<'EOF2' || fail "the JSON answer does not add up"
import json, sys
r = json.load(open(sys.argv[1]))
assert sorted(r["order"]) == ["A", "B", "far"], r
assert r["distance_m"] > 0 and r["duration_s"] > 900, r
assert [s["id"] for s in r["stops"]] == r["order"], r
assert all(s["late_s"] == 0 for s in r["stops"]), r
assert r["optimal"] is True, r
EOF2

# The same as a table.
run 0 route <"$TMP/good.json"
has "$OUT" '#    STOP'
has "$OUT" 'depot (leave)                    2026-06-14T22:00:00Z'
has "$OUT" '1    far '
has "$OUT" '3 stops, '
has "$OUT" 'none late (optimal)'

# --- a stop that cannot be on time: lateness reported per stop ----------
cat >"$TMP/late.json" <<EOF2
{$DEPOT,"speed_kmh":30,"detour":1.3,
 "stops":[
  {"id":"north","lat":37.8149,"lon":-122.4194,"service_s":120,
   "window":["2026-06-14T15:00:00-07:00","2026-06-14T15:05:00-07:00"]},
  {"id":"south","lat":37.7349,"lon":-122.4194,"service_s":120,
   "window":["2026-06-14T15:00:00-07:00","2026-06-14T15:05:00-07:00"]}]}
EOF2
run 0 --json route <"$TMP/late.json"
# No "depart": the earliest window's start.
has "$OUT" '"depart":"2026-06-14T22:00:00Z"'
python3 - "$OUT" <<'EOF2' || fail "lateness is not reported per stop"
import json, sys
r = json.load(open(sys.argv[1]))
late = {s["id"]: s["late_s"] for s in r["stops"]}
# Both are late (each is more than 5 minutes away), the first less so.
assert all(v > 0 for v in late.values()), r
assert r["late"] == [{"id": i, "late_s": late[i]} for i in r["order"]], r
assert r["late_s"] == sum(late.values()), r
EOF2
run 0 route <"$TMP/late.json"
has "$OUT" '2 late by '

# --- the travelling salesman: detour 1, no windows, every order tried ----
cat >"$TMP/tsp.json" <<EOF2
{$DEPOT,"speed_kmh":40,"detour":1,"depart":"2026-06-14T09:00:00Z",
 "stops":[
  {"id":"s1","lat":37.80,"lon":-122.41},{"id":"s2","lat":37.76,"lon":-122.39},
  {"id":"s3","lat":37.74,"lon":-122.47},{"id":"s4","lat":37.79,"lon":-122.45},
  {"id":"s5","lat":37.72,"lon":-122.40},{"id":"s6","lat":37.77,"lon":-122.50},
  {"id":"s7","lat":37.75,"lon":-122.43}]}
EOF2
run 0 --json route <"$TMP/tsp.json"
python3 - "$TMP/tsp.json" "$OUT" <<'EOF2' || fail "not the shortest tour"
import itertools, json, math, sys
p = json.load(open(sys.argv[1]))
r = json.load(open(sys.argv[2]))
def gc(a, b):   # haversine on the mean Earth radius, whole metres
    la1, la2 = math.radians(a["lat"]), math.radians(b["lat"])
    dla, dlo = la2 - la1, math.radians(b["lon"] - a["lon"])
    h = math.sin(dla / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dlo / 2) ** 2
    return round(2 * 6371008.8 * math.asin(math.sqrt(h)))
depot, stops = p["depot"], {s["id"]: s for s in p["stops"]}
def tour(order):
    pts = [depot] + [stops[i] for i in order] + [depot]
    return sum(gc(pts[i], pts[i + 1]) for i in range(len(pts) - 1))
best = min(tour(o) for o in itertools.permutations(stops))
got = tour(r["order"])
# Our legs may differ from route.c's by a metre of rounding each.
assert abs(r["distance_m"] - got) <= 8, (r["distance_m"], got)
assert got == best, (got, best)
assert r["optimal"] is True
assert r["late"] == []
EOF2

# --- bad input -----------------------------------------------------------
echo 'not json' | bad 'the input is not JSON'
echo '{"stops":[]}' | bad 'depot: missing'
echo "{$DEPOT}" | bad 'stops: missing'
echo "{$DEPOT,\"stops\":[],\"speed\":3}" | bad 'speed: unknown field'
echo "{$DEPOT,\"stops\":[],\"speed_kmh\":0}" | bad 'speed_kmh: not a number from 1 to 200'
echo "{$DEPOT,\"stops\":[],\"detour\":0.5}" | bad 'detour: not a number from 1 to 5'
echo "{$DEPOT,\"stops\":[],\"depart\":\"now\"}" | bad 'depart: not a time'
echo '{"depot":{"lat":"x","lon":0},"stops":[]}' | bad 'depot.lat: not a latitude'
echo "{$DEPOT,\"stops\":[{\"id\":\"A\",\"lat\":95,\"lon\":0}]}" |
    bad 'stops[0].lat: not a latitude (a number from -90 to 90)'
echo "{$DEPOT,\"stops\":[{\"id\":\"A\",\"lat\":0,\"lon\":-200}]}" |
    bad 'stops[0].lon: not a longitude (a number from -180 to 180)'
echo "{$DEPOT,\"stops\":[{\"id\":\"A\",\"lat\":0,\"lon\":0},{\"id\":\"A\",\"lat\":1,\"lon\":1}]}" |
    bad 'stops[1].id: "A" is already the id of stops[0]'
echo "{$DEPOT,\"stops\":[{\"id\":\"A\",\"lat\":0,\"lon\":0,\"window\":[\"2026-06-14T16:00:00-07:00\",\"2026-06-14T15:00:00-07:00\"]}]}" |
    bad 'stops[0].window: ends before it starts'
echo "{$DEPOT,\"stops\":[{\"id\":\"A\",\"lat\":0,\"lon\":0,\"window\":[\"16:00\",\"17:00\"]}]}" |
    bad 'stops[0].window[0]: not a time'
echo "{$DEPOT,\"stops\":[{\"id\":\"A\",\"lat\":0,\"lon\":0,\"service_s\":90000}]}" |
    bad 'stops[0].service_s: not whole seconds from 0 to 86400'
echo "{$DEPOT,\"stops\":[{\"id\":\"A\",\"lat\":0,\"lon\":0}],\"durations_s\":[[0]]}" |
    bad 'durations_s: not 2 rows of 2 numbers'
python3 -c '
import json
print(json.dumps({"depot": {"lat": 1, "lon": 1}, "stops": [
    {"id": "s%d" % i, "lat": 1 + i / 1000, "lon": 1} for i in range(101)]}))' |
    bad 'stops: 101 stops, more than the 100 a route may have'
head -c 1100000 /dev/zero | tr '\0' ' ' | bad 'the input is larger than 1024 KiB'

echo "ctl-route: ok"
