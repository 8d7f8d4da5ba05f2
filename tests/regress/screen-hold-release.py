#!/usr/bin/env python3
# The stock console's hold and release (F4, F6) in an 80x24 tmux pane:
# whether a package is held is one fact. Held with F4, the package shows
# "Status hold" with its hold; released with F6 it shows "Status active"
# and "No hold" together, and another register sells it at once. A
# package held for its lab result is not released by F6: the screen says
# to enter the lab result, and the package stays held (it used to show
# "Status hold" and "No hold" at once, and the register refused it).
import datetime, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

TODAY = datetime.date.today()
EXPIRES = int((TODAY + datetime.timedelta(days=365)).strftime("%Y%m%d"))
TESTED = int((TODAY - datetime.timedelta(days=10)).strftime("%Y%m%d"))
M, SUP = "MF-SHR-1", "SUP-LIC-8"


def tag(n):
    return "1A4060300000000000EA00%02d" % n


def test(new_store):
    st = new_store().start()
    mgr = st.terminal("office-1", MANAGER)
    rcv = st.terminal("intake-1", RECEIVER)
    reg = st.terminal("register-2", BUDTENDER)
    lab = {"status": "pass", "thc": 200, "cbd": 5, "lab": "LAB-1",
           "tested": TESTED, "expires": EXPIRES}
    rcv.call("intake.create", {"manifest": M, "supplier": SUP, "packages": [
        {"tag": tag(1), "sku": "FL-BD-1", "batch": "B-S-1", "qty": 10},
        {"tag": tag(2), "sku": "FL-BD-1", "batch": "B-S-2", "qty": 10,
         "lab": lab}]})
    for n in (1, 2):
        rcv.call("intake.scan", {"manifest": M, "tag": tag(n), "qty": 10})
    rcv.call("intake.close", {"manifest": M})
    for n in (1, 2):
        mgr.call("package.move", {"tag": tag(n), "to": "floor"})

    pane = Pane("holdrel")
    wait_for, keys = pane.wait_for, pane.keys
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")
        wait_for("Staff ID")
        keys(str(MANAGER), "Enter", PINS[MANAGER], "Enter")
        wait_for("F5 Pay")
        keys("F1")
        wait_for("Stock: scan or type a package tag")

        # F4: a manager's hold; the status says so.
        keys(tag(2), "Enter")
        wait_for("History of %s" % tag(2))
        keys("F4")
        wait_for("Hold (scope key):")
        keys("C-u", "package %s" % tag(2), "Enter")
        wait_for("Reason:")
        keys("damaged box", "Enter")
        out = wait_for("HOLD package %s: damaged box" % tag(2))
        check("Status hold" in out, "held, and the status says so:\n" + out)

        # F6: released; active and no hold at once, sold elsewhere at once.
        keys("F6")
        wait_for("Release (scope key):")
        keys("Enter")
        wait_for("Reason:")
        keys("box replaced", "Enter")
        out = wait_for("No hold")
        check("Status active" in out and "Status hold" not in out,
              "one fact on screen:\n" + out)
        reg.call("sale.commit", {"ref": "shr:1", "lines": [
            {"tag": tag(2), "qty": 1}], "tender": {"cash": 10**6}})

        # The lab's hold: F6 refused, saying what to do; still held.
        keys(tag(1), "Enter")
        out = wait_for("History of %s" % tag(1))
        check("Status hold" in out and "lab: no lab result" in out,
              "held for its lab result:\n" + out)
        keys("F6")
        wait_for("Release (scope key):")
        keys("Enter")
        wait_for("Reason:")
        keys("looks fine", "Enter")
        out = wait_for("lab result is entered")
        check("Status hold" in out and "No hold" not in out,
              "still held, one fact:\n" + out)
        check("hold" in mgr.call("package.get", {"tag": tag(1)})["package"],
              "stashd still holds it")
        reg.expect_error("not-sellable", "sale.commit", {"ref": "shr:2",
                         "lines": [{"tag": tag(1), "qty": 1}],
                         "tender": {"cash": 10**6}})
    finally:
        pane.kill()
    st.stop()


run(test)
