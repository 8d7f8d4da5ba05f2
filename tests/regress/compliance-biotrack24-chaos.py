#!/usr/bin/env python3
# The BioTrack v2024 (Florida) adapter under chaos, as
# compliance-biotrack-chaos.py is for the legacy one: sales and voids from
# four terminals while stash-biotrack-sim's v2024 surface faults three
# requests in ten, drawn from a seed, with a mix of 500s (nothing
# applied), answers lost after applying (504), expired session tokens
# (401) and 422 refusals, and stashd is killed (-9) twice while they sell
# and once with the outbox full. A 422 is a refusal a person sees as an
# exception and retries (stashctl compliance retry --all). v2024 has no
# nonce replay, so the sim applies a write sent twice twice: at the end
# every ExternalID was applied exactly once, each sale we made is one
# state record with the lines we sold, none is missing, and each voided
# sale sent is marked Deleted there. The outbox is empty.
#
# CHAOS_SALES, CHAOS_VOIDS and CHAOS_SEED change the counts and the
# faults' seed (default 1000, 50 and 24); a failure prints the seed.
import datetime
import os
import re
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from btsim import with_sim
from chaosshop import drain_and_retry, sell_through_crashes, \
    voided_in_ledger

SALES = int(os.environ.get("CHAOS_SALES", "1000"))
VOIDS = int(os.environ.get("CHAOS_VOIDS", "50"))
SEED = int(os.environ.get("CHAOS_SEED", "24"))
KINDS = ["500", "lose", "expire", "422"]
# The simulator's log marks each fault so: kind -> its "fault" there.
MARKS = {"500": 500, "lose": 504, "expire": 401, "422": 422}


def run_all(st, sim):
    print("biotrack24 chaos: seed %d" % SEED)
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    st.options = ["state-system=biotrack-v2024", "biotrack24-url=" +
                  sim.base, "biotrack24-secrets=" + sim.secrets24(st.dir),
                  "biotrack24-approved=" + today, "biotrack-interval=1",
                  "biotrack-timeout=1"]
    st.start()

    def faults(f):
        sim.admin("POST", "/_sim24/faults", f)
    faults({"rate": 300, "seed": SEED, "kinds": KINDS})
    t0 = time.time()
    shop = sell_through_crashes(st, SALES, VOIDS)
    t_sales = time.time() - t0
    # Once more with the outbox full and the faults still on; the 422s
    # are exceptions with the state's words, retried by a person.
    under, exc = drain_and_retry(st, lambda: faults({}), "422", 30)

    log = sim.admin("GET", "/_sim24/requests")["requests"]
    for k in KINDS:
        check(any(q["fault"] == MARKS[k] for q in log),
              "the run had %s faults" % k)

    # The state against the ledger.
    state = sim.admin("GET", "/_sim24/state")
    twice = {e: n for e, n in state["applied"].items() if n != 1}
    check(not twice, "each ExternalID applied once (seed %d): %r" %
          (SEED, twice))
    ledger = voided_in_ledger(st, shop)
    got = {}
    for tid, sale in state["sales"].items():
        m = re.match(r"^stash-.+-(\d+)$", sale["ExternalID"])
        check(m, "a sale of ours: %r" % sale)
        sid = int(m.group(1))
        check(sid not in got, "sale %d recorded twice (%s and %s), seed "
              "%d" % (sid, got.get(sid, {}).get("TransactionID"), tid, SEED))
        got[sid] = sale
    for sid, sale in shop.sold.items():
        check(sid in ledger, "sale %d is in the ledger" % sid)
        b = got.get(sid)
        if sid in shop.voided:
            check(b is None or b["Deleted"], "voided sale %d is not live "
                  "at the state (seed %d)" % (sid, SEED))
            continue
        check(b is not None and not b["Deleted"], "sale %d is at the "
              "state, live (seed %d)" % (sid, SEED))
        lines = sale["lines"]
        check(len(b["Item"]) == len(lines), "sale %d: its lines" % sid)
        for d, l in zip(b["Item"], lines):
            q = l["qty"] if l["unit"] == "each" else \
                "%d.%03d" % (l["qty"] // 1000, l["qty"] % 1000)
            check(d["Barcode"] == l["tag"] and d["Quantity"] == q,
                  "sale %d: the state has %r, we sold %r" % (sid, d, l))
    # The probes too: every sale the ledger has, once.
    missing = [i for i, x in ledger.items() if x["status"] != "void" and
               (i not in got or got[i]["Deleted"])]
    check(not missing, "every live sale at the state (seed %d): %r" %
          (SEED, missing[:5]))
    extra = [i for i in got if i not in ledger]
    check(not extra, "no record of a sale we do not have: %r" % extra[:5])
    nfaults = sum(1 for q in log if q["fault"])
    print("biotrack24 chaos: %d sales, %d voids, %d records, %d faults, "
          "%d exceptions retried, %d jobs left after 30 s of faults; "
          "sales %.0f s, drained %.0f s after" %
          (len(shop.sold), len(shop.voided), len(got), nfaults, len(exc),
           under, t_sales, time.time() - t0 - t_sales))


run(with_sim(run_all))
