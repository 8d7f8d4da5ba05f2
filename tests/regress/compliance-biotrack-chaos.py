#!/usr/bin/env python3
# The BioTrack legacy adapter under chaos, as compliance-chaos.py is for
# Metrc: sales and voids from four terminals while stash-biotrack-sim
# faults three requests in ten with a mix of 500s (nothing applied),
# answers lost after applying (504), timeouts after applying (no answer
# until after stashd gave up), expired sessions and code-602 refusals,
# and stashd is killed (-9) twice while they sell and once with the
# outbox full. A 602 is a refusal a person sees as an exception and
# retries (stashctl compliance retry --all). At the end BioTrack holds
# exactly one dispense per sale, none for a sale voided before it was
# sent, every other voided one voided there, each with the lines we sold,
# and the outbox is empty.
#
# CHAOS_SALES and CHAOS_VOIDS change the counts (default 1000 and 50).
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
KINDS = ["500", "lose", "timeout", "expire", "602"]
# The simulator's log marks each fault so: kind -> its "fault" there.
MARKS = {"500": 500, "lose": 504, "timeout": 599, "expire": 63,
         "602": 602}


def run_all(st, sim):
    st.options = ["state-system=biotrack", "biotrack-url=" + sim.url,
                  "biotrack-secrets=" + sim.secrets(st.dir),
                  "biotrack-interval=1", "biotrack-timeout=1"]
    st.start()
    sim.faults({"rate": 300, "seed": 16, "kinds": KINDS, "hold_ms": 2500})
    t0 = time.time()
    shop = sell_through_crashes(st, SALES, VOIDS)
    t_sales = time.time() - t0
    # Once more with the outbox full and the faults still on; the 602s
    # are exceptions with BioTrack's words, retried by a person.
    under, exc = drain_and_retry(st, lambda: sim.faults({}), "602", 60)

    log = sim.requests()
    for k in KINDS:
        check(any(q["fault"] == MARKS[k] for q in log),
              "the run had %s faults" % k)

    # BioTrack against the ledger.
    ledger = voided_in_ledger(st, shop)
    got = {}
    for tid, sale in sim.state()["sales"].items():
        m = re.match(r"^stash-.+-(\d+)-(\d+)$", sale["nonce"] or "")
        check(m, "a dispense of ours: %r" % sale)
        sid = int(m.group(1))
        check(sid not in got, "sale %d dispensed twice (%s and %s)" %
              (sid, got.get(sid, {}).get("transactionid"), tid))
        got[sid] = sale
    for sid, sale in shop.sold.items():
        check(sid in ledger, "sale %d is in the ledger" % sid)
        b = got.get(sid)
        if sid in shop.voided:
            check(b is None or b["voided"], "voided sale %d is not live at "
                  "BioTrack" % sid)
            continue
        check(b is not None and not b["voided"], "sale %d is at BioTrack, "
              "live" % sid)
        lines = sale["lines"]
        check(len(b["data"]) == len(lines), "sale %d: its lines" % sid)
        for d, l in zip(b["data"], lines):
            q = l["qty"] if l["unit"] == "each" else \
                "%d.%03d000" % (l["qty"] // 1000, l["qty"] % 1000)
            check(d["barcodeid"] == l["tag"] and d["quantity"] == q,
                  "sale %d: BioTrack has %r, we sold %r" % (sid, d, l))
    # The probes too: every sale the ledger has, once.
    missing = [i for i, x in ledger.items() if x["status"] != "void" and
               (i not in got or got[i]["voided"])]
    check(not missing, "every live sale at BioTrack: %r" % missing[:5])
    extra = [i for i in got if i not in ledger]
    check(not extra, "no dispense of a sale we do not have: %r" % extra[:5])
    faults = sum(1 for q in log if q["fault"])
    print("biotrack chaos: %d sales, %d voids, %d dispenses, %d faults, "
          "%d exceptions retried, %d jobs left after a minute of faults; "
          "sales %.0f s, drained %.0f s after" %
          (len(shop.sold), len(shop.voided), len(got), faults, len(exc),
           under, t_sales, time.time() - t0 - t_sales))


run(with_sim(run_all))
