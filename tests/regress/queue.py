#!/usr/bin/env python3
# The door queue seen from two terminals: the door checks customers in
# (an ineligible one is refused there), every register sees the queue
# change at once with waiting times, a register calls the next customer
# and gets their profile, and a second call of the same ticket is refused.
import sys, os, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}


def test(new_store):
    st = new_store().start()
    door = st.terminal("door-1", BUDTENDER)
    reg1 = st.terminal("register-1", BUDTENDER)
    reg2 = st.terminal("register-2", BUDTENDER)

    def person(first, dob):
        return door.call("customer.create", {"type": "adult",
            "first": first, "last": "Queue", "dob": dob, "id_scanned": True,
            "id_doc": dict(IDOC, number="Q" + first)})["customer"]

    a, b, kid = person("Amy", "1990-01-01"), person("Bo", "1985-05-05"), \
        person("Kid", "2010-01-01")
    m = door.expect_error("eligibility", "queue.add", {"customer": kid["id"]})
    check("21" in m, "door refuses the under-age: %s" % m)

    # A caregiver checks in for one of their own patients only.
    card = {"state": "CO", "expires": "2030-01-01"}
    pat = door.call("customer.create", {"type": "medical", "first": "Pia",
        "last": "Queue", "dob": "1970-01-01", "id_scanned": True,
        "id_doc": dict(IDOC, number="QPIA"),
        "card": dict(card, number="CO-Q-1")})["customer"]
    other = door.call("customer.create", {"type": "medical", "first": "Oz",
        "last": "Queue", "dob": "1970-01-01", "id_scanned": True,
        "id_doc": dict(IDOC, number="QOZ"),
        "card": dict(card, number="CO-Q-2")})["customer"]
    cg = door.call("customer.create", {"type": "caregiver", "first": "Cy",
        "last": "Queue", "dob": "1970-01-01", "id_scanned": True,
        "id_doc": dict(IDOC, number="QCY"),
        "card": dict(card, number="CO-CG-Q"),
        "patients": [pat["id"]]})["customer"]
    m = door.expect_error("eligibility", "queue.add",
                          {"customer": cg["id"], "patient": other["id"]})
    check("not a patient of caregiver" in m, "not their patient: %s" % m)
    door.expect_error("bad-request", "queue.add",
                      {"customer": a["id"], "patient": pat["id"]})
    e = door.call("queue.add", {"customer": cg["id"],
                                "patient": pat["id"]})["entry"]
    door.call("queue.remove", {"ticket": e["ticket"]})
    ev = reg2.wait_event("queue")
    while ev["entry"]["ticket"] != e["ticket"] or ev["state"] == "added":
        ev = reg2.wait_event("queue")

    ta = door.call("queue.add", {"customer": a["id"]})["entry"]
    ev = reg2.wait_event("queue")
    check(ev["state"] == "added" and ev["entry"]["ticket"] == ta["ticket"],
          "register 2 sees the check-in: %r" % ev)
    check(ev["entry"]["name"] == "Amy Q.", "only first name and initial")
    door.expect_error("conflict", "queue.add", {"customer": a["id"]})
    # Real time the test is about: Amy has waited at least a second
    # when the list is read (waiting >= 1 below).
    time.sleep(1.1)
    tb = door.call("queue.add", {"customer": b["id"]})["entry"]
    lst = reg1.call("queue.list")
    check([e["ticket"] for e in lst["waiting"]] == [ta["ticket"],
          tb["ticket"]], "waiting in order: %r" % lst)
    check(lst["waiting"][0]["waiting"] >= 1, "waiting time shown")

    # Register 1 calls the next: Amy, with her profile.
    r = reg1.call("queue.call")
    check(r["customer"]["id"] == a["id"] and r["entry"]["terminal"] ==
          "register-1", "called Amy to register 1: %r" % r)
    ev = reg2.wait_event("queue")
    while ev["state"] != "called":
        ev = reg2.wait_event("queue")
    check(ev["entry"]["ticket"] == ta["ticket"], "register 2 sees the call")
    reg2.expect_error("conflict", "queue.call", {"ticket": ta["ticket"]})
    # Bo leaves; nobody is waiting.
    door.call("queue.remove", {"ticket": tb["ticket"]})
    reg2.expect_error("not-found", "queue.call")
    lst = reg2.call("queue.list")
    # Recent: Cy (checked in and removed), Amy (called), Bo (left).
    check(lst["waiting"] == [] and len(lst["recent"]) == 3, "queue empty")
    st.stop()


run(test)
