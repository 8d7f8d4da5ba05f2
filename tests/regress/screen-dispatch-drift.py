#!/usr/bin/env python3
# The dispatch board's ETA drift of a trip out with no GPS fix moves on
# with time: stashd counts that trip's next ETA as now plus the planned
# leg, so it is late by the time since departure, and the board, which
# reads the trips again only on events, must not leave it where it was
# read. With no event at all (no fix, no order or trip change), the row's
# "+Nm late" reaches the next minute, and agrees with trip.get then.
import os
import re
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from drivertrip import *


def row_minutes(out, tid):
    """The trip's drift on the board in whole minutes late, or None."""
    m = re.search(r"T%d +(on time|\+(\d+)m late) +drv" % tid, out)
    if m is None:
        return None
    return 0 if m.group(2) is None else int(m.group(2))


def test(new_store):
    tp = Trip(new_store)
    st, mgr, tid = tp.st, tp.mgr, tp.id
    tr = mgr.call("trip.get", {"id": tid})["trip"]
    check(tr["last_fix"] is None and tr["eta_drift_s"] is not None and
          tr["eta_drift_s"] >= 0, "out, no fix, late by the time since "
          "departure: %r" % tr)
    pane = Pane("dispdrift")
    try:
        pane.start(st, "dispatch-1")
        pane.login(MANAGER, ("F1", "Stock: scan or type a package tag"))
        pane.keys("C-d")
        out = pane.wait_for("T%d" % tid)
        out = pane.wait_for(" drv %d" % DRIVER)
        m0 = row_minutes(out, tid)
        check(m0 is not None, "the trip's drift on the board:\n" + out)
        # A minute later by the clock, a minute later on the board, with
        # nothing read again in between.
        out = pane.wait_for("+%dm late drv %d" % (m0 + 1, DRIVER),
                            timeout=150)
        check(row_minutes(out, tid) == m0 + 1, "the board:\n" + out)
        tr = mgr.call("trip.get", {"id": tid})["trip"]
        check(tr["last_fix"] is None and
              tr["eta_drift_s"] >= (m0 + 1) * 60, "stashd agrees: %r" % tr)
    finally:
        pane.kill()
    st.stop()


run(test)
