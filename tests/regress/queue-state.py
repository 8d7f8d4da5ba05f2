#!/usr/bin/env python3
# The state's word on a patient at the door: customer.get and queue.add
# ask the state's patient registry (stash-metrc-sim; the cache and path a
# medical sale uses). An active patient is checked in with the state's
# remaining allotment on the entry every terminal sees; a patient the
# state reports inactive is refused with the state's word; an adult is
# not asked. With the state down, the rule file's outage policy decides:
# Colorado's safe harbour lets the patient in and says so (entry and
# audit), a rule file that says "outage block" refuses the check-in.
import os
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

SRC = os.environ.get("top_srcdir", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}


def patient(t, first, card):
    return t.call("customer.create", {"type": "medical", "first": first,
        "last": "Door", "dob": "1975-05-05", "residence": "CO",
        "id_doc": dict(IDOC, number="D" + first), "id_scanned": True,
        "card": {"number": card, "state": "CO",
                 "expires": "2027-06-30"}})["customer"]


def block_rules(st):
    d = os.path.join(st.dir, "rules-block")
    os.makedirs(d)
    with open(os.path.join(SRC, "contrib", "rules", "US-CO")) as f:
        text = "".join(l if not l.startswith("outage ") else
                       "outage block \"test: no check-in without the "
                       "state\"\n" for l in f)
    with open(os.path.join(d, "US-CO"), "w") as f:
        f.write(text)
    return d


def test(new_store):
    st = new_store()
    sim = Sim(os.path.join(st.dir, "sim.json"))
    try:
        run_co(st, sim)
    finally:
        sim.stop()
    st2 = new_store()
    sim2 = Sim(os.path.join(st2.dir, "sim.json"))
    try:
        run_block(st2, sim2)
    finally:
        sim2.stop()


def run_co(st, sim):
    # 2 oz allowed, 0.5 oz bought elsewhere: 1.5 oz left.
    sim.admin("POST", "/_sim/patient", {"number": "CO-PAT-0001",
                                         "allowed": 2000, "purchased": 500})
    report_to(st, sim, "metrc-reconcile=0", "metrc-transfers=0",
              "metrc-patient-timeout=1", "metrc-timeout=10")
    st.start()
    door = st.terminal("door-1", BUDTENDER)
    reg = st.terminal("register-1", BUDTENDER)
    pat = patient(door, "Pat", "CO-PAT-0001")
    gone = patient(door, "Gone", "CO-PAT-0002")     # inactive at the state
    nobody = patient(door, "Nobody", "CO-PAT-0404")  # unknown to the state
    ann = door.call("customer.create", {"type": "adult", "first": "Ann",
        "last": "Door", "dob": "1990-01-15", "residence": "CO",
        "id_doc": dict(IDOC, number="DANN"), "id_scanned": True})["customer"]
    asked = lambda: len([q for q in sim.requests() if
                         q["uri"].startswith("/patients/v2/statuses/")])

    # The profile shows the state's word and allotment.
    g = door.call("customer.get", {"id": pat["id"]})
    s = g["state"]
    check(s["status"] == "active" and s["available_moz"]["flower"] == 1500
          and s["checked"] > 0 and not s["cached"], "profile: %r" % s)
    check(door.call("customer.get", {"id": ann["id"]})["state"] is None,
          "an adult is not asked")
    n = asked()

    # Checked in with the state's allotment; the cache is used.
    r = door.call("queue.add", {"customer": pat["id"]})
    e = r["entry"]
    check(e["state"]["status"] == "active" and
          e["state"]["available_moz"]["flower"] == 1500 and
          r["state"]["cached"], "entry: %r" % r)
    check(asked() == n, "answered from the minute's cache")
    ev = reg.wait_event("queue")
    check(ev["entry"]["state"]["status"] == "active", "pushed: %r" % ev)
    lst = reg.call("queue.list")["waiting"]
    check(lst[0]["state"]["available_moz"]["flower"] == 1500,
          "listed with the state's word: %r" % lst)
    r = door.call("queue.add", {"customer": ann["id"]})
    check(r["entry"]["state"] is None and r["state"] is None,
          "adult: nothing asked: %r" % r)

    # Inactive at the state: refused with the state's word.
    m = door.expect_error("eligibility", "queue.add", {"customer": gone["id"]})
    check("registry" in m and "renew" in m, "inactive refused: %s" % m)
    m = door.expect_error("eligibility", "queue.add",
                          {"customer": nobody["id"]})
    check("CO-PAT-0404" in m or "No patient" in m,
          "the state's own message: %s" % m)
    g = door.call("customer.get", {"id": gone["id"]})
    check(g["state"]["status"] == "inactive" and not g["eligible"]["ok"]
          and "registry" in g["eligible"]["reason"],
          "the profile says inactive, not eligible: %r" % g)
    check(door.call("customer.get", {"id": pat["id"]})["eligible"]["ok"],
          "an active patient is eligible")
    ids = [x["customer"] for x in reg.call("queue.list")["waiting"]]
    check(gone["id"] not in ids and nobody["id"] not in ids,
          "not in the queue: %r" % ids)

    # The state is slow: a customer waits metrc-patient-timeout (1 s
    # here, not metrc-timeout's 10), then the outage policy applies.
    slow = patient(door, "Slow", "CO-PAT-0001S")
    sim.faults({"latency_ms": 5000})
    t0 = time.time()
    g = door.call("customer.get", {"id": slow["id"]})["state"]
    waited = time.time() - t0
    sim.faults({})
    check(g["status"] == "unreachable" and waited < 4.5,
          "a slow state: %r after %.1f s" % (g, waited))

    # The state is down: Colorado's safe harbour lets a patient in.
    wolf = patient(door, "Wolf", "CO-PAT-0001X")
    sim.stop()
    g = door.call("customer.get", {"id": wolf["id"]})["state"]
    check(g["status"] == "unreachable" and g["policy"] == "safe-harbour"
          and g["admit"], "profile unreachable: %r" % g)
    e = door.call("queue.add", {"customer": wolf["id"]})["entry"]
    check(e["state"]["status"] == "unreachable" and
          e["state"]["policy"] == "safe-harbour", "let in: %r" % e)
    out = st.ctl("audit", "list", "--limit", "10")
    check("state=unreachable" in out and "outage=safe-harbour" in out,
          "the audit says so: %s" % out)
    check("CO-PAT" not in out, "no card numbers in the audit")
    st.stop()


def run_block(st, sim):
    report_to(st, sim, "rules-dir=" + block_rules(st), "metrc-reconcile=0",
              "metrc-transfers=0")
    st.start()
    door = st.terminal("door-1", BUDTENDER)
    pat = patient(door, "Pat", "CO-PAT-0001")
    sim.stop()
    m = door.expect_error("eligibility", "queue.add", {"customer": pat["id"]})
    check("cannot be reached" in m and "block" in m,
          "blocked by rule: %s" % m)
    g = door.call("customer.get", {"id": pat["id"]})
    check(g["state"]["status"] == "unreachable" and not g["state"]["admit"]
          and not g["eligible"]["ok"], "the profile says so: %r" % g)
    check(door.call("queue.list")["waiting"] == [], "nobody checked in")
    st.stop()


run(test)
