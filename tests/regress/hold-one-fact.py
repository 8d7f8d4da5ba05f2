#!/usr/bin/env python3
# Whether a package is held is one fact, the holds table: a package's
# status shows "hold" exactly while a hold covers it, and "active" again
# the moment the hold is released, with a stock event to every terminal
# and the register selling it at once. A hold put on for the lab result
# is lifted by a passing result, not by hold.release (refused, saying
# what to do), so an untested package is never sold by a release.
import csv, datetime, io, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

TODAY = datetime.date.today()
EXPIRES = int((TODAY + datetime.timedelta(days=365)).strftime("%Y%m%d"))
TESTED = int((TODAY - datetime.timedelta(days=10)).strftime("%Y%m%d"))
M, SUP = "MF-HOLD-1", "SUP-LIC-7"


def tag(n):
    return "1A4060300000000000EF00%02d" % n


def test(store):
    st = store()
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    rcv = st.terminal("intake-1", RECEIVER)
    reg = st.terminal("register-1", BUDTENDER)
    lab = {"status": "pass", "thc": 200, "cbd": 5, "lab": "LAB-1",
           "tested": TESTED, "expires": EXPIRES}
    rcv.call("intake.create", {"manifest": M, "supplier": SUP, "packages": [
        {"tag": tag(1), "sku": "FL-BD-1", "batch": "B-H-1", "qty": 10},
        {"tag": tag(2), "sku": "FL-BD-1", "batch": "B-H-2", "qty": 10,
         "lab": lab}]})
    for n in (1, 2):
        rcv.call("intake.scan", {"manifest": M, "tag": tag(n), "qty": 10})
    check(rcv.call("intake.close", {"manifest": M})["held"] == 1, "held")
    for n in (1, 2):
        mgr.call("package.move", {"tag": tag(n), "to": "floor"})

    def pkg(n):
        return mgr.call("package.get", {"tag": tag(n)})["package"]

    def sell(ref, n):
        return reg.call("sale.commit", {"ref": ref, "lines": [
            {"tag": tag(n), "qty": 1}], "tender": {"cash": 10**6}})

    # No lab result: held, shown as held, and the hold is the lab's.
    p = pkg(1)
    check(p["status"] == "hold" and p["hold"]["reason"].startswith("lab: "),
          "held for its lab result: %r" % p)
    # Releasing that hold by hand is refused, saying what to do; nothing
    # changes.
    m = mgr.expect_error("conflict", "hold.release", {
        "scope": "package", "key": tag(1), "reason": "looks fine"})
    check("lab result" in m and "enter" in m, "says what to do: " + m)
    check(pkg(1)["status"] == "hold" and "hold" in pkg(1), "still held")
    reg.expect_error("not-sellable", "sale.commit", {"ref": "h:0", "lines": [
        {"tag": tag(1), "qty": 1}], "tender": {"cash": 10**6}})

    # A manager's hold on a tested package: its status says so at once.
    mgr.call("hold.set", {"scope": "package", "key": tag(2),
                          "reason": "damaged box"})
    p = pkg(2)
    check(p["status"] == "hold" and p["hold"]["reason"] == "damaged box",
          "status and hold agree while held: %r" % p)
    reg.expect_error("not-sellable", "sale.commit", {"ref": "h:1", "lines": [
        {"tag": tag(2), "qty": 1}], "tender": {"cash": 10**6}})

    # Released: active at once, pushed to the register, sold at once.
    mgr.call("hold.release", {"scope": "package", "key": tag(2),
                              "reason": "box replaced"})
    while True:     # (the moves and the hold came before)
        ev = reg.wait_event("stock")
        if ev["tag"] == tag(2) and ev["status"] == "active":
            break
    p = pkg(2)
    check(p["status"] == "active" and "hold" not in p,
          "one fact: not held, active: %r" % p)
    sell("h:2", 2)

    # A batch hold covers it too, and shows; released, it sells again.
    mgr.call("hold.set", {"scope": "batch", "key": "B-H-2",
                          "reason": "supplier query"})
    check(pkg(2)["status"] == "hold", "a batch hold shows on the package")
    mgr.call("hold.release", {"scope": "batch", "key": "B-H-2",
                              "reason": "answered"})
    check(pkg(2)["status"] == "active", "active again")
    sell("h:3", 2)

    # The lab hold goes with a passing result, and the package sells.
    r = mgr.call("package.lab", dict(lab, tag=tag(1)))["package"]
    check(r["status"] == "active" and "hold" not in r, "released: %r" % r)
    sell("h:4", 1)
    # A failing result holds it again, as a hold in the holds table.
    r = mgr.call("package.lab", dict(lab, tag=tag(1), status="fail"))
    check(r["package"]["status"] == "hold" and
          r["package"]["hold"]["reason"] == "lab: lab test failed",
          "held again: %r" % r["package"])
    hist = mgr.call("package.get", {"tag": tag(1)})["history"]
    notes = [h["note"] for h in hist if h["reason"] == "lab"]
    check(notes == ["hold -> active: lab result passed",
                    "active -> hold: lab test failed"],
          "the lab's holds in the package's history: %r" % notes)
    check("whole" in st.ctl("audit", "verify"), "audit whole")
    st.stop()


run(test)
