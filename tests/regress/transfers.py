#!/usr/bin/env python3
# Incoming transfers become manifests (metrc-transfers.c): stashd asks the
# state (stash-metrc-sim, seeded with one incoming transfer of two
# packages) every metrc-transfers seconds for its incoming transfers, their
# deliveries and their packages, and makes a manifest of each delivery it
# has not made before, matched to our products by the state's item name,
# audited; asking again makes nothing twice, nor does a restart.
import json
import os
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

MANIFEST = "0000123456"


def test(new_store):
    st = new_store()
    sim = Sim(os.path.join(st.dir, "sim.json"))
    try:
        run_all(st, sim)
    finally:
        sim.stop()


def gets(sim, what):
    return sum(1 for q in sim.requests() if q["method"] == "GET" and
               what in q["uri"])


def run_all(st, sim):
    report_to(st, sim, "metrc-reconcile=0", "metrc-transfers=1")
    st.start()
    rcv = st.terminal("intake-1", RECEIVER)

    def made():
        return [m for m in rcv.call("intake.list")["manifests"]
                if m["manifest"] == MANIFEST]
    wait_until("the incoming transfer to become a manifest", made, 20)
    m = rcv.call("intake.get", {"manifest": MANIFEST})["manifest"]
    check(m["supplier"] == "403-00001", "the shipper: %r" % m["supplier"])
    lines = m["lines"]
    check(len(lines) == 2, "two packages: %r" % lines)
    by_sku = {l["sku"]: l for l in lines}
    check("FL-GG4-BULK" in by_sku, "matched by item name: %r" % by_sku)
    check(by_sku["FL-GG4-BULK"]["shipped"] == 453592,
          "grams in mg: %r" % by_sku["FL-GG4-BULK"]["shipped"])
    check(all(l["state"] == "pending" for l in lines), "to be scanned")
    # The batch comes from the state's ProductionBatchNumber.
    check(by_sku["FL-GG4-BULK"].get("batch") == "GG4-2412-01",
          "batch from ProductionBatchNumber: %r" % by_sku["FL-GG4-BULK"])
    # A transfer's deliveries and a delivery's packages take no
    # licenseNumber; the incoming list does.
    for q in sim.requests():
        if q["method"] != "GET" or not q["uri"].startswith("/transfers/"):
            continue
        scoped = q["uri"].startswith("/transfers/v2/incoming")
        check(("licenseNumber=" in q["uri"]) == scoped and
              q.get("status") == 200, "asked as the spec has it: %r" % q)

    # Polled again (and again after a restart): still one manifest.
    n = gets(sim, "/transfers/v2/incoming")
    wait_until("another poll", lambda: gets(sim,
               "/transfers/v2/incoming") >= n + 2, 20)
    st.stop()
    st.start()
    rcv = st.terminal("intake-1", RECEIVER)
    n = gets(sim, "/transfers/v2/incoming")
    wait_until("a poll after a restart", lambda: gets(sim,
               "/transfers/v2/incoming") >= n + 1, 20)
    check(len(made()) == 1, "made once")
    au = [l for l in st.ctl("audit", "list", "--limit", "100000").split(
        "\n") if "intake.create" in l]
    check(len(au) == 1 and MANIFEST in au[0] and "metrc-transfers" in au[0],
          "audited once: %r" % au)
    check("whole" in st.ctl("audit", "verify"), "audit whole")

    # Received and closed: each package keeps the state's batch, here and,
    # once the delivery is accepted at the state (its web UI: the
    # simulator's /_sim/receive), at the state too.
    for l in lines:
        rcv.call("intake.scan", {"manifest": MANIFEST, "tag": l["tag"],
                                 "qty": l["shipped"]})
    rcv.call("intake.close", {"manifest": MANIFEST})
    for l in lines:
        pk = rcv.call("package.get", {"tag": l["tag"]})["package"]
        check(pk["batch"] == l["batch"] and l["batch"],
              "%s keeps batch %r: %r" % (l["tag"], l["batch"], pk["batch"]))
    d = sim.admin("GET", "/_sim/state")["transfers"][0]["Deliveries"][0]
    sim.admin("POST", "/_sim/receive", {"deliveryId": d["Id"]})
    for l in lines:
        got = sim_get(sim, "/packages/v2/%s?licenseNumber=402R-00042" %
                      l["tag"])
        check(got.get("ProductionBatchNumber") == l["batch"],
              "the state's %s keeps batch %r: %r" % (
                  l["tag"], l["batch"], got.get("ProductionBatchNumber")))
    st.stop()


def sim_get(sim, path):
    import base64, urllib.request
    req = urllib.request.Request(sim.url + path)
    auth = "%s:%s" % (sim.start["vendor_key"], sim.start["user_key"])
    req.add_header("Authorization", "Basic " +
                   base64.b64encode(auth.encode()).decode())
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


run(test)
