#!/usr/bin/env python3
# An order's delivery fee is charged at the door (doc/protocol.md,
# "trip.deliver"): the sale trip.deliver commits carries the fee of the
# order's zone on a line of its own ("fee"), its total is what the order
# quoted, and the trip's collected cash counts it. California's rule file
# says nothing of taxing the fee: untaxed. With delivery-fee-taxed yes it
# bears the state sales tax (7.25%, not the 15% excise, which falls on the
# goods), in the sales tax's own line, and the order quotes the same.
import json
import os
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

BD3 = "1A4060300000000000001003"    # Blue Dream 3.5g: 2
SD7 = "1A4060300000000000004001"    # Sour Diesel 7g
PLATE = "7ABC123"
FEE = 500                           # the first zone's, cents
OPTS = ["store-location=34052200,-118243700",
        "delivery-zones=5000:%d,12000:900" % FEE]


def test(new_store):
    st = new_store(demo=False)
    ca_delivery_store(st, "C10-0000001-LIC", PLATE)
    st.options = list(OPTS)
    st.start()
    t = st.terminal("register-1", MANAGER)
    noon = la_noon_tomorrow()
    now = int(time.time() * 1000000)
    cust = t.call("customer.create", {
        "type": "adult", "first": "Fee", "last": "Payer",
        "dob": "1980-01-01", "residence": "CA",
        "id_doc": {"type": "dl", "state": "CA", "number": "NFEE",
                   "expires": "2031-01-01"},
        "id_scanned": True})["customer"]["id"]

    def deliver(t, ref, sku, tag):
        o = t.call("order.create", {
            "ref": ref, "customer": cust, "channel": "delivery",
            "window": {"start": now, "end": noon + 6 * 3600 * 1000000},
            "lines": [{"sku": sku, "qty": 1}],
            "address": {"street": "1 Main St", "city": "Los Angeles",
                        "state": "CA", "zip": "90012", "lat": 34050000,
                        "lon": -118260000}})["order"]
        check(o["fee"] == FEE, "the zone's fee on the order: %r" % o)
        t.call("order.pack", {"id": o["id"], "tag": tag})
        t.call("order.seal", {"id": o["id"]})
        tid = t.call("trip.create", {"driver": DRIVER, "vehicle": PLATE,
                                     "orders": [o["id"]],
                                     "depart_at": noon})["trip"]["id"]
        t.call("trip.load", {"id": tid})
        t.call("trip.depart", {"id": tid, "ledger": "CA-L-" + ref})
        sale = t.call("trip.deliver", {"id": tid, "order": o["id"],
                                       "ref": "s-" + ref, "tender":
                                       {"cash": o["total"]}})["sale"]
        trip = t.call("trip.get", {"id": tid})["trip"]
        return o, sale, trip

    def taxes(x):
        return sum(v["amount"] for v in x.get("taxes", []))

    # No word in the rule file: the fee is charged, untaxed.
    o, sale, trip = deliver(t, "f1", "FL-BD-1", BD3)
    check(sale.get("fee") == {"amount": FEE, "tax": 0},
          "the fee on the sale: %r" % sale)
    check(sale["total"] == sale["subtotal"] + taxes(sale) + FEE,
          "lines, taxes and the fee: %r" % sale)
    check(sale["total"] == o["total"], "what the order quoted: %d, %r" %
          (o["total"], sale))
    check(trip["collected"] == sale["total"],
          "the trip collected the fee too: %r" % trip)
    got = t.call("sale.get", {"id": sale["id"]})["sale"]
    check(got.get("fee") == sale["fee"], "kept with the sale: %r" % got)
    t.close()
    st.stop()

    # delivery-fee-taxed yes: the sales tax on the fee, not the excise.
    st.options = OPTS + ["delivery-fee-taxed=yes"]
    st.start()
    t = st.terminal("register-1", MANAGER)
    o, sale, trip = deliver(t, "f2", "FL-SD-7", SD7)
    want = (FEE * 72500 + 500000) // 1000000
    check(sale.get("fee") == {"amount": FEE, "tax": want},
          "the fee's sales tax: %r" % sale)
    sales = [x for x in sale["taxes"] if x["name"] == "ca_sales"]
    excise = [x for x in sale["taxes"] if x["name"] ==
              "ca_cannabis_excise"]
    goods = (sale["subtotal"] + excise[0]["amount"]) * 72500
    check(sales and sales[0]["amount"] == (goods + 500000) // 1000000 +
          want, "the sales tax line holds the fee's: %r" % sale["taxes"])
    check(excise and excise[0]["amount"] == (sale["subtotal"] * 150000 +
          500000) // 1000000, "no excise on the fee: %r" % excise)
    check(sale["total"] == sale["subtotal"] + taxes(sale) + FEE and
          sale["total"] == o["total"],
          "the order quoted the taxed fee: %d, %r" % (o["total"], sale))
    check(trip["collected"] == sale["total"], "collected: %r" % trip)

    # A setting that is neither word stops stashd, saying why.
    t.close()
    st.stop()
    st.options = OPTS + ["delivery-fee-taxed=maybe"]
    try:
        st.start()
        ok = False
    except Failure:
        ok = True
    check(ok, "delivery-fee-taxed maybe refused")
    with open(os.path.join(st.dir, "stashd.log")) as f:
        log = f.read()
    check("delivery-fee-taxed" in log and "give no or yes" in log,
          "the log names the setting: %s" % log[-400:])

run(test)
