# drivertrip.py: a demo store with a delivery trip out on the road, for
# the driver's handheld tests (driver-*.py). The store is the demo's
# (Colorado: a day's adult flower limit of one ounce); four customers
# each ordered one delivery at their own address; the trip is loaded and
# has departed with the driver (DRIVER) on it.
import time
from stashproto import *

PLATE = "7ABC123"
STORE = (39750000, -104999000)      # Denver
OPTS = ["store-location=%d,%d" % STORE, "delivery-zones=5000:500,12000:900"]
NL1 = "1A4060300000000000006001"    # Northern Lights bulk


def tag(n):
    return "1A40603000000000000D%04d" % n


# Each order takes a whole package (what a package holds beyond its
# orders would ride as floating stock, which Colorado does not allow).
# name, sku, qty, package
STOPS = [
    ("Ann Arrow", "FL-OGK-35", 1, tag(1)),
    ("Ben Bolt", "FL-BD-1", 1, tag(2)),
    ("Cat Cole", "FL-SD-7", 1, tag(3)),
    ("Dee Dunn", "FL-GSC-BULK", 20000, tag(4)),
]
# A second trip's: sku, package
SECOND = [("FL-WW-1", tag(5)), ("FL-OGK-35", tag(6)), ("FL-BD-1", tag(7))]
WHERE = [(39770000, -104970000), (39730000, -105030000),
         (39735000, -104975000), (39760000, -105010000)]


def us_now():
    return int(time.time() * 1000000)


def packed_orders(mgr, numbers, tag, label, row):
    """For each i in numbers, an adult customer (last name label + i) and
    a sealed delivery order of one FL-BD-1 packed from package tag % i,
    each at its own address, on a grid east and north of the store (row
    addresses a row): their order numbers."""
    now = us_now()
    orders = []
    for i in numbers:
        c = mgr.call("customer.create", {
            "type": "adult", "first": "Stop", "last": "%s%d" % (label, i),
            "dob": "1980-01-01", "residence": "CO",
            "id_doc": {"type": "dl", "state": "CO",
                       "number": "%s%05d" % (label[:2].upper(), i),
                       "expires": "2031-01-01"},
            "id_scanned": True})["customer"]["id"]
        o = mgr.call("order.create", {
            "ref": "%s-%d" % (label, i), "customer": c,
            "channel": "delivery",
            "window": {"start": now, "end": now + 24 * 3600 * 1000000},
            "lines": [{"sku": "FL-BD-1", "qty": 1}],
            "address": {"street": "%d %s St" % (i + 1, label),
                        "city": "Denver", "state": "CO", "zip": "80202",
                        "lat": STORE[0] + (i % row) * 500,
                        "lon": STORE[1] + (i // row) * 500}})["order"]["id"]
        mgr.call("order.pack", {"id": o, "tag": tag % i})
        mgr.call("order.seal", {"id": o})
        orders.append(o)
    return orders


class Trip:
    """The store, the manager's terminal, the trip and its orders."""

    def __init__(self, new_store, options=(), stops=None, where=None,
                 dobs=None):
        """stops, where and dobs (a date of birth per stop) replace the
        four stops' defaults."""
        stops = stops or STOPS
        where = where or WHERE
        st = self.st = new_store()
        st.ctl("vehicle", "add", PLATE, "--make", "Toyota", "--model",
               "Prius", "--colour", "white", "--vin",
               "JTDKN3DU0A0123456", "--gps")
        st.ctl("staff", "driver", str(DRIVER), "--licence", "D1234567",
               "--employee", "E-17", "--born", "1990-05-01")
        # qty: units, or grams for what is sold by weight
        rows = ["%s,%s,DRV-%d,%s" % (p, sku, i, "%d.%03d" % divmod(qty, 1000)
                                      if sku.endswith("BULK") else qty)
                for i, (_, sku, qty, p) in enumerate(stops)]
        rows += ["%s,%s,DRV2-%d,1" % (p, sku, i) for i, (sku, p)
                 in enumerate(SECOND)]
        st.ctl("package", "import", "-",
               input="tag,sku,batch,qty\n" + "\n".join(rows) + "\n")
        st.options = OPTS + list(options)
        st.start()
        t = self.mgr = st.terminal("office-1", MANAGER)
        n = us_now()
        self.customers, self.orders = [], []
        for i, (name, sku, qty, pkg) in enumerate(stops):
            lat, lon = where[i]
            first, last = name.split()
            c = t.call("customer.create", {
                "type": "adult", "first": first, "last": last,
                "dob": dobs[i] if dobs else "198%d-02-03" % i,
                "residence": "CO",
                "id_doc": {"type": "dl", "state": "CO",
                           "number": "DL%d" % (1000 + i),
                           "expires": "2031-01-01"},
                "id_scanned": True})["customer"]["id"]
            o = t.call("order.create", {
                "ref": "drv-%d" % i, "customer": c, "channel": "delivery",
                "window": {"start": n, "end": n + 24 * 3600 * 1000000},
                "lines": [{"sku": sku, "qty": qty}],
                "address": {"street": "%d Main St" % (i + 1),
                            "city": "Denver", "state": "CO",
                            "zip": "80202", "lat": lat, "lon": lon}})
            o = o["order"]["id"]
            a = {"id": o, "tag": pkg}
            if sku.endswith("BULK"):
                a.update(weight=qty, weight_source="scale")
            t.call("order.pack", a)
            t.call("order.seal", {"id": o})
            self.customers.append(c)
            self.orders.append(o)
        tr = t.call("trip.create", {"driver": DRIVER, "vehicle": PLATE,
                                    "orders": self.orders})["trip"]
        self.id = tr["id"]
        t.call("trip.load", {"id": self.id})
        # each stop's ETA planned at departure (UTC us, stop order)
        self.etas = t.call("trip.depart", {"id": self.id,
                                           "ledger": "CO-L-1"})["etas"]

    def handheld(self, name="handheld-1", staff=DRIVER):
        """A handheld logged in as staff (no cash drawer: the trip's)."""
        return self.st.terminal(name, staff, drawer=False)

    def taken(self, name="handheld-1"):
        """A handheld that has taken the trip over, and its journal."""
        hh = self.handheld(name)
        hh.call("trip.take", {"id": self.id})
        return hh, Journal(name, self.id)

    def total(self, i):
        return self.mgr.call("order.get",
                             {"id": self.orders[i]})["order"]["total"]


class Journal:
    """A handheld's journal: entries with keys <terminal>-<trip>-<seq>."""

    def __init__(self, terminal, trip):
        self.terminal, self.trip, self.seq = terminal, trip, 0

    def entry(self, kind, **kw):
        self.seq += 1
        e = {"key": "%s-%d-%d" % (self.terminal, self.trip, self.seq),
             "seq": self.seq, "at": kw.pop("at", us_now()), "kind": kind}
        e.update(kw)
        return e


def fix(lat, lon, at=None, stale=False):
    return {"lat": lat, "lon": lon, "at": at or us_now(), "quality": 1,
            "sats": 8, "stale": stale}
