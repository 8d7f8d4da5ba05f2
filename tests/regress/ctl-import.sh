#!/bin/bash
# $Id$
#
# stashctl on a ledger of its own: CSV imports are all or nothing with
# FILE:LINE errors, quoted fields survive, the demo tags are valid tags, the
# audit chain is whole after imports, a backup verifies, and a tampered audit
# record is found and named.
#
# Needs: stashctl ($STASHCTL, else ./stashctl), mdb_dump and mdb_load
# (lmdb-utils), perl.

set -eu

STASHCTL=${STASHCTL:-./stashctl}
case $STASHCTL in
/*) ;;
*) STASHCTL=$PWD/$STASHCTL ;;
esac
[ -x "$STASHCTL" ] || { echo "ctl-import: no stashctl at $STASHCTL" >&2; exit 1; }
for tool in mdb_dump mdb_load perl; do
	command -v $tool >/dev/null 2>&1 || {
		echo "ctl-import: $tool not found (apt-get install lmdb-utils perl)" >&2
		exit 1
	}
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ctl-import.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
unset STASH_DATADIR
L=$TMP/ledger
OUT=$TMP/out
ERR=$TMP/err

fail() {
	echo "ctl-import: FAIL: $*" >&2
	if [ -s "$ERR" ]; then
		echo "--- stderr of the last command:" >&2
		cat "$ERR" >&2
	fi
	exit 1
}

# ctl ARGS: run stashctl on the ledger, output in $OUT and $ERR.
ctl() {
	"$STASHCTL" -d "$L" "$@" >"$OUT" 2>"$ERR"
}

ok() {
	ctl "$@" || fail "stashctl $* exited $?"
}

refused() {
	if ctl "$@"; then
		fail "stashctl $* succeeded, should have failed"
	fi
}

# has FILE TEXT: FILE contains the fixed string TEXT.
has() {
	grep -qF -- "$2" "$1" || fail "expected \"$2\" in $(basename "$1"): $(cat "$1")"
}

# --- a store with a catalogue -----------------------------------------------

ok init --licence 402R-TEST --state CO --tz America/Denver \
	--admin-name Admin --admin-pin 1234
has "$OUT" "admin is staff 1"
refused init --licence 402R-TEST --state CO --tz America/Denver \
	--admin-name Admin --admin-pin 1234
has "$ERR" "already initialised"

# --- products: a bad file imports nothing, and names every bad line ---------

cat >"$TMP/products-bad.csv" <<'EOF'
sku,name,category,unit,price,thc
GOOD-1,A good row,flower,each,10.00,20
GOOD-1,Same SKU again,flower,each,10.00,20
BAD-UNIT,Bad unit,flower,gram,10.00,20
BAD-PRICE,Bad price,flower,each,ten,20
BAD-THC,Bad thc,flower,each,10.00,22.55
BAD-COUNT,Too few fields,flower,each,10.00
BAD-QUOTE,"Not closed,flower,each,10.00,20
EOF
refused product import "$TMP/products-bad.csv"
for n in 3 4 5 6 7 8; do
	has "$ERR" "products-bad.csv:$n: "
done
grep -q "products-bad.csv:2: " "$ERR" && fail "line 2 is good but was reported"
has "$ERR" "SKU GOOD-1 is already on line 2"
has "$ERR" "6 errors; nothing was imported"
ok --json info
has "$OUT" '"products":0'

# --- formulas: a text cell a spreadsheet would run is refused, by column ---

printf '%s\n' 'sku,name,category,unit,price,thc' \
	"OK-1,=cmd|' /C calc'!A0,flower,each,10.00,20" \
	'OK-2,+SUM(A1),flower,each,10.00,20' \
	'OK-3,@SUM(A1),flower,each,10.00,20' \
	'-2+3,Minus sku,flower,each,10.00,20' \
	'OK-5,Tabbed,"	x",each,10.00,20' \
	'=1+2,Formula sku,flower,each,10.00,20' \
	'OK-7,Fine name,flower,each,10.00,20' >"$TMP/products-formula.csv"
refused product import "$TMP/products-formula.csv"
has "$ERR" "products-formula.csv:2: column name: \"=cmd|' /C calc'!A0\" starts with \"=\""
has "$ERR" "products-formula.csv:3: column name: \"+SUM(A1)\" starts with \"+\""
has "$ERR" "products-formula.csv:4: column name: \"@SUM(A1)\" starts with \"@\""
has "$ERR" "products-formula.csv:5: column sku: \"-2+3\" starts with \"-\""
has "$ERR" "products-formula.csv:6: column"
has "$ERR" "products-formula.csv:7: column sku: \"=1+2\" starts with \"=\""
has "$ERR" "which a spreadsheet would run as a formula"
has "$ERR" "6 errors; nothing was imported"
grep -q "products-formula.csv:8: " "$ERR" && fail "line 8 is good but was reported"
printf 'sku,name,category,unit,price,thc\nOK-8,Bidi \342\200\256gnp,flower,each,1,1\nOK-9,C1 \302\233x,flower,each,1,1\n' >"$TMP/products-bidi.csv"
refused product import "$TMP/products-bidi.csv"
has "$ERR" "products-bidi.csv:2: column \"name\" contains a text direction control (U+202E)"
has "$ERR" "products-bidi.csv:3: column \"name\" contains a control character (U+009B)"
ok --json info
has "$OUT" '"products":0'

# --- products: a good file, with RFC 4180 quoting ---------------------------

cat >"$TMP/products.csv" <<'EOF'
sku,name,category,unit,price,thc
FL-1,"Blue Dream, 3.5g",Flower,each,35.00,22.5
FL-2,"The ""Good"" Kush (bulk)",flower,weight,9.50,19
ED-1,Gummies 10x10mg,edible,each,20,0.3
EOF
ok product import "$TMP/products.csv"
has "$OUT" "imported 3 products"
# Imported again: the SKUs exist and nothing differs, so nothing is written.
ok product import "$TMP/products.csv"
has "$OUT" "0 new, 0 updated, 3 unchanged"

# --- packages: all or nothing, then a good file from stdin -------------------

ok --json stock list
[ "$(cat "$OUT")" = "[]" ] || fail "stock not empty before import: $(cat "$OUT")"

cat >"$TMP/packages-bad.csv" <<'EOF'
tag,sku,batch,qty,status
1A4060300000000000000101,FL-1,B1,10,
1A406030000000000000010Z,FL-1,B1,10,
1A4060300000000000000102,NOPE,B1,10,
1A4060300000000000000103,FL-2,B1,1.2345,
1A4060300000000000000104,FL-1,B1,1.5,
1A4060300000000000000101,FL-1,B1,10,
1A4060300000000000000105,FL-1,B1,10,lost
EOF
refused package import "$TMP/packages-bad.csv"
for n in 3 4 5 6 7 8; do
	has "$ERR" "packages-bad.csv:$n: "
done
has "$ERR" "no product with SKU NOPE"
has "$ERR" "tag 1A4060300000000000000101 is already on line 2"
has "$ERR" "6 errors; nothing was imported"
ok --json stock list
[ "$(cat "$OUT")" = "[]" ] || fail "a bad package file imported something: $(cat "$OUT")"

printf '%s\n' 'tag,sku,batch,qty,status' \
	'1A4060300000000000000111,FL-1,=1+2,10,' \
	'1A4060300000000000000112,FL-1,B-OK,10,' >"$TMP/packages-formula.csv"
refused package import "$TMP/packages-formula.csv"
has "$ERR" "packages-formula.csv:2: column batch: \"=1+2\" starts with \"=\""
has "$ERR" "1 error; nothing was imported"
ok --json stock list
[ "$(cat "$OUT")" = "[]" ] || fail "a formula batch imported something: $(cat "$OUT")"

printf '%s\n' 'manifest,supplier,tag,sku,batch,qty,lab_expires' \
	'MF-1,@SUM(A1),1A4060300000000000000121,FL-1,B-1,10,' \
	'MF-1,SUP-1,1A4060300000000000000122,FL-1,+1,10,' \
	'MF-1,SUP-1,1A4060300000000000000123,FL-1,B-3,10,9999-12-31' \
	'MF-1,SUP-1,1A4060300000000000000124,FL-1,B-4,10,2026-02-30' \
	>"$TMP/manifest-formula.csv"
refused manifest import "$TMP/manifest-formula.csv"
has "$ERR" "manifest-formula.csv:2: column supplier: \"@SUM(A1)\" starts with \"@\""
has "$ERR" "manifest-formula.csv:3: column batch: \"+1\" starts with \"+\""
has "$ERR" "manifest-formula.csv:4: column \"lab_expires\" is after"
has "$ERR" "manifest-formula.csv:5: "
has "$ERR" "4 errors; nothing was imported"

cat >"$TMP/packages.csv" <<'EOF'
tag,sku,batch,qty,status
1a4060300000000000000201,FL-1,"B-1, first",24,
1A4060300000000000000202,FL-2,B-2,453.592,active
1A4060300000000000000203,ED-1,B-3,12,hold
EOF
"$STASHCTL" -d "$L" package import - <"$TMP/packages.csv" >"$OUT" 2>"$ERR" ||
	fail "package import from stdin failed"
has "$OUT" "imported 3 packages from stdin"
ok --json stock list
has "$OUT" '"tag":"1A4060300000000000000201","sku":"FL-1"'
has "$OUT" '"batch":"B-1, first"'
has "$OUT" '"tag":"1A4060300000000000000202","sku":"FL-2","product":"The \"Good\" Kush (bulk)","unit":"weight","qty":453592'
has "$OUT" '"status":"hold"'

# --- the audit chain after the imports -----------------------------------------

ok audit verify
has "$OUT" "audit chain whole: 8 records"	# init 2, products 3, packages 3

# --- the demo store --------------------------------------------------------------

L=$TMP/demo
ok demo
has "$OUT" "1A4060300000000000001001"
has "$OUT" "register-1"
refused demo
has "$ERR" "already has a demo catalogue"
ok --json stock list
tags=$(perl -ne 'print "$1\n" while /"tag":"([^"]*)"/g' "$OUT")
ntags=$(printf '%s\n' "$tags" | grep -c .)
[ "$ntags" -ge 25 ] || fail "demo has $ntags packages, expected about 30"
bad=$(printf '%s\n' "$tags" | grep -cvE '^1A4[0-9A-F]{21}$' || true)
[ "$bad" -eq 0 ] || fail "$bad demo tags are not 24 uppercase hex starting 1A4"
dups=$(printf '%s\n' "$tags" | sort | uniq -d | wc -l)
[ "$dups" -eq 0 ] || fail "demo tags repeat"
has "$OUT" '"tag":"1A4060300000000000002001","sku":"FL-GG4-BULK"'
ok audit verify
has "$OUT" "audit chain whole:"

# The demo's tags pass the import's tag check too, in another ledger.
L=$TMP/tags
ok init --licence 402R-TAGS --state CO --tz America/Denver \
	--admin-name Admin --admin-pin 1234
printf 'sku,name,category,unit,price,thc\nT-1,Tag test,flower,each,1.00,1\n' \
	>"$TMP/tags-products.csv"
ok product import "$TMP/tags-products.csv"
{
	echo "tag,sku,batch,qty"
	printf '%s\n' "$tags" | sed 's/$/,T-1,B,1/'
} >"$TMP/tags-packages.csv"
ok package import "$TMP/tags-packages.csv"
has "$OUT" "imported $ntags packages"

# --- a backup verifies ------------------------------------------------------------

L=$TMP/ledger
ok backup "$TMP/backup"
has "$OUT" "$TMP/backup"
L=$TMP/backup
ok audit verify
has "$OUT" "audit chain whole: 8 records"
L=$TMP/ledger
refused backup "$TMP/backup"
has "$ERR" "already holds a ledger"

# --- a tampered audit record is found and named ------------------------------------
#
# Dump the audit table, change one printable byte inside record 4's text
# (sku=FL-2 becomes sku=FL-3) and load it back over the ledger. mdb_dump -p
# (printable) does not escape backslashes in LMDB 0.9.24, so the hex dump is
# edited instead: perl decodes each value, edits it, encodes it again.

L=$TMP/backup
mdb_dump -s audit "$L" >"$TMP/audit.dump" || fail "mdb_dump failed"
perl -ne '
	if (!$done && /^ ([0-9a-f]+)$/) {
		my $v = pack("H*", $1);
		if ($v =~ s/sku=FL-2 /sku=FL-3 /) {
			$done = 1;
			print " ", unpack("H*", $v), "\n";
			next;
		}
	}
	print;
	END { exit($done ? 0 : 1) }
' "$TMP/audit.dump" >"$TMP/audit.tampered" || fail "no record with sku=FL-2 to tamper"
cmp -s "$TMP/audit.dump" "$TMP/audit.tampered" && fail "the dump did not change"
mdb_load -s audit -f "$TMP/audit.tampered" "$L" 2>"$ERR" || fail "mdb_load failed"
ok audit list --limit 8
has "$OUT" "sku=FL-3"
refused audit verify
has "$ERR" "audit chain broken at record 4"
has "$ERR" "record 4 has been altered"
refused --json audit verify
has "$OUT" '"whole":false'
has "$OUT" '"bad":4'

echo "ctl-import: ok"
