#!/usr/bin/env python3
# Reconciliation with BioTrack v2024 (state-biotrack24.c and stashctl):
# compliance.reconcile asks GET /v1/sync, then GET /v1/inventory page
# after page (NextCursor), and compares the state's inventory with the
# ledger as the Metrc and legacy reconciliations do (reconcile-compare.c):
# the same figures agree; a quantity the state changed by itself, a
# package the state has that we do not, and ours with stock it does not
# list are differences; deleted rows are not the state's. A 500 on a page
# is an error a person can read, with nothing left running, and the next
# run works. "stashctl compliance reconcile" under state-system
# biotrack-v2024 asks the same and finds the same; each run is kept.
import json
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from btsim import our_stock, reconcile_differ, reconcile_same, row24, \
    with_sim


def run_all(st, sim):
    sim.faults24({"page_size": 2})
    st.options = sim.options24(st, "biotrack-transfers=0")
    st.start()
    mgr = st.terminal("register-1", MANAGER)
    ours = our_stock(mgr, st.tags)
    check(len(ours) >= 3, "packages with stock")

    def asked():
        return [(q["path"], q["query"]) for q in sim.requests24()
                if q["method"] == "GET" and q["path"] in
                ("/v1/sync", "/v1/inventory")]

    # The same figures: no differences; every page asked for.
    sim.seed_inventory24(ours)
    reconcile_same(mgr, ours)
    pages = (len(ours) + 1) // 2
    a = asked()
    check(a[0] == ("/v1/sync", "") and a[1] == ("/v1/inventory", "") and
          len(a) == 1 + pages and all(q.startswith("Cursor=") for _, q in
                                      a[2:]), "asked: %r" % a)

    # B's figure changed at the state; C is not there; D is there but
    # deleted; a barcode we never had is there (16 digits, BioTrack's).
    want, B = reconcile_differ(mgr, ours, sim.seed_inventory24, row24)

    # A 500 on a page: the op says why; nothing is left running.
    sim.faults24({"status": 500, "count": 1, "path": "/v1/inventory"})
    m = mgr.expect_error("unavailable", "compliance.reconcile")
    check("inventory could not be read" in m and "HTTP 500" in m,
          "a reason: %s" % m)
    r = mgr.call("compliance.reconcile")
    check({(d["tag"], d["kind"]) for d in r["differences"]} == want,
          "and again: %r" % r["differences"])

    # The token expired: logged in again, the run finishes.
    sim.faults24({"expire": True})
    r = mgr.call("compliance.reconcile")
    check({(d["tag"], d["kind"]) for d in r["differences"]} == want,
          "after a new login: %r" % r["differences"])

    # stashctl, from stash.conf's biotrack24-* settings: the same.
    conf = os.path.join(st.dir, "stash.conf")
    with open(conf, "w") as f:
        f.write("state-system biotrack-v2024\nbiotrack24-url %s\n"
                "biotrack24-secrets %s\nbiotrack-timeout 5\n" % (
                    sim.base, sim.secrets24(st.dir)))
    logins = sum(1 for q in sim.requests24()
                 if q["path"] == "/v1/user/login" and q["applied"])
    n = len(asked())
    out = st.ctl("--json", "compliance", "reconcile", "--config", conf,
                 check_rc=False)
    check(st.last_rc == 2, "differences found: %d %s" % (st.last_rc,
                                                           st.last_err))
    r = json.loads(out)
    check({(d["tag"], d["kind"]) for d in r["differences"]} == want,
          "stashctl finds the same: %r" % r["differences"])
    check(sum(1 for q in sim.requests24() if q["path"] ==
              "/v1/user/login" and q["applied"]) == logins + 1,
          "stashctl logged in itself")
    check(asked()[n][0] == "/v1/sync" and len(asked()) > n + 1,
          "and asked /v1/sync, then the pages: %r" % asked()[n:])
    text = st.ctl("compliance", "reconcile", "--config", conf,
                  check_rc=False)
    check("licence %s" % sim.start["license"] in text and B in text,
          "in words: %s" % text)
    sim.faults24({"status": 503, "count": 1, "path": "/v1/sync"})
    st.ctl("compliance", "reconcile", "--config", conf, check_rc=False)
    check(st.last_rc == 1 and "HTTP 503" in st.last_err,
          "a refusal said: %d %s" % (st.last_rc, st.last_err))
    h = mgr.call("compliance.reconcile.history")
    check(len(h["runs"]) == 6, "six runs kept: %r" % h)
    check(sum(1 for x in h["runs"] if x["who"] == "stashctl") == 2,
          "two by stashctl: %r" % h)


run(with_sim(run_all))
