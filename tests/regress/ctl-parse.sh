#!/bin/bash
# $Id$
#
# stashctl parse: raw device bytes on stdin, one JSON event per line on
# stdout; exit 0 only when a weight, scan, ID or position came out, else a
# message on stderr saying why. The vectors follow the public protocol
# descriptions (MT-SICS, A&D standard format, CAS 22-byte frames, NMEA 0183
# with XOR checksums, AIM symbology identifiers and GS1 element strings,
# the AAMVA DL/ID Annex D layout); the ID is a published synthetic sample.
#
# Needs: stashctl ($STASHCTL, else ./stashctl), python3 (to read the JSON).

set -eu

STASHCTL=${STASHCTL:-./stashctl}
case $STASHCTL in
/*) ;;
*) STASHCTL=$PWD/$STASHCTL ;;
esac
[ -x "$STASHCTL" ] || { echo "ctl-parse: no stashctl at $STASHCTL" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "ctl-parse: python3 not found" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ctl-parse.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
OUT=$TMP/out
ERR=$TMP/err

fail() {
	echo "ctl-parse: FAIL: $*" >&2
	echo "--- stdout:" >&2; cat "$OUT" >&2
	echo "--- stderr:" >&2; cat "$ERR" >&2
	exit 1
}

# ok KIND [ARGS...] < input: must succeed.
ok() {
	"$STASHCTL" -d "$TMP/none" parse "$@" >"$OUT" 2>"$ERR" || fail "parse $* failed"
}
# refused KIND [ARGS...] < input: must fail with a message, no good event.
refused() {
	if "$STASHCTL" -d "$TMP/none" parse "$@" >"$OUT" 2>"$ERR"; then
		fail "parse $* should have failed"
	fi
	[ -s "$ERR" ] || fail "parse $*: no message on stderr"
	if grep -q '"type": *"\(weight\|scan\|id\|position\)"' "$OUT"; then
		fail "parse $*: a refused input produced a reading"
	fi
}
# field N EXPR WANT: python expression over event N (j) must print WANT.
field() {
	got=$(python3 -c "import json,sys; j=[json.loads(l) for l in open(sys.argv[1])][$1]; print($2)" "$OUT") ||
	    fail "cannot read event $1"
	[ "$got" = "$3" ] || fail "event $1: $2 is '$got', want '$3'"
}

# Scales: a stable MT-SICS weight; motion, overload and errors refused.
printf 'S S     100.00 g\r\n' | ok scale --protocol mt-sics
field 0 'j["type"], j["value"], j["unit"], j["mg"], j["stable"]' "weight 100.00 g 100000 True"
printf 'S D     129.07 g\r\n' | refused scale --protocol mt-sics
field 0 'j["status"]' motion
printf 'S +\r\nS -\r\nS I\r\nES\r\nET\r\nEL\r\n' | refused scale --protocol mt-sics
field 5 'j["status"]' error
printf 'ST,+00012.34  g\r\nUS,-00018.37  g\r\n' | ok scale --protocol and
field 0 'j["mg"]' 12340
field 1 'j["status"]' motion
printf 'ST,GS,+  1.234kg\r\n' | ok scale --protocol cas
field 0 'j["mg"]' 1234000
printf '\n0001.25LB\r\n00\r\003' | ok scale --protocol nci
field 0 'j["value"], j["unit"], j["mg"]' "1.25 lb None"
printf '\n 1G        1.25lb\r' | ok scale --protocol sma
printf '\002001.25\r' | ok scale --protocol toledo-8217
printf '    53.98 g   ?\r\n' | refused scale --protocol ohaus
printf '\377\376garbage\r\n' | refused scale --protocol mt-sics
field 0 'j["status"]' garbage
refused scale </dev/null
grep -q -- '--protocol' "$ERR" || fail "no hint about --protocol"
printf 'x' | refused scale --protocol stone

# Scanner: EAN-13, GS1-128 with lot and serial, a Metrc tag; bad check digit.
printf ']E05901234123457\r' | ok scan
field 0 'j["symbology"], j["data"]' "ean13 5901234123457"
printf ']C101008500060001281726123110LOT42A\035210001234\r' | ok scan
field 0 'j["gtin"], j["expiry"], j["lot"], j["serial"]' "00850006000128 261231 LOT42A 0001234"
printf ']C01A4FF0100000022000000123\r\n' | ok scan
field 0 'j["kind"], j["tag"]' "metrc-tag 1A4FF0100000022000000123"
printf ']E05901234123458\r' | refused scan

# NMEA: a fix, no fix, a bad checksum.
printf '$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n' | ok nmea
field 0 'j["lat"], j["lon"], j["time"]' "48.117300 11.516667 2094-03-23T12:35:19Z"
printf '$GPRMC,182210.00,V,,,,,,,150624,,,N*71\r\n' | refused nmea
field 0 'j["status"]' no-fix
printf '$GNRMC,031406.60,A,3744.61398,N,12226.29502,W,0.020,12,100823,,,R,V*11\r\n' | refused nmea
field 0 'j["status"]' checksum

# AAMVA: the 2020 Virginia sample; the same with separators stripped.
VA='@\n\036\rANSI 636000100102DL00410278ZV03190008DLDAQT64235789\nDCSSAMPLE\nDDEN\nDACMICHAEL\nDDFN\nDADJOHN\nDDGN\nDCUJR\nDCAD\nDCBK\nDCDPH\nDBD06062019\nDBB06061986\nDBA12102024\nDBC1\nDAU068 in\nDAYBRO\nDAG2300 WEST BROAD STREET\nDAIRICHMOND\nDAJVA\nDAK232690000  \nDCF2424244747474786102204\nDCGUSA\nDCK123456789\nDDAF\nDDB06062018\nDDC06062020\nDDD1\rZVZVA01\r'
printf "$VA" | ok aamva
field 0 'j["number"], j["birth"], j["expiry"], j["state"]' "T64235789 1986-06-06 2024-12-10 VA"
printf "$VA" | tr -d '\n' | refused aamva
printf ']L2'"$VA"'\003' | ok scan
field 0 'j["type"], j["family"]' "id SAMPLE"

refused other </dev/null
exit 0
