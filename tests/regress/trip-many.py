#!/usr/bin/env python3
# A trip of 64 stops, the most a trip holds (a route of 40 stops and
# more is a day's work in a city): planned, checked, loaded and departed
# with its manifest; the driver's handheld downloads all 64 stops, and a
# route change naming all 64 in a new order is recorded whole. A 65th
# order is refused, by trip.create and by trip.assign, saying the cap.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from drivertrip import PLATE, STORE, Journal, packed_orders

N = 64
TAG = "1A40603000000000000F%04d"


def test(new_store):
    st = new_store()
    st.ctl("package", "import", "-", input="tag,sku,batch,qty\n" + "".join(
        "%s,FL-BD-1,B-MANY,1\n" % (TAG % i) for i in range(N + 1)))
    st.ctl("vehicle", "add", PLATE, "--make", "Toyota", "--model", "Prius",
           "--colour", "white", "--vin", "JTDKN3DU0A0123456", "--gps")
    st.ctl("staff", "driver", str(DRIVER), "--licence", "D1234567",
           "--employee", "E-17", "--born", "1990-05-01")
    st.options = ["store-location=%d,%d" % STORE, "delivery-zones=50000:500"]
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    orders = packed_orders(mgr, range(N + 1), TAG, "Long", 8)
    m = mgr.expect_error("bad-request", "trip.create", {
        "driver": DRIVER, "vehicle": PLATE, "orders": orders})
    check("1 to %d" % N in m, "65 orders: " + m)
    tr = mgr.call("trip.create", {"driver": DRIVER, "vehicle": PLATE,
                                  "orders": orders[:N]})["trip"]
    tid = tr["id"]
    check([o["id"] for o in tr["orders"]] == orders[:N], "64 stops kept "
          "in order: %r" % [o["id"] for o in tr["orders"]])
    m = mgr.expect_error("conflict", "trip.assign", {"id": tid,
                                                     "order": orders[N]})
    check("at most %d" % N in m, "a 65th: " + m)
    mgr.call("trip.check", {"id": tid})
    mgr.call("trip.load", {"id": tid})
    mgr.call("trip.depart", {"id": tid, "ledger": "CO-M-1"})
    man = mgr.call("trip.manifest", {"id": tid, "columns": 80})["lines"]
    check(sum(1 for l in man if "Long St" in l) == N,
          "every stop on the manifest")
    hh = st.terminal("handheld-1", DRIVER, drawer=False)
    hh.call("trip.take", {"id": tid})
    h = hh.call("trip.handheld", {"id": tid})
    check([s["order"] for s in h["stops"]] == orders[:N] and
          h["stops"][-1]["seq"] == N, "the handheld's 64 stops")
    j = Journal("handheld-1", tid)
    back = list(reversed(orders[:N]))
    r = hh.call("trip.sync", {"id": tid, "entries": [
        j.entry("reorder", orders=back, reason="the far end first")]})
    check(r["acked"][0]["result"] == "done", "%r" % r)
    ev = hh.call("trip.track", {"id": tid})["events"]
    check(len(ev) == 1 and ev[0]["orders"] == back, "the whole route kept")

run(test)
