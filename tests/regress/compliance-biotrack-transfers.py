#!/usr/bin/env python3
# BioTrack's inbound transfers become manifests (state-biotrack.c): every
# biotrack-transfers seconds stashd asks inventory_manifest_lookup for the
# manifests inbound to its licence and inventory_transfer_lookup for the
# items of each it has not made, and makes a manifest of each for the
# receiver to check, matched to our products by BioTrack's product name,
# BioTrack's 16-digit barcodes kept as tags; asking again makes nothing
# twice, nor does a restart; a manifest with an item we do not sell is
# not made (and asked again later), and a refused lookup changes nothing.
# When the receiver closes a manifest, BioTrack is told it was received
# (inventory_transfer_inbound at our licence, with what was taken in as
# BioTrack's barcodes), once, though its answer was lost (asked for again
# by its nonce); the manifest is then no longer inbound there.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from btsim import check_inbound, products, take_in, with_sim

M1 = "7815325929358807"
M2 = "7815325929358808"


def run_all(st, sim):
    st.options = sim.options(st, "biotrack-transfers=1")
    st.start()
    rcv = st.terminal("intake-1", RECEIVER)
    mgr = st.terminal("register-1", MANAGER)
    each, weighed = products(mgr, st.tags)

    def lookups(action):
        return sum(1 for q in sim.requests() if q["action"] == action)

    # Nothing inbound yet: the 602 is an empty list, nothing made.
    wait_until("a first poll", lambda: lookups(
        "inventory_manifest_lookup") >= 1)

    sim.admin("POST", "/_sim/manifest", {
        "manifest_id": M1, "license_number": "412345",
        "items": [{"barcode_id": "6033571320007909", "product":
                   weighed["name"].upper(), "quantity": "453.5",
                   "inventorytype": 13},
                  {"barcode_id": "6033573300000126", "product":
                   each["name"], "quantity": "3", "inventorytype": 28}]})
    sim.admin("POST", "/_sim/manifest", {
        "manifest_id": M2, "license_number": "412345",
        "items": [{"barcode_id": "6033573300000127", "product":
                   "Nothing We Sell", "quantity": "1"}]})

    def made(n):
        return [m for m in rcv.call("intake.list")["manifests"]
                if m["manifest"] == n]
    wait_until("the inbound manifest made", lambda: made(M1))
    m = check_inbound(rcv, M1, "412345", each, weighed)
    check(all(l["state"] == "pending" for l in m["lines"]),
          "for the receiver to check")
    # Each lookup named our licence as BioTrack's location.
    n = lookups("inventory_transfer_lookup")
    wait_until("two more polls", lambda: lookups(
        "inventory_transfer_lookup") >= n + 2)
    check(made(M2) == [], "an item we do not sell: not made")
    with open(os.path.join(st.dir, "stashd.log")) as f:
        log = f.read()
    check("no product named" in log and M2 in log,
          "the reason logged for a person")

    # A restart, then a refused lookup: still one manifest.
    st.stop()
    st.start()
    rcv = st.terminal("intake-1", RECEIVER)
    n = lookups("inventory_manifest_lookup")
    wait_until("a poll after the restart", lambda: lookups(
        "inventory_manifest_lookup") >= n + 1)
    sim.faults({"status": 500, "count": 1})
    n = lookups("inventory_manifest_lookup")
    wait_until("polls after a refused one", lambda: sum(
        1 for q in sim.requests() if q["action"] ==
        "inventory_manifest_lookup" and q["fault"] == 0) >= n + 1)
    check(any(q["fault"] == 500 for q in sim.requests()), "one refused")
    check(len(made(M1)) == 1, "made once")
    au = [l for l in st.ctl("audit", "list", "--limit", "100000").split(
        "\n") if "intake.create" in l]
    check(len(au) == 1 and M1 in au[0] and "biotrack-transfers" in au[0],
          "audited once: %r" % au)

    # M1 taken in. No polls now: the lost answer is the receipt's.
    st.stop()
    st.options = sim.options(st, "biotrack-transfers=0")
    st.start()
    rcv = st.terminal("intake-1", RECEIVER)
    mgr = st.terminal("register-1", MANAGER)
    sim.faults({"lose": 1})
    take_in(rcv, mgr, M1)
    got = sim.state()["received"]
    check(list(got) == [M1] and len(got[M1]["receipts"]) == 1,
          "M1 received once: %r" % got)
    r = got[M1]["receipts"][0]
    check(r["location"] == LIC, "at our licence: %r" % r)
    items = {i["barcodeid"]: i["quantity"] for i in r["data"]}
    check(items == {"6033571320007909": "453.500000",
                    "6033573300000126": 3},
          "what was taken in, as BioTrack's barcodes: %r" % items)
    check(len(sim.applied("inventory_transfer_inbound")) == 1,
          "applied once: %r" % sim.applied("inventory_transfer_inbound"))
    check(any(q["action"] == "nonce_replay" for q in sim.requests()),
          "the lost answer asked for by its nonce")
    s = mgr.call("compliance.status")
    check(s["exceptions"] == 0, "no exception: %r" % s)


run(with_sim(run_all))
