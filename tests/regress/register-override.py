#!/usr/bin/env python3
# A purchase-limit override: only for a pool whose rule file says
# 'override "citation"', only with a manager's approval (staff ID and
# PIN) and a reason, for that one sale: the audit names the pools, the
# approver and the reason, and nothing is kept on the customer (the next
# sale over the limit is refused again). A pool without the keyword (the
# shipped files have none) is a hard stop whatever the approval.
import os
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

SRC = os.environ.get("top_srcdir", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))
SD7 = "1A4060300000000000004001"    # Sour Diesel 7g (flower)
WW1 = "1A4060300000000000007001"    # White Widow 1g (flower)
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}
APPROVE = {"staff": MANAGER, "pin": PINS[MANAGER]}


def rules_dir(st):
    d = os.path.join(st.dir, "rules")
    os.makedirs(d)
    with open(os.path.join(SRC, "contrib", "rules", "US-CO")) as f:
        text = f.read()
    mark = "pool co_adult_day\n"
    check(mark in text, "US-CO has co_adult_day")
    text = text.replace(mark, mark + '\toverride "test: a manager may"\n')
    with open(os.path.join(d, "US-CO"), "w") as f:
        f.write(text)
    return d


def test(new_store):
    st = new_store()
    st.options = ["rules-dir=" + rules_dir(st)]
    st.start()
    t = st.terminal("register-1", BUDTENDER)
    ann = t.call("customer.create", {"type": "adult", "first": "Ann",
        "last": "Over", "dob": "1980-01-01", "residence": "CO",
        "id_doc": dict(IDOC, number="OV1"), "id_scanned": True})["customer"]
    pat = t.call("customer.create", {"type": "medical", "first": "Pat",
        "last": "Over", "dob": "1980-01-01", "residence": "CO",
        "id_doc": dict(IDOC, number="OV2"), "id_scanned": True,
        "card": {"number": "CO-OV-1", "state": "CO",
                 "expires": "2030-01-01"}})["customer"]
    before = t.call("package.get", {"tag": SD7})["package"]["qty"]

    def sale(ref, cust, qty, **kw):
        args = {"ref": ref, "customer": cust["id"],
                "lines": [{"tag": SD7, "qty": qty}],
                "tender": {"cash": 10**6}}
        args.update(kw)
        return args

    # 5 x 7 g is over the ounce: refused, saying a manager may override.
    m = t.expect_error("limit", "sale.commit", sale("o1", ann, 5))
    check("co_adult_day" in m and "override" in m and
          "override_reason" in m, "refusal says how: %s" % m)
    # A reason alone, or a budtender's approval, is not enough.
    t.expect_error("limit", "sale.commit", sale("o1", ann, 5,
                   override_reason="customer insists"))
    t.expect_error("approval", "sale.commit", sale("o1", ann, 5,
                   override_reason="x", approver={"staff": BUDTENDER,
                                                  "pin": PINS[BUDTENDER]}))
    t.expect_error("limit", "sale.commit", sale("o1", ann, 5,
                   approver=APPROVE))
    pk = t.call("package.get", {"tag": SD7})["package"]
    check(pk["qty"] == before, "refusals took no stock: %r" % pk["qty"])

    # A manager and a reason: sold, and audited with both.
    s = t.call("sale.commit", sale("o1", ann, 5, approver=APPROVE,
               override_reason="scale variance on a bagged eighth"))["sale"]
    log = st.ctl("audit", "list", "--limit", "10")
    line = [l for l in log.splitlines() if "sale.limit-override" in l]
    check(len(line) == 1 and "pools=co_adult_day" in line[0] and
          "scale variance" in line[0] and "sale %d" % s["id"] in line[0],
          "override audited: %s" % log)
    # It lasted one sale: the next gram is refused again.
    t.expect_error("limit", "sale.commit", sale("o2", ann, 1))
    # The staff report counts the override among the manager's approvals.
    mgr = st.terminal("office-1", MANAGER)
    rep = mgr.call("report.run", {"name": "staff", "from": "today"})
    col = [c["name"] for c in rep["columns"]].index("approvals")
    rows = {r[0].split()[0]: r for r in rep["rows"]}
    check(rows.get(str(MANAGER), [0] * 20)[col] == 1,
          "the override approved by the manager: %r" % rep)

    # A pool without the keyword: a hard stop, approval or not (7 x 7 g
    # and 8 x 1 g: 57 g, over the patient's 2 oz).
    m = t.expect_error("limit", "sale.commit", sale("o3", pat, 7,
                       lines=[{"tag": SD7, "qty": 7}, {"tag": WW1, "qty": 8}],
                       approver=APPROVE, override_reason="please"))
    check("co_med_flower" in m and "override_reason" not in m,
          "no override offered: %s" % m)
    pk = t.call("package.get", {"tag": SD7})["package"]
    check(pk["qty"] == before - 5, "only the override sold: %r" %
          pk["qty"])
    check("whole" in st.ctl("audit", "verify"), "audit whole")

    # At the register: a second adult, 5 x 7 g.
    t.call("customer.create", {"type": "adult", "first": "Reg",
        "last": "Override", "dob": "1980-01-01", "residence": "CO",
        "id_doc": dict(IDOC, number="OV3"), "id_scanned": True})
    pane = Pane("override")
    wait_for, keys = pane.wait_for, pane.keys
    nsales = len(st.sales())
    try:
        pane.start(st, "register-9")
        wait_for("Stash Demo Dispensary |")
        wait_for("Stash Demo Dispensary |")  # connected
        pane.open_drawer(st, "register-9")  # cash needs one
        wait_for("Staff ID")
        keys("3", "Enter", "3000", "Enter")
        wait_for("F8 Customer")
        keys("F8")
        wait_for("Customer:")
        keys("Override", "Enter")
        wait_for("Customer: Reg Override")
        keys(SD7, "Enter")
        wait_for("Sour Diesel")
        keys("F3")
        wait_for("Quantity")
        keys("5", "Enter")
        wait_for("Quantity", gone=True)
        pane.wait_total()
        keys("Enter")
        wait_for("Cash tendered")
        keys("Enter")
        out = wait_for("Why override the limit:")
        check(len(st.sales()) == nsales, "not sold before the approval")
        keys("Enter")
        wait_for("over the limit")
        keys("second visit, first sale mis-scanned", "Enter")
        wait_for("Manager's staff ID:")
        keys("2", "Enter")
        wait_for("Manager's PIN:")
        keys("2000", "Enter")
        wait_for("COMPLETE")
        check(len(st.sales()) == nsales + 1, "sold from the register")
        out = st.ctl("audit", "list", "--limit", "5")
        check("reason=second visit, first sale mis-scanned" in out and
              "sale.limit-override" in out,
              "the register's override audited: %s" % out)
    finally:
        pane.kill()
    st.stop()


run(test)
