#!/usr/bin/env python3
# The register's typed weight, in an 80x24 tmux pane against a real
# stashd on the demo ledger: a budtender types the grams of a weighed
# product (no scale), the line is marked W and goes to stashd as typed;
# paying is refused for want of a manager, so the register asks for the
# manager's staff ID and PIN (a wrong PIN is refused and asked again) and
# sends the same sale with that approval. stashd's sale has the typed
# weight and the audit names the approver. Then a medical patient's sale:
# the completed-sale receipt shows each line's THC, as the Colorado rules
# ask; an adult's does not.
import sys, os, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))
BD = "1A4060300000000000001001"     # Blue Dream 3.5g
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}


def test(new_store):
    st = new_store().start()
    pane = Pane("regw")


    wait_for = pane.wait_for

    keys = pane.keys

    mgr = st.terminal("office-1", MANAGER)
    pat = mgr.call("customer.create", {"type": "medical", "first": "Pat",
        "last": "Screenreceipt", "dob": "1975-05-05", "residence": "CO",
        "id_doc": dict(IDOC, number="PS1"), "id_scanned": True,
        "card": {"number": "CO-S-1", "state": "CO",
                 "expires": "2030-01-01"}})["customer"]
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")  # connected
        pane.open_drawer(st, "register-1")  # cash needs one
        wait_for("Staff ID")
        keys("3", "Enter", "3000", "Enter")
        wait_for("F8 Customer")

        keys("FL-GG4-BULK", "Enter")
        wait_for("Grams of")
        keys("2.5", "Enter")
        out = wait_for("Typed weight")
        check(any(l.startswith("  1WGorilla") for l in out.splitlines()),
              "typed line marked W:\n" + out)
        keys("Enter")
        wait_for("Cash tendered")
        keys("Enter")
        out = wait_for("Manager's staff ID:")
        check("typed" in out, "says why:\n" + out)
        check(not st.sales(), "nothing sold yet")
        keys("2", "Enter")
        wait_for("Manager's PIN:")
        keys("9999", "Enter")
        out = wait_for("wrong PIN")
        check("9999" not in out, "the PIN is not shown:\n" + out)
        wait_for("Manager's staff ID:")
        keys("2", "Enter")
        wait_for("Manager's PIN:")
        keys("2000", "Enter")
        wait_for("COMPLETE")
        sales = st.sales()
        check(len(sales) == 1 and sales[0]["lines"][0]["qty"] == 2500,
              "sold the typed weight: %r" % sales)
        out = st.ctl("audit", "list", "--limit", "5")
        line = [l for l in out.splitlines() if "sale.weight-typed" in l]
        check(len(line) == 1 and "2.500 g" in line[0], "audited: %s" % out)
        keys("Enter")
        wait_for("Tag or SKU:")

        # A patient's sale: THC on each line of the receipt.
        keys("F8")
        wait_for("Customer:")
        keys("screenreceipt", "Enter")
        wait_for("Customer: Pat Screenreceipt")   # the one match
        keys(BD, "Enter")
        wait_for("Blue Dream")
        pane.wait_total()
        keys("Enter")
        wait_for("Cash tendered")
        keys("Enter")
        out = wait_for("COMPLETE")
        check("THC " in out and " mg" in out, "THC on the receipt:\n" + out)
        keys("Enter")
        wait_for("Tag or SKU:")
        keys("F9")
        wait_for("Pat Screenreceipt", gone=True)
        keys(BD, "Enter")
        wait_for("Blue Dream")
        pane.wait_total()
        keys("Enter")
        wait_for("Cash tendered")
        keys("Enter")
        out = wait_for("COMPLETE")
        check("THC" not in out, "no THC for a walk-in:\n" + out)
    finally:
        pane.kill()
    st.stop()


run(test)
