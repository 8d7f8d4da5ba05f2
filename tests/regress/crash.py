#!/usr/bin/env python3
# kill -9 of stashd in the middle of a sale load from several terminals,
# then restart: every acknowledged sale is there, every package's stock is
# what was received less what the ledger says was sold, the audit chain is
# whole, and retrying the requests that were in flight sells each at most
# once.
import sys, os, threading, time, random
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

TERMINALS = 8


def test(new_store):
    st = new_store().start()
    before = st.stock()
    each = [t for t, p in before.items() if p["qty"] >= 50]
    check(len(each) >= 4, "demo has packages to sell")
    units = {}
    probe = st.terminal("register-1", BUDTENDER)
    for tag in each:
        u = probe.call("item.lookup", {"code": tag})["product"]["unit"]
        units[tag] = 1 if u == "each" else 1000
    probe.close()

    terms = [st.terminal("register-%d" % (i + 1), BUDTENDER)
             for i in range(TERMINALS)]
    acked = {}          # ref -> sale
    inflight = {}       # ref -> request args (sent, not answered)
    lock = threading.Lock()
    stop = threading.Event()

    def load(i, t):
        rnd = random.Random(i)
        n = 0
        while not stop.is_set():
            n += 1
            ref = "crash:%d:%d" % (i, n)
            tags = rnd.sample(each, 2)
            args = {"ref": ref, "lines": [{"tag": g, "qty": units[g]}
                                          for g in tags],
                    "tender": {"cash": 10**7}}
            with lock:
                inflight[ref] = args
            try:
                r = t.call("sale.commit", args)
            except ProtoError:
                with lock:
                    del inflight[ref]
                continue
            except (EOFError, OSError):
                return
            with lock:
                del inflight[ref]
                acked[ref] = r["sale"]

    threads = [threading.Thread(target=load, args=(i, t))
               for i, t in enumerate(terms)]
    for th in threads:
        th.start()
    # Kill once the load is well under way (not after a fixed time: a
    # loaded machine may take longer to get going).
    wait_until("sales acknowledged under load",
               lambda: len(acked) > 40, timeout=120)
    st.kill9()
    stop.set()
    for th in threads:
        th.join()
    check(len(acked) > 20, "load ran (%d sales acknowledged)" % len(acked))

    st.start()
    sales = {s["id"]: s for s in st.sales()}
    for ref, s in acked.items():
        got = sales.get(s["id"])
        check(got is not None, "acknowledged sale %d lost" % s["id"])
        check([(l["tag"], l["qty"]) for l in got["lines"]] ==
              [(l["tag"], l["qty"]) for l in s["lines"]],
              "sale %d changed" % s["id"])

    def check_stock():
        sold = {}
        for s in st.sales():
            if s["status"] != "complete":
                continue
            for l in s["lines"]:
                sold[l["tag"]] = sold.get(l["tag"], 0) + l["qty"]
        now = st.stock()
        for tag, p in now.items():
            check(p["qty"] == p["received_qty"] - sold.get(tag, 0),
                  "package %s: %d on hand, received %d, sold %d" %
                  (tag, p["qty"], p["received_qty"], sold.get(tag, 0)))

    check_stock()
    out = st.ctl("audit", "verify")
    check("whole" in out, "audit after crash: %s" % out)

    # Retry what was in flight: at most one sale per ref.
    t = st.terminal("register-1", BUDTENDER)
    n_before = len(st.sales())
    fresh = 0
    for ref, args in inflight.items():
        try:
            r = t.call("sale.commit", args)
        except ProtoError:
            continue
        if not r["replayed"]:
            fresh += 1
        r2 = t.call("sale.commit", args)
        check(r2["replayed"] and r2["sale"]["id"] == r["sale"]["id"],
              "second retry of %s is a replay" % ref)
    check(len(st.sales()) == n_before + fresh, "retries sold exactly once")
    check_stock()
    check("whole" in st.ctl("audit", "verify"), "audit after retries")
    print("acknowledged %d, in flight at the kill %d, committed on retry %d"
          % (len(acked), len(inflight), fresh))
    st.stop()


run(test)
