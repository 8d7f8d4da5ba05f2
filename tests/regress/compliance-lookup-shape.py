#!/usr/bin/env python3
# The external receipt lookup in both shapes the v2 descriptions give it:
# one receipt (ThunkMetrc's) or the list wrapper {Data: [...]} (OpenMetrc's,
# where an unknown number is an empty page, not a 404). In each shape, a
# receipt POST applied at the state but never answered is found by the
# lookup and not posted again, and one that never arrived is looked up,
# found absent and posted once.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def test(new_store):
    st = new_store()
    sim = Sim(os.path.join(st.dir, "sim.json"))
    try:
        run_all(st, sim)
    finally:
        sim.stop()


def ref_of(sale_id):
    return "stash-%s-%d" % (LIC, sale_id)


def run_all(st, sim):
    report_to(st, sim, "metrc-reconcile=0", "metrc-transfers=0")
    st.start()
    t = st.terminal("register-1", MANAGER)
    each = [p for p in st.tags if
            t.call("item.lookup", {"code": p})["product"]["unit"] == "each"]
    seq = [0]

    def sell():
        seq[0] += 1
        r = t.call("sale.commit", {"ref": "shape:%d" % seq[0],
                                   "lines": [{"tag": each[0], "qty": 1}],
                                   "tender": {"cash": 10**7}})
        return r["sale"]["id"]

    def settled():
        s = t.call("compliance.status")
        return s["pending"] == 0 and s["exceptions"] == 0

    for wrapped in (False, True):
        shape = "wrapped" if wrapped else "bare"
        sim.admin("POST", "/_sim/shape", {"wrapped": wrapped})
        check(sim.admin("GET", "/_sim/shape") == {"wrapped": wrapped},
              "the simulator answers %s" % shape)

        # Applied, the answer lost: the lookup finds it; no second POST.
        sim.faults({"timeout_after_apply": True, "method": "POST",
                    "fail_next": 1})
        ref = ref_of(sell())
        wait_until("%s: the lost answer settled" % shape,
                   lambda: sim.posts(ref, True) >= 1 and settled(), 120)
        check(sim.lookups(ref) >= 1, "%s: looked up before resending" % shape)
        check(sim.posts(ref) == 1, "%s: posted once, found by the lookup "
              "(%d POSTs)" % (shape, sim.posts(ref)))
        sim.faults({})

        # Never arrived: the lookup says "not there" (a 404 or an empty
        # page) and the receipt is posted once more, applied once.
        sim.faults({"reset": True, "method": "POST", "fail_next": 1})
        ref = ref_of(sell())
        wait_until("%s: the reset sale settled" % shape,
                   lambda: sim.posts(ref, True) >= 1 and settled(), 120)
        check(sim.lookups(ref) >= 1, "%s: looked up after the reset" % shape)
        check(sim.posts(ref, True) == 1, "%s: applied once" % shape)
        sim.faults({})
    st.stop()


run(test)
