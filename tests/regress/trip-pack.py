#!/usr/bin/env python3
# Packing (doc/protocol.md, order.pick, .pack, .unpack, .seal): the pick
# list offers a line's sellable packages first-expiring first; a scan
# fills a line and a wrong package is refused with the reason (another
# product, held, already in the order, picked by another order, a weighed
# line without its weight); what an order packed is not for the counter;
# sealing records the packer and gives the bag label; a sealed pickup
# order waits in the door queue and its sale at the counter (sale.commit
# with "order") closes it and consumes its reservation in one go.
import os
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

BD1 = "1A4060300000000000001001"    # Blue Dream 3.5g: 24
BD3 = "1A4060300000000000001003"    # Blue Dream 3.5g: 2
OGK1 = "1A4060300000000000003001"   # OG Kush 3.5g: 30
OGK2 = "1A4060300000000000003002"   # OG Kush 3.5g: 18
GG1 = "1A4060300000000000002001"    # Gorilla Glue bulk: 1 lb
SD7 = "1A4060300000000000004001"    # Sour Diesel 7g
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}


def window():
    n = int(time.time() * 1000000)
    return {"start": n, "end": n + 24 * 3600 * 1000000}


def test(new_store):
    st = new_store()
    st.options = ["limits=no"]
    st.start()
    t = st.terminal("register-1", MANAGER)
    cust = t.call("customer.create", {
        "type": "adult", "first": "Pat", "last": "Packer",
        "dob": "1980-01-01", "residence": "CO",
        "id_doc": dict(IDOC, number="PK1"), "id_scanned": True})
    cust = cust["customer"]["id"]
    a = t.call("order.create", {
        "ref": "pk-a", "customer": cust, "channel": "pickup",
        "window": window(), "lines": [
            {"sku": "FL-OGK-35", "qty": 2}, {"sku": "FL-GG4-BULK",
                                            "qty": 3500},
            {"sku": "FL-BD-1", "qty": 2}]})["order"]
    b = t.call("order.create", {
        "ref": "pk-b", "customer": cust, "channel": "pickup",
        "window": window(), "lines": [{"sku": "FL-BD-1", "qty": 1}]})
    b = b["order"]

    # The pick list: each line's sellable packages, one marked first.
    t.call("hold.set", {"scope": "package", "key": OGK2,
                        "reason": "damaged seal"})
    pl = t.call("order.pick", {"id": a["id"]})
    ogk = pl["lines"][0]
    check(ogk["need"] == 2 and [p["tag"] for p in ogk["packages"]] ==
          [OGK1] and ogk["packages"][0]["first"] and
          ogk["packages"][0]["location"] == "floor",
          "the held package is not offered: %r" % ogk)
    check(len(pl["lines"][2]["packages"]) == 3, "three BD packages")

    # Wrong packages, each refused with its reason; nothing written.
    m = t.expect_error("bad-request", "order.pack",
                       {"id": a["id"], "tag": SD7})
    check("Sour Diesel" in m and "does not have" in m, "other product: " + m)
    m = t.expect_error("insufficient-stock", "order.pack",
                       {"id": a["id"], "tag": OGK2})
    check("on hold" in m and "damaged seal" in m, "held: " + m)
    m = t.expect_error("conflict", "order.pack", {"id": a["id"], "tag": GG1})
    check("weight from the scale" in m, "a weighed line needs its weight: "
          + m)
    check(t.call("order.get", {"id": a["id"]})["order"]["status"] == "new",
          "refusals write nothing")

    # Good scans fill the lines.
    o = t.call("order.pack", {"id": a["id"], "tag": OGK1})["order"]
    check(o["status"] == "packing" and o["picks"] == [
        {"tag": OGK1, "line": 1, "qty": 2, "weighed": None}], "%r" % o)
    m = t.expect_error("conflict", "order.pack", {"id": a["id"], "tag": OGK1})
    check("already in this order" in m, "twice: " + m)
    t.call("order.pack", {"id": a["id"], "tag": GG1, "weight": 3500,
                          "weight_source": "scale"})
    t.call("order.pack", {"id": a["id"], "tag": BD3})
    # Another order cannot take what this one packed.
    m = t.expect_error("conflict", "order.pack", {"id": b["id"], "tag": BD3})
    check("already picked for other orders" in m, "picked by A: " + m)
    # Nor can the counter.
    m = t.expect_error("insufficient-stock", "sale.commit", {
        "ref": "ctr-1", "lines": [{"tag": BD3, "qty": 1}],
        "tender": {"cash": 10000}})
    check("packed for orders" in m, "the counter: " + m)
    look = t.call("item.lookup", {"code": BD3})
    check(look["available"] == 0, "nothing of it available: %r" % look)
    # Unpack and pack again; the packing and dispatch screens hear of it.
    watch = st.terminal("register-2", MANAGER)
    o = t.call("order.unpack", {"id": a["id"], "tag": BD3})["order"]
    check(len(o["picks"]) == 2, "unpacked: %r" % o)
    ev = watch.wait_event("order")
    check(ev.get("id") == a["id"], "the unpack is pushed: %r" % ev)
    t.expect_error("conflict", "order.seal", {"id": a["id"]})
    t.call("order.pack", {"id": a["id"], "tag": BD3})

    # Sealed: the packer and the label; the pickup waits at the door.
    s = t.call("order.seal", {"id": a["id"]})
    lab = s["label"]
    check(s["order"]["status"] == "packed" and
          s["order"]["packer"] == MANAGER and lab["order"] == a["id"] and
          lab["name"] == "Pat P." and lab["lines"] == 3 and
          lab["sealed"] > 0 and all(len(x) <= 32 for x in lab["text"]) and
          lab["text"][0] == "ORDER %d" % a["id"], "label: %r" % s)
    q = t.call("queue.list")["waiting"]
    check(any(e["order"] == a["id"] and e["customer"] == cust and
              e["status"] == "waiting" for e in q), "in the queue: %r" % q)

    # The sale at the counter must sell exactly the bag...
    lines = [{"tag": OGK1, "qty": 2}, {"tag": GG1, "qty": 3500},
             {"tag": BD3, "qty": 2}]
    m = t.expect_error("bad-request", "sale.commit", {
        "ref": "pu-0", "customer": cust, "order": a["id"],
        "lines": lines[:2], "tender": {"cash": 100000}})
    check("packed with" in m, "short sale refused: " + m)
    bd_before = t.call("item.lookup", {"code": BD1})
    sale = t.call("sale.commit", {
        "ref": "pu-1", "customer": cust, "order": a["id"], "lines": lines,
        "tender": {"cash": 100000}})
    got = t.call("order.get", {"id": a["id"]})["order"]
    check(got["status"] == "delivered" and got["sale"] == sale["sale"]["id"]
          and got["collected"] > 0, "closed by the sale: %r" % got)
    bd = t.call("item.lookup", {"code": BD1})
    # Only order B's 1 is still reserved of Blue Dream.
    check(bd["available"] == bd["qty"] and
          st.stock()[BD3]["qty"] == 0 and
          bd_before["available"] == bd_before["qty"],
          "reservation consumed: %r %r" % (bd_before, bd))
    t.expect_error("bad-request", "sale.commit", {
        "ref": "pu-2", "customer": cust, "order": a["id"], "lines": lines,
        "tender": {"cash": 100000}})
    check("whole" in st.ctl("audit", "verify"), "audit whole")


run(test)
