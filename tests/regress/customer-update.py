#!/usr/bin/env python3
# customer.update: a profile changes (a renewed card, a new phone,
# marketing consent withdrawn, a veteran's flag, a caregiver's patients)
# without a new profile; the type never changes; a new date of birth or ID
# number needs a scanned ID or a manager with a reason; one profile per ID
# still holds; a bad argument changes nothing; the audit names the fields
# that changed and none of their values.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}


def test(new_store):
    st = new_store()
    st.start()
    t = st.terminal("register-1", BUDTENDER)

    def create(first, number, **kw):
        args = {"type": "adult", "first": first, "last": "Upd",
                "dob": "1980-01-01", "id_scanned": True, "residence": "CO",
                "phone": "555-0100", "marketing": True,
                "id_doc": dict(IDOC, number=number)}
        args.update(kw)
        return t.call("customer.create", args)["customer"]

    a = create("Ann", "U1")
    b = create("Bob", "U2")
    pat = create("Pat", "U3", type="medical", card={
        "number": "CO-U-1", "state": "CO", "expires": "2027-01-01"})
    pat2 = create("Pia", "U4", type="medical", card={
        "number": "CO-U-2", "state": "CO", "expires": "2027-01-01"})
    cg = create("Cal", "U5", type="caregiver", card={
        "number": "CO-CG-1", "state": "CO", "expires": "2027-01-01"},
        patients=[pat["id"]])

    # Contact details, consent and the veteran's flag.
    r = t.call("customer.update", {"id": a["id"], "phone": "555-0199",
                                   "marketing": False, "veteran": True})
    check(r["changed"] == "phone,marketing,veteran", "changed: %r" % r)
    g = t.call("customer.get", {"id": a["id"]})["customer"]
    check(g["phone"] == "555-0199" and g["marketing"] is False and
          g["veteran"] is True and g["first"] == "Ann",
          "updated profile: %r" % g)
    # The same values again: nothing changes, nothing audited.
    r = t.call("customer.update", {"id": a["id"], "phone": "555-0199"})
    check(r["changed"] == "", "no change: %r" % r)

    # A renewed medical card.
    t.call("customer.update", {"id": pat["id"], "card": {
        "expires": "2028-06-30"}})
    g = t.call("customer.get", {"id": pat["id"]})["customer"]
    check(g["card"]["expires"] == "2028-06-30" and
          g["card"]["number"] == "CO-U-1", "renewed card: %r" % g["card"])

    # A caregiver's patients.
    t.call("customer.update", {"id": cg["id"],
                               "patients": [pat["id"], pat2["id"]]})
    g = t.call("customer.get", {"id": cg["id"]})["customer"]
    check(sorted(g["patients"]) == sorted([pat["id"], pat2["id"]]),
          "caregiver's patients: %r" % g)

    # Refusals, each changing nothing.
    t.expect_error("not-found", "customer.update", {"id": 9999,
                                                    "phone": "1"})
    t.expect_error("bad-request", "customer.update", {"id": a["id"],
                                                      "type": "medical"})
    t.expect_error("bad-request", "customer.update", {"id": a["id"],
                                                      "first": ""})
    t.expect_error("bad-request", "customer.update", {"id": a["id"],
                                                      "marketing": "no"})
    t.expect_error("bad-request", "customer.update", {"id": a["id"],
                                                      "dob": "1980-02-30"})
    t.expect_error("bad-request", "customer.create", {
        "type": "adult", "first": "Feb", "last": "Leap",
        "dob": "1981-02-29", "id_scanned": True,
        "id_doc": dict(IDOC, number="U9")})
    t.expect_error("bad-request", "customer.update", {"id": a["id"],
                                                      "patients": [pat["id"]]})
    t.expect_error("bad-request", "customer.update", {"id": cg["id"],
                                                      "patients": [b["id"]]})
    t.expect_error("bad-request", "customer.update", {"id": a["id"],
                                                      "employee": 999})
    # A typed date of birth: a budtender may not; a scanned ID may.
    t.expect_error("permission", "customer.update", {"id": a["id"],
                                                     "dob": "1981-01-01"})
    t.expect_error("permission", "customer.update", {
        "id": a["id"], "dob": "1981-01-01", "reason": "ID damaged"})
    # One profile per ID document.
    t.expect_error("conflict", "customer.update", {
        "id": a["id"], "id_scanned": True,
        "id_doc": {"number": "U2"}})
    g = t.call("customer.get", {"id": a["id"]})["customer"]
    check(g["dob"] == "1980-01-01" and g["id_doc"]["number"] == "U1" and
          g["phone"] == "555-0199", "nothing changed: %r" % g)

    t.call("customer.update", {"id": a["id"], "dob": "1981-01-01",
                               "id_scanned": True,
                               "id_doc": {"number": "U1-NEW",
                                          "expires": "2034-01-01"}})
    m = st.terminal("register-2", MANAGER)
    m.call("customer.update", {"id": b["id"], "dob": "1979-05-05",
                               "reason": "ID chip unreadable"})
    g = t.call("customer.get", {"id": b["id"]})["customer"]
    check(g["dob"] == "1979-05-05", "manager typed dob: %r" % g)
    # The new ID number finds the profile; the old one does not.
    found = t.call("customer.search", {"q": "U1-NEW"})["customers"]
    check([c["id"] for c in found] == [a["id"]], "search new ID: %r" % found)
    found = t.call("customer.search", {"q": "U1"})["customers"]
    check(a["id"] not in [c["id"] for c in found if
                          c["id_doc"]["number"] == "U1"],
          "the old ID number is gone: %r" % found)

    log = st.ctl("audit", "list", "--limit", "60")
    check("customer.update" in log and "changed=phone,marketing,veteran"
          in log and "changed=dob reason=ID chip unreadable" in log,
          "audited by field name:\n%s" % log)
    check("555-0199" not in log and "1979-05-05" not in log,
          "no values in the audit")


run(test)
