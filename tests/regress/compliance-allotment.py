#!/usr/bin/env python3
# The state's medical allotment at the register (issue #4): before a
# medical sale stashd asks the state's patient registry (stash-metrc-sim)
# and the cart must fit the smaller of the state's remaining ounces and
# our own pool; a cart within our ledger but over the state's figure is
# refused naming the state. When the state cannot be reached the rule
# file's outage policy decides: Colorado's safe harbour sells on our own
# ledger and the audit records the outage.
import json
import os
import select
import subprocess
import sys
import urllib.request
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

SD7 = "1A4060300000000000004001"    # Sour Diesel 7g (flower)
WW1 = "1A4060300000000000007001"    # White Widow 1g (flower)
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}


def test(new_store):
    sim_bin = os.path.join(BUILD, "stash-metrc-sim")
    st = new_store()
    proc = subprocess.Popen([sim_bin, "-l", "127.0.0.1:0", "-s",
                             os.path.join(st.dir, "sim.json"), "--seed",
                             "demo"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    try:
        r, _, _ = select.select([proc.stdout], [], [], 10)
        check(r, "the simulator started")
        start = json.loads(proc.stdout.readline())
        url = "http://" + start["listen"]

        def admin(what, body):
            req = urllib.request.Request(url + "/_sim/" + what,
                                         data=json.dumps(body).encode(),
                                         method="POST")
            return json.loads(urllib.request.urlopen(req,
                                                     timeout=10).read())
        # 2 oz allowed, 1.8 oz bought elsewhere: 0.2 oz (5.67 g) left,
        # where our own ledger (CO: 2 oz a day) has all 56 g.
        admin("patient", {"number": "CO-PAT-0001", "allowed": 2000,
                          "purchased": 1800})
        secrets = os.path.join(st.dir, "metrc.secrets")
        with open(secrets, "w") as f:
            f.write("vendor-key %s\nuser-key %s\n" %
                    (start["vendor_key"], start["user_key"]))
        os.chmod(secrets, 0o600)
        st.options = ["metrc-url=" + url, "metrc-secrets=" + secrets,
                      "metrc-interval=1", "metrc-timeout=2"]
        st.start()
        t = st.terminal("register-1", BUDTENDER)
        pat = t.call("customer.create", {"type": "medical", "first": "Pat",
            "last": "Tester", "dob": "1975-05-05", "residence": "CO",
            "id_doc": dict(IDOC, number="PAT123"), "id_scanned": True,
            "card": {"number": "CO-PAT-0001", "state": "CO",
                     "expires": "2027-06-30"}})["customer"]
        ann = t.call("customer.create", {"type": "adult", "first": "Ann",
            "last": "Tester", "dob": "1990-01-15", "residence": "CO",
            "id_doc": dict(IDOC, number="ANN123"),
            "id_scanned": True})["customer"]

        def sale(ref, tag, qty, cust):
            return {"ref": ref, "customer": cust,
                    "lines": [{"tag": tag, "qty": qty}],
                    "tender": {"cash": 10**7}}

        # Over the state's 0.2 oz, well within our 2 oz: refused.
        m = t.expect_error("limit", "sale.commit",
                           sale("a1", SD7, 1, pat["id"]))
        check("state system" in m and "co_med_flower" in m,
              "names the state's allotment: %s" % m)
        q = t.call("sale.quote", sale("q1", SD7, 1, pat["id"]))["quote"]
        check(not q["ok"] and q["limits"]["state"] == "ok",
              "the quote shows the state's answer: %r" % q["limits"])
        # Within both: sold; what we sold comes off the cached figure.
        s = t.call("sale.commit", sale("a2", WW1, 5, pat["id"]))["sale"]
        check(s["customer"] == pat["id"], "within both: sold")
        m = t.expect_error("limit", "sale.commit",
                           sale("a3", WW1, 1, pat["id"]))
        check("state system" in m, "5 g sold of 5.67 g: %s" % m)
        # Not a medical sale: the state is not asked.
        q = t.call("sale.quote", sale("q2", WW1, 1, ann["id"]))["quote"]
        check(q["ok"] and q["limits"]["state"] == "off",
              "adult use: state off: %r" % q["limits"])
        # A patient the state has no active registration for.
        gone = t.call("customer.create", {"type": "medical",
            "first": "Gone", "last": "Tester", "dob": "1975-05-05",
            "residence": "CO", "id_doc": dict(IDOC, number="GONE1"),
            "id_scanned": True, "card": {"number": "CO-PAT-0002",
            "state": "CO", "expires": "2027-06-30"}})["customer"]
        m = t.expect_error("eligibility", "sale.commit",
                           sale("a4", WW1, 1, gone["id"]))
        check("registry" in m, "inactive in the registry: %s" % m)

        # The state is gone: Colorado's outage safe harbour.
        proc.terminate()
        proc.wait()
        wolf = t.call("customer.create", {"type": "medical",
            "first": "Wolf", "last": "Tester", "dob": "1980-05-05",
            "residence": "CO", "id_doc": dict(IDOC, number="WOLF1"),
            "id_scanned": True, "card": {"number": "CO-PAT-0003",
            "state": "CO", "expires": "2027-06-30"}})["customer"]
        q = t.call("sale.quote", sale("q3", SD7, 1, wolf["id"]))["quote"]
        check(q["limits"]["state"] in ("unreachable", "checking"),
              "quote: %r" % q["limits"])
        s = t.call("sale.commit", sale("a5", SD7, 1, wolf["id"]))["sale"]
        out = st.ctl("audit", "list", "--limit", "20")
        check("sale.state-unreachable" in out and "safe-harbour" in out
              and "44-10-501" in out, "the audit says so: %s" % out)
        check("CO-PAT" not in out, "no card numbers in the audit")
        check("whole" in st.ctl("audit", "verify"), "audit whole")
        st.stop()
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait()


run(test)
