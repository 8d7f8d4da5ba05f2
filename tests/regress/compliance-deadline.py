#!/usr/bin/env python3
# The reporting deadline by customer type, from the rule file: with the
# state system down, an adult sale waits against the file's adult deadline
# and a medical sale against its (shorter) medical one; compliance.status
# and "stashctl compliance status" name the event nearest its deadline and
# warn once it has used 75% of it, then say it has passed. A rule file
# without deadlines leaves it to metrc-deadline.
import json
import os
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

SRC = os.environ.get("top_srcdir", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))

ADULT, MEDICAL = 40, 8      # seconds, in the test's rule file
WW1 = "1A4060300000000000007001"    # White Widow 1g (flower)
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}


def rules_dir(st, adult, medical):
    d = os.path.join(st.dir, "rules-%s-%s" % (adult, medical))
    os.makedirs(d)
    with open(os.path.join(SRC, "contrib", "rules", "US-CO")) as f:
        text = "".join(l for l in f if not l.startswith("deadline "))
    lines = ""
    if adult is not None:
        lines += "deadline adult %ds \"test: adult\"\n" % adult
    if medical is not None:
        lines += "deadline medical %ds \"test: medical\"\n" % medical
    i = text.index("\npool ")
    with open(os.path.join(d, "US-CO"), "w") as f:
        f.write(text[:i + 1] + lines + text[i + 1:])
    return d


def test(new_store):
    st = new_store()
    sim = Sim(os.path.join(st.dir, "sim.json"))
    rules = rules_dir(st, ADULT, MEDICAL)
    report_to(st, sim, "rules-dir=" + rules, "metrc-reconcile=0",
              "metrc-transfers=0")
    sim.stop()                  # the state is down from the start
    st.start()
    t = st.terminal("register-1", MANAGER)
    pat = t.call("customer.create", {"type": "medical", "first": "Pat",
        "last": "Tester", "dob": "1975-05-05", "residence": "CO",
        "id_doc": dict(IDOC, number="PAT123"), "id_scanned": True,
        "card": {"number": "CO-PAT-0001", "state": "CO",
                 "expires": "2027-06-30"}})["customer"]

    def sell(ref, cust=None):
        a = {"ref": ref, "lines": [{"tag": WW1, "qty": 1}],
             "tender": {"cash": 10**7}}
        if cust is not None:
            a["customer"] = cust
        return t.call("sale.commit", a)["sale"]

    s = t.call("compliance.status")
    check(s["deadline_type"] is None and s["warning"] is None and
          s["deadlines"] == {"adult": ADULT, "medical": MEDICAL} and
          s["deadline_source"] == "rules", "nothing waiting: %r" % s)

    # An adult sale: the adult deadline, no warning yet.
    sell("dl:1")
    s = t.call("compliance.status")
    check(s["pending"] == 1 and s["deadline_type"] == "adult" and
          s["deadline"] == ADULT and s["deadline_left"] > ADULT - 5 and
          s["warning"] is None and s["deadline_cite"] == "test: adult",
          "adult: %r" % s)

    # A medical sale (CO's outage safe harbour lets it through): its
    # deadline is nearer, so it is the one shown.
    t0 = time.time()
    sell("dl:2", pat["id"])
    s = t.call("compliance.status")
    check(s["pending"] == 2 and s["deadline_type"] == "medical" and
          s["deadline"] == MEDICAL and s["deadline_left"] <= MEDICAL,
          "medical: %r" % s)
    out = json.loads(st.ctl("--json", "compliance", "status",
                            "--rules-dir", rules))
    check(out["deadline_type"] == "medical" and out["deadline"] == MEDICAL,
          "stashctl agrees: %r" % out)
    if time.time() - t0 < MEDICAL * 0.75 - 1:
        check(s["warning"] is None, "no warning early: %r" % s)

    # Past 75%: a warning naming what is left.
    s = wait_until("the warning", lambda: (lambda x: x["warning"] and x)(
        t.call("compliance.status")), timeout=MEDICAL + 5)
    check(time.time() - t0 >= MEDICAL * 0.75 - 1,
          "not before 75%%: %.1f s" % (time.time() - t0))
    check(s["deadline_type"] == "medical" and "check the connection" in
          s["warning"], "warning: %r" % s)
    out = st.ctl("compliance", "status", "--rules-dir", rules)
    check("WARNING" in out and "medical" in out and
          ("adult %d, medical %d" % (ADULT, MEDICAL)) in out,
          "stashctl warns: %s" % out)

    # Past the deadline.
    wait_until("the deadline passed", lambda: "past the state's" in (
        t.call("compliance.status")["warning"] or ""), timeout=MEDICAL + 5)
    s = t.call("compliance.status")
    check(s["deadline_left"] < 0 and s["deadline_type"] == "medical",
          "late: %r" % s)

    # No deadline in the file: stashctl falls back to --deadline.
    bare = rules_dir(st, None, None)
    out = json.loads(st.ctl("--json", "compliance", "status",
                            "--rules-dir", bare, "--deadline", "600"))
    check(out["deadline"] == 600 and out["deadline_source"] ==
          "metrc-deadline" and out["warning"] is None,
          "fallback: %r" % out)
    st.stop()


run(test)
