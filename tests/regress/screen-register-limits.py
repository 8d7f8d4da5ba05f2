#!/usr/bin/env python3
# Limits while the cart is built, at the register in an 80x24 tmux pane
# on the demo (Colorado) ledger. With Ann attached, each scan is quoted and
# the panel says what is left WITH THIS CART COUNTED; the line that takes
# the cart over the adult day's ounce is marked at once (L) with the pool
# and by how much, before payment; paying is refused and the whole refusal
# is on the screen, wrapped within 80 columns. A quantity over what is on
# hand is refused as it is typed, with the figure. A cart stashd cannot
# price (a line put on hold meanwhile) never shows TOTAL 0.00.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

BD = "1A4060300000000000001001"     # Blue Dream 3.5g
SD7 = "1A4060300000000000004001"    # Sour Diesel 7g, 12 on hand
WW1 = "1A4060300000000000007001"    # White Widow 1g


def test(new_store):
    st = new_store().start()
    pane = Pane("reglim")
    wait_for, keys, screen = pane.wait_for, pane.keys, pane.text

    def scan(code):
        keys(code, "Enter")

    mgr = st.terminal("office-1", MANAGER)
    ann = mgr.call("customer.create", {
        "type": "adult", "first": "Ann", "last": "Zabriskie",
        "dob": "1990-02-03", "residence": "CO", "id_scanned": True,
        "id_doc": {"type": "dl", "state": "CO", "number": "CO-ANN-1",
                   "expires": "2031-01-01"}})["customer"]
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")
        wait_for("Staff ID")
        keys("3", "Enter", "3000", "Enter")
        wait_for("F8 Customer")
        keys("F8")
        wait_for("Customer:")
        scan("CO-ANN-1")
        wait_for("ELIGIBLE")
        out = wait_for("Left before this sale")

        # One 7 g package: the panel counts it at once.
        scan(SD7)
        out = wait_for("Left with this cart")
        check("co_adult_day: 21.3" in out, "7 g counted:\n" + out)

        # More than the 12 on hand, typed: refused with the figure.
        keys("F3")
        wait_for("Quantity of")
        keys("1", "3", "Enter")
        out = wait_for("only 12 on hand")
        keys("Escape")

        # Three more (28 g), then 1 g: over the ounce, marked at once.
        for _ in range(3):
            scan(SD7)
        wait_for("co_adult_day: 0.3")
        scan(WW1)
        out = wait_for("goes over co_adult_day by")
        rows = [l for l in out.splitlines() if "White Widow" in l and
                "..007001" in l]
        check(rows and rows[0].lstrip().startswith("2LWhite Widow"),
              "the White Widow line is marked L:\n" + out)
        check("Line 2 White Widow" in out and "by 0.6" in out,
              "the line, the pool and by how much:\n" + out)
        check(st.sales() == [], "nothing sold yet")

        # Paying is refused; the whole message is on the screen.
        q = mgr.call("sale.quote", {"customer": ann["id"], "lines": [
            {"tag": SD7, "qty": 4}, {"tag": WW1, "qty": 1}]})["quote"]
        msg = q["error"]["message"]
        pane.wait_total()
        keys("Enter")
        wait_for("Cash tendered")
        keys("Enter")
        out = wait_for("Refused:")
        text = " ".join(l.strip() for l in out.splitlines())
        check(("Refused: " + msg) in text,
              "the refusal wraps, whole (%r):\n%s" % (msg, out))
        check(all(len(l) <= 80 for l in out.splitlines()), "80 columns")

        # Take the White Widow off: the mark and the refusal go.
        keys("F4")
        wait_for("Removed White Widow")
        out = wait_for("goes over", gone=True)
        check("Refused:" not in out, "refusal cleared:\n" + out)

        # A line put on hold meanwhile: stashd cannot price the cart,
        # and the total is never 0.00.
        scan(BD)
        wait_for("Blue Dream")
        pane.wait_total()
        mgr.call("hold.set", {"scope": "package", "key": BD,
                              "reason": "check"})
        wait_for("HOLD package")
        keys("Up")
        keys("F3")
        wait_for("Quantity of")
        keys("3", "Enter")                   # Sour Diesel 4 -> 3
        wait_for("Changed")
        for _ in range(20):
            out = screen()
            check("TOTAL 0.00" not in out, "no TOTAL 0.00:\n" + out)
        wait_for("TOTAL")
        check("TOTAL 0.00" not in screen(), "no TOTAL 0.00:\n" + screen())
    finally:
        pane.kill()
    st.stop()


run(test)
