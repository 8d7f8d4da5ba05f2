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
from btsim import our_stock, reconcile_differ, reconcile_same, row, \
    with_sim


def run_all(st, sim):
    st.options = sim.options(st, "biotrack-transfers=0")
    st.start()
    mgr = st.terminal("register-1", MANAGER)
    ours = our_stock(mgr, st.tags)
    check(len(ours) >= 3, "packages with stock")


    # The same figures: no differences.
    sim.seed_inventory(ours)
    reconcile_same(mgr, ours)
    acts = [q["action"] for q in sim.requests()
            if q["action"].startswith("sync_")]
    check(acts == ["sync_check", "sync_inventory"], "asked: %r" % acts)

    # B's figure changed at the state; C is not there; D is there but
    # deleted; a barcode we never had is there.
    reconcile_differ(mgr, ours, sim.seed_inventory, row)

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
