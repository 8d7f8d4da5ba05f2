#!/usr/bin/env python3
# Money at the register: discounts (within the threshold, beyond it with a
# manager's approval, rounded half up on their own base, before taxes),
# loyalty points (earned, redeemed, given back by a void) and returns
# (refunded their share of discounts and taxes, never more than was paid;
# the goods to quarantine, not sellable; the limits allowance restored).
# Taxes: the shipped Colorado rules with one 15% adult-use tax added, as in
# taxes.py.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

SRC = os.environ.get("top_srcdir", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))
A = "1A4060300000000000001001"      # Blue Dream 3.5g, 35.00
SD7 = "1A4060300000000000004001"    # Sour Diesel 7g, 65.00
WW1 = "1A4060300000000000007001"    # White Widow 1g (flower)
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}
APPROVE = {"staff": MANAGER, "pin": PINS[MANAGER]}


def rules_dir(st):
    d = os.path.join(st.dir, "rules")
    os.makedirs(d)
    with open(os.path.join(SRC, "contrib", "rules", "US-CO")) as f:
        text = "".join(l for l in f if not l.startswith(("tax ",
                                                         "pricing ")))
    i = text.index("\npool ")
    with open(os.path.join(d, "US-CO"), "w") as f:
        f.write(text[:i] + "\npricing added\n"
                'tax test_adult 15% adult "test: adult-use sales tax"\n' +
                text[i:])
    return d


def same(q, s, what):
    # The quote names no approver: the commit's PIN check does.
    def plain(x):
        return [{k: v for k, v in d.items() if k != "approver"}
                for d in x.get("discounts", [])]
    check(plain(q) == plain(s), "%s: discounts differ: %r / %r" %
          (what, q.get("discounts"), s.get("discounts")))
    for k in ("subtotal", "discount", "tax", "total"):
        check(q.get(k) == s.get(k), "%s: quote and commit differ in %s: "
              "%r / %r" % (what, k, q.get(k), s.get(k)))


def test(new_store):
    st = new_store()
    st.options = ["rules-dir=" + rules_dir(st)]
    st.start()
    t = st.terminal("register-1", BUDTENDER)
    n = [0]

    def commit(lines, **kw):
        n[0] += 1
        args = {"ref": "m%d" % n[0], "lines": lines,
                "tender": {"cash": 10**7}}
        args.update(kw)
        return t.call("sale.commit", args)["sale"]

    # Rounding: 1 cent off line 1 (a oneoff, with its reason), then 5%
    # senior off the cart: 5% of 34.90 is 1.745, half up 1.75. Taxed
    # after: 15% of 33.15 = 4.9725 -> 4.97; total 38.12.
    one = [{"tag": A, "qty": 1}]
    # A senior (by the store's senior-age, 65) and a member of staff.
    sen = t.call("customer.create", {"type": "adult", "first": "Sal",
        "last": "Senior", "dob": "1950-01-01", "id_scanned": True,
        "id_doc": dict(IDOC, number="SM1"), "residence": "CO"})["customer"]
    emp = t.call("customer.create", {"type": "adult", "first": "Eve",
        "last": "Staff", "dob": "1990-01-01", "id_scanned": True,
        "employee": BUDTENDER, "id_doc": dict(IDOC, number="EM1"),
        "residence": "CO"})["customer"]
    ds = [{"kind": "oneoff", "line": 1, "amount": 10, "reason": "scuffed"},
          {"kind": "senior", "percent": 5}]
    t.expect_error("bad-request", "sale.quote", {"lines": one, "discounts":
                   [{"kind": "oneoff", "amount": 10}]})
    q = t.call("sale.quote", {"lines": one, "discounts": ds,
                              "customer": sen["id"]})["quote"]
    check(q["ok"] and not q["approval_required"], "quote: %r" % q)
    check([d["amount"] for d in q["discounts"]] == [10, 175],
          "rounded half up: %r" % q["discounts"])
    check(q["discount"] == 185 and q["tax"] == 497 and q["total"] == 3812,
          "discounts before tax: %r" % q)
    s = commit(one, discounts=ds, customer=sen["id"])
    same(q, s, "rounding")
    check(s["discounts"][0]["reason"] == "scuffed" and
          s["discounts"][0]["line"] == 1 and s["discounts"][1]["cart"],
          "recorded: %r" % s["discounts"])
    g = t.call("sale.get", {"id": s["id"]})["sale"]
    same(g, s, "stored")

    # Beyond 10% a manager must approve, on this terminal, with the PIN.
    big = [{"kind": "employee", "percent": 20}]
    q = t.call("sale.quote", {"lines": one, "discounts": big,
                              "customer": emp["id"]})["quote"]
    check(q["approval_required"] and q["discount"] == 700, "quote: %r" % q)
    E = emp["id"]
    t.expect_error("approval", "sale.commit", {"ref": "b1", "lines": one,
                   "discounts": big, "tender": {"cash": 10**6},
                   "customer": E})
    t.expect_error("approval", "sale.commit", {"ref": "b1", "lines": one,
                   "discounts": big, "tender": {"cash": 10**6},
                   "customer": E,
                   "approver": {"staff": MANAGER, "pin": "9999"}})
    t.expect_error("approval", "sale.commit", {"ref": "b1", "lines": one,
                   "discounts": big, "tender": {"cash": 10**6},
                   "customer": E,
                   "approver": {"staff": BUDTENDER, "pin": PINS[BUDTENDER]}})
    t.expect_error("bad-request", "sale.commit", {"ref": "b1", "lines":
                   one, "discounts": [{"kind": "oneoff", "amount": 4000,
                   "reason": "too much"}], "tender": {"cash": 10**6},
                   "approver": APPROVE})
    s = commit(one, discounts=big, approver=APPROVE, customer=E)
    check(s["discounts"][0]["approver"] == MANAGER and s["total"] == 3220,
          "approved: %r" % s)
    same(q, s, "approved")
    check("discount=7.00" in st.ctl("audit", "list", "--limit", "5"),
          "audited")

    # Loyalty: a point per whole dollar before tax, credited in the sale.
    ann = t.call("customer.create", {"type": "adult", "first": "Ann",
        "last": "Money", "dob": "1990-01-01", "id_scanned": True,
        "id_doc": dict(IDOC, number="AM1"), "residence": "CO"})["customer"]
    s = commit([{"tag": A, "qty": 2}], customer=ann["id"])
    check(s["loyalty"] == {"earned": 70, "redeemed": 0, "balance": 70},
          "earned: %r" % s.get("loyalty"))
    t.expect_error("bad-request", "sale.commit", {"ref": "r0", "lines":
                   one, "customer": ann["id"], "redeem": 71,
                   "tender": {"cash": 10**6}})
    q = t.call("sale.quote", {"lines": one, "customer": ann["id"],
                              "redeem": 30})["quote"]
    s2 = commit(one, customer=ann["id"], redeem=30)
    same(q, s2, "redeem")
    check(s2["discounts"][-1] == {"kind": "loyalty", "cart": True,
                                  "points": 30, "amount": 30},
          "redeemed: %r" % s2["discounts"])
    check(s2["loyalty"] == {"earned": 34, "redeemed": 30, "balance": 74},
          "earned after the points: %r" % s2["loyalty"])
    mgr = st.terminal("office-1", MANAGER)
    mgr.call("sale.void", {"id": s2["id"], "reason": "test",
             "approver": APPROVE})
    c = t.call("customer.get", {"id": ann["id"]})["customer"]
    check(c["loyalty"] == 70, "void gives points back: %r" % c["loyalty"])

    # Returns. Four 7g of flower fill the adult day pool (28g); 3% off.
    # Paid: 260.00 - 7.80 = 252.20 + 15% (37.83) = 290.03.
    ann = t.call("customer.create", {"type": "adult", "first": "Bob",
        "last": "Money", "dob": "1990-01-01", "id_scanned": True,
        "veteran": True, "id_doc": dict(IDOC, number="BM1"),
        "residence": "CO"})["customer"]
    s = commit([{"tag": SD7, "qty": 4}], customer=ann["id"],
               discounts=[{"kind": "veteran", "percent": 3}])
    check(s["total"] == 29003, "paid: %r" % s)
    q = t.call("sale.quote", {"lines": [{"tag": WW1, "qty": 1}],
                              "customer": ann["id"]})["quote"]
    check(not q["ok"] and q["error"]["code"] == "limit", "limit full")
    ret = {"sale": s["id"], "lines": [{"tag": SD7, "qty": 1}],
           "reason": "wrong strain"}
    t.expect_error("approval", "sale.return", ret)
    t.expect_error("approval", "sale.return", dict(ret, approver={
                   "staff": MANAGER, "pin": "9999"}))
    t.expect_error("bad-request", "sale.return", dict(ret, lines=[
                   {"tag": SD7, "qty": 5}], approver=APPROVE))
    r1 = t.call("sale.return", dict(ret, approver=APPROVE))["return"]
    check(r1["refund"] == 7251, "290.03 x 1/4 half up: %r" % r1)
    pk = t.call("package.get", {"tag": SD7})["package"]
    check(pk["status"] == "quarantine" and pk["location"] == "quarantine"
          and pk["qty"] == 12 - 4 + 1, "quarantined: %r" % pk)
    q = t.call("sale.quote", {"lines": [{"tag": SD7, "qty": 1}]})["quote"]
    check(not q["ok"] and q["error"]["code"] == "not-sellable",
          "not sellable: %r" % q.get("error"))
    # The allowance is back: 7g of the day pool.
    commit([{"tag": WW1, "qty": 5}], customer=ann["id"])
    r2 = mgr.call("sale.return", dict(ret, lines=[{"tag": SD7,
                  "qty": 3}]))["return"]
    check(r2["refund"] == 29003 - 7251, "the rest: %r" % r2)
    g = t.call("sale.get", {"id": s["id"]})["sale"]
    check(g["refunded"] == g["total"] and g["lines"][0]["returned"] == 4,
          "refunded exactly what was paid: %r" % g)
    mgr.expect_error("bad-request", "sale.return", ret)
    mgr.expect_error("conflict", "sale.void", {"id": s["id"], "reason":
                     "x", "approver": APPROVE})
    check("sale.return" in st.ctl("audit", "list", "--limit", "10"),
          "return audited")
    st.stop()


run(test)
