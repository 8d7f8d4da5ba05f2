#!/usr/bin/env python3
# A trip reaches Metrc as one retailer (dynamic) delivery where the store
# reports that way (metrc-delivery retailer; doc/operations.md, "Delivery
# rules"), each record exactly once through faults: against
# stash-metrc-sim, a trip of three stops leaves with three whole packages
# on board. The create of the retailer delivery is applied but its answer
# is lost: the drain finds it among the state's active ones and departs
# it, never creating it twice. The first stop's sale meets an HTTP 500:
# the drain reads the delivery back, does not find the sale, and sends it
# again, once. The other two stops' sales go through; the end, sent after
# every sale is in, is applied with its answer lost too, and is read back
# rather than sent again. At the state: one retailer delivery, departed
# and ended, with three sales, one a stop, and what is left of each
# package at the end. Never a receipt, never a planned delivery; the
# outbox is left with nothing pending; a void of a stop's sale is refused.
# On the road the trip is restocked (trip.restock): a restock over the
# value cap is refused and moves nothing; one within it moves its package
# into the vehicle, and its report is applied with the answer lost: the
# drain reads the delivery back, finds the package on board and never
# sends it again; the end lists what is left of it.
import json
import os
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

BD3 = "1A4060300000000000001003"    # Blue Dream 3.5g: 2
SD7 = "1A4060300000000000004001"    # Sour Diesel 7g: 12
WW1 = "1A4060300000000000007001"    # White Widow 1g: 60
STOPS = [("FL-BD-1", BD3, 2), ("FL-SD-7", SD7, 12), ("FL-WW-1", WW1, 60)]
PLATE = "7ABC123"
RSN = "1A4060300000000000016001"    # Rosin 0.5g: 12, $40 each
# Bulk flower worth $12,700 at retail: over CA's $10,000 on board.
BIG = ["1A4060300000000000002001", "1A4060300000000000005001",
       "1A4060300000000000005002"]
RD = "/sales/v2/deliveries/retailer"


def test(new_store):
    with_sim(new_store, run_all)


def run_all(st, sim):
    retailer_store(st, sim)
    t = st.terminal("register-1", MANAGER)

    def drained():
        return outbox_drained(t)

    def state():
        return sim.admin("GET", "/_sim/state")

    wait_until("the outbox drained before the trip", drained, 90)
    noon = la_noon_tomorrow()
    orders = ca_delivery_orders(t, [(sku, tag) for sku, tag, _ in STOPS],
                                noon)
    tid = t.call("trip.create", {"driver": DRIVER, "vehicle": PLATE,
                                 "orders": [o["id"] for o in orders],
                                 "depart_at": noon})["trip"]["id"]
    t.call("trip.load", {"id": tid})
    wait_until("the loading reported", drained, 90)
    before = len(state().get("retailer", []))

    # The create is applied at the state, but its answer never comes.
    sim.faults({"timeout_after_apply": True, "fail_next": 1,
                "path": RD, "method": "POST"})
    t.call("trip.depart", {"id": tid, "ledger": "CA-L-7"})

    def departed():
        rds = state().get("retailer", [])[before:]
        return len(rds) == 1 and rds[0].get("Departed")
    wait_until("the uncertain create found and departed", departed, 120)
    looks = sim.calls("GET", RD + "/active")
    check(len(looks) >= 1,
          "looked up among the active ones before anything else")
    # lastModifiedStart/End are required of this list: each lookup had
    # them (the simulator refuses one without) and was answered.
    check(all("lastModifiedStart=" in q["uri"] and "lastModifiedEnd=" in
              q["uri"] and q["status"] == 200 for q in looks),
          "each lookup had its window: %r" % looks)

    # The first stop's sale meets a 500; the others go through.
    sim.faults({"status": 500, "fail_next": 1, "path": RD + "/sale",
                "method": "POST"})
    sales = []
    for o in orders:
        sales.append(t.call("trip.deliver", {
            "id": tid, "order": o["id"], "ref": "rds-%d" % o["id"],
            "tender": {"cash": o["total"]}})["sale"])

    def sold():
        rds = state().get("retailer", [])[before:]
        return rds and len(rds[0].get("Sales", [])) == 3 and drained()
    wait_until("the three sales reported", sold, 120)
    check(len(sim.calls("GET", RD + "/%d" % state()["retailer"][before]
                    ["Id"])) >= 1, "the 500's sale was looked for first")

    # Restocked on the road: over the cap refused, nothing moved.
    m = t.expect_error("delivery-rule", "trip.restock", {
        "id": tid, "packages": [{"tag": x} for x in BIG]})
    check("cap-total" in m, "the cap named: %r" % m)
    m = t.expect_error("conflict", "trip.restock", {
        "id": tid, "packages": [{"tag": RSN, "qty": 5}]})
    check("whole" in m, "a package is restocked whole: %r" % m)
    check(t.call("trip.get", {"id": tid})["trip"]["floating"] == [],
          "nothing on board from the refused restocks")
    # The restock is applied at the state, its answer lost.
    sim.faults({"timeout_after_apply": True, "fail_next": 1,
                "path": RD + "/restock", "method": "POST"})
    tr = t.call("trip.restock", {"id": tid, "packages": [
        {"tag": RSN, "qty": 12}]})["trip"]
    check(tr["floating"] == [RSN], "floating on board: %r" % tr)

    def restocked():
        rds = state().get("retailer", [])[before:]
        return rds and any(p["PackageLabel"] == RSN for p in
                           rds[0]["Packages"]) and drained()
    wait_until("the restock reported", restocked, 120)
    check(len(sim.calls("POST", RD + "/restock")) == 1,
          "restocked once, the lost answer read back")
    rs = json.loads(sim.calls("POST", RD + "/restock")[0]["body"])[0]
    check(rs["RetailerDeliveryId"] == state()["retailer"][before]["Id"] and
          [(p["PackageLabel"], p["Quantity"], p["RemoveCurrentPackage"])
           for p in rs["Packages"]] == [(RSN, 12, False)],
          "the restock's fields: %r" % rs)

    # The end is applied, its answer lost: read back, not sent again.
    sim.faults({"timeout_after_apply": True, "fail_next": 1,
                "path": RD + "/end", "method": "POST"})
    total = sum(s["total"] for s in sales)
    close = t.call("trip.close", {"id": tid, "cash": total, "returned": [
        {"tag": tag} for tag in [x[1] for x in STOPS] + [RSN]]})["close"]
    check(close["collected"] == total and close["missing"] == 0,
          "closed: %r" % close)

    def ended():
        rds = state().get("retailer", [])[before:]
        return rds and rds[0].get("Completed") and drained()
    wait_until("the retailer delivery ended", ended, 120)

    rds = state()["retailer"][before:]
    check(len(rds) == 1, "one retailer delivery: %r" % rds)
    d = rds[0]
    check(d.get("DriverEmployeeId") == "E-17" and
          d.get("DriversLicenseNumber") == "D1234567" and
          d.get("VehicleLicensePlateNumber") == PLATE,
          "driver and vehicle: %r" % d)
    board = {p["PackageLabel"]: p for p in d["Packages"]}
    onboard = STOPS + [("CN-RSN-05", RSN, 12)]
    check(sorted(board) == sorted(tag for _, tag, _ in onboard) and
          all(board[tag]["Quantity"] == n * 1000 or
              board[tag]["Quantity"] == n for _, tag, n in onboard),
          "what left on board and was restocked, whole: %r" % d["Packages"])
    check(all(board[tag]["Sold"] in (1, 1000) for _, tag, _ in STOPS) and
          board[RSN]["Sold"] == 0,
          "one of each sold, none restocked: %r" % d["Packages"])
    stops = [[x.get("PackageLabel") for x in s.get("Transactions", [])]
             for s in d["Sales"]]
    check(sorted(stops) == sorted([[tag] for _, tag, _ in STOPS]),
          "a sale a stop, its own package: %r" % stops)

    check(len(sim.calls("POST", RD)) == 1, "created once")
    # The create names each stop, in the trip's order: its recipient,
    # address, estimated arrival and what was packed for it.
    create = json.loads(sim.calls("POST", RD)[0]["body"])[0]
    dests = create.get("Destinations") or []
    check([[x["PackageLabel"] for x in dd["Transactions"]] for dd in
           dests] == [[tag] for _, tag, _ in STOPS] and
          [dd["RecipientAddressStreet1"] for dd in dests] ==
          ["%d Main St" % (i + 1) for i in range(len(STOPS))] and
          all(dd["SalesCustomerType"] == "Consumer" and
              dd["RecipientName"] == "Stop Number%d" % i and
              dd["RecipientAddressPostalCode"] == "90012" and
              dd["EstimatedArrivalDateTime"] >= create["DateTime"]
              for i, dd in enumerate(dests)),
          "the stops as its Destinations: %r" % dests)
    check(len(sim.calls("POST", RD + "/depart", True)) == 1 and
          len(sim.calls("POST", RD + "/depart")) == 1, "departed once")
    check(len(sim.calls("POST", RD + "/sale", True)) == 3 and
          len(sim.calls("POST", RD + "/sale")) == 4,
          "three sales applied, the 500 sent again once")
    check(len(sim.calls("POST", RD + "/end")) == 1, "ended once")
    end = json.loads(sim.calls("POST", RD + "/end")[0]["body"])[0]
    left = {p["Label"]: p["EndQuantity"] for p in end["Packages"]}
    check(left == dict([(tag, n - 1) for _, tag, n in STOPS] + [(RSN, 12)]),
          "what was left of each: %r" % end)
    check(sim.calls("POST", "/sales/v2/receipts") == [],
          "no receipt sent at all")
    check(sim.calls("POST", "/sales/v2/deliveries") == [],
          "no planned delivery")
    s = t.call("compliance.status")
    check(s["pending"] == 0 and s["exceptions"] == 0,
          "nothing pending: %r" % s)
    m = t.expect_error("conflict", "sale.void", {"id": sales[0]["id"],
                                                 "reason": "test"})
    check("delivery" in m, "a stop's sale is not voided here: %r" % m)
    t.close()
    st.stop()   # exits 0: nothing left behind (the sanitizer build)

run(test)
