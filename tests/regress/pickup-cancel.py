#!/usr/bin/env python3
# A cancelled sealed pickup leaves no queue entry (doc/protocol.md,
# "order.cancel"): a pickup order sealed at the packing station waits in
# the door queue; cancelling it takes its entry out of the queue in the
# same transaction (status "left"), and every terminal hears a queue
# event saying so. Another customer's entry stays where it was, and the
# stock the order held is sellable again.
import os
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

WW1 = "1A4060300000000000007001"    # White Widow 1g: 60
SD7 = "1A4060300000000000004001"    # Sour Diesel 7g: 12
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}


def test(new_store):
    st = new_store()
    st.start()
    t = st.terminal("register-1", MANAGER)
    door = st.terminal("register-2", BUDTENDER, drawer=False)
    now = int(time.time() * 1000000)

    def pickup(n, sku, tag):
        cust = t.call("customer.create", {
            "type": "adult", "first": "Pick", "last": "Up%d" % n,
            "dob": "1980-01-01", "residence": "CO",
            "id_doc": dict(IDOC, number="PC%d" % n),
            "id_scanned": True})["customer"]["id"]
        o = t.call("order.create", {
            "ref": "pc-%d" % n, "customer": cust, "channel": "pickup",
            "window": {"start": now, "end": now + 24 * 3600 * 1000000},
            "lines": [{"sku": sku, "qty": 1}]})["order"]
        t.call("order.pack", {"id": o["id"], "tag": tag})
        t.call("order.seal", {"id": o["id"]})
        return o["id"]

    a = pickup(1, "FL-WW-1", WW1)
    b = pickup(2, "FL-SD-7", SD7)

    def waiting():
        return {e["order"]: e for e in t.call("queue.list")["waiting"]}
    q = waiting()
    check(a in q and b in q, "both sealed pickups wait: %r" % q)
    door.events.clear()

    o = t.call("order.cancel", {"id": a, "reason": "customer called"})
    check(o["order"]["status"] == "cancelled", "cancelled: %r" % o)
    q = waiting()
    check(a not in q, "the cancelled pickup left the queue: %r" % q)
    check(b in q and q[b]["status"] == "waiting",
          "the other one still waits: %r" % q)
    ev = door.wait_event("queue")
    check(ev["state"] == "left" and ev["entry"]["order"] == a and
          ev["entry"]["status"] == "left", "the queue event: %r" % ev)

    # Nothing is left to call: the next customer called is b's.
    nxt = t.call("queue.call")
    check(nxt["entry"]["order"] == b, "next is the other pickup: %r" % nxt)
    audit = st.ctl("audit", "list", "--limit", "50")
    check("order.cancel" in audit and "queue=left" in audit,
          "the audit says the entry left:\n" + audit)

run(test)
