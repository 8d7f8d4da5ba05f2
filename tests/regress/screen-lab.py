#!/usr/bin/env python3
# Lab results on screen, in an 80x24 tmux pane. A package received with
# no lab result: the stock console says it cannot be sold, why and what
# to do (^L); ^L enters the result field by field, stashd lifts the lab's
# hold and the register sells it at once; ^L again corrects one field,
# the others kept. At the intake station, closing a manifest with a
# package that has no result keeps its lines, and ^L on the line enters
# it there.
import datetime, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

TODAY = datetime.date.today()
EXPIRES = TODAY + datetime.timedelta(days=365)
TESTED = TODAY - datetime.timedelta(days=10)
SUP = "SUP-LIC-6"


def tag(n):
    return "1A4060300000000000EB00%02d" % n


def test(new_store):
    st = new_store().start()
    mgr = st.terminal("office-1", MANAGER)
    rcv = st.terminal("intake-1", RECEIVER)
    reg = st.terminal("register-2", BUDTENDER)
    for m, n in (("MF-SL-1", 1), ("MF-SL-2", 2)):
        rcv.call("intake.create", {"manifest": m, "supplier": SUP,
                 "packages": [{"tag": tag(n), "sku": "FL-BD-1",
                               "batch": "B-SL-%d" % n, "qty": 10}]})
        rcv.call("intake.scan", {"manifest": m, "tag": tag(n), "qty": 10})
    rcv.call("intake.close", {"manifest": "MF-SL-1"})
    mgr.call("package.move", {"tag": tag(1), "to": "floor"})

    pane = Pane("lab")
    wait_for, keys = pane.wait_for, pane.keys
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")
        wait_for("Staff ID")
        keys(str(MANAGER), "Enter", PINS[MANAGER], "Enter")
        wait_for("F5 Pay")
        keys("F1")
        wait_for("Stock: scan or type a package tag")
        keys(tag(1), "Enter")
        out = wait_for("History of %s" % tag(1))
        check("Not for sale: no lab result. Enter the lab's certificate "
              "(^L)" in out, "the gate explained:\n" + out)

        # ^L: the result, field by field.
        keys("C-l")
        wait_for("Result (pass or fail):")
        for v in ("pass", "21.5", "0.4", "LAB-9", TESTED.isoformat(),
                  EXPIRES.isoformat(), "COA-77"):
            keys(v, "Enter")
        out = wait_for("Lab result saved for %s" % tag(1))
        check("For sale: the register may sell it" in out and
              "No hold" in out, "sellable at once:\n" + out)
        p = mgr.call("package.get", {"tag": tag(1)})["package"]
        lab = p["lab"]
        check(lab["status"] == "pass" and lab["thc"] == 215 and
              lab["cbd"] == 4 and lab["lab"] == "LAB-9" and
              lab["certificate"] == "COA-77" and
              lab["expires"] == int(EXPIRES.strftime("%Y%m%d")) and
              "hold" not in p, "stashd has it: %r" % p)
        reg.call("sale.commit", {"ref": "sl:1", "lines": [
            {"tag": tag(1), "qty": 1}], "tender": {"cash": 10**6}})

        # A typo is named at once; a correction keeps the other fields.
        keys("C-l")
        wait_for("Result (pass or fail):")
        keys("Enter")           # pass, kept
        keys("C-u", "22.0", "Enter")
        keys("Enter", "Enter")  # CBD, lab kept
        keys("C-u", "2026-13-01", "Enter")
        wait_for("Type the date as YYYY-MM-DD")
        keys("C-u", TESTED.isoformat(), "Enter", "Enter", "Enter")
        wait_for("Lab result saved for %s" % tag(1))
        lab = mgr.call("package.get", {"tag": tag(1)})["package"]["lab"]
        check(lab["thc"] == 220 and lab["cbd"] == 4 and
              lab["certificate"] == "COA-77", "corrected: %r" % lab)

        # Esc: back on the stock console, the package shown.
        keys("Escape")
        out = wait_for("History of %s" % tag(1))
        check("THC 22.0%" in out and "No hold" in out, out)

        # At the intake station: closed with a package held, ^L there.
        keys("F9")
        wait_for("MF-SL-2")
        keys("Enter")
        wait_for(tag(2))
        keys("F8")
        out = wait_for("on hold with no passing lab result")
        keys("C-l")
        out = wait_for("Result (pass or fail):")
        check("Lab result of %s" % tag(2) in out and
              "Not for sale: no lab result" in out, out)
        for v in ("fail", "30.0", "0.1", "LAB-9", TESTED.isoformat(), "",
                  "COA-78"):
            keys(v, "Enter")
        out = wait_for("Lab result saved for %s" % tag(2))
        check("Not for sale: its lab test failed. If entered wrongly, "
              "correct it (^L)" in out, "the gate:\n" + out)
        p = mgr.call("package.get", {"tag": tag(2)})["package"]
        check(p["lab"]["status"] == "fail" and p["status"] == "hold",
              "failed and held: %r" % p)
        keys("Escape")
        wait_for("MF-SL-2")
    finally:
        pane.kill()
    st.stop()


run(test)
