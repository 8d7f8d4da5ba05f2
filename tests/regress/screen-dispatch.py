#!/usr/bin/env python3
# The dispatch board on screen, in an 80x24 tmux pane (^D on the stock
# console): three sealed delivery orders, one on a planned trip; the board
# lists the orders by status, the trip with its driver and stops left,
# and the map panel shows the store (@), the trip's stop (its trip's
# number), the order not on a trip (*) and the selected one (#). F2
# assigns the selected order to the trip and the board shows it; another
# order assigned through the protocol by another terminal reaches the
# board live (order and trip events); F3 re-optimises the trip.
import sys, os, re, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

BD1 = "1A4060300000000000001001"    # Blue Dream 3.5g
BD3 = "1A4060300000000000001003"    # Blue Dream 3.5g: 2
OGK1 = "1A4060300000000000003001"   # OG Kush 3.5g: 30
PLATE = "7ABC123"
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}
STORE = (39750000, -104999000)      # Denver


def test(new_store):
    st = new_store()
    st.ctl("vehicle", "add", PLATE, "--make", "Toyota", "--model", "Prius",
           "--colour", "white", "--vin", "JTDKN3DU0A0123456", "--gps")
    st.ctl("staff", "driver", str(DRIVER), "--licence", "D1234567",
           "--employee", "E-17", "--born", "1990-05-01")
    st.options = ["limits=no", "store-location=%d,%d" % STORE,
                  "delivery-zones=5000:500,12000:900"]
    st.start()
    t = st.terminal("office-1", MANAGER)
    cust = t.call("customer.create", {
        "type": "adult", "first": "Dee", "last": "Livery",
        "dob": "1980-01-01", "residence": "CO",
        "id_doc": dict(IDOC, number="DL1"), "id_scanned": True})
    cust = cust["customer"]["id"]
    n = int(time.time() * 1000000)

    def order(ref, sku, tag, lat, lon):
        o = t.call("order.create", {
            "ref": ref, "customer": cust, "channel": "delivery",
            "window": {"start": n, "end": n + 24 * 3600 * 1000000},
            "lines": [{"sku": sku, "qty": 1}],
            "address": {"street": "1 Main St", "city": "Denver",
                        "state": "CO", "zip": "80202", "lat": lat,
                        "lon": lon}})["order"]
        t.call("order.pack", {"id": o["id"], "tag": tag})
        t.call("order.seal", {"id": o["id"]})
        return o["id"]
    # North-east, south-west and south-east of the store.
    a = order("d-a", "FL-OGK-35", OGK1, 39770000, -104970000)
    b = order("d-b", "FL-BD-1", BD3, 39730000, -105030000)
    c = order("d-c", "FL-BD-1", BD1, 39735000, -104975000)
    tr = t.call("trip.create", {"driver": DRIVER, "vehicle": PLATE,
                                "orders": [a]})["trip"]
    tid = tr["id"]

    pane = Pane("dispatch")
    wait_for, keys = pane.wait_for, pane.keys

    def board(pat):
        deadline = time.time() + 30
        while re.search(pat, pane.text()) is None:
            check(time.time() < deadline, "no %r on the board:\n%s"
                  % (pat, pane.text()))
            time.sleep(0.1)
        return pane.text()

    def map_panel(out):
        """The map's rows: what is right of the left panel (48 of 80)."""
        return [l[48:] for l in out.splitlines()[1:22]]

    def find(rows, ch):
        return [(y, x) for y, r in enumerate(rows) for x, v in enumerate(r)
                if v == ch]
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")
        wait_for("Staff ID")
        keys(str(MANAGER), "Enter", PINS[MANAGER], "Enter")
        wait_for("F5 Pay")
        keys("F1")
        wait_for("Stock: scan or type a package tag")
        keys("C-d")
        out = board(r"T%d +planned +drv %d +%s +0 done 1 left"
                    % (tid, DRIVER, PLATE))
        check(re.search(r"Orders: packed 2 assigned 1", out) is not None,
              "counts by status:\n" + out)
        for o, s in ((a, "assigned"), (b, "packed"), (c, "packed")):
            check(re.search(r"#%-4d %-9s delivery" % (o, s), out)
                  is not None, "order %d %s:\n%s" % (o, s, out))
        # The map: store in the middle, a (on trip 1) north-east, the
        # selected b (#) south-west, c (*) south-east.
        rows = map_panel(out)
        store, sa, sb, sc = (find(rows, "@"), find(rows, str(tid % 10)),
                             find(rows, "#"), find(rows, "*"))
        check(len(store) == 1 and len(sa) == 1 and len(sb) == 1 and
              len(sc) == 1, "one marker each:\n%s" % "\n".join(rows))
        (ys, xs), (ya, xa), (yb, xb), (yc, xc) = (store[0], sa[0], sb[0],
                                                  sc[0])
        check(ya < ys < yb and xb < xs < xa and yc > ys and xc > xs,
              "markers where their coordinates put them:\n%s"
              % "\n".join(rows))

        # F2: the selected order (b, the first packed) onto the trip.
        keys("F2")
        wait_for("Assign order %d to trip:" % b)
        keys(str(tid), "Enter")
        wait_for("Trip %d assigned: 2 stops" % tid)
        out = board(r"T%d +planned .* 0 done 2 left" % tid)
        check(re.search(r"#%-4d assigned +delivery +\d+[mhd] +T%d"
                        % (b, tid), out) is not None,
              "b assigned on the board:\n" + out)
        got = t.call("trip.get", {"id": tid})["trip"]
        check([o["id"] for o in got["orders"]] == [a, b],
              "on the ledger: %r" % got)

        # Another terminal assigns c: the board follows the events.
        t.call("trip.assign", {"id": tid, "order": c})
        out = board(r"T%d +planned .* 0 done 3 left" % tid)
        check("Orders: assigned 3" in out, "all assigned:\n" + out)

        keys("F3")
        wait_for("Re-optimise trip:")
        keys(str(tid), "Enter")
        wait_for("Trip %d optimised: 3 stops" % tid)
    finally:
        pane.kill()
    st.stop()


run(test)
