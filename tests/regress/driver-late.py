#!/usr/bin/env python3
# A trip the store closed before its handheld synced (the handheld was
# off, or out of signal, until after the driver came back): the close
# returned the orders it had no word of and wrote off as lost what they
# held. A delivery the handheld then syncs is the sale that happened: it
# is committed at the door's time, the close's loss of its package is
# given back (an entry-error adjustment) and the order is delivered, the
# trip's cash set against it again, and the manager gets an exception
# saying so. A failure synced after the close changes nothing (the close
# returned the goods) and is no exception. Sent again: duplicates.
import json
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from drivertrip import *


def test(new_store):
    tp = Trip(new_store)
    st, mgr, tid = tp.st, tp.mgr, tp.id
    a, b, c, d = tp.orders
    hh, j = tp.taken()
    hh.call("trip.handheld", {"id": tid})

    # Offline: Ann takes her order and pays cash; Ben is not home.
    t0 = us_now() - 1800 * 1000000
    late = [
        j.entry("arrive", at=t0, order=a),
        j.entry("deliver", at=t0 + 1000, order=a,
                tender={"cash": tp.total(0)}),
        j.entry("fail", at=t0 + 2000, order=b, reason="not-home"),
    ]
    # Back at the store the handheld is flat: the manager closes the trip
    # on what is scanned back (Ben's, Cat's and Dee's packages) and the
    # cash the driver hands in (Ann's).
    back = [{"tag": STOPS[i][3]} for i in (1, 2, 3)]
    tr = mgr.call("trip.close", {"id": tid, "cash": tp.total(0),
                                 "returned": back})["trip"]
    check([m["tag"] for m in tr["missing"]] == [STOPS[0][3]] and
          tr["over_short"] == tp.total(0), "Ann's package lost, the cash "
          "over: %r" % tr)
    ann = mgr.call("order.get", {"id": a})["order"]
    check(ann["status"] == "returned", "Ann's order returned: %r" % ann)
    pk = mgr.call("package.get", {"tag": STOPS[0][3]})
    check(pk["package"]["qty"] == 0, "written off: %r" % pk["package"])
    jobs0 = json.loads(st.ctl("--json", "compliance", "status"))["pending"]

    # The handheld comes back and syncs.
    r = hh.call("trip.sync", {"id": tid, "entries": late})["acked"]
    check(r[0]["result"] == "done" and r[2]["result"] == "done",
          "the arrival and the failure: %r" % r)
    check(r[1]["result"] == "exception" and r[1].get("sale", 0) > 0 and
          "closed" in r[1]["exception"] and "cash" in r[1]["exception"],
          "Ann's delivery sold and flagged: %r" % r[1])
    sale = mgr.call("sale.get", {"id": r[1]["sale"]})["sale"]
    check(sale["time"] == t0 + 1000 and sale["total"] == tp.total(0) and
          sale["lines"][0]["tag"] == STOPS[0][3],
          "the sale at the door's time: %r" % sale)
    ann = mgr.call("order.get", {"id": a})["order"]
    check(ann["status"] == "delivered" and ann["sale"] == sale["id"],
          "Ann's order delivered: %r" % ann)
    ben = mgr.call("order.get", {"id": b})["order"]
    check(ben["status"] == "returned", "Ben's stays returned: %r" % ben)
    tr = mgr.call("trip.get", {"id": tid})["trip"]
    check(tr["status"] == "closed" and tr["missing"] == [] and
          tr["collected"] == tp.total(0) and tr["over_short"] == 0,
          "the trip's accounts right again: %r" % tr)
    pk = mgr.call("package.get", {"tag": STOPS[0][3]})
    check(pk["package"]["qty"] == 0, "sold, not back: %r" % pk["package"])
    hist = [h for h in pk["history"] if h.get("reason") == "entry-error"]
    check(len(hist) == 1 and hist[0]["delta"] == 1, "the loss given back "
          "once: %r" % pk["history"])
    jobs1 = json.loads(st.ctl("--json", "compliance", "status"))["pending"]
    check(jobs1 >= jobs0 + 2, "the adjustment and the delivery reported: "
          "%d -> %d" % (jobs0, jobs1))
    ex = mgr.call("trip.exceptions", {"trip": tid})["exceptions"]
    check(len(ex) == 1 and ex[0]["order"] == a and
          ex[0]["sale"] == sale["id"], "one exception: %r" % ex)

    # Sent again (the reply was lost): the same, nothing doubled.
    r2 = hh.call("trip.sync", {"id": tid, "entries": late})["acked"]
    check(all(x["result"] == "duplicate" for x in r2) and
          r2[1]["sale"] == sale["id"], "duplicates: %r" % r2)
    check(len([s for s in st.sales() if s["ref"].startswith(
        "handheld-1-")]) == 1 and json.loads(st.ctl(
            "--json", "compliance", "status"))["pending"] == jobs1,
        "one sale, its reports once")
    check("whole" in st.ctl("audit", "verify"), "audit whole")

run(test)
