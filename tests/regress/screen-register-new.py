#!/usr/bin/env python3
# The right customer on every sale, at the register in an 80x24 tmux pane.
# A sale to Ann completes, and the next cart is a walk-in: the panel is
# gone and the next sale is nobody's (it used to be Ann's, counting against
# her limits). F2 at the customer prompt adds a new customer from their ID
# typed in: a budtender is told it needs a manager; a manager types the
# details and a reason, the customer is attached, and the audit trail says
# the date of birth was typed, with the reason.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

BD = "1A4060300000000000001001"     # Blue Dream 3.5g
OGK = "1A4060300000000000003001"    # OG Kush 3.5g


def test(new_store):
    st = new_store().start()
    pane = Pane("regnew")
    wait_for, keys = pane.wait_for, pane.keys

    def scan(code):
        keys(code, "Enter")

    def typed(text):
        for c in text:
            keys("-l", c)
        keys("Enter")

    mgr = st.terminal("office-1", MANAGER)
    ann = mgr.call("customer.create", {
        "type": "adult", "first": "Ann", "last": "Zabriskie",
        "dob": "1990-02-03", "residence": "CO", "id_scanned": True,
        "id_doc": {"type": "dl", "state": "CO", "number": "CO-ANN-1",
                   "expires": "2031-01-01"}})["customer"]
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")
        pane.open_drawer(st, "register-1")      # cash needs a drawer
        wait_for("Staff ID")
        keys("3", "Enter", "3000", "Enter")
        wait_for("F8 Customer")

        # A sale to Ann.
        keys("F8")
        wait_for("Customer:")
        scan("CO-ANN-1")
        wait_for("Customer: Ann Zabriskie")
        wait_for("ELIGIBLE")
        scan(BD)
        wait_for("Blue Dream")
        pane.wait_total()
        keys("Enter")
        wait_for("Cash tendered")
        keys("Enter")
        wait_for("COMPLETE")
        keys("Enter")

        # The next cart is a walk-in.
        out = wait_for("Tag or SKU:")
        check("Customer: Ann" not in out and "F9 Walk-in" not in out,
              "the next cart is a walk-in:\n" + out)
        scan(OGK)
        wait_for("OG Kush")
        pane.wait_total()
        keys("Enter")
        wait_for("Cash tendered")
        keys("Enter")
        wait_for("COMPLETE")
        sales = sorted(st.sales(), key=lambda s: s["id"])
        check(len(sales) == 2, "two sales: %r" % sales)
        first = mgr.call("sale.get", {"id": sales[0]["id"]})["sale"]
        second = mgr.call("sale.get", {"id": sales[1]["id"]})["sale"]
        check(first.get("customer") == ann["id"], "Ann's: %r" % first)
        check(not second.get("customer"), "nobody's: %r" % second)
        keys("Enter")
        wait_for("Tag or SKU:")

        # A budtender may not type an ID in.
        keys("F8")
        out = wait_for("Customer:")
        check("F2 New customer" in out, "F2 offered:\n" + out)
        keys("F2")
        out = wait_for("needs a manager")
        check("Adult or medical" not in out, "not started:\n" + out)
        keys("Escape")

        # A manager does, with a reason.
        keys("F10")                          # an empty cart: no question
        wait_for("Logged out")
        keys("2", "Enter", "2000", "Enter")
        wait_for("F8 Customer")
        keys("F8")
        wait_for("Customer:")
        keys("F2")
        wait_for("Adult or medical (a/m):")
        keys("a")
        wait_for("First name:")
        typed("Nia")
        wait_for("Last name:")
        typed("Newby")
        wait_for("Date of birth")
        typed("1999-13-01")                  # no 13th month
        wait_for("as YYYY-MM-DD")
        keys("C-u")
        typed("1999-12-01")
        wait_for("ID number:")
        typed("CO-NIA-7")
        wait_for("ID expires")
        typed("2032-12-01")
        wait_for("Why typed")
        typed("scanner will not read it")
        out = wait_for("Customer: Nia Newby")
        wait_for("ELIGIBLE")
        found = mgr.call("customer.search", {"q": "CO-NIA-7"})["customers"]
        check(len(found) == 1 and found[0]["dob"] == "1999-12-01",
              "added as typed: %r" % found)
        audit = st.ctl("audit", "list", "--limit", "50")
        rows = [l for l in audit.splitlines() if "customer.create" in l and
                "customer %d" % found[0]["id"] in l]
        check(len(rows) == 1 and "dob=typed" in rows[0] and
              "reason=scanner will not read it" in rows[0],
              "audited as typed:\n" + audit)
        rows = [l for l in audit.splitlines() if "customer.create" in l and
                "customer %d" % ann["id"] in l]
        check(rows and "dob=scanned" in rows[0], "Ann's scanned:\n" + audit)
    finally:
        pane.kill()
    st.stop()


run(test)
