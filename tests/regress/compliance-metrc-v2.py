#!/usr/bin/env python3
# What real Metrc v2 answers, against stash-metrc-sim (which answers as the
# public v2 descriptions have it) with the real stashd and libcurl:
#  - an adjustment whose POST was applied but never answered is looked up
#    in the paged adjustment history (records without an Id, matched on
#    label, quantity, date and our reference in the note) and not posted
#    again, even when the history runs to more than one page;
#  - a patient whose PurchaseAmountDays is 31.0 reads 31 days;
#  - reconciliation reads every page of the state's active packages: none
#    of ours is a false "not at the state".
import os
import sys
import urllib.parse
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def test(new_store):
    st = new_store()
    sim = Sim(os.path.join(st.dir, "sim.json"))
    try:
        run_all(st, sim)
    finally:
        sim.stop()


def adjust_posts(sim, ref):
    return [q for q in sim.requests() if q["method"] == "POST" and
            q["uri"].startswith("/packages/v2/adjust") and
            ref in (q.get("body") or "")]


def run_all(st, sim):
    report_to(st, sim, "metrc-reconcile=0", "metrc-transfers=0")
    st.start()
    mgr = st.terminal("register-1", MANAGER)

    def drained():
        s = mgr.call("compliance.status")
        return s["pending"] == 0 and s["exceptions"] == 0

    # A package of ours the state has, sold by the unit, with stock.
    tag = None
    for p in st.tags:
        try:
            pk = mgr.call("package.get", {"tag": p})["package"]
        except ProtoError:
            continue
        if pk["qty"] >= 40 and sim.qty(p) is not None and \
                mgr.call("item.lookup", {"code": p})["product"]["unit"] \
                == "each":
            tag = p
            break
    check(tag is not None, "a package to adjust")

    # More than a page (20) of history at the state.
    for i in range(21):
        mgr.call("package.adjust", {"tag": tag, "delta": -1,
                                    "reason": "damage", "note": "h%d" % i})
    wait_until("the history reported", drained, 90)
    hist = sim.admin("GET", "/_sim/state")["adjustments"]
    check(len(hist) >= 21, "history at the state: %d" % len(hist))

    # The next POST is applied, but its answer never comes.
    before = sim.qty(tag)
    sim.faults({"timeout_after_apply": True, "fail_next": 1,
                "path": "/packages/v2/adjust", "method": "POST"})
    a = mgr.call("package.adjust", {"tag": tag, "delta": -2,
                                    "reason": "damage", "note": "uncertain"})
    adj = a.get("adjustment", {}).get("id") if isinstance(
        a.get("adjustment"), dict) else None
    ref = "stash-%s-adj-" % LIC
    wait_until("the uncertain POST applied", lambda: sim.qty(tag) ==
               before - 2000, 30)
    wait_until("the lookup settles it", drained, 90)
    check(sim.qty(tag) == before - 2000,
          "adjusted once at the state: %r -> %r" % (before, sim.qty(tag)))
    notes = [h for h in sim.admin("GET", "/_sim/state")["adjustments"]
             if (h.get("Note") or "").endswith(": uncertain")]
    check(len(notes) == 1, "one adjustment with our note: %r" % notes)
    mine = notes[0]["Note"].split(":")[0]
    check(len(adjust_posts(sim, mine + ":")) == 1,
          "posted once: %r" % adjust_posts(sim, mine + ":"))
    looks = [q["uri"] for q in sim.requests() if q["method"] == "GET" and
             q["uri"].startswith("/packages/v2/adjustments")]
    check(looks, "the history was looked up")
    for u in looks:
        qs = urllib.parse.parse_qs(urllib.parse.urlsplit(u).query)
        check("lastModifiedStart" not in qs and
              int(qs["pageSize"][0]) <= 20 and "pageNumber" in qs,
              "a page of the history, as the spec has it: %s" % u)

    # A patient's PurchaseAmountDays, 31.0 at the state.
    p = mgr.call("compliance.patient", {"card": "CO-PAT-0001"})
    check(p["registrations"][0]["days"] == 31, "31 days: %r" % p)

    # Reconciliation: every page of the active packages.
    mine = [x for x in sim.admin("GET", "/_sim/state")["packages"]
            if x["License"] == LIC and not x.get("IsFinished")]
    check(len(mine) > 20, "more than a page at the state: %d" % len(mine))
    r = mgr.call("compliance.reconcile")
    check(r["packages"] == len(mine), "read every page: %d of %d" %
          (r["packages"], len(mine)))
    nas = [d for d in r["differences"] if d["kind"] == "not-at-state"]
    check(nas == [], "no false not-at-state: %r" % nas)
    st.stop()


run(test)
