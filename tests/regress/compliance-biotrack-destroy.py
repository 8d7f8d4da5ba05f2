#!/usr/bin/env python3
# BioTrack's destruction in two steps: inventory_destroy_schedule when the
# destruction is recorded, then inventory_destroy once
# biotrack-destroy-wait has passed since BioTrack confirmed the schedule
# (the simulator refuses a destroy before its own waiting period, which
# would leave an exception). While the destroy is held it is counted as
# held on the dashboard, not pending, and ages no deadline; it survives a
# restart.
import json
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from btsim import destroy, with_sim


def run_all(st, sim):
    st.options = sim.options(st, "biotrack-destroy-wait=86400")
    st.start()
    t = st.terminal("register-1", MANAGER)
    tags = [p for p in st.tags if
            t.call("package.get", {"tag": p})["package"]["qty"] >= 2]
    check(len(tags) >= 2, "two packages to destroy from")
    A, B = tags[0], tags[1]

    def actions(tag):
        out = []
        for a in sim.state()["adjustments"]:
            b = a.get("barcodeid")
            if b == tag or (isinstance(b, list) and tag in b):
                out.append(a["action"])
        return out

    def held(n):
        def f():
            s = t.call("compliance.status")
            return s["pending"] == 0 and s["held"] == n and s
        return f

    # A day's wait: scheduled, then held; nothing pending, nothing ageing.
    destroy(t, A)
    s = wait_until("A scheduled and its destroy held", held(1))
    check(actions(A) == ["inventory_destroy_schedule"],
          "only the schedule went: %r" % actions(A))
    check(s["oldest_age"] is None and s["exceptions"] == 0,
          "a held destroy is not pending: %r" % s)
    check(s.get("oldest_unreported") is None,
          "a held destroy ages no deadline: %r" % s)
    c = json.loads(st.ctl("--json", "compliance", "status"))
    check(c["pending"] == 0 and c["held"] == 1 and
          c["oldest_age"] is None, "stashctl says so too: %r" % c)
    check("held:         1" in st.ctl("compliance", "status"),
          "and in words")

    # After a restart with a short wait, B goes in two steps; A stays held.
    st.stop()
    sim.faults({"destroy_wait": 2})
    st.options = sim.options(st, "biotrack-destroy-wait=3")
    st.start()
    t = st.terminal("register-1", MANAGER)
    destroy(t, B)
    wait_until("B destroyed after its wait",
               lambda: actions(B) == ["inventory_destroy_schedule",
                                      "inventory_destroy"])
    s = wait_until("B's destroy confirmed", held(1))
    check(s["exceptions"] == 0, "no destroy refused as too early: %r" % s)
    check(actions(A) == ["inventory_destroy_schedule"],
          "A still held after the restart: %r" % actions(A))
    reqs = [q for q in sim.requests() if q["action"] in
            ("inventory_destroy_schedule", "inventory_destroy") and
            q["applied"]]
    check([q["action"] for q in reqs] ==
          ["inventory_destroy_schedule", "inventory_destroy_schedule",
           "inventory_destroy"], "each step once: %r" % reqs)
    check(reqs[-1]["time"] - reqs[-2]["time"] >= 3000,
          "the destroy waited biotrack-destroy-wait: %r" % reqs)


run(with_sim(run_all))
