#!/usr/bin/env python3
# Reconciliation with the state (compliance.reconcile, reconcile.c): a
# package the state puts on hold is held here, and a register with a cart
# in progress hears of it and cannot sell it; a quantity the state changed
# by itself is a difference; one a report still in the outbox explains is
# not. Also what is reported: each line's TotalAmount is its pre-tax price
# after discounts, and a return updates the state's receipt (PUT) with
# what the customer kept.
import base64
import json
import os
import sys
import time
import urllib.request
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

APPROVE = {"staff": MANAGER, "pin": PINS[MANAGER]}


def sim_post(sim, path, body):
    req = urllib.request.Request(sim.url + path + "?licenseNumber=" + LIC,
                                 data=json.dumps(body).encode(),
                                 method="POST")
    auth = "%s:%s" % (sim.start["vendor_key"], sim.start["user_key"])
    req.add_header("Authorization", "Basic " +
                   base64.b64encode(auth.encode()).decode())
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"null")


def sim_receipt(sim, ref):
    for r in sim.admin("GET", "/_sim/state")["receipts"]:
        if r.get("ExternalReceiptNumber") == ref:
            return r
    return None


def test(new_store):
    st = new_store()
    sim = Sim(os.path.join(st.dir, "sim.json"))
    try:
        run_all(st, sim)
    finally:
        sim.stop()


def run_all(st, sim):
    report_to(st, sim, "metrc-reconcile=0")
    st.start()
    mgr = st.terminal("register-1", MANAGER)
    reg2 = st.terminal("register-2", MANAGER)
    each = []
    for p in st.tags:
        try:
            if mgr.call("item.lookup", {"code": p})["product"]["unit"] \
                    != "each":
                continue
        except ProtoError:
            continue
        if mgr.call("package.get", {"tag": p})["package"]["qty"] >= 5 \
                and sim.qty(p) is not None:
            each.append(p)
    check(len(each) >= 5, "five packages sold by the unit")
    A, B, C, D, E = each[:5]
    n = [0]

    def sell(t, lines, **kw):
        n[0] += 1
        args = {"ref": "rc:%d" % n[0], "lines": lines,
                "tender": {"cash": 10**7}}
        args.update(kw)
        return t.call("sale.commit", args)["sale"]

    def drained():
        s = mgr.call("compliance.status")
        return s["pending"] == 0 and s["exceptions"] == 0

    # In step at the start: no quantity differs, nothing is held.
    r = mgr.call("compliance.reconcile")
    check(r["packages"] > 0 and r["compared"] > 0, "compared: %r" % r)
    # Every page of the state's list (the demo's is 30 packages, pages
    # of 20), not the first only.
    check(r["packages"] > 20, "all pages read: %r" % r)
    q = [d for d in r["differences"] if d["kind"] == "quantity"]
    check(q == [], "no quantity differences at the start: %r" % q)
    check(r["held"] == [], "nothing held: %r" % r["held"])

    # The state puts A on hold; register 2 has A in a cart.
    reg2.call("item.lookup", {"code": A})
    sim.admin("POST", "/_sim/hold", {"label": A})
    r = mgr.call("compliance.reconcile")
    check(r["held"] == [A], "A held from the state: %r" % r)
    check(any(d["tag"] == A and d["kind"] == "hold"
              for d in r["differences"]), "the hold is a difference")
    ev = reg2.wait_event("hold")
    check(ev["key"] == A and ev["scope"] == "package" and
          ev["reason"] == "state: on hold", "hold pushed: %r" % ev)
    m = reg2.expect_error("not-sellable", "sale.commit", {"ref": "rc:held",
                          "lines": [{"tag": A, "qty": 1}],
                          "tender": {"cash": 10**6}})
    check("state: on hold" in m, "the refusal names the hold: %s" % m)
    holds = mgr.call("hold.list")["holds"]
    check(any(h["key"] == A and h["reason"] == "state: on hold"
              for h in holds), "listed: %r" % holds)
    # Once held, again is a no-op.
    r = mgr.call("compliance.reconcile")
    check(r["held"] == [], "held once: %r" % r["held"])

    # A recall, too.
    sim.admin("POST", "/_sim/hold", {"label": E, "recalled": True})
    r = mgr.call("compliance.reconcile")
    check(r["held"] == [E], "E recalled from the state: %r" % r)
    ev = reg2.wait_event("hold")
    check(ev["key"] == E and ev["recall"] and
          ev["reason"] == "state: recalled", "recall pushed: %r" % ev)

    # The state's quantity of B changed behind our back: a difference.
    sim_post(sim, "/sales/v2/receipts", [{
        "SalesDateTime": "2026-01-02T10:00:00.000",
        "SalesCustomerType": "Consumer",
        "Transactions": [{"PackageLabel": B, "Quantity": 1,
                          "UnitOfMeasure": "Each", "TotalAmount": 1.00}]}])
    ours = mgr.call("package.get", {"tag": B})["package"]["qty"]
    r = mgr.call("compliance.reconcile")
    d = [x for x in r["differences"] if x["tag"] == B]
    check(len(d) == 1 and d[0]["kind"] == "quantity" and
          d[0]["ours"] == ours and d[0]["state"] == ours - 1 and
          d[0]["unexplained"] == -1 and d[0]["unit"] == "each",
          "B differs by one: %r" % d)

    # A sale not yet reported explains the state having more.
    sim.faults({"status": 503, "path": "/sales/v2/receipts",
                "method": "POST"})
    sell(mgr, [{"tag": C, "qty": 2}])
    wait_until("an attempt", lambda: sim.posts("stash-%s-" % LIC) > 0)
    r = mgr.call("compliance.reconcile")
    check(not any(x["tag"] == C for x in r["differences"]),
          "C not a difference: %r" % r["differences"])
    x = [x for x in r["explained"] if x["tag"] == C]
    check(len(x) == 1 and x[0]["state"] == x[0]["ours"] + 2 and
          x[0]["pending"][0]["kind"] == "receipt" and
          x[0]["pending"][0]["effect"] == 2, "C explained: %r" % x)
    sim.faults({})
    wait_until("the outbox drained", drained)

    # TotalAmount: the line's pre-tax price after discounts.
    s = sell(mgr, [{"tag": D, "qty": 2}, {"tag": C, "qty": 1}],
             discounts=[{"kind": "oneoff", "percent": 5,
                         "reason": "test"}])
    ref = "stash-%s-%d" % (LIC, s["id"])
    rc = wait_until("the receipt", lambda: sim_receipt(sim, ref))
    amounts = [t["TotalAmount"] for t in rc["Transactions"]]
    check(sum(amounts) == s["total"] - s["tax"] and s["discount"] > 0,
          "TotalAmount after discounts, before tax: %r / %r" % (amounts, s))

    # A return: the receipt at the state keeps what the customer kept.
    qd = sim.qty(D)
    ret = mgr.call("sale.return", {"sale": s["id"], "lines": [{"tag": D,
                   "qty": 1}], "reason": "wrong item",
                   "approver": APPROVE})["return"]
    wait_until("the receipt updated", lambda: len(
        sim_receipt(sim, ref)["Transactions"]) == 2 and
        sim_receipt(sim, ref)["Transactions"][0]["Quantity"] == 1000)
    rc = sim_receipt(sim, ref)
    check(rc["Transactions"][0]["TotalAmount"] * 2 in
          (amounts[0], amounts[0] + 1, amounts[0] - 1),
          "half the amount: %r / %r" % (rc["Transactions"], amounts))
    check(sim.qty(D) == qd + 1000, "the state has it back")
    puts = [q for q in sim.requests() if q["method"] == "PUT" and
            q["uri"].startswith("/sales/v2/receipts")]
    check(len(puts) == 1, "one PUT: %r" % puts)
    wait_until("the outbox drained", drained)
    # Everything else back: the receipt is voided.
    mgr.call("sale.return", {"sale": s["id"], "lines": [{"tag": D,
             "qty": 1}, {"tag": C, "qty": 1}], "reason": "changed mind",
             "approver": APPROVE})
    wait_until("the receipt voided", lambda:
               sim_receipt(sim, ref).get("Archived", 0) != 0)
    wait_until("the outbox drained", drained)

    # In step again, but for B (changed at the state) and the quarantined
    # returns, which the state still counts as active stock.
    r = mgr.call("compliance.reconcile")
    q = {d["tag"] for d in r["differences"] if d["kind"] == "quantity"}
    check(q == {B}, "only B differs: %r" % r["differences"])
    sim.stop()
    st.stop()


run(test)
