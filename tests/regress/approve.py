#!/usr/bin/env python3
# Approvals as the op table declares them (its approve column, see
# doc/protocol.md): a budtender's session cannot void or return a sale
# without an approver whose role holds `void`, and an approver without it
# is refused, both with nothing written; a manager's session holds `void`
# and needs no approver; each conditional approval has its own permission,
# given to managers; an approver does not lend an approval that is only
# the session's own.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

IDOC = {"type": "dl", "number": "AP1", "state": "CO",
        "expires": "2030-01-01"}


def test(new_store):
    st = new_store().start()
    a = st.tags[0]
    bud = st.terminal("register-1", BUDTENDER)
    ia = bud.call("item.lookup", {"code": a})
    qa = 1 if ia["product"]["unit"] == "each" else 1000

    def sell(ref):
        return bud.call("sale.commit", {"ref": ref, "lines": [
            {"tag": a, "qty": qa}], "tender": {"cash": 10**6}})["sale"]

    s1, s2 = sell("ap:1"), sell("ap:2")
    stock = st.stock()[a]["qty"]

    # Void, from the budtender's session: no approver, a budtender or a
    # receiver as approver (their right PINs) are all refused.
    void = {"id": s1["id"], "reason": "test"}
    m = bud.expect_error("approval", "sale.void", void)
    check("void" in m, "names the permission: %r" % m)
    for who in (BUDTENDER, RECEIVER, AUDITOR):
        m = bud.expect_error("approval", "sale.void", dict(void, approver={
                             "staff": who, "pin": PINS[who]}))
        check("void" in m, "names the permission: %r" % m)
    # Return, the same.
    ret = {"sale": s1["id"], "lines": [{"tag": a, "qty": qa}],
           "reason": "test", "refund": "cash"}
    bud.expect_error("approval", "sale.return", ret)
    for who in (BUDTENDER, RECEIVER, AUDITOR):
        bud.expect_error("approval", "sale.return", dict(ret, approver={
                         "staff": who, "pin": PINS[who]}))
    # A wrong PIN of a manager: refused too.
    bud.expect_error("approval", "sale.void", dict(void, approver={
                     "staff": MANAGER, "pin": "9999"}))
    # Nothing was written by any of them.
    check(st.stock()[a]["qty"] == stock, "refusals moved no stock")
    got = bud.call("sale.get", {"id": s1["id"]})["sale"]
    check(got["status"] == "complete", "still complete: %r" % got["status"])
    audit = st.ctl("audit", "list", "--limit", "1000")
    check("sale.void" not in audit and "sale.return" not in audit,
          "no void or return audited")

    # With a manager's approval, the budtender's session voids.
    v = bud.call("sale.void", dict(void, approver={"staff": MANAGER,
                 "pin": PINS[MANAGER]}))["sale"]
    check(v["status"] == "void" and v["void"]["approver"] == MANAGER and
          v["void"]["staff"] == BUDTENDER, "void approved: %r" % v["void"])

    # A manager's session holds `void`: no approver needed, and the
    # manager is the approver of record.
    mgr = st.terminal("office-1", MANAGER)
    v = mgr.call("sale.void", {"id": s2["id"], "reason": "own"})["sale"]
    check(v["status"] == "void" and v["void"]["approver"] == MANAGER,
          "manager's own void: %r" % v["void"])

    # The conditional approvals of sale.commit: an approver whose role
    # holds none of them is refused before anything is checked.
    bud.expect_error("approval", "sale.commit", {"ref": "ap:3", "lines": [
        {"tag": a, "qty": qa}], "tender": {"cash": 10**6},
        "approver": {"staff": RECEIVER, "pin": PINS[RECEIVER]}})

    # Each approval has its own permission; managers hold them all,
    # budtenders none.
    approvals = {"void", "weight.type", "discount.approve",
                 "limit.override", "outage.manual", "id.type"}
    t = st.terminal("office-2")
    perms = set(t.call("login", {"staff": MANAGER,
                                 "pin": PINS[MANAGER]})["permissions"])
    check(approvals <= perms, "manager holds %r" % (approvals - perms))
    perms = set(t.call("login", {"staff": BUDTENDER,
                                 "pin": PINS[BUDTENDER]})["permissions"])
    check(not (approvals & perms), "budtender holds %r" % (approvals & perms))

    # A typed date of birth: the session's own `id.type` only.
    cust = {"type": "adult", "first": "Ada", "last": "Approve",
            "dob": "1980-02-03", "reason": "ID scanner broken",
            "id_doc": IDOC}
    m = bud.expect_error("permission", "customer.create", cust)
    check("date of birth" in m, "says why: %r" % m)
    # An approver does not lend it.
    bud.expect_error("permission", "customer.create", dict(cust,
                     approver={"staff": MANAGER, "pin": PINS[MANAGER]}))
    c = mgr.call("customer.create", cust)["customer"]
    check(c["id"] > 0, "a manager types a date of birth")
    st.stop()


run(test)
