#!/usr/bin/env python3
# A trip's GPS trail (doc/protocol.md, "The driver's handheld"): the fixes
# and stop events a handheld synced are kept per trip (a fix sent twice is
# one fix) and read back in time order by trip.track; stashctl trip track
# writes them as GPX 1.1, which xmllint validates against the GPX 1.1
# schema (tests/data/gpx11.xsd; and refuses once a point is broken, so
# the check can fail), and as CSV. The dispatch board shows the trip's
# last fix age and "OFF ROUTE" once the last fix is farther than
# off-route-m from the straight path between its previous and next stop.
# TRIP's eta_drift_s: the next stop's ETA from the driver's last fix
# (route.c's straight line at its detour and speed) against the ETA
# planned at departure; the board shows it ("+2m late").
# With gps-retention-days=1 stashd's housekeeping prunes the older fixes
# and the results of the older journal entries, audited; the journal
# resent after that still sells its delivery once ("duplicate").
import csv
import io
import math
import os
import re
import subprocess
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from drivertrip import *

XSD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data",
                   "gpx11.xsd")
DAY = 86400 * 1000000


def drift_eta(at, a, b):
    """route.c's straight-line ETA from a at at (us) to b: the
    great-circle metres (haversine, mean radius, rounded), times the
    detour 1.3 rounded to the metre, at 30 km/h rounded to the second."""
    r = math.pi / 180e6
    h = (math.sin((b[0] - a[0]) * r / 2) ** 2 + math.cos(a[0] * r) *
         math.cos(b[0] * r) * math.sin((b[1] - a[1]) * r / 2) ** 2)
    m = round(2 * 6371008.8 * math.asin(math.sqrt(min(h, 1))))
    road = (m * 1300 + 500) // 1000
    return at + (road * 3600 + 15000) // 30000 * 1000000


def board_drift(s):
    """The board's words for a drift of s seconds (whole minutes, toward
    zero)."""
    m = int(s / 60)
    return "+%dm late" % m if m > 0 else "%dm early" % m if m < 0 else \
        "on time"


def test(new_store):
    tp = Trip(new_store)
    st, mgr, tid = tp.st, tp.mgr, tp.id
    # Out, no fix yet: the planned leg from now, so late by the time
    # since departure, never early.
    tr = mgr.call("trip.get", {"id": tid})["trip"]
    check(tr["eta_drift_s"] is not None and tr["eta_drift_s"] >= 0 and
          tr["next_eta"] >= tp.etas[0], "no fix: %r" % tr)
    hh = tp.handheld()
    hh.call("trip.take", {"id": tid})
    j = Journal("handheld-1", tid)
    now = us_now()
    old1, old2 = now - 3 * DAY, now - 2 * DAY
    # Dee (the last stop) served first, long ago; now leaving the store
    # towards Ann (north-east, the first stop still out): on its path.
    (slat, slon), (alat, alon) = STORE, WHERE[0]
    mid = ((slat + alat) // 2, (slon + alon) // 2)
    batch = [
        j.entry("fix", at=old1, fix=fix(slat, slon, old1)),
        j.entry("deliver", at=old1 + 1000, order=tp.orders[3],
                tender={"cash": tp.total(3)}),
        j.entry("fix", at=old2, fix=fix(slat + 100, slon, old2)),
        j.entry("skip", at=now - 2000, order=tp.orders[2],
                reason="dogs & gate", fix=fix(slat + 200, slon + 200,
                                              now - 2000)),
        j.entry("fix", at=now - 1000, fix=fix(mid[0], mid[1], now - 1000)),
    ]
    hh.call("trip.sync", {"id": tid, "entries": batch})
    hh.call("trip.sync", {"id": tid, "entries": batch})    # twice: one fix
    trk = mgr.call("trip.track", {"id": tid})
    ats = [f["at"] for f in trk["fixes"]]
    check(ats == sorted(ats) and len(ats) == 4 and
          trk["fixes"][-1]["lat"] == mid[0], "the trail: %r" % trk)
    check([e["kind"] for e in trk["events"]] == ["deliver", "skip"] and
          trk["events"][1]["reason"] == "dogs & gate", "events")
    sale_a = trk["events"][0]["sale"]
    tr = mgr.call("trip.get", {"id": tid})["trip"]
    check(tr["last_fix"]["at"] == now - 1000 and not tr["off_route"] and
          tr["off_path_m"] < 50, "on route: %r" % tr)
    want = (drift_eta(now - 1000, mid, WHERE[0]) - tp.etas[0]) / 1000000
    check(abs(tr["eta_drift_s"] - want) <= 2, "drift %r, want %r" % (
        tr["eta_drift_s"], want))

    # GPX 1.1, valid against the schema.
    gpx = st.ctl("trip", "track", str(tid), "--gpx")
    path = os.path.join(st.dir, "trip.gpx")
    with open(path, "w") as f:
        f.write(gpx)
    p = subprocess.run(["xmllint", "--noout", "--schema", XSD, path],
                       capture_output=True, text=True)
    check(p.returncode == 0, "GPX valid: %s\n%s" % (p.stderr, gpx))
    check(gpx.count("<trkpt ") == 4 and
          '<gpx version="1.1" creator="stash"' in gpx and
          '<trkpt lat="%d.%06d" lon="-%d.%06d">' % (
              slat // 1000000, slat % 1000000, -slon // 1000000,
              -slon % 1000000) in gpx and
          "<desc>dogs &amp; gate</desc>" in gpx and
          "Stash Demo Dispensary" in gpx, "GPX:\n" + gpx)
    with open(path, "w") as f:
        f.write(gpx.replace('lat="%d.' % (slat // 1000000), 'lat="95.', 1))
    p = subprocess.run(["xmllint", "--noout", "--schema", XSD, path],
                       capture_output=True, text=True)
    check(p.returncode != 0, "a latitude of 95 is refused by the schema")

    rows = list(csv.reader(io.StringIO(st.ctl("trip", "track", str(tid),
                                              "--csv"))))
    check(rows[0] == ["time", "lat", "lon", "quality", "sats", "stale"] and
          len(rows) == 5 and rows[-1][1] == "%d.%06d" % divmod(mid[0],
                                                               1000000),
          "CSV: %r" % rows)
    text = st.ctl("trip", "track", str(tid))
    check("skip" in text and "deliver" in text and "4 fixes" in text, text)

    # The board: fix age, then off route 5 km east of the path.
    pane = Pane("drvtrack")
    try:
        pane.start(st, "dispatch-1")
        pane.wait_for("Staff ID")
        pane.keys(str(MANAGER), "Enter", PINS[MANAGER], "Enter")
        pane.wait_for("F5 Pay")
        pane.keys("F1")
        pane.wait_for("Stock: scan or type a package tag")
        pane.keys("C-d")
        pane.wait_for("T%d" % tid)
        pane.wait_for("fix 0m")
        # Half way to Ann: the board says what TRIP says (the fix, so
        # the drift, stays put however long this takes).
        pane.wait_for(board_drift(mgr.call("trip.get", {"id": tid})[
            "trip"]["eta_drift_s"]))
        check("OFF ROUTE" not in pane.text(), "on route:\n" + pane.text())
        far = us_now()
        hh.call("trip.sync", {"id": tid, "entries": [
            j.entry("fix", at=far, fix=fix(mid[0], mid[1] + 60000, far))]})
        pane.wait_for("OFF ROUTE")
        # 5 km east, Ann still next: behind the plan by the longer way
        # from here. Python's haversine may differ from C's by a metre
        # (one second at most after the roundings), and the drift is
        # truncated to seconds: 2 s either way.
        tr = mgr.call("trip.get", {"id": tid})["trip"]
        want = (drift_eta(far, (mid[0], mid[1] + 60000), WHERE[0]) -
                tp.etas[0]) / 1000000
        check(tr["eta_drift_s"] > 60 and
              abs(tr["eta_drift_s"] - want) <= 2 and
              abs(tr["next_eta"] - drift_eta(far, (mid[0], mid[1] + 60000),
                                             WHERE[0])) <= 1000000,
              "drift %r, want %r: %r" % (tr["eta_drift_s"], want, tr))
        out = pane.text()
        # out and late: the drift stands for the status, in 46 columns
        check(re.search(r"T%d +%s +drv %d +1/4 fix 0m OFF ROUTE"
                        % (tid, re.escape(board_drift(tr["eta_drift_s"])),
                           DRIVER), out),
              "the board:\n" + out)
    finally:
        pane.kill()
    tr = mgr.call("trip.get", {"id": tid})["trip"]
    check(tr["off_route"] and tr["off_path_m"] > 1000, "off: %r" % tr)

    # Retention: a day. The two old fixes go at start; the rest stay.
    st.stop()
    st.options = st.options + ["gps-retention-days=1"]
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    wait_until("the old fixes pruned", lambda: len(mgr.call(
        "trip.track", {"id": tid})["fixes"]) == 3)
    trk = mgr.call("trip.track", {"id": tid})
    check(all(f["at"] > now - DAY for f in trk["fixes"]) and
          len(trk["events"]) == 2, "kept: %r" % trk)
    audit = st.ctl("audit", "list", "--limit", "1000")
    check(re.search(r"trip.gps-prune.*fixes=2 keys=3", audit),
          "audited:\n" + audit[-2000:])
    # The journal resent after its old entries' results were forgotten:
    # the delivery is still sold once (its sale knows the key).
    hh = tp.handheld()
    r = hh.call("trip.sync", {"id": tid, "entries": batch})["acked"]
    check([x["result"] for x in r] == ["done", "duplicate", "done",
                                       "duplicate", "duplicate"] and
          r[1]["sale"] == sale_a, "resent: %r" % r)
    check(len([s for s in st.sales() if s["ref"] == batch[1]["key"]]) == 1,
          "one sale")

run(test)
