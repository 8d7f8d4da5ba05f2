#!/usr/bin/env python3
# Card and split tenders at the register (the real stash, 80x24 tmux):
# F2 at the tender takes the card for the whole total with the card
# terminal's reference; a split takes part by card and the rest in cash,
# with the change from the cash; more than the total on a card and an
# empty reference are refused on screen. stashd records each tender
# (sale.get), and the day's report counts card and cash apart.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

A = "1A4060300000000000001001"      # Blue Dream 3.5g, 35.00 + 15% = 40.25


def test(new_store):
    st = new_store()
    st.start()
    pane = Pane("card")
    wait_for, keys = pane.wait_for, pane.keys
    try:
        pane.start(st, "register-9")
        wait_for("Stash Demo Dispensary |")
        wait_for("Stash Demo Dispensary |")  # connected
        pane.open_drawer(st, "register-9")  # cash needs one
        wait_for("Staff ID")
        keys("3", "Enter", "3000", "Enter")
        wait_for("F8 Customer")
        n0 = len(st.sales())

        # All by card.
        keys(A, "Enter")
        wait_for("Blue Dream")
        wait_for("TOTAL 40.25")
        keys("Enter")
        wait_for("Cash tendered:")
        out = wait_for("F2 Card")
        keys("F2")
        wait_for("Card amount:")
        keys("BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "50",
             "Enter")
        wait_for("up to the total 40.25")
        check(len(st.sales()) == n0, "nothing sold for a card over the total")
        keys("BSpace", "BSpace", "40.25", "Enter")
        wait_for("Card terminal's reference:")
        keys("Enter")
        wait_for("Type the card terminal's reference")
        keys("AUTH-771", "Enter")
        wait_for("COMPLETE")
        t = st.terminal("register-1", MANAGER)
        s = t.call("sale.get", {"id": len(st.sales())})["sale"]
        check(s["total"] == 4025 and s["card"]["amount"] == 4025 and
              s["card"]["ref"] == "AUTH-771" and s["change"] == 0,
              "paid by card: %r" % {k: s.get(k) for k in
                                    ("total", "card", "tendered", "change")})
        keys("Enter")
        wait_for("F8 Customer")

        # Split: 20.00 by card, 30.00 cash for the 20.25 left: 9.75 change.
        keys(A, "Enter")
        wait_for("TOTAL 40.25")
        keys("Enter")
        wait_for("Cash tendered:")
        keys("F2")
        wait_for("Card amount:")
        keys("BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "20",
             "Enter")
        wait_for("Card terminal's reference:")
        keys("AUTH-772", "Enter")
        out = wait_for("Cash for the rest:")
        check("20.25" in out and "Card 20.00" in out, "the rest due:\n" + out)
        keys("BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "30",
             "Enter")
        wait_for("COMPLETE")
        s = t.call("sale.get", {"id": len(st.sales())})["sale"]
        check(s["card"]["amount"] == 2000 and s["card"]["ref"] == "AUTH-772"
              and s["change"] == 975, "split: %r" % {k: s.get(k) for k in
                                                      ("total", "card",
                                                       "tendered", "change")})
        check(len(st.sales()) == n0 + 2, "two sales")
        # The day's report: the register took 60.25 by card, 20.25 cash.
        import zoneinfo, datetime
        day = datetime.datetime.fromtimestamp(
            s["time"] / 1e6, zoneinfo.ZoneInfo("America/Denver"))
        z = t.call("report.z", {"date": day.strftime("%Y-%m-%d")})
        r9 = z["registers"].get("register-9")
        check(r9 is not None and r9["card"] == 4025 + 2000 and
              r9["cash"] == 2025, "report.z for register-9: %r" % r9)
    finally:
        pane.kill()
    st.stop()


run(test)
