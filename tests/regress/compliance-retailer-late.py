#!/usr/bin/env python3
# A late delivery on a retailer (dynamic) delivery trip (doc/operations.md,
# "Delivery rules"): against stash-metrc-sim, a trip of two stops leaves
# as one retailer delivery, on the driver's handheld. The first stop's
# delivery syncs on the road and is the delivery's sale. The second
# stop's happens while the handheld is out of signal; the store closes
# the trip (that package one short, written off) and the end reaches the
# state. Then the handheld syncs the second delivery: Metrc takes no sale
# on an ended delivery, so it is reported as a plain receipt of the stock
# the end gave back, once, never as a refused retailer sale: nothing is
# left pending and no exception. At the state: one retailer delivery,
# ended, with one sale; one receipt, the late one's.
import json
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from drivertrip import Journal

BD3 = "1A4060300000000000001003"    # Blue Dream 3.5g: 2
SD7 = "1A4060300000000000004001"    # Sour Diesel 7g: 12
STOPS = [("FL-BD-1", BD3), ("FL-SD-7", SD7)]
PLATE = "7ABC123"
RD = "/sales/v2/deliveries/retailer"


def test(new_store):
    with_sim(new_store, run_all)


def run_all(st, sim):
    retailer_store(st, sim, "metrc-reasons=loss=Theft")
    t = st.terminal("register-1", MANAGER)

    def status():
        return t.call("compliance.status")

    def drained():
        return outbox_drained(t)

    def delivery():
        rds = sim.admin("GET", "/_sim/state").get("retailer", [])
        return rds[0] if len(rds) == 1 else None

    wait_until("the outbox drained before the trip", drained, 90)
    noon = la_noon_tomorrow()
    orders = ca_delivery_orders(t, STOPS, noon)
    tid = t.call("trip.create", {"driver": DRIVER, "vehicle": PLATE,
                                 "orders": [o["id"] for o in orders],
                                 "depart_at": noon})["trip"]["id"]
    t.call("trip.load", {"id": tid})
    t.call("trip.depart", {"id": tid, "ledger": "CA-L-8"})
    wait_until("departed at the state",
               lambda: (delivery() or {}).get("Departed"), 120)

    hh = st.terminal("handheld-1", DRIVER, drawer=False)
    hh.call("trip.take", {"id": tid})
    j = Journal("handheld-1", tid)
    first = [j.entry("arrive", order=orders[0]["id"]),
             j.entry("deliver", order=orders[0]["id"],
                     tender={"cash": orders[0]["total"]})]
    r = hh.call("trip.sync", {"id": tid, "entries": first})["acked"]
    check(r[1]["result"] == "done" and r[1].get("sale", 0) > 0,
          "the first stop sold on the road: %r" % r)
    wait_until("the first sale on the delivery", lambda: len(
        (delivery() or {}).get("Sales", [])) == 1 and drained(), 120)

    # Out of signal: the second stop is delivered, the store hears of it
    # only after the trip is closed (its package one short: a loss) and
    # the state has the end.
    late = [j.entry("arrive", order=orders[1]["id"]),
            j.entry("deliver", order=orders[1]["id"],
                    tender={"cash": orders[1]["total"]})]
    t.call("trip.close", {"id": tid, "cash": orders[0]["total"],
                          "returned": [{"tag": BD3}, {"tag": SD7,
                                                      "qty": 11}]})
    wait_until("the delivery ended at the state", lambda: (
        delivery() or {}).get("Completed") and drained(), 120)
    receipts0 = len(sim.calls("POST", "/sales/v2/receipts", True))

    r = hh.call("trip.sync", {"id": tid, "entries": late})["acked"]
    check(r[1]["result"] == "exception" and r[1].get("sale", 0) > 0 and
          "closed" in r[1]["exception"],
          "the late delivery sold and flagged: %r" % r)
    wait_until("the late sale reported", drained, 120)
    check(len(sim.calls("POST", RD + "/sale", True)) == 1 and
          len(sim.calls("POST", RD + "/sale")) == 1,
          "one sale on the delivery, none refused: %r" %
          sim.calls("POST", RD + "/sale"))
    got = sim.calls("POST", "/sales/v2/receipts", True)
    check(len(got) == receipts0 + 1 and len(sim.calls(
        "POST", "/sales/v2/receipts")) == receipts0 + 1,
          "the late one a receipt, once: %r" % got)
    body = json.loads(got[-1]["body"])[0]
    check([x["PackageLabel"] for x in body["Transactions"]] == [SD7],
          "its package: %r" % body)
    check(len(delivery().get("Sales", [])) == 1,
          "the ended delivery kept its one sale")
    s = status()
    check(s["pending"] == 0 and s["exceptions"] == 0,
          "nothing pending: %r" % s)
    t.close()
    hh.close()
    st.stop()


run(test)
