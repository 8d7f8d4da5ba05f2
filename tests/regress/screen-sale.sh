#!/bin/sh
# $Id$
#
# A sale at the register, as a budtender sees it: the real stash runs in a
# detached 80x24 tmux session against a real stashd on a demo ledger. The
# test enrols the terminal, logs in, scans two package tags the way a
# keyboard-wedge scanner types them (the whole tag and Enter at once), takes
# cash, and reads the completed-sale screen: the sale number, the total and
# the change due. Then the ledger itself (stashctl sales list --json) must
# hold that sale: two lines, that total, that cash, complete.
#
# Needs: stashd, stashctl and stash built in this tree ($STASHD, $STASHCTL,
# $STASH, else ./), tmux, python3. Exit 0 pass, 77 skip (no tmux), else
# fail with a message saying what was wrong and the screen as it was.

set -eu

NAME=screen-sale
HERE=$(cd "$(dirname "$0")" && pwd)
if [ -f "${top_srcdir:-.}/tests/regress/lib.sh" ]; then
	. "${top_srcdir:-.}/tests/regress/lib.sh"
fi

abspath() {
	case $1 in
	/*) echo "$1" ;;
	*) echo "$PWD/$1" ;;
	esac
}
STASHD=$(abspath "${STASHD:-./stashd}")
STASHCTL=$(abspath "${STASHCTL:-./stashctl}")
STASH=$(abspath "${STASH:-./stash}")
for p in "$STASHD" "$STASHCTL" "$STASH"; do
	[ -x "$p" ] || { echo "$NAME: FAIL: no program $p (build it)" >&2; exit 1; }
done
command -v tmux >/dev/null 2>&1 || {
	echo "$NAME: SKIP: tmux not found (apt-get install tmux)" >&2
	exit 77
}
command -v python3 >/dev/null 2>&1 || {
	echo "$NAME: FAIL: python3 not found" >&2
	exit 1
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/$NAME.XXXXXX")
DATA=$TMP/data
SOCK=$NAME-$$
STASHD_PID=

ss_tmux() {
	tmux -L "$SOCK" -f /dev/null "$@"
}

ss_cleanup() {
	ss_tmux kill-server >/dev/null 2>&1 || true
	if [ -n "$STASHD_PID" ] && kill -0 "$STASHD_PID" 2>/dev/null; then
		kill "$STASHD_PID" 2>/dev/null || true
		wait "$STASHD_PID" 2>/dev/null || true
	fi
	if [ -z "${KEEP:-}" ]; then
		rm -rf "$TMP"
	else
		echo "$NAME: kept $TMP" >&2
	fi
}
trap ss_cleanup EXIT

ss_screen() {
	ss_tmux capture-pane -p -t stash 2>/dev/null || true
}

ss_fail() {
	echo "$NAME: FAIL: $*" >&2
	echo "--- the screen:" >&2
	ss_screen >&2
	for f in "$TMP/stash.log" "$TMP/stashd.log"; do
		if [ -s "$f" ]; then
			echo "--- tail of $(basename "$f"):" >&2
			tail -n 20 "$f" >&2
		fi
	done
	exit 1
}

# ss_wait TEXT [SECONDS]: until the screen shows TEXT (a minute unless
# told: generous, for a loaded machine).
ss_wait() {
	local i n=$(( ${2:-60} * 10 ))

	for i in $(seq "$n"); do
		if ss_screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.1
	done
	ss_fail "the screen never showed \"$1\""
}

# ss_wait_re REGEX: until the screen shows it (a minute).
ss_wait_re() {
	local i

	for i in $(seq 600); do
		if ss_screen | grep -qE -- "$1"; then
			return 0
		fi
		sleep 0.1
	done
	ss_fail "the screen never showed /$1/"
}

# ss_shows REGEX: the screen shows it now.
ss_shows() {
	ss_screen | grep -qE -- "$1" || ss_fail "the screen does not show /$1/"
}

# ss_type TEXT: typed by a person, one key at a time (not a scan). The
# pause is only a person's pace; it waits for nothing (what the keys do
# is waited for with ss_wait after).
ss_type() {
	printf '%s\n' "$1" | fold -w 1 | while IFS= read -r c; do
		ss_tmux send-keys -t stash -l -- "$c"
		sleep 0.08
	done
}

# ss_scan CODE: a wedge scanner: every character and Enter at once.
ss_scan() {
	ss_tmux send-keys -t stash -- "$1" Enter
}

# --- a demo ledger and its stashd ---
"$STASHCTL" -d "$DATA" --json demo >"$TMP/demo.json" 2>"$TMP/ctl.err" ||
    { cat "$TMP/ctl.err" >&2; echo "$NAME: FAIL: stashctl demo" >&2; exit 1; }

# The enrolment code, two each-unit packages of different products in
# stock, and what they cost.
python3 - "$TMP/demo.json" >"$TMP/plan" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
prices = {p["sku"]: p for p in d["products"]}
picked, skus = [], set()
for p in d["packages"]:
    prod = prices.get(p["sku"])
    if prod is None or prod["unit"] != "each" or p["sku"] in skus:
        continue
    if p.get("status", "active") != "active" or p["qty"] < 1:
        continue
    picked.append((p["tag"], prod["name"], prod["price"]))
    skus.add(p["sku"])
    if len(picked) == 2:
        break
assert len(picked) == 2, "demo has no two sellable each-unit packages"
staff = [s for s in d["staff"] if s["role"] == "budtender"][0]
subtotal = picked[0][2] + picked[1][2]
# The demo store is in Colorado: a walk-in pays the 15% retail marijuana
# sales tax of contrib/rules/US-CO, rounded half up to the cent.
total = subtotal + (subtotal * 15 + 50) // 100
cash = (total // 10000 + 1) * 10000    # the next 100.00 above the total
def m(c):
    return "%d.%02d" % (c // 100, c % 100)
print("CODE='%s'" % d["terminal"]["code"])
print("TERMINAL='%s'" % d["terminal"]["name"])
print("STAFF=%d PIN='%s' STAFF_NAME='%s'" % (staff["id"], staff["pin"],
    staff["name"]))
for i, (tag, name, price) in enumerate(picked, 1):
    print("TAG%d='%s' NAME%d='%s'" % (i, tag, i, name))
print("TOTAL=%d TOTAL_S='%s' CASH=%d CASH_S='%d' CHANGE_S='%s'" % (total,
    m(total), cash, cash // 100, m(cash - total)))
EOF
. "$TMP/plan"

"$STASHD" -f /dev/null -d "$DATA" -l 127.0.0.1:0 -P "$TMP/port" \
    >"$TMP/stashd.log" 2>&1 &
STASHD_PID=$!
for i in $(seq 1200); do	# a minute
	[ -s "$TMP/port" ] && break
	kill -0 "$STASHD_PID" 2>/dev/null ||
	    { cat "$TMP/stashd.log" >&2; echo "$NAME: FAIL: stashd exited" >&2; exit 1; }
	sleep 0.05
done
[ -s "$TMP/port" ] || { echo "$NAME: FAIL: stashd did not start" >&2; exit 1; }
PORT=$(cat "$TMP/port")

# --- the register, at 80x24, enrolling itself with -E ---
mkdir -p "$TMP/home"
ss_tmux new-session -d -s stash -x 80 -y 24 \
    "env HOME='$TMP/home' TERM=xterm LANG=C.UTF-8 '$STASH' \
    -s 127.0.0.1:$PORT -t '$TERMINAL' -E '$CODE' -l '$TMP/stash.log' -v; \
    echo \"stash exited \$?\"; sleep 600"	# keeps the pane if stash exits

ss_wait "Staff ID:"
ss_wait "Stash Demo Dispensary"
[ -f "$TMP/home/.config/stash/$TERMINAL.cred" ] ||
    ss_fail "enrolment did not save $TMP/home/.config/stash/$TERMINAL.cred"
mode=$(stat -c %a "$TMP/home/.config/stash/$TERMINAL.cred")
[ "$mode" = 600 ] || ss_fail "the credential file has mode $mode, not 600"

# --- cash needs a drawer open on the register (a manager opens it) ---
python3 - "$HERE" "$PORT" "$TERMINAL" \
    "$TMP/home/.config/stash/$TERMINAL.cred" <<'EOF' ||
import sys
sys.path.insert(0, sys.argv[1])
from stashproto import open_drawer_as


class Store:
    port = int(sys.argv[2])


open_drawer_as(Store, sys.argv[3], sys.argv[4])
EOF
    ss_fail "could not open a drawer on $TERMINAL"

# --- log in: staff ID, then the PIN (masked) ---
ss_type "$STAFF"
ss_tmux send-keys -t stash Enter
ss_type "$PIN"
ss_wait_re "PIN: +\*{${#PIN}}"
ss_screen | grep -qF -- "$PIN" && [ "$PIN" != "$STAFF" ] &&
    ss_fail "the PIN is shown on the screen"
ss_tmux send-keys -t stash Enter
ss_wait "$STAFF_NAME (budtender)"
ss_wait "Tag or SKU:"

# --- two scans: each whole tag and Enter at once, as a wedge scanner ---
ss_scan "$TAG1"
ss_wait "$NAME1"
ss_scan "$(echo "$TAG2" | tr 'A-F' 'a-f')"	# case does not matter
ss_wait "$NAME2"
ss_wait "TOTAL $TOTAL_S"
ss_shows "2 lines"

# --- tender: Enter on the empty input, then the cash a person types ---
ss_tmux send-keys -t stash Enter
ss_wait "Cash tendered:"
ss_type "$CASH_S"
ss_wait "CHANGE DUE $CHANGE_S"
ss_tmux send-keys -t stash Enter

# --- the completed-sale screen ---
ss_wait "COMPLETE"
SALE=$(ss_screen | sed -n 's/.*SALE #\([0-9][0-9]*\) COMPLETE.*/\1/p' | head -1)
[ -n "$SALE" ] || ss_fail "no sale number on the completed-sale screen"
ss_shows "Total +$TOTAL_S"
ss_shows "Cash tendered +$CASH_S\.00"
ss_shows "CHANGE DUE +$CHANGE_S"
ss_shows "Sale #$SALE"
ss_shows "$TAG1"
ss_shows "$TAG2"
ss_shows "Press any key for the next sale"

# --- and the ledger has it ---
"$STASHCTL" -d "$DATA" sales list --json >"$TMP/sales.json" 2>"$TMP/ctl.err" ||
    ss_fail "stashctl sales list: $(cat "$TMP/ctl.err")"
python3 - "$TMP/sales.json" "$SALE" "$TOTAL" "$CASH" "$TAG1" "$TAG2" \
    "$TERMINAL" <<'EOF' || ss_fail "the ledger does not match the screen"
import json, sys
sales = json.load(open(sys.argv[1]))
sid, total, cash = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
tags, terminal = {sys.argv[5], sys.argv[6]}, sys.argv[7]
s = [x for x in sales if x["id"] == sid]
def bad(why):
    print("screen-sale: ledger: %s" % why, file=sys.stderr)
    sys.exit(1)
if len(s) != 1:
    bad("sale %d not found (sales: %s)" % (sid, [x["id"] for x in sales]))
s = s[0]
if len(sales) != 1:
    bad("%d sales, expected exactly one" % len(sales))
if s["status"] != "complete":
    bad("status %s" % s["status"])
if s["total"] != total or s["tendered"] != cash or \
   s["change"] != cash - total:
    bad("total %d tendered %d change %d, expected %d %d %d" % (s["total"],
        s["tendered"], s["change"], total, cash, cash - total))
if s["terminal"] != terminal:
    bad("terminal %s" % s["terminal"])
if {l["tag"] for l in s["lines"]} != tags or \
   any(l["qty"] != 1 for l in s["lines"]):
    bad("lines %r" % s["lines"])
EOF

# --- any key: a new, empty cart ---
ss_tmux send-keys -t stash Space
ss_wait "0 lines"
ss_shows "TOTAL 0\.00"

echo "$NAME: PASS (sale #$SALE, total $TOTAL_S, change $CHANGE_S)"
exit 0
