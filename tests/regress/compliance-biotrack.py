#!/usr/bin/env python3
# The BioTrack legacy (API 4.0) adapter against stash-biotrack-sim: stashd
# -n checks biotrack-url and a private biotrack-secrets file; stashd logs
# in with the company UBI, reports every sale exactly once with a nonce
# kept in the job before it is sent; an answer lost after the state
# applied the sale is recovered with nonce_replay (not sent again); a 500
# before it applied anything is found by nonce_replay to be unknown and
# sent again under a new nonce, once; an expired session is logged into
# again; a void reaches the state as sale_void of the sale's transaction,
# a return as sale_refund of it;
# an adjustment as inventory_adjust, a destruction as
# inventory_destroy_schedule.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from btsim import with_sim, check_n as sim_check_n, unit_packages, seller

def run_all(st, sim):
    secrets = sim.secrets(st.dir)
    os.chmod(secrets, 0o644)

    def check_n(want, *opts):
        sim_check_n(st, sim, want, *opts)
    check_n("set biotrack-url", "state-system=biotrack")
    check_n("chmod 600", "state-system=biotrack", "biotrack-url=" + sim.url,
            "biotrack-secrets=" + secrets)
    os.chmod(secrets, 0o600)
    check_n(None, "state-system=biotrack", "biotrack-url=" + sim.url,
            "biotrack-secrets=" + secrets)
    check_n("set biotrack24-url", "state-system=biotrack-v2024")

    st.options = ["state-system=biotrack", "biotrack-url=" + sim.url,
                  "biotrack-secrets=" + secrets, "biotrack-interval=1",
                  "biotrack-timeout=5"]
    st.start()
    t = st.terminal("register-1", MANAGER)
    each = unit_packages(t, st, 6)
    big = [p for p in each if
           t.call("package.get", {"tag": p})["package"]["qty"] >= 30]
    check(len(each) >= 1 and len(big) >= 2, "packages sold by the unit")
    A = each[0]
    C = [p for p in big if p != A][0]
    sell, settled = seller(lambda: t, "bt", A)

    def sales():
        return sim.state()["sales"]

    # Plain: logged in once, the sale dispensed once.
    s1 = sell()
    wait_until("the first sale reported", settled)
    check(len(sales()) == 1, "one sale at the state: %r" % sales())
    sale = list(sales().values())[0]
    check(sale["data"][0]["barcodeid"] == A and
          sale["data"][0]["quantity"] == 1 and
          sale["terminal_id"] == "register-1", "the sale: %r" % sale)
    check(sum(1 for q in sim.requests() if q["action"] == "login") == 1,
          "one login")

    # The answer lost after the state applied it: replayed, not resent.
    sim.admin("POST", "/_sim/faults", {"lose": 1})
    sell()
    wait_until("the lost answer recovered", settled)
    check(len(sales()) == 2, "applied once: %r" % sales())
    check(any(q["action"] == "nonce_replay" for q in sim.requests()),
          "asked by nonce_replay")
    check(len(sim.applied("sale_dispense")) == 2, "two dispenses applied")

    # A 500 before anything was applied: the nonce is unknown, sent again.
    sim.admin("POST", "/_sim/faults", {"status": 500, "count": 1})
    sell()
    wait_until("the refused sale sent again", settled)
    check(len(sales()) == 3, "applied once after the 500: %r" % sales())
    nonces = [q["nonce"] for q in sim.applied("sale_dispense")]
    check(len(nonces) == len(set(nonces)) == 3, "a nonce each: %r" %
          nonces)

    # The session expired: logged in again, reported once.
    sim.admin("POST", "/_sim/faults", {"expire": True})
    sell()
    wait_until("reported after a new login", settled)
    check(len(sales()) == 4, "four sales: %r" % sales())
    check(sum(1 for q in sim.requests() if q["action"] == "login" and
              q["applied"]) == 2, "a second login")

    # A void: sale_void of the first sale's transaction.
    tid = min(int(k) for k in sales())
    t.call("sale.void", {"id": s1, "reason": "test",
                         "approver": {"staff": MANAGER,
                                      "pin": PINS[MANAGER]}})
    wait_until("the void reported", settled)
    check(sales()[str(tid)]["voided"], "the first sale voided at the state")
    check(len(sim.applied("sale_void")) == 1, "one void")

    # A return: sale_refund of what came back, against the sale's
    # transaction.
    s5 = sell()
    wait_until("s5 reported", settled)
    tid5 = max(int(k) for k in sales())
    t.call("sale.return", {"sale": s5, "lines": [{"tag": A, "qty": 1}],
                           "reason": "test", "refund": "cash",
                           "approver": {"staff": MANAGER,
                                        "pin": PINS[MANAGER]}})
    wait_until("the return reported", settled)
    refunds = sales()[str(tid5)]["refunds"]
    check(len(refunds) == 1 and refunds[0][0]["barcodeid"] == A and
          refunds[0][0]["quantity"] == 1, "one refund: %r" % refunds)

    # An adjustment and a destruction.
    t.call("package.adjust", {"tag": A, "delta": -1, "reason": "theft",
                              "note": "missing"})
    t.call("package.adjust", {"tag": A, "delta": -1,
                              "reason": "destruction", "note": "dropped",
                              "witness": {"staff": ADMIN,
                                          "pin": PINS[ADMIN]}})
    wait_until("the adjustments reported", settled)
    adj = sim.state()["adjustments"]
    check([a["action"] for a in adj] == ["inventory_adjust",
                                         "inventory_destroy_schedule"],
          "adjust then destroy: %r" % adj)
    check(adj[0]["data"]["barcodeid"] == A and adj[0]["data"]["type"] == 2,
          "theft's code: %r" % adj[0])
    s = t.call("compliance.status")
    check(s["state_system"] == "biotrack" and s["enabled"] and
          s["exceptions"] == 0,
          "dashboard: %r" % s)
    with open(os.path.join(st.dir, "stashd.log")) as f:
        log = f.read()
    check(sim.start["password"] not in log, "no password in the log")

    # Faults and a kill -9 while sales go: each reaches the state once.
    before = len(sales())
    sim.admin("POST", "/_sim/faults", {"lose": 4})
    for i in range(12):
        sell(C)
    st.kill9()
    st.start()
    t = st.terminal("register-1", MANAGER)
    sim.admin("POST", "/_sim/faults", {"status": 503, "count": 3})
    for i in range(12):
        sell(C)
    wait_until("all reported after the crash", settled, 120)
    check(len(sales()) == before + 24, "24 more sales, once each: %d" %
          (len(sales()) - before))
    nonces = [q["nonce"] for q in sim.applied("sale_dispense")]
    check(len(nonces) == len(set(nonces)), "no nonce applied twice")


run(with_sim(run_all))
