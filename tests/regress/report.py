#!/usr/bin/env python3
# The manager's reports through the protocol and stashctl (doc/protocol.md
# "report.run", stashctl(8) "report"): a known day of sales, a pickup
# order handed over, a void, a return and an adjustment; report.run's
# figures against the sales themselves and the Z report, margin against
# the cost of the packages sold; a budtender is refused the reports;
# stashctl report --json and --csv and report lines --csv parse and tie
# out; after a kill -9 in the middle of a busy period the rollups equal a
# rebuild from the ledger.
import csv
import io
import json
import os
import sys
import threading
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

A = "1A4060300000000000001001"      # Blue Dream 3.5g, 35.00
OG = "1A4060300000000000003001"     # OG Kush 3.5g, 40.00
BD2 = "1A4060300000000000001002"    # Blue Dream 3.5g: 40
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}
APPROVE = {"staff": MANAGER, "pin": PINS[MANAGER]}
COST_BD, COST_OG = 1200, 1500       # cents, as set below


def window(hours=24):
    n = int(time.time() * 1000000)
    return {"start": n, "end": n + hours * 3600 * 1000000}


def cents(s):
    """A CSV money cell, "12.34" or "-0.50", in cents."""
    neg = s.startswith("-")
    whole, frac = s.lstrip("-").split(".")
    v = int(whole) * 100 + int(frac)
    return -v if neg else v


def col(rep, name, row=None):
    i = [c["name"] for c in rep["columns"]].index(name)
    return (rep["total"] if row is None else row)[i]


def rows_by(rep):
    return {r[0]: r for r in rep["rows"]}


def test(new_store):
    st = new_store()
    st.ctl("product", "set", "FL-BD-1", "--unit-cost", "12.00")
    st.ctl("product", "set", "FL-OGK-35", "--unit-cost", "15.00")
    st.options = ["limits=no"]
    st.start()
    reg = st.terminal("register-1", BUDTENDER)
    mgr = st.terminal("office-1", MANAGER)

    def sell(ref, lines, **kw):
        a = {"ref": ref, "lines": lines, "tender": {"cash": 10**6}}
        a.update(kw)
        return reg.call("sale.commit", a)["sale"]
    s1 = sell("rp-1", [{"tag": A, "qty": 2}])
    s2 = sell("rp-2", [{"tag": A, "qty": 1}, {"tag": OG, "qty": 1}])
    s3 = sell("rp-3", [{"tag": OG, "qty": 2}])
    reg.call("sale.void", {"id": s3["id"], "reason": "test",
                           "approver": APPROVE})
    mgr.call("package.adjust", {"tag": OG, "delta": -1, "reason": "damage",
                                "note": "dropped"})
    # A pickup order, packed and handed over at the register.
    cust = mgr.call("customer.create", {
        "type": "adult", "first": "Rae", "last": "Porter",
        "dob": "1980-01-01", "residence": "CO",
        "id_doc": dict(IDOC, number="RP1"), "id_scanned": True})
    cust = cust["customer"]["id"]
    o = mgr.call("order.create", {
        "ref": "rp-o", "customer": cust, "channel": "pickup",
        "window": window(), "lines": [{"sku": "FL-BD-1", "qty": 1}]})["order"]
    mgr.call("order.pack", {"id": o["id"], "tag": A})
    mgr.call("order.seal", {"id": o["id"]})
    s4 = sell("rp-4", [{"tag": A, "qty": 1}], customer=cust, order=o["id"])
    # Last: a return puts the whole package in quarantine.
    r = reg.call("sale.return", {"sale": s1["id"], "lines": [
        {"tag": A, "qty": 1}], "reason": "test", "refund": "cash",
        "approver": APPROVE})["return"]

    # What to expect, from the sales as sale.get gives them.
    sales = [mgr.call("sale.get", {"id": s["id"]})["sale"]
             for s in (s1, s2, s4)]
    net = sum(s["total"] - s.get("tax", 0) for s in sales)
    total = sum(s["total"] for s in sales)
    bd_units = 2 + 1 + 1
    cost = bd_units * COST_BD + 1 * COST_OG

    # A budtender is refused the reports; a bad report is a bad request.
    m = reg.expect_error("permission", "report.run", {"name": "sales"})
    check("reports" in m, "names the permission: %r" % m)
    m = mgr.expect_error("bad-request", "report.run", {"name": "gossip"})
    check("sales" in m, "lists the reports: %r" % m)
    mgr.expect_error("bad-request", "report.run", {"name": "sales",
                     "filter": {"channel": "drone"}})

    rep = mgr.call("report.run", {"name": "sales", "from": "today"})
    check(len(rep["rows"]) == 1, "one day: %r" % rep)
    z = mgr.call("report.z", {"date": rep["rows"][0][0]})["store"]
    check(col(rep, "transactions") == 3 == z["sales"], "sales: %r %r" %
          (rep, z))
    check(col(rep, "total") == total == z["total"], "total = Z: %r %r" %
          (rep, z))
    check(col(rep, "net") == net, "net: %r, want %d" % (rep, net))
    check(col(rep, "voids") == 1 == z["voids"] and
          col(rep, "voided") == s3["total"], "voids: %r" % rep)
    check(col(rep, "refunds") == r["refund"] == z["refunds_cash"] and
          col(rep, "returns") == 1, "refunds: %r" % rep)
    check(col(rep, "cost") == cost, "cost: %r want %d" % (rep, cost))

    prod = mgr.call("report.run", {"name": "products", "from": "today"})
    rows = rows_by(prod)
    bd, og = rows["Blue Dream 3.5g"], rows["OG Kush 3.5g"]
    check(col(prod, "units", bd) == bd_units and
          col(prod, "cost", bd) == bd_units * COST_BD and
          col(prod, "cost", og) == COST_OG, "units and cost: %r" % prod)
    check(col(prod, "margin", bd) == col(prod, "revenue", bd) -
          col(prod, "cost", bd), "margin: %r" % bd)
    check(col(prod, "revenue") == net and col(prod, "margin") == net - cost,
          "ties out with the sales: %r" % prod["total"])
    check(col(prod, "voids", og) == 1, "the void: %r" % og)

    ch = rows_by(mgr.call("report.run", {"name": "sales", "from": "today",
                                         "by": "channel"}))
    check(set(ch) == {"in-store", "pickup"} and ch["pickup"][1] == 1,
          "by channel: %r" % ch)
    # One register's sales as a whole come from roll.till (register
    # first): the same figures as the rollup with every dimension gives
    # for that register, by staff too; another register has none.
    byreg = mgr.call("report.run", {"name": "sales", "from": "today",
                                    "by": "terminal,staff"})
    one = mgr.call("report.run", {"name": "sales", "from": "today",
                                  "by": "staff",
                                  "filter": {"terminal": "register-1"}})
    want = [r[1:] for r in byreg["rows"] if r[0] == "register-1"]
    check(want and [r for r in one["rows"]] == want and
          col(one, "transactions") == 3 and col(one, "net") == net and
          col(one, "voids") == 1 and col(one, "refunds") == r["refund"],
          "register-1's report:\n%r\nagainst\n%r" % (one, byreg))
    # One staff member's from roll.staff (staff member first): the same
    # as their row by staff.
    bystaff = mgr.call("report.run", {"name": "sales", "from": "today",
                                      "by": "staff"})
    mine = mgr.call("report.run", {"name": "sales", "from": "today",
                                   "filter": {"staff": BUDTENDER}})
    want = [x[1:] for x in bystaff["rows"]
            if x[0].startswith("%d " % BUDTENDER)]
    check(len(want) == 1 and mine["total"][1:] == want[0] and
          col(mine, "transactions") == 3,
          "the budtender's report:\n%r\nagainst\n%r" % (mine, bystaff))
    theirs = mgr.call("report.run", {"name": "sales", "from": "today",
                                     "filter": {"staff": MANAGER}})
    check(col(theirs, "transactions") == 0 and col(theirs, "total") == 0,
          "the manager sold nothing: %r" % theirs["total"])
    none = mgr.call("report.run", {"name": "sales", "from": "today",
                                   "filter": {"terminal": "register-9"}})
    check(col(none, "transactions") == 0 and col(none, "total") == 0,
          "no sales on register-9: %r" % none)
    ed = mgr.call("report.run", {"name": "sales", "from": "today",
                                 "filter": {"category": "edible"}})
    check(col(ed, "transactions") == 0, "no edibles: %r" % ed)
    sh = rows_by(mgr.call("report.run", {"name": "shrink",
                                         "from": "today"}))
    check(sh["damage"][2] == -1, "shrink: %r" % sh)
    staff = rows_by(mgr.call("report.run", {"name": "staff",
                                            "from": "today"}))
    check(any(k.startswith("%d " % BUDTENDER) for k in staff),
          "staff by name: %r" % staff)
    for name in ("inventory", "turnover", "reorder", "customers", "hours",
                 "compliance", "delivery"):
        x = mgr.call("report.run", {"name": name, "from": "today",
                                    "compare": "previous"})
        check(x["columns"] and isinstance(x["rows"], list), name)

    # stashctl: the same figures as JSON, CSV; the lines as CSV.
    j = json.loads(st.ctl("--json", "report", "sales", "--from", "today"))
    check(j["total"] == rep["total"] and j["columns"] == rep["columns"] and
          j["from"] == j["to"] == rep["from"] == rep["rows"][0][0],
          "stashctl --json is report.run's: %r" % j)
    rd = list(csv.reader(io.StringIO(st.ctl("report", "products", "--from",
                                            "today", "--csv"))))
    head, last = rd[0], rd[-1]
    check(last[0] == "total" and cents(last[head.index("margin")]) ==
          net - cost, "CSV total row: %r" % rd)
    text = st.ctl("report", "sales", "--from", "today")
    check("sales report" in text and "transactions" in text, text)
    lines = list(csv.DictReader(io.StringIO(st.ctl("report", "lines",
                                                   "--csv"))))
    done = [x for x in lines if x["status"] == "complete"]
    check(len(lines) == 1 + 2 + 1 + 1 and len(done) == 4,
          "every line, the void's too: %r" % lines)
    check(sum(cents(x["net"]) for x in done) == net and
          sum(cents(x["cost"]) for x in done) == cost,
          "the lines add up to the report")
    st.ctl("report", "nonsense", check_rc=False)
    check(st.last_rc != 0 and "no report" in st.last_err, st.last_err)

    # A busy period cut by kill -9: the rollups equal a rebuild.
    regs = [st.terminal("register-%d" % i, BUDTENDER) for i in (2, 3)]
    stop = threading.Event()
    done_n = [0]

    def busy(t, i):
        k = 0
        try:
            while not stop.is_set() and k < 15:
                t.call("sale.commit", {"ref": "busy-%d-%d" % (i, k),
                       "lines": [{"tag": BD2, "qty": 1}],
                       "tender": {"cash": 10**5}})
                k += 1
                done_n[0] += 1
        except Exception:
            pass        # the server went away
    th = [threading.Thread(target=busy, args=(t, i))
          for i, t in enumerate(regs)]
    for x in th:
        x.start()
    wait_until("sales under way", lambda: done_n[0] >= 10)
    st.kill9()
    stop.set()
    for x in th:
        x.join(60)
    before = st.ctl("report", "dump")
    check(before.count("\n") > 10, "rollups: %r" % before)
    out = st.ctl("report", "rebuild")
    check("rebuilt" in out, out)
    after = st.ctl("report", "dump")
    check(before == after, "the rollups after kill -9 equal a rebuild")
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    rep2 = mgr.call("report.run", {"name": "sales", "from": "today"})
    check(col(rep2, "transactions") >= 3 + 10, "%r" % rep2)
    check("whole" in st.ctl("audit", "verify"), "audit whole")
    st.stop()


run(test)
