#!/usr/bin/env python3
# A sale reaches the state as soon as it is committed, not at the next
# metrc-interval tick: with the interval an hour long, a sale's receipt is
# at stash-metrc-sim within seconds (the commit wakes the drainer), once.
# Without the wake the receipt would wait the hour and the test time out.
import os
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

A = "1A4060300000000000001001"      # Blue Dream 3.5g


def test(new_store):
    st = new_store()
    sim = Sim(os.path.join(st.dir, "sim.json"))
    try:
        report_to(st, sim, "metrc-interval=3600")
        st.start()
        t = st.terminal("register-1", MANAGER)
        # stashd's first look at the state, at start, done: the incoming
        # transfer it fetched is a manifest. A sale committed before that
        # could go out with the first look rather than by the wake.
        wait_until("stashd's first look at the state",
                   lambda: t.call("intake.list")["manifests"], 60)
        for i in range(3):
            sid = t.call("sale.commit", {
                "ref": "w%d" % i, "lines": [{"tag": A, "qty": 1}],
                "tender": {"cash": 10**6}})["sale"]["id"]
            ref = "stash-%s-%d" % (LIC, sid)
            t0 = time.time()
            wait_until("sale %d at the state" % sid,
                       lambda: sim.posts(ref, True) >= 1, timeout=120)
            check(sim.posts(ref, True) == 1, "sale %d sent once" % sid)
            check(time.time() - t0 < 120, "sent long before the hour's tick")
        s = t.call("compliance.status")
        check(s["pending"] == 0, "nothing left in the outbox: %r" % s)
        st.stop()
    finally:
        sim.stop()


run(test)
