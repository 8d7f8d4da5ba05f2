#!/usr/bin/env python3
# compliance.patient against stash-metrc-sim: the state's status and
# allotment of a card, cached for a minute, "not-found" for a card the
# state does not know, and "unreachable" when the state system fails or is
# gone -- without holding up other requests.
import os
import select
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def test(new_store):
    import json
    import select
    import subprocess
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
        secrets = os.path.join(st.dir, "metrc.secrets")
        with open(secrets, "w") as f:
            f.write("vendor-key %s\nuser-key %s\n" %
                    (start["vendor_key"], start["user_key"]))
        os.chmod(secrets, 0o600)
        st.options = ["metrc-url=" + url, "metrc-secrets=" + secrets,
                      "metrc-interval=1", "metrc-timeout=2"]
        st.start()
        t = st.terminal("register-1", BUDTENDER)
        p = t.call("compliance.patient", {"card": "CO-PAT-0001"})
        check(p["state"] == "ok" and p["active"] and not p["cached"],
              "an active patient: %r" % p)
        a = p["registrations"][0]["allotment"]["flower"]
        check(isinstance(a["available_moz"], int) and
              a["available_moz"] > 0, "allotment in thousandths: %r" % a)
        p = t.call("compliance.patient", {"card": "CO-PAT-0001"})
        check(p["cached"], "asked again within a minute: cached")
        p = t.call("compliance.patient", {"card": "CO-PAT-0002"})
        check(p["state"] == "ok" and not p["active"], "inactive: %r" % p)
        p = t.call("compliance.patient", {"card": "CO-PAT-9999"})
        check(p["state"] == "not-found", "unknown card: %r" % p)
        t.expect_error("bad-request", "compliance.patient", {"card": ""})

        def faults(f):
            import urllib.request
            req = urllib.request.Request(url + "/_sim/faults",
                                         data=json.dumps(f).encode(),
                                         method="POST")
            urllib.request.urlopen(req, timeout=10).read()
        faults({"status": 503, "path": "/patients"})
        p = t.call("compliance.patient", {"card": "CO-PAT-0003"})
        check(p["state"] == "unreachable" and "503" in p["reason"],
              "the state fails: %r" % p)
        # A slow state does not hold up other requests.
        faults({"latency_ms": 1500, "path": "/patients"})
        t2 = st.terminal("register-2", BUDTENDER)
        rid = t.send("compliance.patient", {"card": "CO-PAT-0004"})
        t2.call("ping")
        check(not select.select([t.sock], [], [], 0)[0],
              "the loop is not blocked: ping answered before the lookup")
        t.wait(rid)
        proc.terminate()
        proc.wait()
        p = t.call("compliance.patient", {"card": "CO-PAT-0005"})
        check(p["state"] == "unreachable", "the state is gone: %r" % p)
        p = t.call("compliance.patient", {"card": "CO-PAT-0001"})
        check(p["state"] == "ok" and p["cached"], "cache still serves")
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait()


run(test)
