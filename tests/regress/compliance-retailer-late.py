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
# ended, with one sale; one receipt, the late one's. A second trip's end
# cannot go yet when its late delivery syncs (a restock meets the
# state's 500s, and the end waits for every restock as for every sale):
# that sale joins the delivery, never a receipt, and the end, once the
# state answers again, comes after the restock and both sales.
import json
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from drivertrip import Journal

BD3 = "1A4060300000000000001003"    # Blue Dream 3.5g: 2
SD7 = "1A4060300000000000004001"    # Sour Diesel 7g: 12
STOPS = [("FL-BD-1", BD3), ("FL-SD-7", SD7)]
WW1 = "1A4060300000000000007001"    # White Widow 1g: 60
OGK = "1A4060300000000000003001"    # OG Kush 3.5g: 30
RSN = "1A4060300000000000016001"    # Rosin 0.5g: 12
SECOND = [("FL-WW-1", WW1), ("FL-OGK-35", OGK)]
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

    def delivery(n=0):
        rds = sim.admin("GET", "/_sim/state").get("retailer", [])
        return rds[n] if len(rds) > n else None

    wait_until("the outbox drained before the trip", drained, 90)
    noon = la_noon_tomorrow()

    def leave(stops, n):
        """Trip n (0 first) of stops, loaded and departed at the state:
        its orders and number."""
        orders = ca_delivery_orders(t, stops, noon, 2 * n)
        tid = t.call("trip.create", {"driver": DRIVER, "vehicle": PLATE,
                                     "orders": [o["id"] for o in orders],
                                     "depart_at": noon})["trip"]["id"]
        t.call("trip.load", {"id": tid})
        t.call("trip.depart", {"id": tid, "ledger": "CA-L-%d" % n})
        wait_until("trip %d departed at the state" % n,
                   lambda: (delivery(n) or {}).get("Departed"), 120)
        return orders, tid

    orders, tid = leave(STOPS, 0)

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
    check(outbox_drained(t), "nothing pending: %r" % status())

    # A second trip: its end cannot go yet (a restock meets the state's
    # 500s, and the end waits for it) when its second stop's delivery
    # syncs late: that sale joins the delivery, and the end, once the
    # state answers again, comes after both sales.
    receipts0 = len(sim.calls("POST", "/sales/v2/receipts", True))
    orders, tid = leave(SECOND, 1)
    hh.call("trip.take", {"id": tid})
    j = Journal("handheld-1", tid)
    first = [j.entry("deliver", order=orders[0]["id"],
                     tender={"cash": orders[0]["total"]})]
    r = hh.call("trip.sync", {"id": tid, "entries": first})["acked"]
    check(r[0]["result"] == "done", "sold on the road: %r" % r)
    wait_until("its first sale on the delivery", lambda: len(
        (delivery(1) or {}).get("Sales", [])) == 1 and drained(), 120)
    sim.faults({"status": 500, "fail_next": 100000,
                "path": RD + "/restock", "method": "POST"})
    t.call("trip.restock", {"id": tid, "packages": [{"tag": RSN}]})
    late = [j.entry("deliver", order=orders[1]["id"],
                    tender={"cash": orders[1]["total"]})]
    t.call("trip.close", {"id": tid, "cash": orders[0]["total"],
                          "returned": [{"tag": WW1}, {"tag": OGK,
                                                      "qty": 29},
                                       {"tag": RSN}]})
    wait_until("the restock refused once", lambda: len(
        sim.calls("POST", RD + "/restock")) >= 1, 120)
    r = hh.call("trip.sync", {"id": tid, "entries": late})["acked"]
    check(r[0]["result"] == "exception" and r[0].get("sale", 0) > 0,
          "the late delivery sold and flagged: %r" % r)
    check(not delivery(1).get("Completed"), "not ended yet")
    sim.faults({"fail_next": 0})
    wait_until("the second delivery ended", lambda: (
        delivery(1) or {}).get("Completed") and drained(), 300)
    d = delivery(1)
    check(len(d.get("Sales", [])) == 2 and
          sorted(x["Transactions"][0]["PackageLabel"] for x in
                 d["Sales"]) == sorted([WW1, OGK]),
          "both sales on the delivery: %r" % d.get("Sales"))
    check(any(p["PackageLabel"] == RSN for p in d["Packages"]),
          "the restock before the end: %r" % d["Packages"])
    check(len(sim.calls("POST", "/sales/v2/receipts", True)) == receipts0,
          "no receipt for it")
    end = json.loads(sim.calls("POST", RD + "/end", True)[-1]["body"])[0]
    left = {p["Label"]: p["EndQuantity"] for p in end["Packages"]}
    check(left == {WW1: 59, OGK: 29, RSN: 12},
          "the end after both sales and the restock: %r" % end)
    t.close()
    hh.close()
    st.stop()


run(test)
