#!/usr/bin/env python3
# The driver's handheld, server side (doc/protocol.md, "The driver's
# handheld"), played over the protocol: only the trip's driver takes the
# trip over, on one handheld (another is refused until a manager
# releases it); trip.handheld gives the stops, customers, packages, the
# rule file and each customer's purchases in the limit windows; a sync
# commits each delivery as a sale at the entry's time, records the stop
# events and fixes, and a batch sent twice is answered "duplicate" with
# the same sales (each sale once, each Metrc delivery job once); another
# terminal's sync is refused; a delivery over a limit the customer
# reached in the store meanwhile, and one of a package recalled since,
# are committed and become exceptions a manager resolves; stashd killed
# with -9 in the middle of a sync loses nothing and doubles nothing.
import json
import os
import re
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from drivertrip import *


def test(new_store):
    tp = Trip(new_store)
    st, mgr, tid = tp.st, tp.mgr, tp.id
    a, b, c, d = tp.orders

    # Dee buys 10 g of flower in the store before her delivery (20 g):
    # together over Colorado's ounce a day.
    mgr.call("sale.commit", {"ref": "instore-dee", "customer":
                             tp.customers[3], "lines": [
                                 {"tag": NL1, "qty": 10000,
                                  "weight": "scale"}],
                             "tender": {"cash": 100000}})

    hh = tp.handheld("handheld-1")
    m = hh.expect_error("forbidden", "trip.handheld", {"id": tid})
    check("take it" in m, "handheld before take: " + m)
    m = mgr.expect_error("forbidden", "trip.take", {"id": tid})
    check("driver %d" % DRIVER in m, "not the driver: " + m)
    tr = hh.call("trip.take", {"id": tid})["trip"]
    check(tr["taken_by"] == DRIVER and tr["handheld"] == "handheld-1" and
          tr["taken_at"] > 0, "taken: %r" % tr)
    hh.call("trip.take", {"id": tid})       # again on the same: fine
    other = tp.handheld("handheld-2")
    m = other.expect_error("conflict", "trip.take", {"id": tid})
    check("handheld-1" in m and "trip.release" in m, m)
    audit = st.ctl("audit", "list", "--limit", "1000")
    check("trip.take" in audit and "handheld=handheld-1" in audit,
          "take audited")

    # What the handheld takes away.
    h = hh.call("trip.handheld", {"id": tid})
    check(h["rules_name"] == "US-CO" and "co_adult_day" in h["rules"] and
          "not-home" in h["refusals"] and h["store"]["licence"] ==
          "402R-00042" and h["store"]["lat"] == STORE[0],
          "rules, refusals, store: %r" % {k: h[k] for k in
                                          ("rules_name", "refusals",
                                           "store")})
    stops = h["stops"]
    check([s["order"] for s in stops] == tp.orders and
          [s["seq"] for s in stops] == [1, 2, 3, 4], "stops in order")
    s3 = stops[3]
    check(s3["customer"]["name"] == "Dee Dunn" and
          s3["customer"]["dob"] == "1983-02-03" and
          s3["customer"]["id_number"] == "DL1003" and
          s3["customer"]["type"] == "adult", "customer: %r" %
          s3["customer"])
    check(len(s3["lines"]) == 1 and s3["lines"][0]["tag"] == STOPS[3][3] and
          s3["lines"][0]["qty"] == 20000 and
          s3["lines"][0]["product"]["sku"] == "FL-GSC-BULK" and
          s3["lines"][0]["limits"]["category"] == "flower" and
          s3["total"] == tp.total(3), "lines: %r" % s3["lines"])
    hist = s3["history"]
    check(len(hist) == 1 and hist[0]["category"] == "flower" and
          hist[0]["flower_ug"] > 0, "Dee's store purchase: %r" % hist)
    check(stops[0]["history"] == [], "Ann bought nothing")
    audit = st.ctl("audit", "list", "--limit", "1000")
    check(re.search(r"trip\.handheld .*stops=4 handheld=handheld-1", audit)
          and "DL1003" not in audit and "1983-02-03" not in audit,
          "the download audited, without the details:\n" + audit[-1500:])
    m = other.expect_error("forbidden", "trip.handheld", {"id": tid})

    # The journal: Ann delivered for cash, Ben not home, Cat by card.
    jobs0 = json.loads(st.ctl("--json", "compliance", "status"))["pending"]
    j = Journal("handheld-1", tid)
    t0 = us_now() - 3600 * 1000000          # an hour ago, offline
    batch = [
        j.entry("fix", at=t0, fix=fix(39760000, -104990000, t0)),
        j.entry("arrive", at=t0 + 1000, order=a),
        j.entry("deliver", at=t0 + 2000, order=a,
                tender={"cash": tp.total(0) + 500},
                id_scan={"name": "ANN ARROW", "dob": "1980-02-03",
                         "id_number": "dl-1000", "expiry": "2031-01-01",
                         "state": "CO"},
                fix=fix(39770000, -104970000, t0 + 2000)),
        j.entry("depart", at=t0 + 3000, order=a),
        j.entry("arrive", at=t0 + 4000, order=b),
        j.entry("fail", at=t0 + 5000, order=b, reason="not-home"),
        j.entry("skip", at=t0 + 5500, order=c, reason="gate locked"),
        j.entry("deliver", at=t0 + 6000, order=c,
                tender={"card": "AUTH-77"},
                id_scan={"name": "CAT COLE", "dob": "1999-01-01",
                         "id_number": "DL1002", "expiry": "2020-01-01",
                         "state": "CO"}),
    ]
    m = other.expect_error("forbidden", "trip.sync", {"id": tid,
                                                      "entries": batch})
    check("handheld-1" in m, m)
    check(st.sales() and len(st.sales()) == 1, "nothing synced by it")
    r = hh.call("trip.sync", {"id": tid, "entries": batch})["acked"]
    check([x["seq"] for x in r] == [e["seq"] for e in batch] and
          all(x["result"] == "done" for x in r[:7]), "acked: %r" % r)
    # Cat's ID at the door was not hers (and had expired): sold all the
    # same (the goods are gone), an exception for the manager.
    check(r[7]["result"] == "exception" and r[7]["sale"] > 0 and
          "date of birth" in r[7]["exception"] and
          "ID number" not in r[7]["exception"] and
          "expired" in r[7]["exception"], "Cat's ID: %r" % r[7])
    sale_a, sale_c = r[2]["sale"], r[7]["sale"]
    sa = mgr.call("sale.get", {"id": sale_a})["sale"]
    check(sa["time"] == t0 + 2000 and sa["terminal"] == "handheld-1" and
          sa["change"] == sa["tendered"] - sa["total"] and
          sa["tendered"] == tp.total(0) + 500,
          "Ann's sale at the door's time: %r" % sa)
    sc = mgr.call("sale.get", {"id": sale_c})["sale"]
    check(sc["card"] == {"amount": sc["total"], "ref": "AUTH-77"} and
          sc["tendered"] == 0,
          "Cat paid by card: %r" % sc)

    def order(i):
        return mgr.call("order.get", {"id": tp.orders[i]})["order"]
    check(order(0)["status"] == "delivered" and
          order(1)["status"] == "failed" and
          order(2)["status"] == "delivered" and
          order(3)["status"] == "out", "order statuses")
    tr = mgr.call("trip.get", {"id": tid})["trip"]
    check(tr["collected"] == sa["total"], "cash on the trip: %r" % tr)
    trk = hh.call("trip.track", {"id": tid})
    check([e["kind"] for e in trk["events"]] ==
          ["arrive", "deliver", "depart", "arrive", "fail", "skip",
           "deliver"] and len(trk["fixes"]) == 2 and
          trk["events"][1]["fix"]["lat"] == 39770000 and
          trk["events"][5]["reason"] == "gate locked", "track: %r" % trk)

    def sales_with(ref_prefix):
        return [s for s in st.sales() if s["ref"].startswith(ref_prefix)]

    def jobs():
        """Reports waiting for the state (no Metrc here: all of them)."""
        return json.loads(st.ctl("--json", "compliance", "status"))["pending"]
    check(jobs() == jobs0 + 2, "a Metrc delivery job each: %d" % jobs())

    # The same batch again (the reply was lost): answered, not applied.
    r2 = hh.call("trip.sync", {"id": tid, "entries": batch})["acked"]
    check(all(x["result"] == "duplicate" for x in r2) and
          "date of birth" in r2[7]["exception"] and
          r2[2]["sale"] == sale_a and r2[7]["sale"] == sale_c,
          "duplicates: %r" % r2)
    check(len(sales_with("handheld-1-")) == 2 and jobs() == jobs0 + 2,
          "each sale once, each report once")

    # Dee: over the day's ounce now (her store purchase and this).
    e = j.entry("deliver", at=us_now(), order=d,
                tender={"cash": tp.total(3)})
    r = hh.call("trip.sync", {"id": tid, "entries": [e]})["acked"]
    check(r[0]["result"] == "exception" and r[0]["sale"] > 0 and
          "limit" in r[0]["exception"], "over the limit: %r" % r)
    check(order(3)["status"] == "delivered", "the goods are gone: sold")
    ex = mgr.call("trip.exceptions", {"status": "open"})["exceptions"]
    check([x["order"] for x in ex] == [c, d], "listed: %r" % ex)
    ex = ex[1:]
    check(ex[0]["sale"] == r[0]["sale"] and ex[0]["key"] == e["key"],
          "listed: %r" % ex)
    out = st.ctl("trip", "exceptions")
    check(("%d" % r[0]["sale"]) in out and "limit" in out,
          "stashctl trip exceptions:\n" + out)
    r = hh.call("trip.sync", {"id": tid, "entries": [e]})["acked"]
    check(r[0]["result"] == "duplicate" and "limit" in r[0]["exception"],
          "the exception answered again, not made again: %r" % r)
    hh.expect_error("permission", "trip.exception.resolve",
                    {"id": ex[0]["id"], "note": "x"})
    x = mgr.call("trip.exception.resolve", {"id": ex[0]["id"], "note":
                                            "customer warned"})
    check(x["exception"]["status"] == "resolved", "%r" % x)
    check([x["order"] for x in mgr.call("trip.exceptions", {
        "status": "open"})["exceptions"]] == [c], "Cat's still open")
    audit = st.ctl("audit", "list", "--limit", "1000")
    check("trip.exception" in audit and "trip.exception.resolve" in audit,
          "audited")

    # A manager releases the handheld; the second one takes the trip.
    other.expect_error("permission", "trip.release", {"id": tid})
    mgr.call("trip.release", {"id": tid})
    other.call("trip.take", {"id": tid})
    hh.expect_error("forbidden", "trip.sync", {"id": tid, "entries": []})

    # A second trip: a package recalled after it left, and stashd killed
    # in the middle of syncs.
    n = us_now()
    orders = []
    for i, (sku, pkg) in enumerate(SECOND):
        o = mgr.call("order.create", {
            "ref": "drv2-%d" % i, "customer": tp.customers[i],
            "channel": "delivery",
            "window": {"start": n, "end": n + 24 * 3600 * 1000000},
            "lines": [{"sku": sku, "qty": 1}],
            "address": {"street": "%d Elm St" % (i + 1), "city": "Denver",
                        "state": "CO", "zip": "80202",
                        "lat": 39740000 + i * 1000, "lon": -104990000}})
        o = o["order"]["id"]
        mgr.call("order.pack", {"id": o, "tag": pkg})
        mgr.call("order.seal", {"id": o})
        orders.append(o)
    t2 = mgr.call("trip.create", {"driver": DRIVER, "vehicle": PLATE,
                                  "orders": orders})["trip"]["id"]
    mgr.call("trip.load", {"id": t2})
    mgr.call("trip.depart", {"id": t2, "ledger": "CO-L-2"})
    mgr.call("hold.set", {"scope": "package", "key": SECOND[0][1],
                          "recall": True,
                          "reason": "lab recall"})
    hh.call("trip.take", {"id": t2})
    j2 = Journal("handheld-1", t2)
    tot = [mgr.call("order.get", {"id": o})["order"]["total"]
           for o in orders]
    jobs1 = jobs()
    e = j2.entry("deliver", order=orders[0], tender={"cash": tot[0]})
    r = hh.call("trip.sync", {"id": t2, "entries": [e]})["acked"]
    check(r[0]["result"] == "exception" and r[0]["sale"] > 0 and
          "recalled" in r[0]["exception"], "recalled since: %r" % r)

    # kill -9 while a sync is in flight, twice; each resend is exactly
    # once whatever the kill caught.
    for i in (1, 2):
        e = j2.entry("deliver", order=orders[i], tender={"cash": tot[i]})
        rid = hh.send("trip.sync", {"id": t2, "entries": [e]})
        st.kill9()
        st.start()
        hh = tp.handheld("handheld-1")
        r = hh.call("trip.sync", {"id": t2, "entries": [e]})["acked"]
        check(r[0]["result"] in ("done", "duplicate") and r[0]["sale"] > 0,
              "after the kill: %r" % r)
        r = hh.call("trip.sync", {"id": t2, "entries": [e]})["acked"]
        check(r[0]["result"] == "duplicate", "then a duplicate: %r" % r)
        mgr = st.terminal("office-1", MANAGER)
    check(len(sales_with("handheld-1-%d-" % t2)) == 3,
          "three sales on the second trip: %r" % sales_with("handheld-1-"))
    check(jobs() == jobs1 + 3, "three delivery reports, once each: %d"
          % (jobs() - jobs1))
    check("whole" in st.ctl("audit", "verify"), "audit whole")

run(test)
