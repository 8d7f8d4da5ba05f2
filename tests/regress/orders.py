#!/usr/bin/env python3
# Orders for delivery and pickup (doc/protocol.md, order.*): an order
# reserves stock by product at once and the register cannot sell it, not
# even under 16 terminals selling at the same time; cancelling or expiry
# releases it; creation is idempotent by ref; the customer's other open
# orders count against their purchase limits; stashctl order create
# --json takes the same document, refuses bad input with a clear message
# and writes nothing; the audit chain stays whole.
import json
import os
import sys
import threading
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

WW1 = "1A4060300000000000007001"    # White Widow 1g: 60, its only package
SD7 = "1A4060300000000000004001"    # Sour Diesel 7g: 12, its only package
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}
ZONES = ["store-location=39739200,-104990300",
         "delivery-zones=5000:500,12000:900"]
ADDR = {"street": "1 Main St", "city": "Denver", "state": "CO",
        "zip": "80202", "lat": 39750000, "lon": -104999000}   # 1.4 km
FAR = dict(ADDR, lat=40015000, lon=-105270500)                 # Boulder


def now_us():
    return int(time.time() * 1000000)


def window(hours=24):
    n = now_us()
    return {"start": n, "end": n + hours * 3600 * 1000000}


def customer(t, n):
    return t.call("customer.create", {"type": "adult", "first": "Ord",
                  "last": "Er%d" % n, "dob": "1980-01-01",
                  "residence": "CO", "id_doc": dict(IDOC, number="OR%d" % n),
                  "id_scanned": True})["customer"]["id"]


def order(ref, cust, sku, qty, **kw):
    d = {"ref": ref, "customer": cust, "channel": "delivery",
         "address": ADDR, "window": window(), "lines": [{"sku": sku,
                                                         "qty": qty}]}
    d.update(kw)
    return d


def sale(ref, tag, qty):
    return {"ref": ref, "lines": [{"tag": tag, "qty": qty}],
            "tender": {"cash": 10**7}}


def audit_count(st):
    return len(st.ctl("audit", "list", "--limit", "100000").splitlines())


def test_rules(new_store):
    """With the CO rule file: limits, idempotency, zones, stashctl."""
    st = new_store()
    conf = os.path.join(st.dir, "stash.conf")
    with open(conf, "w") as f:
        f.write("\n".join(o.replace("=", " ", 1) for o in ZONES) + "\n")
    st.options = list(ZONES)
    st.start()
    t = st.terminal("register-1", BUDTENDER)
    ann = customer(t, 1)

    # Placed: priced, taxed and charged the first zone's fee.
    o1 = t.call("order.create", order("lim-1", ann, "FL-SD-7", 3))
    o = o1["order"]
    check(o["status"] == "new" and o["zone"] == 1 and o["fee"] == 500 and
          o["subtotal"] == 3 * 6500 and o["tax"] > 0 and
          o["total"] == o["subtotal"] + o["tax"] + 500 and
          not o1["replayed"], "order placed and priced: %r" % o)
    check(o["history"][0]["status"] == "new" and
          o["history"][0]["staff"] == BUDTENDER, "history: %r" % o)

    # The same ref again: the same order, nothing new; other contents:
    # a conflict.
    naudit = audit_count(st)
    again = t.call("order.create", order("lim-1", ann, "FL-SD-7", 3,
                   window=o["window"]))
    check(again["replayed"] and again["order"]["id"] == o["id"],
          "idempotent: %r" % again)
    m = t.expect_error("conflict", "order.create",
                       order("lim-1", ann, "FL-SD-7", 4,
                             window=o["window"]))
    check("lim-1" in m, "conflict names the ref: %s" % m)
    check(audit_count(st) == naudit, "a replay writes nothing")
    n = t.call("order.list", {"status": "new"})["orders"]
    check([x["id"] for x in n] == [o["id"]], "one order: %r" % n)

    # 2 x 7 g more would fit the ounce alone, but not with the 21 g the
    # open order holds: refused, naming the pool and the open order.
    m = t.expect_error("limit", "order.create",
                       order("lim-2", ann, "FL-SD-7", 2))
    check("co_adult_day" in m and "open order" in m,
          "refusal names the pool and the open order: %s" % m)
    # Without the open order it goes through.
    c = t.call("order.cancel", {"id": o["id"], "reason": "changed mind"})
    check(c["order"]["status"] == "cancelled" and
          c["order"]["history"][-1]["reason"] == "changed mind",
          "cancelled: %r" % c)
    o2 = t.call("order.create", order("lim-2", ann, "FL-SD-7", 2))["order"]
    check(o2["status"] == "new", "accepted without the other: %r" % o2)
    t.expect_error("conflict", "order.cancel", {"id": o["id"],
                   "reason": "twice"})

    # Outside every zone: refused, saying how far.
    m = t.expect_error("zone", "order.create",
                       order("far-1", ann, "FL-WW-1", 1, address=FAR))
    check("km" in m, "says how far: %s" % m)
    # A pickup needs no address and pays no fee.
    p = t.call("order.create", {"ref": "pick-1", "customer": ann,
               "channel": "pickup", "window": window(),
               "lines": [{"sku": "FL-WW-1", "qty": 1}]})["order"]
    check(p["fee"] == 0 and "address" not in p, "pickup: %r" % p)

    # stashctl order create --json: bad input is refused clearly and
    # writes nothing.
    naudit = audit_count(st)
    norders = len(json.loads(st.ctl("--json", "order", "list")))
    bad = [
        ("{not json", "not JSON"),
        (json.dumps(order("ctl-1", ann, "FL-WW-1", 0)), "qty"),
        (json.dumps(order("ctl-1", ann, "FL-WW-1", 1, colour="red")),
         "colour"),
        (json.dumps(order("ctl-1", ann, "FL-WW-1", 1,
                          address=dict(ADDR, zip="8020"))), "zip"),
        (json.dumps(order("ctl-1", ann, "NO-SUCH", 1)), "NO-SUCH"),
        (json.dumps(order("ctl-1", 9999, "FL-WW-1", 1)), "customer 9999"),
        (json.dumps(order("ctl-1", ann, "FL-WW-1", 1,
                          window={"start": 5, "end": 4})), "window"),
    ]
    for text, want in bad:
        st.ctl("order", "create", "--json", "--config", conf, input=text,
               check_rc=False)
        check(st.last_rc != 0 and want in st.last_err,
              "stashctl refuses %r clearly: rc %d, %s" %
              (text[:40], st.last_rc, st.last_err))
    check(audit_count(st) == naudit and
          len(json.loads(st.ctl("--json", "order", "list"))) == norders,
          "refused orders wrote nothing")
    # A good one, through the same domain code: placed, and audited.
    out = json.loads(st.ctl("--json", "order", "create", "--json",
                            "--config", conf, input=json.dumps(
                                order("ctl-1", ann, "FL-WW-1", 2))))
    check(out["order"]["fee"] == 500 and out["order"]["terminal"] ==
          "stashctl", "stashctl placed it: %r" % out)
    shown = st.ctl("order", "show", str(out["order"]["id"]))
    check("White Widow" in shown and "new" in shown, "show: %s" % shown)
    check("whole" in st.ctl("audit", "verify"), "audit whole")


def test_stock(new_store):
    """No limits: reservations against the register, under load."""
    st = new_store()
    st.options = ZONES + ["limits=no", "order-expiry=1"]
    st.start()
    t = st.terminal("register-1", BUDTENDER)
    ann = customer(t, 2)
    sd = t.call("item.lookup", {"code": SD7})
    check(sd["qty"] == 12 and sd["available"] == 12, "before: %r" % sd)

    # Reserve 10 of the 12: two are left for the counter.
    o = t.call("order.create", order("res-1", ann, "FL-SD-7", 10))["order"]
    ev = t.wait_event("stock")
    while ev.get("tag") != SD7:
        ev = t.wait_event("stock")
    check(ev["qty"] == 12 and ev["available"] == 2, "pushed: %r" % ev)
    sd = t.call("item.lookup", {"code": SD7})
    check(sd["qty"] == 12 and sd["available"] == 2, "lookup: %r" % sd)
    m = t.expect_error("insufficient-stock", "sale.commit",
                       sale("s-1", SD7, 3))
    check("reserved" in m and "Sour Diesel" in m,
          "the refusal names the reservation: %s" % m)
    t.call("sale.commit", sale("s-2", SD7, 2))
    t.expect_error("insufficient-stock", "sale.commit", sale("s-3", SD7, 1))
    # A second order cannot take what is reserved either.
    t.expect_error("insufficient-stock", "order.create",
                   order("res-2", ann, "FL-SD-7", 1))
    # Cancelling releases it.
    t.call("order.cancel", {"id": o["id"], "reason": "customer called"})
    sd = t.call("item.lookup", {"code": SD7})
    check(sd["qty"] == 10 and sd["available"] == 10, "released: %r" % sd)
    t.call("sale.commit", sale("s-4", SD7, 1))

    # Expiry releases: a window that ends now, order-expiry 1 s.
    n = now_us()
    ex = t.call("order.create", order("exp-1", ann, "FL-SD-7", 9,
                window={"start": n, "end": n + 2000000}))["order"]
    check(t.call("item.lookup", {"code": SD7})["available"] == 0,
          "reserved until it expires")
    wait_until("order expired", lambda: t.call("order.get", {
        "id": ex["id"]})["order"]["status"] == "expired")
    got = t.call("order.get", {"id": ex["id"]})["order"]
    check(got["history"][-1]["terminal"] == "stashd", "by stashd: %r" % got)
    check(t.call("item.lookup", {"code": SD7})["available"] == 9,
          "expiry released the stock")
    check("order.expire" in st.ctl("audit", "list", "--limit", "5"),
          "the expiry is audited")

    # 16 registers sell White Widow one at a time while orders reserve
    # and cancel it: never oversold, and at the end what is on hand is
    # exactly what the open orders hold.
    start = t.call("item.lookup", {"code": WW1})["qty"]
    sold = [0] * 16
    errors = []
    done = threading.Event()

    # Logged in one after another (PIN checks are bounded per staff).
    regs = [st.terminal("reg-%d" % i, BUDTENDER) for i in range(16)]

    def seller(i):
        try:
            r = regs[i]
            k = 0
            while True:
                k += 1
                try:
                    r.call("sale.commit", sale("t%d-%d" % (i, k), WW1, 1))
                    sold[i] += 1
                except ProtoError as e:
                    if e.code != "insufficient-stock":
                        raise
                    if done.is_set():
                        break
                    time.sleep(0.05)
            r.close()
        except Exception as e:      # reported by the main thread
            errors.append("seller %d: %r" % (i, e))

    # Two orders held throughout, then the rest placed and cancelled
    # while the registers sell.
    kept = [t.call("order.create", order("ww-k%d" % k, ann, "FL-WW-1",
            3))["order"]["id"] for k in range(2)]
    threads = [threading.Thread(target=seller, args=(i,)) for i in
               range(16)]
    for th in threads:
        th.start()
    placed = []
    try:
        for k in range(12):
            try:
                placed.append(t.call("order.create", order(
                    "ww-%d" % k, ann, "FL-WW-1", 3))["order"]["id"])
            except ProtoError as e:
                check(e.code == "insufficient-stock",
                      "order refused only for stock: %s" % e)
            if k % 3 == 2 and placed:
                t.call("order.cancel", {"id": placed.pop(0),
                                        "reason": "test"})
    finally:
        done.set()
        for th in threads:
            th.join(timeout=300)
    check(not errors, "sellers: %r" % errors)
    reserved = 0
    for oid in kept + placed:
        got = t.call("order.get", {"id": oid})["order"]
        check(got["status"] == "new", "still open: %r" % got)
        reserved += got["lines"][0]["qty"]
    ww = t.call("item.lookup", {"code": WW1})
    check(ww["qty"] == start - sum(sold),
          "on hand is what was not sold: %r, sold %d" % (ww, sum(sold)))
    check(ww["qty"] == reserved and ww["available"] == 0 and reserved >= 6,
          "never oversold: on hand %d, reserved by open orders %d" %
          (ww["qty"], reserved))
    check(st.stock()[WW1]["qty"] == reserved, "the ledger agrees")
    check("whole" in st.ctl("audit", "verify"), "audit whole")


def test(new_store):
    test_rules(new_store)
    test_stock(new_store)


run(test)
