#!/usr/bin/env python3
# A pickup order charges the price of when it was ordered (doc/protocol.md,
# "order.create"): the customer was quoted it. The price goes up after
# the order is placed; the order's sale at the counter (sale.commit with
# "order") sells its line at the price the order holds and comes to the
# order's total, while a counter sale of the same product without an
# order pays the new price.
import os
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

WW1 = "1A4060300000000000007001"    # White Widow 1g: 60
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}


def test(new_store):
    st = new_store()
    st.start()
    t = st.terminal("register-1", MANAGER)
    cust = t.call("customer.create", {
        "type": "adult", "first": "Pick", "last": "Up", "dob": "1980-01-01",
        "residence": "CO", "id_doc": dict(IDOC, number="PU1"),
        "id_scanned": True})["customer"]["id"]
    now = int(time.time() * 1000000)
    o = t.call("order.create", {
        "ref": "pu-1", "customer": cust, "channel": "pickup",
        "window": {"start": now, "end": now + 24 * 3600 * 1000000},
        "lines": [{"sku": "FL-WW-1", "qty": 2}]})["order"]
    old = o["lines"][0]["price"]
    check(old > 0 and o["subtotal"] == 2 * old, "the quote: %r" % o)

    new = old + 250
    t.call("product.update", {"product": "FL-WW-1", "price": new})
    check(t.call("order.get", {"id": o["id"]})["order"]["lines"][0]
          ["price"] == old, "the order keeps its price")

    t.call("order.pack", {"id": o["id"], "tag": WW1})
    t.call("order.seal", {"id": o["id"]})
    sale = t.call("sale.commit", {
        "ref": "pu-s1", "customer": cust, "order": o["id"],
        "lines": [{"tag": WW1, "qty": 2}],
        "tender": {"cash": o["total"]}})["sale"]
    line = sale["lines"][0]
    check(line["price"] == old and line["total"] == 2 * old,
          "sold at the quoted price %d: %r" % (old, line))
    check(sale["subtotal"] == o["subtotal"] and
          sale["total"] == o["total"],
          "the order's total %d: %r" % (o["total"], sale))

    # Without an order, today's price.
    s2 = t.call("sale.commit", {"ref": "pu-s2", "lines": [
        {"tag": WW1, "qty": 1}], "tender": {"cash": 10**6}})["sale"]
    check(s2["lines"][0]["price"] == new, "a counter sale: %r" % s2)

run(test)
