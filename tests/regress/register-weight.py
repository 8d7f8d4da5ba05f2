#!/usr/bin/env python3
# Weighed lines at the register: each says where its weight came from,
# "scale" (a stable reading) or "typed". A typed weight needs the
# weight.type permission (managers) or a manager's approval with their
# PIN; stashd refuses it otherwise, and every typed weight sold is in the
# audit with who approved it. A line that says nothing counts as typed.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

GG4 = "1A4060300000000000002001"    # Gorilla Glue #4 (bulk), by weight
A = "1A4060300000000000001001"      # Blue Dream 3.5g, each


def test(new_store):
    st = new_store()
    st.start()
    t = st.terminal("register-1", BUDTENDER)
    pk = t.call("package.get", {"tag": GG4})["package"]
    before = pk["qty"]

    def sale(ref, source, **kw):
        line = {"tag": GG4, "qty": 3540}
        if source is not None:
            line["weight"] = source
        args = {"ref": ref, "lines": [line, {"tag": A, "qty": 1}],
                "tender": {"cash": 10**6}}
        args.update(kw)
        return args

    # The scale's weight: sold, nothing more to say.
    s = t.call("sale.commit", sale("w1", "scale"))["sale"]
    check(s["lines"][0]["qty"] == 3540 and "weight" not in s["lines"][0],
          "scale weight sold: %r" % s["lines"][0])
    check("sale.weight-typed" not in st.ctl("audit", "list", "--limit",
                                             "5"), "no typed weight audited")

    # Typed, by a budtender: refused, with what to do; nothing sold.
    m = t.expect_error("approval", "sale.commit", sale("w2", "typed"))
    check("typed" in m and "manager" in m and "scale" in m,
          "the refusal says what is needed: %s" % m)
    m = t.expect_error("approval", "sale.commit", sale("w3", None))
    check("typed" in m, "no source is a typed weight: %s" % m)
    t.expect_error("bad-request", "sale.commit", sale("w4", "guess"))
    q = t.call("sale.quote", sale("q", "typed"))["quote"]
    check(q["approval_required"], "the quote asks for approval: %r" % q)
    q = t.call("sale.quote", sale("q", "scale"))["quote"]
    check(not q["approval_required"], "not for a scale weight: %r" % q)
    # A wrong PIN, or an approver who is not a manager: still refused.
    t.expect_error("approval", "sale.commit", sale("w2", "typed",
                   approver={"staff": MANAGER, "pin": "9999"}))
    t.expect_error("approval", "sale.commit", sale("w2", "typed",
                   approver={"staff": BUDTENDER,
                             "pin": PINS[BUDTENDER]}))
    pk = t.call("package.get", {"tag": GG4})["package"]
    check(pk["qty"] == before - 3540, "refused sales took no stock: %r"
          % pk["qty"])

    # With a manager's approval: sold, and the audit names the approver.
    s = t.call("sale.commit", sale("w2", "typed", approver={
        "staff": MANAGER, "pin": PINS[MANAGER]}))["sale"]
    check(s["lines"][0]["weight"] == "typed", "marked typed: %r" % s)
    # The ledger keeps the mark: a reprint or an inspector sees it.
    g = t.call("sale.get", {"id": s["id"]})["sale"]
    check(g["lines"][0].get("weight") == "typed" and
          "weight" not in g["lines"][1], "kept typed: %r" % g["lines"])
    out = st.ctl("audit", "list", "--limit", "5")
    line = [l for l in out.splitlines() if "sale.weight-typed" in l]
    check(len(line) == 1 and GG4 in line[0] and "3.540 g" in line[0] and
          "sale %d" % s["id"] in line[0], "typed weight audited: %s" % out)

    # A manager holds weight.type: no approval needed, still audited.
    mgr = st.terminal("register-2", MANAGER)
    s = mgr.call("sale.commit", sale("w5", "typed"))["sale"]
    out = st.ctl("audit", "list", "--limit", "5")
    check(sum("sale.weight-typed" in l and "sale %d" % s["id"] in l
              for l in out.splitlines()) == 1, "manager's typed weight "
          "audited: %s" % out)
    pk = t.call("package.get", {"tag": GG4})["package"]
    check(pk["qty"] == before - 3 * 3540, "three sold: %r" % pk["qty"])
    check("whole" in st.ctl("audit", "verify"), "audit whole")
    st.stop()


run(test)
