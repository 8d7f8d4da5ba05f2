#!/usr/bin/env python3
# The compliance outbox under chaos: sales and voids from several
# terminals at once while the simulator fails about a third of requests with
# a changing mix of faults (503, 500, 429, reset, timeout after apply,
# malformed reply), stashd is killed (-9) and restarted twice and the
# simulator once (also -9: its journal keeps what it answered). At the end
# the state holds exactly one live receipt per unvoided sale, with the same
# packages, quantities and totals, none for a voided one, and the outbox
# is empty.
#
# CHAOS_SALES and CHAOS_VOIDS change the counts (default 1000 and 50).
import json
import os
import random
import select
import subprocess
import sys
import threading
import time
import urllib.request
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from chaosshop import sell_through_crashes, voided_in_ledger

SIM = os.path.join(BUILD, "stash-metrc-sim")
LIC = "402R-00042"
SALES = int(os.environ.get("CHAOS_SALES", "1000"))
VOIDS = int(os.environ.get("CHAOS_VOIDS", "50"))
TERMINALS = 4
FAULTS = [{"status": 503, "retry_after": 0},
          {"status": 500},
          {"status": 429, "retry_after": 1},
          {"reset": True},
          {"timeout_after_apply": True},
          {"malformed": True}]


def test(new_store):
    st = new_store()
    sim = Sim(os.path.join(st.dir, "sim.json"))
    box = {"sim": sim}
    try:
        run_all(st, box)
    finally:
        box["sim"].stop()


def run_all(st, box):
    report_to(st, box["sim"])
    st.start()
    stop = threading.Event()

    def chaos():
        rng = random.Random(99)
        i = 0
        while not stop.is_set():
            f = dict(FAULTS[i % len(FAULTS)])
            f["fail_rate"] = 0.33
            f["seed"] = rng.randrange(1, 10**6)
            try:
                box["sim"].faults(f)
            except OSError:
                pass
            i += 1
            stop.wait(1.5)

    def crash(k):
        # Crash points: a third of the way stashd (chaosshop's kill -9);
        # two thirds, the simulator instead, killed (-9) while stashd
        # sends: what it answered is in its journal, or stashd's receipts
        # would go missing there.
        if k != 1:
            return False
        old = box["sim"]
        old.proc.kill()
        old.proc.wait()
        old.proc.stdout.close()
        # The fault itself: the state is away for a while.
        time.sleep(0.5)
        box["sim"] = Sim(os.path.join(st.dir, "sim.json"), port=old.port,
                         seed=False)
        return True

    t0 = time.time()
    ct = threading.Thread(target=chaos)
    ct.start()
    try:
        # Each sale's ref kept across a crash: committed once, replayed.
        shop = sell_through_crashes(st, SALES, VOIDS, terminals=TERMINALS,
                                    kills=2, crash=crash)
    except BaseException:
        stop.set()
        ct.join()
        raise
    t_sales = time.time() - t0
    # One more kill -9 with the outbox full and the faults still on; then
    # the outbox drains under the faults.
    st.kill9()
    st.start()

    def status():
        return json.loads(st.ctl("--json", "compliance", "status"))

    def empty():
        s = status()
        return s["pending"] == 0 and s
    # Up to a minute under faults, then the rest without them.
    deadline = time.time() + 60
    try:
        while not empty() and time.time() < deadline:
            time.sleep(0.5)
    finally:
        stop.set()
        ct.join()
    under = status()["pending"]
    sim = box["sim"]
    log = sim.admin("GET", "/_sim/requests")
    if isinstance(log, dict):
        log = log["requests"]
    faulted = sum(1 for q in log if q.get("fault"))
    sim.faults({})
    s = wait_until("the outbox to drain", empty, 150)
    check(s["exceptions"] == 0, "no exceptions: %r" % s)

    # The state against the ledger (a void whose reply was lost in a crash
    # may still have committed).
    ledger = voided_in_ledger(st, shop)
    state = sim.admin("GET", "/_sim/state")
    live = {}
    for r in state["receipts"]:
        if r.get("License") != LIC:
            continue
        ref = r.get("ExternalReceiptNumber") or ""
        if not ref.startswith("stash-%s-" % LIC):
            continue
        sid = int(ref.rsplit("-", 1)[1])
        if r.get("Archived"):
            continue
        check(sid not in live, "sale %d has two live receipts" % sid)
        live[sid] = r
    for sid, sale in shop.sold.items():
        lg = ledger.get(sid)
        check(lg is not None, "sale %d is in the ledger" % sid)
        if sid in shop.voided:
            check(lg["status"] == "void", "sale %d is void" % sid)
            check(sid not in live, "voided sale %d has no live receipt"
                  % sid)
            continue
        r = live.get(sid)
        check(r is not None, "sale %d has a live receipt" % sid)
        lines = sale["lines"]
        check(len(r["Transactions"]) == len(lines),
              "sale %d: as many transactions as lines" % sid)
        for tx, l in zip(r["Transactions"], lines):
            q = l["qty"] * 1000 if l["unit"] == "each" else l["qty"]
            check(tx["PackageLabel"] == l["tag"] and tx["Quantity"] == q and
                  tx["TotalAmount"] == l["total"],
                  "sale %d: the state has %r, we sold %r" % (sid, tx, l))
    unvoided = [i for i in shop.sold if i not in shop.voided]
    check(all(i in live for i in unvoided), "every unvoided sale is there")
    extra = [i for i in live if i not in ledger or
             ledger[i]["status"] == "void"]
    check(not extra, "no receipt for a sale we do not have: %r" % extra[:5])
    # The exception report: what failed on the way, each now reported.
    days = sorted({time.strftime("%Y-%m-%d", time.gmtime(x["time"] / 1e6 +
                                                          dt))
                   for x in ledger.values() for dt in (-86400, 86400)})
    rep = json.loads(st.ctl("--json", "compliance", "exception-report",
                            "--from", days[0], "--to", days[-1]))
    late = [e for e in rep["events"] if e["kind"] == "receipt"]
    check(late, "the faults left receipts in the exception report")
    for e in late:
        check(e["state"] in ("done", "cancelled"), "settled: %r" % e)
        check(e["state"] == "cancelled" or e["reported"] is not None,
              "reported, with when: %r" % e)
        check(e["first_failed"] is None or e["why"], "why: %r" % e)
        check(not e["past_deadline"], "within the deadline: %r" % e)
    text = st.ctl("compliance", "exception-report", "--from", days[0],
                  "--to", days[-1])
    check("not reported live" in text, "the text report")
    st.ctl("compliance", "exception-report", "--from", days[-1], "--to",
           days[0], check_rc=False)
    check(st.last_rc != 0, "--to before --from is refused")
    print("chaos: %d sales, %d voids, %d live receipts, %d faults in the "
          "last simulator's log, %d jobs left after a minute of faults; "
          "sales %.0f s, drained %.0f s after" %
          (len(shop.sold), len(shop.voided), len(live), faulted, under,
           t_sales, time.time() - t0 - t_sales))


run(test)
