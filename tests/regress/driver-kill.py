#!/usr/bin/env python3
# The driver's terminal killed with -9, again and again (stash --driver in
# tmux, ID scanner and GPS on ptys, a TCP proxy to a real stashd): the
# trip is taken online and the link cut; then each stop action (arrived,
# delivered, not home, departed ...) is followed by kill -9 as soon as the
# screen says it is done, and a restart where the driver logs in offline
# (the PIN kept as a hash when the trip was taken) and finds it still
# done; GPS fixes pile up in the journal. With the link back (and
# slowed, so a sync takes a while), the
# handheld is killed at random moments of its sync, ten times. At the end
# stashd holds every event once: three sales, two failed orders, each
# stop event once, no GPS fix twice. Then `stash --driver --wipe` from
# the command line: refused while an entry has not reached the store
# (the customers' data stays), done once all is synced (the file then
# holds no customer's name, date of birth or ID number, and is 0600).
import json
import os
import random
import re
import stat
import subprocess
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from drivertrip import *
from driverterm import *

SYNC_KILLS = 10


def test(new_store):
    need_tmux_and_shim()
    tp = Trip(new_store, stops=FIVE, where=FIVE_WHERE, dobs=FIVE_DOBS)
    proxy = Proxy(tp.st.port)
    hh = Handheld(tp, proxy)
    try:
        kills(tp, proxy, hh)
    finally:
        hh.close()
        proxy.close()


def kills(tp, proxy, hh):
    st, mgr, tid = tp.st, tp.mgr, tp.id
    rnd = random.Random(int(os.environ.get("SEED", "14")))
    p = hh.start()
    hh.login()
    p.wait_for("Trip %d" % tid)
    p.keys("Enter")
    p.wait_for("is yours: 5 stops")
    proxy.cut()
    p.wait_for("OFFLINE", timeout=60)
    cycles = 0

    def kill_restart(expect):
        """kill -9 now; start again offline; expect on the route."""
        nonlocal p, cycles
        os.kill(hh.pid(), 9)
        cycles += 1
        p = hh.start()
        hh.login()
        p.wait_for("OFFLINE: working")
        if expect is not None:
            p.wait_for(expect)

    def select(i):
        p.keys("Home")
        for _ in range(i):
            p.keys("Down")

    def open_stop(i):
        select(i)
        p.keys("Enter")
        p.wait_for("Order %d" % tp.orders[i])

    def route_line(i):
        return "%2u " % (i + 1)

    def arrive(i):
        select(i)
        p.keys("a")
        p.wait_for("Done: recorded")
        kill_restart("ARRIVED")

    def depart(i):
        select(i)
        p.keys("d")
        p.wait_for("Done: recorded")
        kill_restart(None)

    def deliver(i, card=None):
        open_stop(i)
        hh.scan(i)
        p.wait_for("ID OK")
        if card:
            p.keys("k")
            p.wait_for("Card terminal reference:")
            p.keys(card, "Enter")
        else:
            p.keys("c")
            p.wait_for("Cash taken:")
            p.keys("%d.%02d" % divmod(tp.total(i), 100), "Enter")
        p.wait_for("DELIVERED")
        kill_restart("delivered")

    def fail(i, dob=None, reason="not-home"):
        open_stop(i)
        if dob:
            hh.scan(i, dob=dob)
            p.wait_for("Refuse:")
        p.keys("r")
        p.wait_for("Reason")
        p.keys(reason, "Enter")
        p.wait_for("Done: recorded")
        kill_restart("refused")

    arrive(0)
    deliver(0)
    depart(0)
    arrive(1)
    fail(1)
    arrive(2)
    deliver(2, card="AUTH-3")
    depart(2)
    arrive(3)
    deliver(3)
    arrive(4)
    fail(4, dob=EVE_ID_DOB, reason="underage")
    check(cycles == 12, "a kill after each of 12 journal writes")
    check(not [s for s in st.sales() if s["ref"].startswith(hh.name)],
          "nothing reached stashd offline")

    # More to sync: GPS fixes journalled while the van drives on.
    def waiting():
        m = re.search(r"(\d+) TO SYNC", p.text())
        return m is not None and int(m.group(1)) >= 30
    wait_until("30 entries to sync", waiting, timeout=180)

    # The link back, slowed: killed at random moments of the sync.
    proxy.delay = 0.2
    proxy.restore()
    for _ in range(SYNC_KILLS):
        p = hh.start()
        hh.login()
        time.sleep(rnd.uniform(0.1, 2.5))
        os.kill(hh.pid(), 9)
        cycles += 1
    check(cycles >= 20, "at least 20 kills: %d" % cycles)
    proxy.delay = 0
    p = hh.start()
    hh.login()
    p.wait_for("ALL SYNCED", timeout=120)

    five_outcomes(tp, hh)
    trk = mgr.call("trip.track", {"id": tid})
    # (No fix yet at a start is a state, "nogps", not a stop event.)
    kinds = [e["kind"] for e in trk["events"] if e["kind"] != "nogps"]
    check(sorted(kinds) == sorted(["arrive"] * 5 + ["deliver"] * 3 +
                                  ["depart"] * 2 + ["fail"] * 2),
          "every stop event once: %r" % kinds)
    # (A stale fix is the last one again, marked stale: not counted.)
    ats = [f["at"] for f in trk["fixes"] if not f["stale"]]
    check(ats and len(ats) == len(set(ats)), "no fix twice: %d fixes, %d "
          "distinct" % (len(ats), len(set(ats))))
    check("whole" in st.ctl("audit", "verify"), "audit whole")
    wipe(tp, proxy, hh)


def customer_data(path):
    """Which of the five customers' names, DOBs, ID numbers are in it."""
    with open(path, "rb") as f:
        data = f.read()
    found = []
    for i, (name, _, _, _) in enumerate(FIVE):
        for s in name.split() + [FIVE_DOBS[i], "DL%d" % (1000 + i)]:
            if s.encode() in data or s.upper().encode() in data:
                found.append(s)
    return found


def wipe(tp, proxy, hh):
    cmd = [STASH, "-t", hh.name, "--driver", "--journal", hh.journal,
           "--wipe"]
    p = hh.pane

    def to_sync():
        m = re.search(r"(\d+) TO SYNC", p.text())
        return int(m.group(1)) if m else 0
    # Offline, a fix journalled and not synced: the wipe is refused.
    proxy.cut()
    p.wait_for("OFFLINE", timeout=60)
    wait_until("a fix waiting", lambda: to_sync() > 0, timeout=60)
    os.kill(hh.pid(), 9)
    r = subprocess.run(cmd, capture_output=True, text=True)
    check(r.returncode != 0 and "has not reached the store" in r.stderr,
          "refused: %d %r" % (r.returncode, r.stderr))
    check(len(customer_data(hh.journal)) == 4 * len(FIVE),
          "nothing wiped: %r" % customer_data(hh.journal))
    proxy.restore()

    # Synced, then stopped: wiped. (A fix may be journalled between the
    # screen's ALL SYNCED and the kill: then sync again and retry.)
    def synced_and_wiped():
        p = hh.start()
        hh.login()
        p.wait_for("ALL SYNCED", timeout=120)
        os.kill(hh.pid(), 9)
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            check("has not reached the store" in r.stderr, r.stderr)
            return False
        check("wiped" in r.stdout, r.stdout)
        return True
    wait_until("wiped from the command line", synced_and_wiped,
               timeout=600)
    check(customer_data(hh.journal) == [], "customer data left: %r" %
          customer_data(hh.journal))
    check(stat.S_IMODE(os.stat(hh.journal).st_mode) == 0o600, "0600")


run(test)
