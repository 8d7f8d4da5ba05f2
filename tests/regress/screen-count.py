#!/usr/bin/env python3
# A cycle count on screen, in an 80x24 tmux pane (^K on the stock
# console): a blind count of the floor, started with F2; two packages
# scanned and what was found typed (one right, one short by 2), the
# screen never showing what was expected while the count is open; F8 with
# "y" finishes it, the variance report shown, and the short package
# adjusted by stashd (reason count); the right one is left alone.
import sys, os, re
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def test(new_store):
    st = new_store().start()
    mgr = st.terminal("office-1", MANAGER)
    floor = []
    for t, p in st.stock().items():
        if p["unit"] != "each" or p["qty"] < 3:
            continue
        pk = mgr.call("package.get", {"tag": t})["package"]
        if pk["location"] == "floor" and pk["status"] == "active":
            floor.append((t, p["qty"]))
    check(len(floor) >= 2, "two packages on the floor: %r" % floor)
    (a, qa), (b, qb) = sorted(floor)[:2]

    pane = Pane("count")
    wait_for, keys = pane.wait_for, pane.keys
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")
        wait_for("Staff ID")
        keys(str(MANAGER), "Enter", PINS[MANAGER], "Enter")
        wait_for("F5 Pay")
        keys("F1")
        wait_for("Stock: scan or type a package tag")
        keys("C-k")
        wait_for("Counts: F2 starts one")
        keys("F2")
        wait_for("Count where:")
        keys("floor", "Enter")
        wait_for("Blind count")
        keys("Enter")                           # y, offered
        out = wait_for("started:")
        n = int(re.search(r"Count (\d+) started: (\d+) package", out)
                .group(1))
        rep = mgr.call("count.report", {"count": n})
        check(rep["blind"] and rep["packages"] >= 2, "blind: %r" % rep)
        out = wait_for("Count %d  floor  open blind" % n)

        keys(a, "Enter")
        wait_for("Found of %s" % a)
        keys("%d" % qa, "Enter")
        wait_for("Recorded %s" % a)
        keys(b.lower(), "Enter")
        wait_for("Found of %s" % b)
        keys("1x", "Enter")
        wait_for("Type the whole units found")
        keys("C-u", "%d" % (qb - 2), "Enter")
        out = wait_for("Recorded %s" % b)
        out = wait_for("2 counted")
        check("expected" not in out and "variance" not in out,
              "blind: nothing expected shown:\n" + out)
        check("counted %d" % (qb - 2) in out, "what was found:\n" + out)

        # F8: finished with adjustments; the variance report.
        keys("F8")
        wait_for("adjust the stock to what was counted?")
        keys("y", "Enter")
        out = wait_for("finished: 1 variance, 1 adjustment made")
        check("variance -2" in out and "expected %d" % qb in out,
              "the variance report:\n" + out)
        pk = mgr.call("package.get", {"tag": b})
        check(pk["package"]["qty"] == qb - 2 and
              pk["history"][-1]["reason"] == "count",
              "adjusted by the count: %r" % pk["history"][-1])
        check(mgr.call("package.get", {"tag": a})["package"]["qty"] == qa,
              "the right one unchanged")
    finally:
        pane.kill()
    st.stop()


run(test)
