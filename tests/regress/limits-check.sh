#!/bin/sh
# $Id$
#
# stashctl limits check: exit 0 allow, 1 reject, 2 bad input; the JSON
# verdict; rule files found by --jurisdiction in $STASH_RULES, the request's
# "jurisdiction", or --rules FILE; a malformed rule file is refused with
# FILE:LINE. Reads only the tree's own contrib/rules.
#
# Needs: stashctl ($STASHCTL, else ./stashctl). No ledger is opened.

set -eu

STASHCTL=${STASHCTL:-./stashctl}
case $STASHCTL in
/*) ;;
*) STASHCTL=$PWD/$STASHCTL ;;
esac
[ -x "$STASHCTL" ] || { echo "limits-check: no stashctl at $STASHCTL" >&2; exit 1; }
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
STASH_RULES=$top_srcdir/contrib/rules
export STASH_RULES

TMP=$(mktemp -d "${TMPDIR:-/tmp}/limits-check.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
OUT=$TMP/out
ERR=$TMP/err

fail() {
	echo "limits-check: FAIL: $*" >&2
	for f in "$OUT" "$ERR"; do
		[ -s "$f" ] && { echo "--- $(basename "$f"):" >&2; cat "$f" >&2; }
	done
	exit 1
}

# check WANT ARGS < input: stashctl limits check exits WANT.
check() {
	want=$1
	shift
	set +e
	"$STASHCTL" -d "$TMP/none" "$@" >"$OUT" 2>"$ERR"
	rc=$?
	set -e
	[ "$rc" -eq "$want" ] || fail "limits check $* exited $rc, wanted $want"
}

has() {
	grep -qF -- "$2" "$1" || fail "expected \"$2\" in $(basename "$1")"
}

CUST='"customer":{"type":"adult","age":25,"resident":true}'
AT='"at":"2026-06-14T15:00:00-06:00"'
HIST='"history":[{"at":"2026-06-14T10:00:00-06:00","lines":[{"category":"flower","qty":1,"flower_mg":14000}]}]'

# Allowed: half an ounce earlier today and half the concentrate now.
check 0 --json limits check <<EOF2
{"jurisdiction":"US-CO",$AT,$CUST,$HIST,"cart":[{"category":"concentrate","qty":1,"conc_mg":3900}]}
EOF2
has "$OUT" '{"verdict":"allow","pools":[{"name":"co_adult_day","window":"day","used":'
has "$OUT" '"cap":28349,'
has "$OUT" '"reasons":[]}'

# Rejected: over the day's equivalency, by how much, exit 1.
check 1 --json limits check <<EOF2
{"jurisdiction":"US-CO",$AT,$CUST,$HIST,"cart":[{"category":"concentrate","qty":1,"conc_mg":4200}]}
EOF2
has "$OUT" '"verdict":"reject"'
has "$OUT" '"over":true'
has "$OUT" 'pool co_adult_day (day): this sale would make'
has "$OUT" 'over by'

# The same as text.
check 1 limits check <<EOF2
{"jurisdiction":"US-CO",$AT,$CUST,$HIST,"cart":[{"category":"concentrate","qty":1,"conc_mg":4200}]}
EOF2
has "$OUT" 'US-CO: reject'
has "$OUT" 'co_adult_day'

# Per transaction instead, as a named option: allowed.
check 0 --json limits check --jurisdiction US-CO <<EOF2
{$AT,$CUST,$HIST,"options":{"co_adult_per_day":false},"cart":[{"category":"concentrate","qty":1,"conc_mg":4200}]}
EOF2
has "$OUT" '"name":"co_adult_txn"'

# A product missing the measure its rule needs.
check 1 --json limits check --jurisdiction US-CO <<EOF2
{$AT,$CUST,"cart":[{"category":"edible","qty":1,"net_mg":20000}]}
EOF2
has "$OUT" 'has no thc_mg'

# Every shipped jurisdiction answers an empty cart.
for id in US-AZ US-CA US-CO US-CT US-FL US-IL US-MA US-MD US-MI US-MO \
    US-MT US-NJ US-NV US-OH US-OR US-WA; do
	case $id in
	US-FL) cust='"customer":{"type":"medical","age":40}' ;;
	*) cust=$CUST ;;
	esac
	check 0 --json limits check --jurisdiction $id <<EOF2
{"at":"2026-12-15T12:00:00Z",$cust,"cart":[]}
EOF2
	has "$OUT" '"verdict":"allow"'
done

# Effective dates are the laws' (not the 2026-11-26 the files were
# checked): Arizona's 14-day medical window before that day, California
# and New Jersey on earlier dates.
MED='"customer":{"type":"medical","age":40}'
check 1 --json limits check --jurisdiction US-AZ <<EOF2
{"at":"2026-11-20T12:00:00-07:00",$MED,"history":[{"at":"2026-11-07T00:00:00-07:00","lines":[{"category":"flower","qty":1,"flower_mg":40000}]}],"cart":[{"category":"flower","qty":1,"flower_mg":30874}]}
EOF2
has "$OUT" '"name":"az_med","window":"rolling 14 days","used":70874'
check 0 --json limits check --jurisdiction US-AZ <<EOF2
{"at":"2026-11-20T12:00:00-07:00",$MED,"history":[{"at":"2026-11-06T23:59:59-07:00","lines":[{"category":"flower","qty":1,"flower_mg":40000}]}],"cart":[{"category":"flower","qty":1,"flower_mg":30874}]}
EOF2
check 0 --json limits check --jurisdiction US-CA <<EOF2
{"at":"2025-03-01T12:00:00-08:00",$CUST,"cart":[{"category":"flower","qty":1,"flower_mg":28500}]}
EOF2
check 0 --json limits check --jurisdiction US-NJ <<EOF2
{"at":"2024-05-01T12:00:00-04:00",$CUST,"cart":[{"category":"flower","qty":1,"flower_mg":28350}]}
EOF2
check 1 limits check --jurisdiction US-NJ <<EOF2
{"at":"2022-04-20T12:00:00-04:00",$CUST,"cart":[]}
EOF2
has "$OUT" 'take effect on 2022-04-21'

# Bad input: exit 2, and the reason on stderr.
check 2 limits check --jurisdiction US-CO <<EOF2
{"at":"yesterday",$CUST,"cart":[]}
EOF2
has "$ERR" 'at: missing, or not a time'
check 2 limits check --jurisdiction US-CO <<EOF2
not json
EOF2
has "$ERR" 'the input is not JSON'
check 2 limits check --jurisdiction US-CO <<EOF2
{$AT,$CUST,"cart":[{"category":"flower","qty":1,"flower_mg":1,"colour":"green"}]}
EOF2
has "$ERR" 'cart[0].colour: unknown key'
check 2 limits check <<EOF2
{$AT,$CUST,"cart":[]}
EOF2
has "$ERR" 'no jurisdiction'
check 2 limits check --jurisdiction US-ZZ <<EOF2
{$AT,$CUST,"cart":[]}
EOF2
has "$ERR" 'US-ZZ'
check 2 limits check --jurisdiction ../etc <<EOF2
{$AT,$CUST,"cart":[]}
EOF2
check 2 limits check --jurisdiction US-CO --rules "$STASH_RULES/US-CO" <<EOF2
{$AT,$CUST,"cart":[]}
EOF2
has "$ERR" 'not both'

# --rules FILE: a good copy works, a malformed one is refused with FILE:LINE.
cp "$STASH_RULES/US-CO" "$TMP/co"
check 0 limits check --rules "$TMP/co" <<EOF2
{$AT,$CUST,"cart":[]}
EOF2
sed 's/term flower,preroll flower 1oz/term flower,preroll flower 1ounce/' \
    "$STASH_RULES/US-CO" >"$TMP/co-bad"
line=$(grep -n 'flower 1ounce' "$TMP/co-bad" | head -1 | cut -d: -f1)
check 2 limits check --rules "$TMP/co-bad" <<EOF2
{$AT,$CUST,"cart":[]}
EOF2
has "$ERR" "$TMP/co-bad:$line: amount \"1ounce\": unknown unit \"ounce\""

exit 0
