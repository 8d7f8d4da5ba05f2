#!/usr/bin/env python3
# SIGTERM under load from several terminals: stashd finishes what it had
# started, answers it, and exits 0. Every sale in the ledger afterwards was
# acknowledged to its terminal (nothing committed behind a terminal's back)
# and every acknowledged sale is there.
import sys, os, threading, time, random, signal
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def test(new_store):
    st = new_store().start()
    each = [t for t, p in st.stock().items() if p["qty"] >= 40]
    probe = st.terminal("register-1", BUDTENDER)
    unit = {t: (1 if probe.call("item.lookup", {"code": t})["product"]["unit"]
                == "each" else 1000) for t in each}
    probe.close()
    terms = [st.terminal("register-%d" % (i + 1), BUDTENDER)
             for i in range(6)]
    acked = {}
    lock = threading.Lock()

    def load(i, t):
        rnd = random.Random(i)
        n = 0
        while True:
            n += 1
            tag = rnd.choice(each)
            try:
                r = t.call("sale.commit", {"ref": "term:%d:%d" % (i, n),
                           "lines": [{"tag": tag, "qty": unit[tag]}],
                           "tender": {"cash": 10**7}})
            except ProtoError:
                continue
            except (EOFError, OSError):
                return
            with lock:
                acked[r["sale"]["id"]] = r["sale"]

    threads = [threading.Thread(target=load, args=(i, t))
               for i, t in enumerate(terms)]
    for th in threads:
        th.start()
    wait_until("sales acknowledged under load",
               lambda: len(acked) > 20, timeout=120)
    st.proc.send_signal(signal.SIGTERM)
    rc = st.proc.wait(timeout=20)
    st.proc = None
    for th in threads:
        th.join()
    check(rc == 0, "stashd exit status %d after SIGTERM" % rc)
    check(len(acked) > 10, "load ran (%d sales)" % len(acked))
    ledger = {s["id"]: s for s in st.sales()}
    check(set(ledger) == set(acked),
          "ledger %d sales, acknowledged %d: unacknowledged %s, lost %s" %
          (len(ledger), len(acked), sorted(set(ledger) - set(acked))[:5],
           sorted(set(acked) - set(ledger))[:5]))
    check("whole" in st.ctl("audit", "verify"), "audit whole")
    with open(os.path.join(st.dir, "stashd.log")) as f:
        log = f.read()
    check("stashd stopped" in log, "clean stop logged")


run(test)
