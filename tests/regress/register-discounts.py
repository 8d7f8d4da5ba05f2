#!/usr/bin/env python3
# Who a discount is for: medical for patients and caregivers, senior from
# the store's senior-age (default 65; set to 60 here), veteran when the
# profile says so, employee when the profile is linked to a member of
# staff. Any other customer, or a walk-in, is refused with the reason; a
# one-off needs no customer. The profile's veteran and employee show in
# customer.get.
import sys, os, datetime
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

A = "1A4060300000000000001001"      # Blue Dream 3.5g
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}


def test(new_store):
    st = new_store()
    st.options = ["senior-age=60"]
    st.start()
    t = st.terminal("register-1", BUDTENDER)
    n = [0]

    def person(first, dob, **kw):
        n[0] += 1
        args = {"type": "adult", "first": first, "last": "Disc",
                "dob": dob, "id_scanned": True, "residence": "CO",
                "id_doc": dict(IDOC, number="D%d" % n[0])}
        args.update(kw)
        return t.call("customer.create", args)["customer"]

    today = datetime.date.today()
    sixty = today.replace(year=today.year - 60)
    if sixty.month == 2 and sixty.day == 29:
        sixty = sixty.replace(day=28)
    # Two days either side of 60 years: whatever the store's time zone.
    old = person("Old", (sixty - datetime.timedelta(days=2)).isoformat())
    young = person("Young", (sixty + datetime.timedelta(days=2)).isoformat())
    vet = person("Vet", "1980-01-01", veteran=True)
    emp = person("Emp", "1980-01-01", employee=BUDTENDER)
    plain = person("Plain", "1980-01-01")
    pat = person("Pat", "1980-01-01", type="medical", card={
        "number": "CO-D-1", "state": "CO", "expires": "2030-01-01"})
    t.expect_error("bad-request", "customer.create", {"type": "adult",
                   "first": "X", "last": "Y", "dob": "1980-01-01",
                   "id_scanned": True, "employee": 999,
                   "id_doc": dict(IDOC, number="X1")})

    g = t.call("customer.get", {"id": vet["id"]})["customer"]
    check(g["veteran"] is True and "employee" not in g, "vet: %r" % g)
    g = t.call("customer.get", {"id": emp["id"]})["customer"]
    check(g["veteran"] is False and g["employee"] == BUDTENDER,
          "employee: %r" % g)

    def try_(kind, cust, ok, words=()):
        args = {"lines": [{"tag": A, "qty": 1}],
                "discounts": [{"kind": kind, "percent": 5}]}
        if cust is not None:
            args["customer"] = cust["id"]
        q = t.call("sale.quote", args)["quote"]
        who = cust["first"] if cust else "walk-in"
        if ok:
            check(q["ok"] and q["discount"] == 175, "%s for %s: %r" %
                  (kind, who, q))
            n[0] += 1
            s = t.call("sale.commit", dict(args, ref="c%d" % n[0],
                       tender={"cash": 10**6}))["sale"]
            check(s["discounts"][0]["kind"] == kind, "sold: %r" % s)
        else:
            check(not q["ok"] and q["error"]["code"] == "eligibility",
                  "%s refused for %s: %r" % (kind, who, q))
            for w in words:
                check(w in q["error"]["message"], "%s for %s: says %r: %s"
                      % (kind, who, w, q["error"]["message"]))
            n[0] += 1
            t.expect_error("eligibility", "sale.commit", dict(args,
                           ref="c%d" % n[0], tender={"cash": 10**6}))

    try_("medical", pat, True)
    try_("medical", plain, False, ("not a patient",))
    try_("senior", old, True)
    try_("senior", young, False, ("59", "60", "senior-age"))
    try_("veteran", vet, True)
    try_("veteran", plain, False, ("veteran",))
    try_("employee", emp, True)
    try_("employee", vet, False, ("staff",))
    for kind in ("medical", "senior", "veteran", "employee"):
        try_(kind, None, False, ("customer",))
    q = t.call("sale.quote", {"lines": [{"tag": A, "qty": 1}], "discounts":
               [{"kind": "oneoff", "amount": 100, "reason": "dented"}]})
    check(q["quote"]["ok"], "a one-off for a walk-in: %r" % q)
    check("veteran=1" in st.ctl("audit", "list", "--limit", "40"),
          "the veteran flag is in the audit")
    st.stop()


run(test)
