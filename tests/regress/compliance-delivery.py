#!/usr/bin/env python3
# A delivery order's sale reaches Metrc as a planned delivery, once, and
# never also as a receipt (doc/operations.md, "Delivery rules"): against
# stash-metrc-sim, the create of the delivery is applied but its answer
# never comes; the drain looks for it among the state's active
# deliveries before sending anything again, finds it, and completes it
# once with the package accepted. A failed order (nothing sold) is not
# reported. The outbox is left with nothing pending. A void or a return
# of the delivered sale is refused (stash cannot report either for a
# delivery yet), never left unreported.
import json
import os
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

GSC2 = "1A4060300000000000005002"   # Girl Scout Cookies bulk 226.796 g
BD3 = "1A4060300000000000001003"    # Blue Dream 3.5g: 2
PLATE = "7ABC123"
OPTS = ["store-location=34052200,-118243700",
        "delivery-zones=5000:500,12000:900"]


def test(new_store):
    st = new_store(demo=False)
    sim = Sim(os.path.join(st.dir, "sim.json"))
    try:
        run_all(st, sim)
    finally:
        sim.stop()


def run_all(st, sim):
    # The simulator's facility is the demo's licence, in California here.
    ca_delivery_store(st, LIC, PLATE)
    # The vehicle as a location the simulator's facility has.
    report_to(st, sim, "metrc-reconcile=0", "metrc-transfers=0",
              "metrc-locations=floor=Sales Floor;vault=Vault;"
              "express=Express;quarantine=Quarantine;vehicle:%s=Vault" %
              PLATE)
    st.options += OPTS
    st.start()
    t = st.terminal("register-1", MANAGER)

    def status():
        return t.call("compliance.status")

    def drained():
        s = status()
        return s["pending"] == 0 and s["exceptions"] == 0

    wait_until("the outbox drained before the trip", drained, 90)
    noon = la_noon_tomorrow()
    now = int(time.time() * 1000000)
    win = {"start": now, "end": noon + 6 * 3600 * 1000000}
    cust = t.call("customer.create", {
        "type": "adult", "first": "Del", "last": "Ivered",
        "dob": "1980-01-01", "residence": "CA", "email": "del@example.org",
        "id_doc": {"type": "dl", "state": "CA", "number": "NIvered",
                   "expires": "2031-01-01"},
        "id_scanned": True})["customer"]["id"]

    def order(ref, sku, qty, tag, weight=None):
        o = t.call("order.create", {
            "ref": ref, "customer": cust, "channel": "delivery",
            "window": win, "lines": [{"sku": sku, "qty": qty}],
            "address": {"street": "1 Main St", "city": "Los Angeles",
                        "state": "CA", "zip": "90012", "lat": 34050000,
                        "lon": -118260000}})["order"]
        a = {"id": o["id"], "tag": tag}
        if weight:
            a.update(weight=weight, weight_source="scale")
        t.call("order.pack", a)
        t.call("order.seal", {"id": o["id"]})
        return o["id"]
    c = order("d-c", "FL-BD-1", 1, BD3)
    b = order("d-b", "FL-GSC-BULK", 1000, GSC2, 1000)
    tid = t.call("trip.create", {"driver": DRIVER, "vehicle": PLATE,
                                 "orders": [c, b],
                                 "depart_at": noon})["trip"]["id"]
    t.call("trip.load", {"id": tid})
    t.call("trip.depart", {"id": tid, "ledger": "CA-L-1"})
    wait_until("the loading reported", drained, 90)
    before = len(sim.admin("GET", "/_sim/state")["deliveries"])

    # The create is applied at the state, but its answer never comes.
    sim.faults({"timeout_after_apply": True, "fail_next": 1,
                "path": "/sales/v2/deliveries", "method": "POST"})
    total = t.call("order.get", {"id": c})["order"]["total"]
    sale = t.call("trip.deliver", {"id": tid, "order": c, "ref": "dl-c",
                                   "tender": {"cash": total}})["sale"]
    t.call("trip.fail", {"id": tid, "order": b, "reason": "no one home"})
    wait_until("the uncertain create applied", lambda: len(
        sim.admin("GET", "/_sim/state")["deliveries"]) == before + 1, 60)
    wait_until("the delivery reported", drained, 120)

    dl = sim.admin("GET", "/_sim/state")["deliveries"][before:]
    check(len(dl) == 1, "one delivery at the state: %r" % dl)
    d = dl[0]
    tags = [x.get("PackageLabel") for x in d.get("Transactions", [])]
    check(tags == [BD3], "the sale's package: %r" % d)
    check(d.get("ActualArrivalDateTime") and d.get("Completed"),
          "completed: %r" % d)
    check(d.get("DriverName") and d.get("DriversLicenseNumber") ==
          "D1234567" and d.get("DriverEmployeeId") == "E-17" and
          d.get("VehicleLicensePlateNumber") == PLATE and
          d.get("VehicleMake") == "Toyota" and
          d.get("RecipientAddressPostalCode") == "90012",
          "driver, vehicle and address: %r" % d)
    posts = sim.calls("POST", "/sales/v2/deliveries")
    check(len(posts) == 1, "created once: %r" % posts)
    looks = sim.calls("GET", "/sales/v2/deliveries/active")
    check(len(looks) >= 1, "looked up before anything was sent again")
    # Within a lastModified window (the simulator, as Metrc may, refuses
    # a lookup without one), and answered.
    check(all("lastModifiedStart=" in q["uri"] and "lastModifiedEnd=" in
              q["uri"] and q["status"] == 200 for q in looks),
          "each lookup had its window: %r" % looks)
    puts = sim.calls("PUT", "/sales/v2/deliveries/complete")
    check(len(puts) == 1, "completed once: %r" % puts)
    body = json.loads(puts[0]["body"])
    check(body[0]["AcceptedPackages"] == [BD3] and
          body[0]["ReturnedPackages"] == [], "accepted: %r" % body)
    # Never also a receipt; the failed order is not reported at all.
    rc = [r for r in sim.admin("GET", "/_sim/state")["receipts"]
          if r.get("ExternalReceiptNumber", "").endswith(
              "-%d" % sale["id"])]
    check(rc == [], "no receipt for the delivery's sale: %r" % rc)
    check(sim.calls("POST", "/sales/v2/receipts") == [],
          "no receipt sent at all")
    check(not any(GSC2 in (q.get("body") or "") for q in posts + puts),
          "the failed order is not reported")
    s = status()
    check(s["pending"] == 0 and s["exceptions"] == 0, "nothing pending: %r" % s)

    # stash cannot void a delivery at the state, nor take goods back from
    # one: refused, saying what to do, rather than left unreported.
    m = t.expect_error("conflict", "sale.void", {"id": sale["id"],
                                                 "reason": "test"})
    check("delivery" in m and "Metrc" in m, "says why: %r" % m)
    m = t.expect_error("conflict", "sale.return", {
        "sale": sale["id"], "lines": [{"tag": BD3, "qty": 1}],
        "reason": "test", "refund": "cash"})
    check("delivery" in m and "Metrc" in m, "says why: %r" % m)
    s = status()
    check(s["pending"] == 0 and s["exceptions"] == 0, "still: %r" % s)

run(test)
