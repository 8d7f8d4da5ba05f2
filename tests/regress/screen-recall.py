#!/usr/bin/env python3
# The real stash in an 80x24 tmux pane, a cart in progress; a manager on
# another terminal recalls the batch of one line. The register marks the
# line and says so at once; paying is refused with the recall named; after
# the line is removed the sale goes through.
import sys, os, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))


def test(new_store):
    st = new_store().start()
    pane = Pane("recall")

    screen = pane.text

    wait_for = pane.wait_for

    keys = pane.keys

    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")  # connected
        pane.open_drawer(st, "register-1")  # cash needs one
        wait_for("Staff ID")
        keys("3", "Enter", "3000", "Enter")
        wait_for("F5 Pay")
        a, b = "1A4060300000000000001001", "1A4060300000000000003001"
        keys(a, "Enter")
        wait_for("Blue Dream")
        keys(b, "Enter")
        wait_for("OG Kush")

        mgr = st.terminal("office-1", MANAGER)
        batch = mgr.call("package.get", {"tag": a})["package"]["batch"]
        mgr.call("hold.set", {"scope": "batch", "key": batch,
                              "recall": True, "reason": "lab retest"})
        out = wait_for("RECALL batch %s" % batch)
        check(any(l.startswith("  1HBlue Dream") for l in out.splitlines()),
              "line marked H:\n" + out)

        # Paying is refused by the server, naming the recall.
        keys("Enter")
        wait_for("Cash tendered")
        keys("Enter")
        wait_for("recalled")
        check("COMPLETE" not in screen(), "recalled cart did not sell")

        # Remove the recalled line (it is line 1: select it, F4), pay.
        keys("Escape")
        keys("Home")
        keys("Up")
        keys("F4")

        def cart():
            return "\n".join(screen().splitlines()[2:20])
        wait_until("the recalled line to leave the cart",
                   lambda: "Blue Dream" not in cart(), 30)
        check("OG Kush" in cart(), "only that line removed:\n" + screen())
        keys("Enter")
        wait_for("Cash tendered")
        keys("Enter")
        wait_for("COMPLETE")
        sales = st.sales()
        check(len(sales) == 1 and [l["tag"] for l in sales[0]["lines"]]
              == [b], "only the unrecalled line was sold: %r" % sales)
    finally:
        pane.kill()
    st.stop()


run(test)
