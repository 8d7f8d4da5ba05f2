#!/usr/bin/env python3
# Reconciliation with BioTrack (compliance.reconcile under state-system
# biotrack): stashd asks sync_check, then sync_inventory, and compares the
# state's inventory with the ledger as the Metrc reconciliation does
# (reconcile-compare.c): the same figures agree; a quantity the state
# changed by itself is a difference; a package the state has that we do
# not, and ours with stock it does not list, are differences; deleted
# rows are not the state's; a refused lookup is an error a person can
# read; the run is in the history.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from btsim import inventory_rows, stocked, with_sim


def run_all(st, sim):
    st.options = sim.options(st, "biotrack-transfers=0")
    st.start()
    mgr = st.terminal("register-1", MANAGER)
    ours = stocked(mgr, st.tags)

    def seed(**kw):
        sim.admin("POST", "/_sim/inventory", {"rows": inventory_rows(
            ours, lambda tag, f: {"id": tag, "remaining_quantity": f,
                                  "deleted": "0"}, **kw)})

    # The same figures: no differences.
    seed()
    r = mgr.call("compliance.reconcile")
    check(r["packages"] == len(ours) and r["compared"] == len(ours),
          "every package compared: %r" % {k: r[k] for k in
                                           ("packages", "compared")})
    check(r["differences"] == [], "none: %r" % r["differences"])
    acts = [q["action"] for q in sim.requests()
            if q["action"].startswith("sync_")]
    check(acts == ["sync_check", "sync_inventory"], "asked: %r" % acts)

    tags = sorted(ours)
    eaches = [t for t in tags if ours[t][1] == "each"]
    check(eaches, "a package sold by the unit")
    B = eaches[0]
    C = [t for t in tags if t != B][0]
    D = [t for t in tags if t not in (B, C)][0]
    stranger = "000000006033571320007999"
    # B's figure changed at the state; C is not there; D is there but
    # deleted; a barcode we never had is there.
    seed(extra=[{"id": D, "remaining_quantity": "1", "deleted": "1"},
                {"id": "6033571320007999", "remaining_quantity": "2",
                 "deleted": "0"}],
         skip=(C, D), change=(B, ours[B][0] - 1))
    r = mgr.call("compliance.reconcile")
    by = {(d["tag"], d["kind"]): d for d in r["differences"]}
    check(set(by) == {(B, "quantity"), (C, "not-at-state"),
                      (D, "not-at-state"), (stranger, "not-here")},
          "the differences: %r" % r["differences"])
    d = by[(B, "quantity")]
    check(d["ours"] == ours[B][0] and d["state"] == ours[B][0] - 1 and
          d["unexplained"] == -1 and d["unit"] == "each",
          "B differs by one: %r" % d)

    # A refusal: the op says why; nothing is left running.
    sim.faults({"status": 500, "count": 1})
    m = mgr.expect_error("unavailable", "compliance.reconcile")
    check("inventory could not be read" in m and "HTTP 500" in m,
          "a reason: %s" % m)
    r = mgr.call("compliance.reconcile")
    check(len(r["differences"]) == 4, "and again: %r" % r["differences"])
    h = mgr.call("compliance.reconcile.history")
    check(len(h["runs"]) == 3, "three runs kept: %r" % h)


run(with_sim(run_all))
