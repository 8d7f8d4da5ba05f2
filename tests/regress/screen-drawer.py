#!/usr/bin/env python3
# The cash drawer at the register (F12), in an 80x24 tmux pane against a
# real stashd on the demo ledger: a budtender opens the drawer with a
# counted float, makes a cash sale, drops cash to the safe with a note,
# sees the X report (float, cash from sales, drops, expected) as stashd
# has it, and closes with a count 3.00 short: the screen shows expected,
# counted and the over/short. The budtender's Z report is refused with
# stashd's reason; a manager sees the day's Z report with the register's
# sales and the closed drawer.
import sys, os, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))
BD = "1A4060300000000000001001"     # Blue Dream 3.5g


def money(c):
    return "%s%d.%02d" % ("-" if c < 0 else "", abs(c) // 100, abs(c) % 100)


def test(new_store):
    st = new_store().start()
    pane = Pane("drawer")

    screen = pane.text

    wait_for = pane.wait_for

    keys = pane.keys

    def figure(out, label):
        for line in out.splitlines():
            if line.strip().startswith(label):
                return line.split()[-1] if "Over" not in label else \
                    line.split()[-2]
        raise Failure("no %r on screen:\n%s" % (label, out))

    mgr = st.terminal("office-1", MANAGER, drawer=False)
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")  # connected
        wait_for("Staff ID")
        keys("3", "Enter", "3000", "Enter")
        wait_for("F8 Customer")

        # No drawer yet: open one with a float of 200.00.
        keys("F12")
        wait_for("No drawer is open on this register")
        keys("F2")
        wait_for("Counted float:")
        keys("200.00", "Enter")
        out = wait_for("Drawer open with a float of 200.00")
        check("OPEN since" in out and figure(out, "Float") == "200.00",
              "opened:\n" + out)

        # A cash sale, exact cash.
        keys("Escape")
        wait_for("Tag or SKU:")
        keys(BD, "Enter")
        wait_for("Blue Dream")
        keys("Enter")
        wait_for("Cash tendered")
        keys("Enter")
        wait_for("COMPLETE")
        keys("Enter")
        wait_for("Tag or SKU:")
        sales = [s for s in st.sales() if s.get("terminal") == "register-1"]
        check(len(sales) == 1, "one sale: %r" % sales)
        total = sales[0]["total"]

        # A drop with a note; the X report.
        keys("F12")
        wait_for("Drawer 1: OPEN")
        keys("F4")      # (the X report: the drawer's view is blind)
        out = wait_for("Cash from sales")
        check(figure(out, "Cash from sales") == money(total),
              "cash %s:\n%s" % (money(total), out))
        keys("F3")
        wait_for("Cash to the safe:")
        keys("50.00", "Enter")
        wait_for("Note for the drop:")
        keys("bag 7", "Enter")
        wait_for("Drop recorded: 50.00")
        keys("F4")
        out = wait_for("X report as of now")
        expected = 20000 + total - 5000
        check(figure(out, "Drops to the safe") == "-50.00" and
              figure(out, "Expected in the drawer") == money(expected) and
              "Sales: 1, total %s" % money(total) in out,
              "X report, expected %s:\n%s" % (money(expected), out))
        d = mgr.call("drawer.report", {"drawer": 1})["drawer"]
        check(d["expected"] == expected and d["drops"] == 5000 and
              d["cash"] == total, "stashd's X report: %r" % d)

        # Close 3.00 short.
        keys("F5")
        wait_for("Counted in the drawer:")
        keys(money(expected - 300), "Enter")
        out = wait_for("Drawer closed: SHORT 3.00")
        check("CLOSED at" in out and
              figure(out, "Counted") == money(expected - 300) and
              figure(out, "Over / short") == "-3.00" and "SHORT" in out,
              "closed:\n" + out)
        d = mgr.call("drawer.report", {"drawer": 1})["drawer"]
        check(d["status"] == "closed" and d["over_short"] == -300,
              "stashd: %r" % d)

        # The Z report: refused for a budtender, shown for a manager.
        keys("F6")
        wait_for("Z report for the day")
        keys("Enter")
        deadline = time.time() + 30
        while time.time() < deadline:
            out = screen()
            if "permission" in out.lower() or "not allow" in out.lower() \
                    or "reports" in out:
                break
            time.sleep(0.1)
        check("Z report for 2" not in out and "Not allowed for a "
              "budtender" in out and "permission reports" not in out,
              "refused, in staff's words:\n" + out)
        keys("Escape", "F10")
        wait_for("Stash Demo Dispensary |")  # connected
        wait_for("Staff ID")
        keys("2", "Enter", "2000", "Enter")
        wait_for("F8 Customer")
        keys("F12")
        wait_for("No drawer is open on this register")
        keys("F6")
        wait_for("Z report for the day")
        keys("Enter")
        out = wait_for("Drawers closed that day:")
        row = [l for l in out.splitlines() if l.strip().startswith(
            "register-1")]
        check(row and money(total) in row[0], "register row:\n" + out)
        row = [l for l in out.splitlines() if l.strip().startswith("#1")]
        check(row and row[0].split()[-1] == "-3.00" and
              money(expected) in row[0], "drawer row:\n" + out)
    finally:
        pane.kill()
    st.stop()


run(test)
