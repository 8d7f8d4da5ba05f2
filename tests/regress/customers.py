#!/usr/bin/env python3
# Customers, eligibility and purchase limits at the register, against the
# shipped Colorado rules (the demo store is in CO): the under-age and the
# expired ID are refused, a typed date of birth needs a manager and a
# reason, the day's adult allowance is counted across sales and given back
# by a void, a caregiver's purchase counts against the patient, and a
# customer's remaining allowance is shown.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

SD7 = "1A4060300000000000004001"    # Sour Diesel 7g (flower), 12 on hand
WW1 = "1A4060300000000000007001"    # White Widow 1g (flower)
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}


def person(t, first, dob, typ="adult", number=None, card=None, **kw):
    args = {"type": typ, "first": first, "last": "Tester", "dob": dob,
            "id_doc": dict(IDOC, number=number or first.upper() + "123"),
            "residence": "CO", "id_scanned": True}
    if card:
        args["card"] = card
    args.update(kw)
    return t.call("customer.create", args)["customer"]


def sell(t, ref, lines, **kw):
    args = {"ref": ref, "lines": [{"tag": g, "qty": q} for g, q in lines],
            "tender": {"cash": 10**7}}
    args.update(kw)
    return t.call("sale.commit", args)["sale"]


def test(new_store):
    st = new_store().start()
    reg = st.terminal("register-1", BUDTENDER)
    mgr = st.terminal("office-1", MANAGER)

    ann = person(reg, "Ann", "2001-01-15")
    kid = person(reg, "Kid", "2006-06-01")
    old = person(reg, "Old", "1980-03-03", number="OLD1",
                 id_doc=dict(IDOC, number="OLD1", expires="2020-01-01"))

    # Eligibility: under 21, expired ID.
    m = reg.expect_error("eligibility", "sale.commit", {"ref": "e1",
        "customer": kid["id"], "lines": [{"tag": WW1, "qty": 1}],
        "tender": {"cash": 10**6}})
    check("21" in m, "says 21: %s" % m)
    m = reg.expect_error("eligibility", "sale.commit", {"ref": "e2",
        "customer": old["id"], "lines": [{"tag": WW1, "qty": 1}],
        "tender": {"cash": 10**6}})
    check("expired" in m, "says expired: %s" % m)

    # A typed date of birth: not by a budtender; a manager with a reason.
    reg.expect_error("permission", "customer.create", {"type": "adult",
        "first": "Typed", "last": "T", "dob": "1990-01-01",
        "id_doc": dict(IDOC, number="T1"), "reason": "scanner broken"})
    mgr.expect_error("permission", "customer.create", {"type": "adult",
        "first": "Typed", "last": "T", "dob": "1990-01-01",
        "id_doc": dict(IDOC, number="T1")})
    mgr.call("customer.create", {"type": "adult", "first": "Typed",
             "last": "T", "dob": "1990-01-01",
             "id_doc": dict(IDOC, number="T1"), "reason": "scanner broken"})
    check("reason=scanner broken" in st.ctl("audit", "list", "--limit",
                                            "3"), "typed DOB audited")
    reg.expect_error("conflict", "customer.create", {"type": "adult",
        "first": "Dup", "last": "T", "dob": "1990-01-01",
        "id_doc": dict(IDOC, number="ann-123"), "id_scanned": True})

    # The day's adult allowance (1 oz of flower) across two sales.
    s1 = sell(reg, "l1", [(SD7, 4)], customer=ann["id"])   # 28 g
    check(s1["customer"] == ann["id"], "sale names the customer")
    m = reg.expect_error("limit", "sale.commit", {"ref": "l2",
        "customer": ann["id"], "lines": [{"tag": WW1, "qty": 1}],
        "tender": {"cash": 10**6}})
    check("co_adult_day" in m, "names the pool: %s" % m)
    g = reg.call("customer.get", {"id": ann["id"]})
    pool = next(p for p in g["limits"]["pools"]
                if p["name"] == "co_adult_day")
    check(pool["remaining"] < 1000, "under a gram left: %r" % pool)
    check(g["eligible"]["ok"] and g["history"][0]["id"] == s1["id"],
          "profile shows eligibility and history")
    # A void gives the allowance back.
    reg.call("sale.void", {"id": s1["id"], "reason": "limits test",
             "approver": {"staff": MANAGER, "pin": PINS[MANAGER]}})
    sell(reg, "l3", [(WW1, 1)], customer=ann["id"])
    # A walk-in is held to a transaction's worth too.
    reg.expect_error("limit", "sale.commit", {"ref": "w1",
        "lines": [{"tag": SD7, "qty": 5}], "tender": {"cash": 10**6}})

    # Caregiver: buys for a linked patient, against the patient's limits.
    card = {"number": "CO-PAT-0001", "state": "CO", "expires": "2027-06-30"}
    pat = person(reg, "Pat", "1975-05-05", typ="medical", card=card)
    cg = person(reg, "Cara", "1970-07-07", typ="caregiver",
                card={"number": "CO-CG-0001", "state": "CO",
                      "expires": "2027-06-30"}, patients=[pat["id"]])
    reg.expect_error("eligibility", "sale.commit", {"ref": "c0",
        "customer": cg["id"], "lines": [{"tag": WW1, "qty": 1}],
        "tender": {"cash": 10**6}})
    reg.expect_error("eligibility", "sale.commit", {"ref": "c1",
        "customer": cg["id"], "patient": ann["id"],
        "lines": [{"tag": WW1, "qty": 1}], "tender": {"cash": 10**6}})
    s = sell(reg, "c2", [(SD7, 8)], customer=cg["id"], patient=pat["id"])
    check(s["patient"] == pat["id"], "sale names the patient")   # 56 g
    m = reg.expect_error("limit", "sale.commit", {"ref": "c3",
        "customer": pat["id"], "lines": [{"tag": WW1, "qty": 1}],
        "tender": {"cash": 10**6}})
    check("co_med_flower" in m, "patient's own pool is used up: %s" % m)

    # Search by name prefix, phone digits, ID number.
    reg.call("customer.create", {"type": "adult", "first": "Zed",
             "last": "Quinn", "dob": "1990-02-02", "phone": "(303) 555-0101",
             "id_doc": dict(IDOC, number="Z-9"), "id_scanned": True})
    for q in ("quinn", "3035550101", "z9"):
        r = reg.call("customer.search", {"q": q})["customers"]
        check([c["first"] for c in r] == ["Zed"], "search %s: %r" % (q, r))
    check("whole" in st.ctl("audit", "verify"), "audit whole")
    st.stop()


run(test)
