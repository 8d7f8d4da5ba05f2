#!/usr/bin/env python3
# A manifest typed in at the receiving station, as doc/stash.1 says it may
# be: no note (the note is optional) and a harvest date of "none" for a
# package after one that had a date (the field starts as the last
# package's). stashd takes it, and intake.get has no note and no harvest
# date for that package. Over the protocol, an optional note sent empty is
# no note (package.adjust, drawer.drop) and a required one is still
# refused (intake.resolve).
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

M = "MF-NONE-1"


def tag(n):
    return "1A4060300000000000DF00%02d" % n


def test(new_store):
    st = new_store().start()
    pane = Pane("mfnone")
    keys, wait_for = pane.keys, pane.wait_for

    def typed(text, prompt):
        wait_for(prompt)
        if text:
            keys("-l", text)
        keys("Enter")

    try:
        pane.start(st, "intake-1", "--intake")
        wait_for("Stash Demo Dispensary |")  # connected
        wait_for("Staff ID")
        keys(str(RECEIVER), "Enter", PINS[RECEIVER], "Enter")
        wait_for("F2")
        keys("F2")
        typed(M, "Manifest number:")
        typed("SUP-LIC-8", "Supplier's licence:")
        typed("", "Note (optional):")
        typed(tag(1), "Package 1 tag")
        typed("FL-BD-1", "SKU:")
        typed("12", "Shipped, units:")
        typed("B-1", "Batch:")
        typed("2025-11-02", "Harvested YYYY-MM-DD")
        wait_for("Package 1 added")
        typed(tag(2), "Package 2 tag")
        typed("", "SKU:")              # Enter keeps FL-BD-1
        typed("3", "Shipped, units:")
        typed("", "Batch:")
        wait_for("Harvested YYYY-MM-DD")
        wait_for("2025-11-02")         # the last package's, selected
        typed("none", "Harvested YYYY-MM-DD")
        wait_for("Package 2 added")
        keys("F8")
        wait_for("Manifest %s created with 2 packages" % M)
    finally:
        pane.kill()

    mgr = st.terminal("office-1", MANAGER)
    m = mgr.call("intake.get", {"manifest": M})["manifest"]
    check(not m.get("note"), "no note: %r" % m.get("note"))
    h = {l["tag"]: l["harvested"] for l in m["lines"]}
    check(h == {tag(1): 20251102, tag(2): 0} or
          h == {tag(1): 20251102, tag(2): None}, "harvested: %r" % h)

    # An optional note sent empty is no note; a required one is refused.
    mgr.call("package.adjust", {"tag": st.tags[0], "delta": -1,
                                "reason": "damage", "note": ""})
    mgr.expect_error("bad-request", "intake.resolve",
                     {"manifest": M, "tag": tag(1), "action": "reject",
                      "note": ""})
    # (st.terminal opened office-1's drawer for the manager.)
    mgr.call("drawer.drop", {"amount": 100, "note": ""})
    st.stop()


run(test)
