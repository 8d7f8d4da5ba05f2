#!/usr/bin/env python3
# Inventory over the protocol: moves decide what the register may sell, a
# destruction needs a witness (refused without one, or with a wrong PIN),
# theft is flagged for the state report, a recall of a batch blocks a cart
# in progress on another terminal at once and is pushed to it, and a trace
# of the batch matches the sales that were made.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def test(new_store):
    st = new_store().start()
    stock = st.stock()
    mgr = st.terminal("office-1", MANAGER)
    reg = st.terminal("register-1", BUDTENDER)
    reg2 = st.terminal("register-2", BUDTENDER)

    # Two packages of one batch... find a batch with two packages in the
    # demo, and sell from both.
    pk = {t: mgr.call("package.get", {"tag": t})["package"] for t in stock}
    by_batch = {}
    for t, p in pk.items():
        by_batch.setdefault(p["batch"], []).append(t)
    a = next(t for t, p in pk.items() if p["product"]["unit"] == "each"
             and p["qty"] >= 10)
    batch = pk[a]["batch"]
    check(pk[a]["location"] == "floor", "demo stock is on the floor")

    # Sales to trace later.
    s1 = reg.call("sale.commit", {"ref": "inv:1", "lines": [{"tag": a,
                  "qty": 2}], "tender": {"cash": 10**6}})["sale"]
    s2 = reg.call("sale.commit", {"ref": "inv:2", "lines": [{"tag": a,
                  "qty": 1}], "tender": {"cash": 10**6}})["sale"]
    reg.call("sale.void", {"id": s2["id"], "reason": "test",
             "approver": {"staff": MANAGER, "pin": PINS[MANAGER]}})

    # Moves: the vault is not for sale; the budtender may not move stock.
    reg.expect_error("permission", "package.move", {"tag": a, "to": "vault"})
    mgr.expect_error("bad-request", "package.move", {"tag": a,
                                                     "to": "basement"})
    nosuch = "F" * 24
    m = mgr.expect_error("bad-request", "package.move", {"tag": nosuch,
                                                         "to": "vault"})
    check(("no package with tag %s" % nosuch) in m, "move: %s" % m)
    mgr.call("package.move", {"tag": a, "to": "vault"})
    m = reg.expect_error("not-sellable", "sale.commit", {"ref": "inv:3",
        "lines": [{"tag": a, "qty": 1}], "tender": {"cash": 10**6}})
    check("vault" in m, "says where it is: %s" % m)
    mgr.call("package.move", {"tag": a, "to": "floor"})

    # Destruction: refused without a witness, with oneself, with a wrong
    # PIN; done with a witness, both recorded.
    q0 = mgr.call("package.get", {"tag": a})["package"]["qty"]
    mgr.expect_error("approval", "package.adjust", {"tag": a, "delta": -1,
                     "reason": "destruction"})
    mgr.expect_error("approval", "package.adjust", {"tag": a, "delta": -1,
                     "reason": "destruction",
                     "witness": {"staff": MANAGER, "pin": "2000"}})
    mgr.expect_error("approval", "package.adjust", {"tag": a, "delta": -1,
                     "reason": "destruction",
                     "witness": {"staff": RECEIVER, "pin": "9999"}})
    check(mgr.call("package.get", {"tag": a})["package"]["qty"] == q0,
          "refused destructions changed nothing")
    r = mgr.call("package.adjust", {"tag": a, "delta": -1,
                 "reason": "destruction", "note": "crushed",
                 "witness": {"staff": RECEIVER, "pin": PINS[RECEIVER]}})
    check(r["package"]["qty"] == q0 - 1, "destroyed one")
    hist = mgr.call("package.get", {"tag": a})["history"]
    d = [h for h in hist if h["reason"] == "destruction"]
    check(len(d) == 1 and d[0]["staff"] == MANAGER and
          d[0]["witness"] == RECEIVER, "destruction names both: %r" % d)
    # A weight's source is for packages sold by weight, and is kept.
    m = mgr.expect_error("bad-request", "package.adjust", {
        "tag": a, "delta": -1, "reason": "damage", "weight": "scale"})
    check("counted in units" in m, "a unit package has no weight: %s" % m)
    mgr.expect_error("bad-request", "package.adjust", {
        "tag": a, "delta": -1, "reason": "damage", "weight": "guess"})
    gg4 = "1A4060300000000000002001"    # Gorilla Glue #4, by weight
    mgr.call("package.adjust", {"tag": gg4, "delta": -1500,
                                "reason": "damage", "weight": "scale"})
    hist = mgr.call("package.get", {"tag": gg4})["history"]
    check(hist[-1]["delta"] == -1500 and hist[-1].get("weight") == "scale",
          "the scale's weight is kept: %r" % hist[-1])
    check("weight=scale" in st.ctl("audit", "list", "--limit", "3"),
          "audited with its source")
    # Theft is flagged for the state report in the audit trail.
    mgr.call("package.adjust", {"tag": a, "delta": -1, "reason": "theft"})
    check("state-report=yes" in st.ctl("audit", "list", "--limit", "5"),
          "theft flagged")
    # A destruction cannot add stock; more than on hand is refused.
    mgr.expect_error("bad-request", "package.adjust", {"tag": a,
                     "delta": 5, "reason": "theft"})
    mgr.expect_error("bad-request", "package.adjust", {"tag": a,
                     "delta": -10**6, "reason": "damage"})
    reg.expect_error("permission", "package.adjust", {"tag": a, "delta": -1,
                     "reason": "damage"})

    # A recall of the batch blocks a cart in progress on register 2.
    reg2.call("item.lookup", {"code": a})
    mgr.call("hold.set", {"scope": "batch", "key": batch, "recall": True,
                          "reason": "lab retest failed"})
    ev = reg2.wait_event("hold")
    check(ev["key"] == batch and ev["recall"], "recall pushed: %r" % ev)
    m = reg2.expect_error("not-sellable", "sale.commit", {"ref": "inv:4",
        "lines": [{"tag": a, "qty": 1}], "tender": {"cash": 10**6}})
    check("recalled" in m, "says recalled: %s" % m)
    reg2.expect_error("not-sellable", "item.lookup", {"code": a})
    mgr.expect_error("not-found", "hold.set", {"scope": "batch",
                     "key": "NO-SUCH-BATCH", "reason": "x"})
    holds = mgr.call("hold.list")["holds"]
    check(any(h["key"] == batch for h in holds), "hold listed")

    # The trace of the batch matches the sales.
    tr = mgr.call("trace", {"scope": "batch", "key": batch})
    tags = {p["tag"] for p in tr["packages"]}
    check(a in tags and tags == set(by_batch[batch]), "trace packages")
    pa = next(p for p in tr["packages"] if p["tag"] == a)
    check({x["sale"] for x in pa["sales"]} == {s1["id"], s2["id"]},
          "trace sales: %r" % pa["sales"])
    check(pa["sold"] == 2, "sold 2 (the void is not sold)")
    check(tr["totals"]["voided"] == 1, "voided 1")
    check(pa["hold"]["recall"], "package shows the recall")

    # Released: selling resumes.
    mgr.call("hold.release", {"scope": "batch", "key": batch,
                              "reason": "retest passed"})
    reg2.wait_event("hold")
    reg2.call("sale.commit", {"ref": "inv:5", "lines": [{"tag": a,
              "qty": 1}], "tender": {"cash": 10**6}})
    check("whole" in st.ctl("audit", "verify"), "audit whole")
    st.stop()


run(test)
