#!/usr/bin/env python3
# BioTrack v2024's destruction in two steps (state-biotrack24.c): PUT
# /v1/inventory/destroy/schedule when the destruction is recorded, then
# PUT /v1/inventory/destroy once biotrack-destroy-wait has passed since
# BioTrack confirmed the schedule (the simulator refuses a destroy before
# its own waiting period, or of a barcode not scheduled). The destroy is
# queued whether the schedule's answer came back or was lost and found by
# its lookup; while it is held it is counted as held, not pending; it
# survives a restart. Never twice: a destroy whose answer is lost after
# BioTrack applied it is looked up and found, one refused with a 500 is
# looked up, not found, and sent again: each ExternalID applied once.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from btsim import destroy, with_sim

SCHEDULE = "/v1/inventory/destroy/schedule"
DESTROY = "/v1/inventory/destroy"


def run_all(st, sim):
    st.options = sim.options24(st, "biotrack-destroy-wait=86400",
                               "biotrack-transfers=0")
    st.start()
    t = st.terminal("register-1", MANAGER)
    tags = [p for p in st.tags if
            t.call("package.get", {"tag": p})["package"]["qty"] >= 2]
    check(len(tags) >= 3, "three packages to destroy from")
    A, B, C = tags[0], tags[1], tags[2]

    def paths(tag):
        return [a["path"] for a in sim.state24()["adjustments"]
                if a["body"]["Barcode"] == tag]

    def held(n):
        def f():
            s = t.call("compliance.status")
            return s["pending"] == 0 and s["held"] == n and s
        return f

    def once_each():
        applied = sim.state24()["applied"]
        check(all(n == 1 for n in applied.values()),
              "each ExternalID applied once: %r" % applied)
        return applied

    # A's schedule applied, its answer lost: found by its lookup, and the
    # destroy queued all the same, held for a day.
    sim.faults24({"lose": 1, "path": SCHEDULE})
    destroy(t, A)
    s = wait_until("A scheduled and its destroy held", held(1))
    check(paths(A) == [SCHEDULE], "only the schedule went: %r" % paths(A))
    check(any(q["method"] == "GET" and q["path"] ==
              "/v1/inventory/adjustment" for q in sim.requests24()),
          "the lost schedule looked up")
    check(s["oldest_age"] is None and s["exceptions"] == 0,
          "a held destroy is not pending: %r" % s)
    once_each()

    # After a restart with a short wait: B's destroy goes after it, its
    # answer lost once; found, not sent again. A stays held.
    st.stop()
    sim.faults24({"destroy_wait": 2, "lose": 1, "path": DESTROY})
    st.options = sim.options24(st, "biotrack-destroy-wait=3",
                               "biotrack-transfers=0")
    st.start()
    t = st.terminal("register-1", MANAGER)
    destroy(t, B)
    wait_until("B destroyed after its wait",
               lambda: paths(B) == [SCHEDULE, DESTROY])
    s = wait_until("B's destroy confirmed", held(1))
    check(s["exceptions"] == 0, "no destroy refused as too early: %r" % s)
    check(paths(A) == [SCHEDULE], "A still held: %r" % paths(A))
    reqs = [q for q in sim.requests24() if q["path"] in (SCHEDULE, DESTROY)
            and q["applied"]]
    check(reqs[-1]["path"] == DESTROY and reqs[-1]["fault"] == 504,
          "B's destroy applied and its answer lost: %r" % reqs[-1])
    check(reqs[-1]["time"] - reqs[-2]["time"] >= 3000,
          "the destroy waited biotrack-destroy-wait: %r" % reqs[-2:])
    once_each()

    # C's destroy refused with a 500 before anything was applied: looked
    # up, not there, sent again once.
    sim.faults24({"status": 500, "count": 1, "path": DESTROY})
    destroy(t, C)
    wait_until("C destroyed", lambda: paths(C) == [SCHEDULE, DESTROY])
    wait_until("C's destroy confirmed", held(1))
    check(sum(1 for q in sim.requests24() if q["path"] == DESTROY and
              q["fault"] == 500) == 1, "one 500")
    applied = once_each()
    check(len(applied) == 5, "three schedules, two destroys: %r" % applied)
    # The destroy carried its own reference and the package's barcode.
    d = [a for a in sim.state24()["adjustments"] if a["path"] == DESTROY]
    check(all(a["body"]["RequestID"] == a["body"]["ExternalID"] and
              "-dst-" in a["body"]["ExternalID"] for a in d),
          "the destroy's own reference: %r" % d)


run(with_sim(run_all))
