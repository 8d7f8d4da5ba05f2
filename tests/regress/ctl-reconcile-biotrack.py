#!/usr/bin/env python3
# stashctl compliance reconcile with state-system biotrack: it reads
# stash.conf's biotrack-url and biotrack-secrets, logs in, asks sync_check
# then sync_inventory (as stashd's compliance.reconcile does), compares
# with the ledger the same way (the same differences stashd finds), exits
# 2 with differences and 0 without, keeps the run in the ledger's history
# (who: stashctl), and says why on a refusal, an unreachable state or a
# state-system with nothing to reconcile with (ccrs, none) or without
# its address (biotrack, biotrack-v2024). No secret is printed.
import json
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from btsim import with_sim, our_stock


def run_all(st, sim):
    st.options = sim.options(st, "biotrack-transfers=0")
    secrets = sim.secrets(st.dir)
    conf = os.path.join(st.dir, "stash.conf")

    def write_conf(*lines):
        with open(conf, "w") as f:
            f.write("".join(l + "\n" for l in lines))

    write_conf("state-system biotrack", "biotrack-url " + sim.url,
               "biotrack-secrets " + secrets, "biotrack-timeout 5")
    st.start()
    mgr = st.terminal("register-1", MANAGER)
    ours = our_stock(mgr, st.tags)
    check(len(ours) >= 2, "packages with stock")

    def seed(change=None):
        sim.seed_inventory(ours, change=change)

    def ctl_recon(*extra):
        return st.ctl(*(extra + ("compliance", "reconcile", "--config",
                                 conf)), check_rc=False)

    def asked():
        return [q["action"] for q in sim.requests()
                if q["action"] in ("login", "sync_check", "sync_inventory")]

    # The same figures: exit 0, every package compared.
    seed()
    before = len(asked())
    out = ctl_recon("--json")
    check(st.last_rc == 0, "in step: exit 0, not %d (%s)" %
          (st.last_rc, st.last_err))
    r = json.loads(out)
    check(r["packages"] == len(ours) and r["compared"] == len(ours) and
          r["differences"] == [], "all compared, none differ: %r" % r)
    check(asked()[before:] == ["login", "sync_check", "sync_inventory"],
          "login, sync_check, sync_inventory: %r" % asked()[before:])

    # A quantity the state changed: exit 2, the same difference stashd
    # finds.
    B = sorted(t for t in ours if ours[t][1] == "each")[0]
    seed(change=(B, ours[B][0] - 1))
    out = ctl_recon()
    check(st.last_rc == 2, "a difference: exit 2, not %d (%s)" %
          (st.last_rc, st.last_err))
    check("reconciled with BioTrack" in out and B in out and
          "quantity" in out, "B listed: %s" % out)
    r = json.loads(ctl_recon("--json"))
    d = mgr.call("compliance.reconcile")["differences"]
    check(r["differences"] == d, "stashctl and stashd agree: %r / %r" %
          (r["differences"], d))
    check(len(d) == 1 and d[0]["tag"] == B and d[0]["kind"] == "quantity"
          and d[0]["state"] == ours[B][0] - 1, "B by one: %r" % d)
    h = json.loads(st.ctl("--json", "compliance", "reconcile",
                          "--history"))["runs"]
    check(len(h) == 4 and [x["who"] for x in h].count("stashctl") == 3,
          "three runs of stashctl's and stashd's kept: %r" %
          [x["who"] for x in h])

    # Refused: BioTrack's words; a 500: said so; no secret printed.
    sim.faults({"status": 500, "count": 1})
    ctl_recon()
    check(st.last_rc == 1 and "HTTP 500" in st.last_err and
          "login" in st.last_err, "a 500: %d %s" % (st.last_rc,
                                                    st.last_err))
    bad = os.path.join(st.dir, "bad", "biotrack.secrets")
    write_conf("state-system biotrack", "biotrack-url " + sim.url,
               "biotrack-secrets " + bad)
    ctl_recon()
    check(st.last_rc == 1 and "biotrack-secrets" in st.last_err,
          "no secrets file: %d %s" % (st.last_rc, st.last_err))
    os.mkdir(os.path.dirname(bad))
    with open(bad, "w") as f:
        f.write("ubi %s\nusername %s\npassword wrong-one\n" % (
            sim.start["ubi"], sim.start["username"]))
    os.chmod(bad, 0o600)
    ctl_recon()
    check(st.last_rc == 1 and "refused the login" in st.last_err and
          "biotrack-secrets" in st.last_err, "a refused login: %s" %
          st.last_err)
    check(sim.start["password"] not in st.last_err and
          "wrong-one" not in st.last_err, "no password printed")

    # Systems with nothing to reconcile with, or without an address.
    for system, words in (("ccrs", "nothing to reconcile with"),
                          ("none", "nothing to reconcile with"),
                          ("biotrack-v2024", "biotrack24-url is not set")):
        write_conf("state-system " + system)
        ctl_recon()
        check(st.last_rc == 1 and words in st.last_err and
              system in st.last_err, "%s: %s" % (system, st.last_err))
    write_conf("state-system biotrack")
    ctl_recon()
    check(st.last_rc == 1 and "biotrack-url" in st.last_err,
          "no url: %s" % st.last_err)

    # BioTrack cannot be reached.
    write_conf("state-system biotrack", "biotrack-url " + sim.url,
               "biotrack-secrets " + secrets, "biotrack-timeout 5")
    sim.stop()
    ctl_recon()
    check(st.last_rc == 1 and "did not answer" in st.last_err,
          "unreachable: %d %s" % (st.last_rc, st.last_err))
    st.stop()


run(with_sim(run_all))
