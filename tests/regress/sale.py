#!/usr/bin/env python3
# A sale over the protocol: stock and audit afterwards, a second terminal
# sees the stock change, an idempotent retry sells once, refusals change
# nothing, and a void needs a manager's approval.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def test(new_store):
    st = new_store().start()
    before = st.stock()
    a, b = st.tags[0], st.tags[1]
    t1 = st.terminal("register-1", BUDTENDER)
    t2 = st.terminal("register-2", BUDTENDER)

    ia = t1.call("item.lookup", {"code": a.lower()})
    check(ia["tag"] == a, "lookup by lower-case tag")
    price_a = ia["product"]["price"]
    qa = 1 if ia["product"]["unit"] == "each" else 3500
    ib = t1.call("item.lookup", {"code": b})
    qb = 1 if ib["product"]["unit"] == "each" else 1000
    lines = [{"tag": a, "qty": qa}, {"tag": b, "qty": qb}]
    r = t1.call("sale.commit", {"ref": "r1:1", "lines": lines,
                                "tender": {"cash": 100000}})
    sale = r["sale"]
    check(not r["replayed"], "first commit is not a replay")
    check(sale["subtotal"] == sum(l["total"] for l in sale["lines"]),
          "subtotal")
    # A walk-in in Colorado pays the 15% retail marijuana sales tax.
    check(sale["taxes"][0]["name"] == "co_retail_mj_sales" and
          sale["tax"] == (sale["subtotal"] * 15 + 50) // 100 and
          sale["total"] == sale["subtotal"] + sale["tax"], "tax: %r" % sale)
    check(sale["change"] == 100000 - sale["total"], "change")
    check(sale["staff"]["id"] == BUDTENDER, "staff on sale")

    # The second terminal is told about the stock change.
    ev = t2.wait_event("stock")
    check(ev["tag"] in (a, b), "stock event names a sold package")

    after = st.stock()
    check(after[a]["qty"] == before[a]["qty"] - qa, "package a decremented")
    check(after[b]["qty"] == before[b]["qty"] - qb, "package b decremented")

    # A retry with the same ref sells nothing more.
    r2 = t1.call("sale.commit", {"ref": "r1:1", "lines": lines,
                                 "tender": {"cash": 100000}})
    check(r2["replayed"] and r2["sale"]["id"] == sale["id"], "replay")
    check(st.stock()[a]["qty"] == after[a]["qty"], "replay sold nothing")
    t1.expect_error("conflict", "sale.commit", {"ref": "r1:1",
        "lines": [{"tag": a, "qty": qa}], "tender": {"cash": 100000}})

    # Refusals change nothing.
    t1.expect_error("insufficient-stock", "sale.commit", {"ref": "r1:2",
        "lines": [{"tag": a, "qty": after[a]["qty"] + 1}],
        "tender": {"cash": 10**9}})
    t1.expect_error("tender", "sale.commit", {"ref": "r1:3",
        "lines": [{"tag": a, "qty": qa}], "tender": {"cash": 1}})
    t1.expect_error("not-found", "sale.commit", {"ref": "r1:4",
        "lines": [{"tag": "1A4000000000000000000000", "qty": 1}],
        "tender": {"cash": 10**6}})
    t1.expect_error("bad-request", "sale.commit", {"ref": "r1:5",
        "lines": [{"tag": "NOT-A-TAG", "qty": 1}], "tender": {"cash": 1}})
    t1.expect_error("bad-request", "sale.commit", {"ref": "r1:6",
        "lines": [{"tag": a, "qty": 1}, {"tag": a, "qty": 1}],
        "tender": {"cash": 10**6}})
    check(st.stock() == after, "refused sales changed stock")
    check(len(st.sales()) == 1, "exactly one sale in the ledger")

    # Reading back, listing.
    g = t1.call("sale.get", {"id": sale["id"]})["sale"]
    check(g["lines"] == sale["lines"], "sale.get matches")
    lst = t1.call("sale.list", {"terminal": "register-1"})
    check(lst["count"] == 1 and lst["total"] == sale["total"], "sale.list")

    # Void: a budtender alone cannot; a budtender as approver cannot; a
    # manager's PIN on this terminal can, and stock comes back.
    t1.expect_error("approval", "sale.void", {"id": sale["id"],
                                              "reason": "test"})
    t1.expect_error("approval", "sale.void", {"id": sale["id"],
        "reason": "test", "approver": {"staff": BUDTENDER, "pin": "3000"}})
    t1.expect_error("approval", "sale.void", {"id": sale["id"],
        "reason": "test", "approver": {"staff": MANAGER, "pin": "9999"}})
    v = t1.call("sale.void", {"id": sale["id"], "reason": "changed mind",
        "approver": {"staff": MANAGER, "pin": PINS[MANAGER]}})["sale"]
    check(v["status"] == "void" and v["void"]["approver"] == MANAGER, "void")
    check(st.stock() == before, "void restored stock")
    t1.expect_error("conflict", "sale.void", {"id": sale["id"],
        "reason": "again", "approver": {"staff": MANAGER, "pin": "2000"}})

    # Paging newest first: limit, then "next" as "before".
    ids = [t1.call("sale.commit", {"ref": "page:%d" % i, "lines": [{"tag": a,
           "qty": qa}], "tender": {"cash": 10**6}})["sale"]["id"]
           for i in range(3)]
    p1 = t1.call("sale.list", {"limit": 2})
    check([x["id"] for x in p1["sales"]] == ids[::-1][:2], "first page")
    check(p1.get("next") == ids[1], "next cursor: %r" % p1.get("next"))
    p2 = t1.call("sale.list", {"limit": 10, "before": p1["next"]})
    check([x["id"] for x in p2["sales"]] == [ids[0], sale["id"]],
          "second page: %r" % p2["sales"])
    check("next" not in p2, "no next at the end")
    for i in ids:
        t1.call("sale.void", {"id": i, "reason": "paging test",
                "approver": {"staff": MANAGER, "pin": PINS[MANAGER]}})

    # An auditor reads but cannot sell.
    ta = st.terminal("office-1", AUDITOR)
    ta.call("sale.get", {"id": sale["id"]})
    ta.expect_error("permission", "sale.commit", {"ref": "x", "lines": lines,
                                                  "tender": {"cash": 1}})

    # The audit chain records it all and is whole.
    out = st.ctl("audit", "verify")
    check("whole" in out, "audit verify: %s" % out)
    audit = st.ctl("--json", "audit", "list", "--limit", "1000")
    for action in ("sale.commit", "sale.void", "login", "terminal.enrol"):
        check(action in audit, "audit has %s" % action)
    st.stop()


run(test)
