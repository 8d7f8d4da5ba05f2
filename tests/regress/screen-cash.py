#!/usr/bin/env python3
# Cash at the register, in an 80x24 tmux pane against a real stashd on the
# demo ledger, as a budtender's shift goes. With no drawer open a cash
# sale is refused and the register says what to do ("open a drawer on
# this register first, or take card"); the budtender opens the drawer
# (F12, F2), whose view does not show what it should hold, and sells. A
# sale voided on the void screen says how much cash to give back and from
# which drawer. A drop with no note goes through, as the prompt says. The
# close is a blind count: while the budtender counts, the screen shows no
# expected figure; once the count is in, it shows what was expected and
# the over/short. A manager's Z report then says the cash ties out.
import sys, os, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

BD = "1A4060300000000000001001"     # Blue Dream 3.5g


def money(c):
    return "%s%d.%02d" % ("-" if c < 0 else "", abs(c) // 100, abs(c) % 100)


def test(new_store):
    st = new_store().start()
    pane = Pane("cash")
    wait_for, keys = pane.wait_for, pane.keys

    def sell():
        keys(BD, "Enter")
        wait_for("Blue Dream")
        pane.wait_total()
        keys("Enter")
        wait_for("Cash tendered")
        keys("Enter")

    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")  # connected
        wait_for("Staff ID")
        keys("3", "Enter", "3000", "Enter")
        wait_for("F8 Customer")

        # No drawer: the cash sale is refused, saying what to do.
        sell()
        out = wait_for("open a drawer on this register first")
        check("or take card" in out and "COMPLETE" not in out,
              "refused on screen:\n" + out)
        check(st.sales() == [], "nothing sold: %r" % st.sales())

        # Open the drawer: no expected figure on the drawer's view.
        keys("F12")
        wait_for("No drawer is open on this register")
        keys("F2")
        wait_for("Counted float:")
        keys("100.00", "Enter")
        out = wait_for("Drawer open with a float of 100.00")
        check("Expected" not in out, "blind on opening:\n" + out)
        keys("Escape")
        wait_for("Tag or SKU:")
        keys("Escape")      # (the refused cart is still there: sell it)
        out = pane.wait_total()
        keys("Enter")
        wait_for("Cash tendered")
        keys("Enter")
        wait_for("COMPLETE")
        keys("Enter")
        wait_for("Tag or SKU:")
        sell()
        wait_for("COMPLETE")
        keys("Enter")
        wait_for("Tag or SKU:")
        sales = sorted(st.sales(), key=lambda s: s["id"])
        check(len(sales) == 2, "two sales: %r" % sales)
        total = sales[0]["total"]

        # Void the second: the screen says the cash to give back.
        keys("F6")
        wait_for("Sales at register-1")
        keys("F7")
        wait_for("Void sale #%d" % sales[1]["id"])
        # The figure comes with the sale's details, after the box.
        out = wait_for("Give back")
        check("Give back %s in cash (drawer #1)" % money(sales[1]["total"])
              in out, "cash back on the void screen:\n" + out)
        keys("wrong item", "Enter", "2", "Enter", "2000", "Enter")
        out = wait_for("*** VOID ***")
        check("Give back %s in cash" % money(sales[1]["total"]) in out,
              "cash back once void:\n" + out)
        keys("Enter")
        wait_for("Sales at register-1")
        keys("Escape")
        wait_for("Tag or SKU:")

        # A drop with no note, as the prompt offers.
        keys("F12")
        wait_for("Drawer 1: OPEN")
        keys("F3")
        wait_for("Cash to the safe:")
        keys("10.00", "Enter")
        out = wait_for("Note for the drop:")
        check("or Enter for no note" in out and "120 characters" in out,
              "the prompt says what it takes:\n" + out)
        keys("Enter")
        wait_for("Drop recorded: 10.00")

        # The blind count.
        expected = 10000 + total - 1000
        keys("F5")
        out = wait_for("Counted in the drawer:")
        check("Blind count" in out and "Expected" not in out and
              money(expected) not in out, "blind count:\n" + out)
        keys(money(expected), "Enter")
        out = wait_for("Drawer closed: even")
        check("Expected in the drawer" in out and money(expected) in out,
              "expected once counted:\n" + out)

        # The manager's Z report ties out.
        keys("Escape", "F10")
        wait_for("Staff ID")
        keys("2", "Enter", "2000", "Enter")
        wait_for("F8 Customer")
        keys("F12")
        wait_for("No drawer is open on this register")
        keys("F6")
        wait_for("Z report for the day")
        keys("Enter")
        out = wait_for("Drawers closed that day:")
        wait_for("Cash ties out")
    finally:
        pane.kill()
    st.stop()


run(test)
