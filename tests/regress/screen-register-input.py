#!/usr/bin/env python3
# Input that never surprises, at the register in an 80x24 tmux pane.
# Every key is on screen at 80 columns: the bar shows a page of keys and
# "^O More", and ^O shows F10, F11, F12 and ^R. A letter typed in the cash
# is refused where it is typed, saying so (not dropped: "2x00.00" used to
# become 200.00), and a too-long number says the limit. Messages speak to
# staff: a budtender's ^R names no op or permission, a senior discount for
# a 36-year-old names no option or customer number. A scan right after
# Esc goes to the cart (its leading "1" is not F1).
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

BD = "1A4060300000000000001001"     # Blue Dream 3.5g
OGK = "1A4060300000000000003001"    # OG Kush 3.5g


def bar(out):
    return out.rstrip("\n").splitlines()[-1]


def test(new_store):
    st = new_store().start()
    pane = Pane("reginp")
    wait_for, keys, screen = pane.wait_for, pane.keys, pane.text

    def scan(code):
        keys(code, "Enter")

    mgr = st.terminal("office-1", MANAGER)
    mgr.call("customer.create", {
        "type": "adult", "first": "Ann", "last": "Zabriskie",
        "dob": "1990-02-03", "residence": "CO", "id_scanned": True,
        "id_doc": {"type": "dl", "state": "CO", "number": "CO-ANN-1",
                   "expires": "2031-01-01"}})
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")
        wait_for("Staff ID")
        keys("3", "Enter", "3000", "Enter")
        out = wait_for("F8 Customer")

        # The keys: a page and ^O More; ^O shows the rest.
        b = bar(out)
        check("^O More" in b and "F10" not in b, "first page:\n" + b)
        keys("C-o")
        out = wait_for("F12 Drawer")
        b = bar(out)
        for k in ("F10 Logout", "F11 Queue", "F12 Drawer", "^R Compliance"):
            check(k in b, "%s on the second page:\n%s" % (k, b))
        check(len(b) <= 80, "80 columns")
        keys("C-o")
        out = wait_for("F2 Find")

        # A scan right after Esc goes to the cart, not to F1's Stock.
        keys("Escape", BD, "Enter")
        out = wait_for("Blue Dream")
        check("Tag or SKU" in out, "still the register:\n" + out)
        keys("Escape")
        scan(OGK)
        out = wait_for("OG Kush")
        check("Tag or SKU" in out, "still the register:\n" + out)
        pane.wait_total()

        # A letter in the cash: refused, visibly; the digits stay.
        keys("F5")
        wait_for("Cash tendered")
        keys("2")
        keys("x")
        out = wait_for("Not taken")
        check('"x"' in out and "number" in out, "says why:\n" + out)
        row = [l for l in out.splitlines() if "Cash tendered" in l][0]
        check(row.split("Cash tendered:")[1].strip() == "2",
              "the 2 stays, the x is not in it: %r" % row)
        for c in "000000000000":
            keys(c)
        out = wait_for("Too long")
        check("at most 12 digits" in out, "the limit:\n" + out)
        keys("Escape")
        wait_for("Tag or SKU")

        # A senior discount for a 36-year-old: staff's words.
        keys("F8")
        wait_for("Customer:")
        scan("CO-ANN-1")
        wait_for("ELIGIBLE")
        keys("C-d")
        wait_for("Discount (m s v e o p)")
        keys("s", "Enter")
        wait_for("10%")
        keys("1", "0", "%", "Enter")
        wait_for("whole cart")
        keys("Enter")
        out = wait_for("not given")
        check("option" not in out and "senior-age" not in out and
              "customer 1 " not in out, "no option or number:\n" + out)
        check("the store's setting" in out, "says why:\n" + out)

        # ^R, for a budtender: not allowed, in staff's words.
        keys("C-r")
        out = wait_for("Not allowed for a budtender")
        check("may not" not in out and "compliance.status" not in out and
              "permission" not in out, "no op names:\n" + out)
    finally:
        pane.kill()
    st.stop()


run(test)
