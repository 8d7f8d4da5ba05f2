# Sales under crashes, for the per-adapter chaos tests
# (compliance-biotrack-chaos.py, compliance-ccrs-chaos.py): what the demo
# store can sell without tripping lab gates or limits, several terminals
# selling it at once (each sale's ref kept across a crash, so it commits
# once), a few voids, and stashd killed (-9) and started again at given
# points while they sell (or, at a point the test chooses, another fault:
# compliance-chaos.py kills its Metrc simulator there instead).
import json
import random
import threading
import time
from stashproto import MANAGER, PINS, ProtoError, check, wait_until


def stock_to_sell(st, need):
    """{tag: (qty left to sell, sold by the unit)}: one probe sale each,
    a margin kept on weighed lots."""
    t = st.terminal("register-1", MANAGER)
    stock = {}
    for i, p in enumerate(st.stock().values()):
        each = p["unit"] == "each"
        n = 1 if each else 1000
        try:
            t.call("sale.commit", {"ref": "probe:%d" % i,
                                   "lines": [{"tag": p["tag"], "qty": n}],
                                   "tender": {"cash": 10**7}})
        except ProtoError:
            continue
        stock[p["tag"]] = (p["qty"] - n - (0 if each else 1000), each)
    t.close()
    room = sum(q if e else q // 1000 for q, e in stock.values())
    check(room >= need, "the demo store can take %d sales (room %d)" %
          (need, room))
    return stock


class Shop:
    """What the terminals sold, shared between the threads."""

    def __init__(self, stock):
        self.lock = threading.Lock()
        self.left = dict(stock)
        self.sold = {}			# sale id -> sale (as committed)
        self.voided = set()
        self.errors = []
        self.next_ref = 0

    def pick(self, rng):
        with self.lock:
            tags = [t for t, (q, each) in self.left.items()
                    if q >= (1 if each else 1000)]
            if not tags:
                return None
            tag = rng.choice(tags)
            q, each = self.left[tag]
            n = 1 if each else 1000
            self.left[tag] = (q - n, each)
            self.next_ref += 1
            return tag, n, "chaos:%d" % self.next_ref


def sell_through_crashes(st, sales, voids, terminals=4, kills=2,
                         between=None, crash=None):
    """sales sales (voids of them voided) from terminals registers while
    stashd is killed kills times, evenly spaced; between(k), if given, runs
    while stashd is down the k-th time. crash(k), if given, runs at the
    k-th point first: when it returns True it was the fault there, and
    stashd stays up. The Shop; every sale was committed (checked)."""
    shop = Shop(stock_to_sell(st, sales))
    down = threading.Event()
    quit = threading.Event()	# the test failed: stop selling

    def register(k):
        rng = random.Random(k)
        name = "register-%d" % (k + 1)
        term = None
        per = sales // terminals + (1 if k < sales % terminals else 0)
        done = 0
        pending = None
        while done < per and not quit.is_set():
            try:
                if term is None:
                    while down.is_set() and not quit.is_set():
                        time.sleep(0.1)
                    term = st.terminal(name, MANAGER)
                if pending is None:
                    pending = shop.pick(rng)
                    if pending is None:
                        break
                tag, n, ref = pending
                r = term.call("sale.commit", {"ref": ref, "lines":
                                              [{"tag": tag, "qty": n}],
                                              "tender": {"cash": 10**7}})
                with shop.lock:
                    shop.sold[r["sale"]["id"]] = r["sale"]
                pending = None
                done += 1
                if rng.random() < voids / max(sales, 1) * 1.3:
                    with shop.lock:
                        ok = len(shop.voided) < voids
                    if ok:
                        sid = r["sale"]["id"]
                        term.call("sale.void", {
                            "id": sid, "reason": "chaos",
                            "approver": {"staff": MANAGER,
                                         "pin": PINS[MANAGER]}})
                        with shop.lock:
                            shop.voided.add(sid)
            except (EOFError, OSError, ConnectionError):
                if term is not None:
                    term.close()
                term = None
                time.sleep(0.2)
            except ProtoError as e:
                if e.code in ("conflict", "not-found") and "void" in \
                        str(e).lower():
                    continue
                with shop.lock:
                    shop.errors.append("%s: %s" % (name, e))
                pending = None
        if term is not None:
            term.close()

    threads = [threading.Thread(target=register, args=(k,))
               for k in range(terminals)]
    for th in threads:
        th.start()
    try:
        for k in range(kills):
            target = sales * (k + 1) // (kills + 1)
            wait_until("sales to reach %d" % target,
                       lambda: len(shop.sold) >= target or
                       not any(th.is_alive() for th in threads), 300)
            if crash is not None and crash(k):
                continue
            down.set()
            st.kill9()
            if between is not None:
                between(k)
            time.sleep(0.3)     # the fault itself: stashd away a while
            st.start()
            down.clear()
    except BaseException:
        quit.set()
        raise
    finally:
        down.clear()
        for th in threads:
            th.join(300)
    check(not shop.errors, "sales refused: %s" % shop.errors[:5])
    check(len(shop.sold) == sales, "%d sales made of %d" %
          (len(shop.sold), sales))
    return shop


def voided_in_ledger(st, shop):
    """The sales void in the ledger (a void whose answer a crash lost may
    have committed): shop.voided made so, and the ledger by id."""
    ledger = {x["id"]: x for x in st.sales()}
    shop.voided = {i for i in shop.sold if i in ledger and
                   ledger[i]["status"] == "void"}
    return ledger


def drain_and_retry(st, faults_off, refusal, grace):
    """stashd killed once more with the outbox full and the faults still
    on; after grace seconds of them, faults_off(), the outbox drained to
    its exceptions (the refusals: each message holds refusal), a person
    retrying them (stashctl compliance retry --all) and all reported.
    (jobs left when the faults went off, the exceptions retried)"""
    st.kill9()
    st.start()

    def settled():
        s = json.loads(st.ctl("--json", "compliance", "status"))
        return s["pending"] == 0 and s
    deadline = time.time() + grace
    while not settled() and time.time() < deadline:
        time.sleep(0.5)
    under = json.loads(st.ctl("--json", "compliance", "status"))["pending"]
    faults_off()
    s = wait_until("the outbox to drain or stop at exceptions", settled,
                   300)
    exc = json.loads(st.ctl("--json", "compliance", "exceptions"))
    if isinstance(exc, dict):
        exc = exc["exceptions"]
    check(len(exc) == s["exceptions"] and exc, "the refusals are "
          "exceptions: %r" % s)
    check(all(refusal in e["message"] for e in exc),
          "each says what the state said: %r" % exc[:3])
    st.ctl("compliance", "retry", "--all")
    wait_until("the retried jobs reported", lambda: settled() and
               settled()["exceptions"] == 0, 300)
    return under, exc
