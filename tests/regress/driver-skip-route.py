#!/usr/bin/env python3
# The dispatch board's leg past a skipped stop (trip.get's off_route and
# off_path_m): a skipped order stays out (the driver may come back to
# it), but the leg the driver is on goes on to the next stop not skipped.
# Ann delivered, Ben skipped: a fix near Cat (the next stop) is on route,
# where measured against the leg to Ben it was kilometres off. Once Cat
# and Dee are done the skipped Ben is the stop left: the leg from Dee
# back to Ben is the route. An arrival at a skipped stop makes it the
# next stop again. off-route-m is the default, 1000 m. The driver's
# route change (a reorder entry: the stops' new order and why) is a stop
# event (trip.track), audited, shown on the board (trip.get's
# "rerouted") and the leg follows it; one naming an order not on the
# trip is an exception.
import os
import re
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from drivertrip import *


def test(new_store):
    tp = Trip(new_store)
    mgr, tid = tp.mgr, tp.id
    a, b, c, d = tp.orders
    hh, j = tp.taken()
    (alat, alon), (blat, blon), (clat, clon), (dlat, dlon) = WHERE

    def sync(*entries):
        r = hh.call("trip.sync", {"id": tid, "entries": list(entries)})
        check(all(x["result"] == "done" for x in r["acked"]), "synced: %r"
              % r)
        return mgr.call("trip.get", {"id": tid})["trip"]

    def between(p, q, f):
        return (p[0] + int((q[0] - p[0]) * f), p[1] + int((q[1] - p[1]) * f))

    t = us_now() - 60 * 1000000
    tr = sync(j.entry("deliver", at=t, order=a,
                      tender={"cash": tp.total(0)}),
              j.entry("skip", at=t + 1000, order=b, reason="gate locked"))
    check([o["status"] for o in tr["orders"]] ==
          ["delivered", "out", "out", "out"], "Ben still out: %r" % tr)
    # Three quarters of the way from Ann to Cat: kilometres off Ann-Ben.
    p = between(WHERE[0], WHERE[2], 0.75)
    tr = sync(j.entry("fix", at=t + 2000, fix=fix(p[0], p[1], t + 2000)))
    check(tr["last_fix"]["lat"] == p[0] and not tr["off_route"] and
          tr["off_path_m"] < 50, "on the leg to Cat: %r" % tr)
    # Off the Ann-Cat leg now is off route still.
    tr = sync(j.entry("fix", at=t + 3000, fix=fix(blat, blon, t + 3000)))
    check(tr["off_route"] and tr["off_path_m"] > 1000,
          "at Ben, off the leg to Cat: %r" % tr)

    # The driver takes Dee before Cat: the leg from Ann is to Dee now.
    p = between(WHERE[0], WHERE[3], 0.5)
    tr = sync(j.entry("fix", at=t + 3100, fix=fix(p[0], p[1], t + 3100)))
    check(tr["off_route"] and tr["rerouted"] is None,
          "half way to Dee, off the leg to Cat: %r" % tr)
    tr = sync(j.entry("reorder", at=t + 3200, orders=[a, d, c, b],
                      reason="Dee leaves at 4"))
    check(not tr["off_route"] and tr["off_path_m"] < 50 and
          tr["rerouted"]["orders"] == [a, d, c, b] and
          tr["rerouted"]["reason"] == "Dee leaves at 4",
          "on the new leg to Dee: %r" % tr)
    ev = [e for e in hh.call("trip.track", {"id": tid})["events"]
          if e["kind"] == "reorder"]
    check(len(ev) == 1 and ev[0]["orders"] == [a, d, c, b] and
          ev[0]["at"] == t + 3200, "a stop event: %r" % ev)
    check("trip.route" in tp.st.ctl("audit", "list", "--limit", "500"),
          "audited")
    out = tp.st.ctl("trip", "track", str(tid))
    check(re.search(r"reorder .* route %d,%d,%d,%d  Dee leaves at 4" %
                    (a, d, c, b), out), "stashctl trip track:\n" + out)
    r = hh.call("trip.sync", {"id": tid, "entries": [
        j.entry("reorder", at=t + 3300, orders=[d, 999999],
                reason="typo")]})["acked"]
    check(r[0]["result"] == "exception" and "999999" in r[0]["exception"],
          "not on the trip: %r" % r)
    m = hh.expect_error("bad-request", "trip.sync", {"id": tid, "entries": [
        {"key": "handheld-1-%d-999" % tid, "seq": 999, "at": t,
         "kind": "reorder", "reason": "x"}]})
    check("orders" in m, m)
    hh.expect_error("bad-request", "trip.sync", {"id": tid, "entries": [
        {"key": "handheld-1-%d-998" % tid, "seq": 998, "at": t,
         "kind": "reorder", "orders": [a]}]})
    # And back to the plan, which the rest of the trip follows.
    tr = sync(j.entry("reorder", at=t + 3400, orders=[a, b, c, d],
                      reason="Dee called: later is fine"))
    check(tr["rerouted"]["orders"] == [a, b, c, d], "the last change "
          "shown: %r" % tr)

    # Cat and Dee done: the skipped Ben is the stop left.
    tr = sync(j.entry("deliver", at=t + 4000, order=c,
                      tender={"cash": tp.total(2)}),
              j.entry("deliver", at=t + 5000, order=d,
                      tender={"cash": tp.total(3)}))
    p = between(WHERE[3], WHERE[1], 0.5)
    tr = sync(j.entry("fix", at=t + 6000, fix=fix(p[0], p[1], t + 6000)))
    check(not tr["off_route"] and tr["off_path_m"] < 50,
          "back to Ben from Dee: %r" % tr)
    tr = sync(j.entry("arrive", at=t + 7000, order=b),
              j.entry("fix", at=t + 8000, fix=fix(blat, blon, t + 8000)))
    check(not tr["off_route"] and tr["off_path_m"] < 50,
          "at Ben: %r" % tr)


run(test)
