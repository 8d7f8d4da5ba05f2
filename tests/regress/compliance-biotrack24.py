#!/usr/bin/env python3
# The BioTrack v2024 (Florida) adapter against stash-biotrack-sim's v2024
# surface: stashd -n checks biotrack24-url, a private biotrack24-secrets
# and biotrack24-approved; stashd logs in for a session token (X-Ubi,
# X-License) and reports every job kind exactly once, each write carrying
# our reference as RequestID and ExternalID: a sale (POST /v1/sale), a
# void (PUT /v1/sale/{id}/void), a return (POST /v1/sale/{id}/refund), an
# adjustment (PUT /v1/inventory/adjust) and a destruction (PUT
# /v1/inventory/destroy/schedule). A 500 before anything was applied is
# looked up by ExternalID, not found, and sent again once; an answer lost
# after the state applied it is looked up and found (not sent again); an
# expired token is logged into again. The dashboard shows the approval's
# expiry with a warning inside biotrack24-approval-warn days, and the
# outage's notice deadline stays empty while the link is up.
import datetime
import json
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from btsim import with_sim, check_n as sim_check_n, unit_packages, seller


def run_all(st, sim):
    secrets = sim.secrets24(st.dir)

    def check_n(want, *opts):
        sim_check_n(st, sim, want, *opts)
    check_n("set biotrack24-url", "state-system=biotrack-v2024")
    check_n("set biotrack24-secrets", "state-system=biotrack-v2024",
            "biotrack24-url=" + sim.base)
    check_n("not a day", "state-system=biotrack-v2024",
            "biotrack24-url=" + sim.base, "biotrack24-secrets=" + secrets,
            "biotrack24-approved=2026-13-40")
    # Approved 90 days ago: 10 days left, inside the 14-day warning.
    approved = (datetime.datetime.now(datetime.timezone.utc).date() -
                datetime.timedelta(days=90)).isoformat()
    opts = ["state-system=biotrack-v2024", "biotrack24-url=" + sim.base,
            "biotrack24-secrets=" + secrets, "biotrack24-approved=" +
            approved, "biotrack-interval=1", "biotrack-timeout=5"]
    check_n(None, *opts)

    st.options = opts
    st.start()
    t = st.terminal("register-1", MANAGER)
    each = unit_packages(t, st, 8)
    check(len(each) >= 2, "packages sold by the unit")
    A, B = each[0], each[1]
    sell, settled = seller(lambda: t, "bt24", A)

    def state():
        return sim.admin("GET", "/_sim24/state")

    def requests():
        return sim.admin("GET", "/_sim24/requests")["requests"]

    def once_each():
        applied = state()["applied"]
        check(all(n == 1 for n in applied.values()),
              "each ExternalID applied once: %r" % applied)
        return applied

    def faults(f):
        sim.admin("POST", "/_sim24/faults", f)

    # A sale: one login, one POST /v1/sale.
    s1 = sell()
    wait_until("the first sale reported", settled)
    sales = state()["sales"]
    check(len(sales) == 1, "one sale at the state: %r" % sales)
    sale = list(sales.values())[0]
    check(sale["Item"][0]["Barcode"] == A and sale["Item"][0]["Quantity"]
          == 1, "the sale's item: %r" % sale)
    check(sum(1 for q in requests() if q["path"] == "/v1/user/login" and
              q["applied"]) == 1, "one login")
    once_each()

    # A 500 before anything was applied: looked up, not there, sent again.
    faults({"status": 500, "count": 1})
    sell()
    wait_until("the refused sale sent again", settled)
    check(len(state()["sales"]) == 2, "two sales")
    check(any(q["method"] == "GET" and q["path"] == "/v1/sale"
              for q in requests()), "looked up by ExternalID")
    once_each()

    # The answer lost after the state applied it: found by the lookup.
    faults({"lose": 1})
    sell()
    wait_until("the lost answer recovered", settled)
    check(len(state()["sales"]) == 3, "applied once: %r" % state()["sales"])
    check(sum(1 for q in requests() if q["path"] == "/v1/sale" and
              q["method"] == "POST" and q["applied"]) == 3,
          "three sales posted and applied")
    once_each()

    # The token expired: a new login, the sale reported once.
    faults({"expire": True})
    sell()
    wait_until("reported after a new login", settled)
    check(len(state()["sales"]) == 4, "four sales")
    check(sum(1 for q in requests() if q["path"] == "/v1/user/login" and
              q["applied"]) == 2, "a second login")
    check(any(q["fault"] == 401 for q in requests()), "a 401 first")
    once_each()

    # A void of the first sale, its answer lost: found by its sale.
    tid = min(int(k) for k in state()["sales"])
    faults({"lose": 1})
    t.call("sale.void", {"id": s1, "reason": "test",
                         "approver": {"staff": MANAGER,
                                      "pin": PINS[MANAGER]}})
    wait_until("the void reported", settled)
    check(state()["sales"][str(tid)]["Deleted"], "voided at the state")
    check(sum(1 for q in requests() if q["path"] == "/v1/sale/%d/void" % tid
              and q["applied"]) == 1, "one void")
    check(any(q["method"] == "GET" and q["path"] == "/v1/sale/%d" % tid
              for q in requests()), "the void looked up by its sale")

    # A return against the last sale, its answer lost once.
    s5 = sell()
    wait_until("s5 reported", settled)
    tid5 = max(int(k) for k, v in state()["sales"].items())
    faults({"lose": 1})
    t.call("sale.return", {"sale": s5, "lines": [{"tag": A, "qty": 1}],
                           "reason": "test", "refund": "cash",
                           "approver": {"staff": MANAGER,
                                        "pin": PINS[MANAGER]}})
    wait_until("the return reported", settled)
    refunds = state()["sales"][str(tid5)]["Refunds"]
    check(len(refunds) == 1 and refunds[0][0]["Barcode"] == A,
          "one refund: %r" % refunds)

    # An adjustment (a 500 first) and a destruction.
    faults({"status": 500, "count": 1})
    t.call("package.adjust", {"tag": A, "delta": -1, "reason": "theft",
                              "note": "missing"})
    t.call("package.adjust", {"tag": A, "delta": -1,
                              "reason": "destruction", "note": "dropped",
                              "witness": {"staff": ADMIN,
                                          "pin": PINS[ADMIN]}})
    wait_until("the adjustments reported", settled)
    adj = state()["adjustments"]
    # The adjustment's 500 puts it after the destruction.
    adj.sort(key=lambda a: a["path"])
    check([a["path"] for a in adj] == ["/v1/inventory/adjust",
                                       "/v1/inventory/destroy/schedule"],
          "an adjustment and a destruction: %r" % adj)
    check(adj[0]["body"]["Barcode"] == A and
          adj[0]["body"]["AdjustmentType"] == 2, "theft's code: %r" % adj[0])
    check(any(q["method"] == "GET" and q["path"] ==
              "/v1/inventory/adjustment" for q in requests()),
          "the adjustment looked up after the 500")
    applied = once_each()
    check(len(applied) == 9, "nine records, one each: %r" % applied)

    # The dashboard: the approval's expiry and its warning.
    s = t.call("compliance.status")
    check(s["state_system"] == "biotrack-v2024" and s["exceptions"] == 0,
          "dashboard: %r" % s)
    check(s["approval_days_left"] == 10 and s["approval_warning"] and
          "approve" in s["approval_warning"], "approval warning: %r" % s)
    check(s["outage_since"] is None and s["outage_notice_due"] is None,
          "no outage: %r" % s)
    c = json.loads(st.ctl("--json", "compliance", "status"))["biotrack24"]
    check(c["approval_days_left"] == 10 and c["approval_warning"] and
          c["outage_since"] is None, "stashctl compliance status: %r" % c)
    check("RENEW" in st.ctl("compliance", "status"), "stashctl warns")

    # Lost answers and a kill -9 while sales go: after the restart each
    # uncertain one is looked up, and each is at the state once.
    faults({"lose": 2})
    for i in range(3):
        sell(B)  # A is held after its destruction
    st.kill9()
    st.start()
    t = st.terminal("register-1", MANAGER)
    wait_until("reported after the restart", settled, 120)
    check(len(once_each()) == 12, "twelve records, one each")

    # The state stops answering: the outage's start is kept and shown
    # (its notice is due only past two hours); it ends at the next answer.
    faults({"status": 503, "count": 100000})
    sell(B)  # A is held after its destruction
    wait_until("the outage seen", lambda:
               t.call("compliance.status")["outage_since"] is not None)
    s = t.call("compliance.status")
    check(s["outage_notice_due"] is None, "not two hours yet: %r" % s)
    check("outage:" in st.ctl("compliance", "status"), "stashctl: outage")
    faults({"status": 0})
    wait_until("reported after the outage", settled, 120)
    check(t.call("compliance.status")["outage_since"] is None,
          "the outage over")
    check(len(once_each()) == 13, "thirteen records, one each")

    # Started while the state is down: the failed logins are the outage.
    st.kill9()
    faults({"status": 503, "count": 100000})
    st.start()
    t = st.terminal("register-1", MANAGER)
    wait_until("the outage seen from the logins", lambda:
               t.call("compliance.status")["outage_since"] is not None)
    faults({"status": 0})
    wait_until("the outage over after a login (held a minute)", lambda:
               t.call("compliance.status")["outage_since"] is None, 180)
    with open(os.path.join(st.dir, "stashd.log")) as f:
        log = f.read()
    check(sim.start["password"] not in log, "no password in the log")


run(with_sim(run_all))
