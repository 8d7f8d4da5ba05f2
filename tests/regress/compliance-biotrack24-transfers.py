#!/usr/bin/env python3
# BioTrack v2024's inbound transfers (state-biotrack24.c): every
# biotrack-transfers seconds stashd reads GET /v1/inventory/transfer/inbound
# page after page (NextCursor) and makes a manifest of each transfer not
# in the ledger, numbered by the transfer's ID, matched to our products by
# name, BioTrack's 16-digit barcodes kept as tags; a transfer with an item
# we do not sell is not made (its reason logged); asking again, or a
# restart, makes nothing twice. When the receiver closes the manifest the
# receipt is reported through the outbox (PUT
# /v1/inventory/transfer/{id}/receive with what was taken in), exactly
# once: an answer lost after BioTrack applied it is found by the transfer
# (Received), a 500 is looked up, not received, and sent again; while a
# receipt is owed the reconciliation lists it against the package.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from btsim import check_inbound, products, settled, take_in, with_sim

T1 = "7815325929358807"
T2 = "7815325929358808"
T3 = "7815325929358809"


def receive(t):
    return "/v1/inventory/transfer/%s/receive" % t


def run_all(st, sim):
    sim.faults24({"page_size": 1})
    st.options = sim.options24(st, "biotrack-transfers=1")
    st.start()
    rcv = st.terminal("intake-1", RECEIVER)
    mgr = st.terminal("register-1", MANAGER)
    each, weighed = products(mgr, st.tags)

    def inbound_gets():
        return [q for q in sim.requests24() if q["method"] == "GET" and
                q["path"] == "/v1/inventory/transfer/inbound"]

    wait_until("a first poll", lambda: inbound_gets())
    sim.admin24("POST", "transfer", {
        "ID": T1, "ManifestID": "M-0042", "FromLicense": "MMTC-2019-0001",
        "Item": [{"Barcode": "6033571320007909", "Product":
                  weighed["name"].upper(), "Quantity": "453.5"},
                 {"Barcode": "6033573300000126", "Product": each["name"],
                  "Quantity": 3}]})
    sim.admin24("POST", "transfer", {
        "ID": T2, "FromLicense": "MMTC-2019-0001",
        "Item": [{"Barcode": "6033573300000127", "Product":
                  "Nothing We Sell", "Quantity": 1}]})
    sim.admin24("POST", "transfer", {
        "ID": T3, "FromLicense": "MMTC-2019-0002",
        "Item": [{"Barcode": "6033573300000128", "Product": each["name"],
                  "Quantity": 2}]})

    def made(n):
        return [m for m in rcv.call("intake.list")["manifests"]
                if m["manifest"] == n]
    wait_until("the inbound transfers made", lambda: made(T1) and made(T3))
    check_inbound(rcv, T1, "MMTC-2019-0001", each, weighed)
    # A page a transfer: the later pages asked for by their cursor.
    check(any(q["query"].startswith("Cursor=") for q in inbound_gets()),
          "paged by NextCursor: %r" % inbound_gets()[-3:])
    n = len(inbound_gets())
    wait_until("two more polls", lambda: len(inbound_gets()) >= n + 6)
    check(made(T2) == [], "an item we do not sell: not made")
    with open(os.path.join(st.dir, "stashd.log")) as f:
        log = f.read()
    check("no product named" in log and T2 in log,
          "the reason logged for a person")

    # T1 taken in, its receipt's answer lost after BioTrack applied it.
    sim.faults24({"lose": 1, "path": receive(T1)})
    take_in(rcv, mgr, T1)
    tr = sim.state24()["transfers"][T1]
    check(tr["Received"] and len(tr["Receipts"]) == 1,
          "received once: %r" % tr)
    items = {i["Barcode"]: i["Quantity"] for i in tr["Receipts"][0]["Item"]}
    check(items == {"6033571320007909": "453.500", "6033573300000126": 3},
          "what was taken in, as BioTrack's barcodes: %r" % items)
    check(any(q["method"] == "GET" and q["path"] ==
              "/v1/inventory/transfer/inbound/" + T1
              for q in sim.requests24()), "the lost receipt looked up")

    # T3's receipt refused with 500s before anything was applied: looked
    # up, not received there, sent again. While it is owed, the
    # reconciliation says why BioTrack does not list T3's package yet.
    sim.faults24({"status": 500, "count": 100000, "path": receive(T3)})
    rcv.call("intake.scan", {"manifest": T3,
                             "tag": "000000006033573300000128", "qty": 2})
    rcv.call("intake.close", {"manifest": T3})
    wait_until("T3's receipt refused", lambda: any(
        q["path"] == receive(T3) and q["fault"] == 500
        for q in sim.requests24()))
    r = mgr.call("compliance.reconcile")
    d = [d for d in r["differences"]
         if d["tag"] == "000000006033573300000128"]
    check(len(d) == 1 and d[0]["kind"] == "not-at-state" and
          [(p["kind"], p["effect"]) for p in d[0]["pending"]] ==
          [("transfer-receive", -2)], "owed, and said so: %r" % d)
    sim.faults24({})
    wait_until("T3's receipt reported", lambda: settled(mgr), 120)
    tr = sim.state24()["transfers"][T3]
    check(tr["Received"] and len(tr["Receipts"]) == 1,
          "received once: %r" % tr)
    check(any(q["method"] == "GET" and q["path"] ==
              "/v1/inventory/transfer/inbound/" + T3
              for q in sim.requests24()), "the refused receipt looked up")
    applied = sim.state24()["applied"]
    check(len(applied) == 2 and all(v == 1 for v in applied.values()),
          "each receipt applied once: %r" % applied)
    s = mgr.call("compliance.status")
    check(s["exceptions"] == 0, "no exception: %r" % s)

    # A restart: received transfers are no longer inbound, nothing made
    # twice; T2 is still asked after and still not made.
    st.stop()
    st.start()
    rcv = st.terminal("intake-1", RECEIVER)
    n = len(inbound_gets())
    wait_until("polls after the restart", lambda: len(inbound_gets()) >=
               n + 2)
    check(made(T1) == [] and made(T3) == [] and made(T2) == [],
          "none open again: %r" % rcv.call("intake.list"))
    for n in (T1, T3):
        m = rcv.call("intake.get", {"manifest": n})["manifest"]
        check(m["status"] == "closed", "%s closed: %r" % (n, m))
    au = [l for l in st.ctl("audit", "list", "--limit", "100000").split(
        "\n") if "intake.create" in l]
    check(len(au) == 2 and "biotrack24-transfers" in au[0],
          "audited once each: %r" % au)
    check(all(v == 1 for v in sim.state24()["applied"].values()),
          "and still each receipt once")


run(with_sim(run_all))
