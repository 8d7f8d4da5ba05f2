#!/usr/bin/env python3
# Patient verification when the state's registry cannot be reached and
# the rule file says "outage manual": the medical sale is refused saying
# what it needs, then goes ahead with a manager's approval (staff ID and
# PIN) and a reason, held to our own ledger's limits; the audit records
# the outage, the approver and the reason, and no card number. The same
# at the register (80x24 tmux pane): the refused sale asks for the reason,
# then the manager's staff ID and PIN, and goes through.
import os
import socket
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

SRC = os.environ.get("top_srcdir", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))
WW1 = "1A4060300000000000007001"    # White Widow 1g (flower)
SD7 = "1A4060300000000000004001"    # Sour Diesel 7g (flower)
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}
APPROVE = {"staff": MANAGER, "pin": PINS[MANAGER]}


def rules_dir(st):
    d = os.path.join(st.dir, "rules")
    os.makedirs(d)
    with open(os.path.join(SRC, "contrib", "rules", "US-CO")) as f:
        text = f.read()
    lines = [l for l in text.splitlines() if l.startswith("outage ")]
    check(len(lines) == 1, "one outage line in US-CO")
    text = text.replace(lines[0], 'outage manual "test: manual entry"')
    with open(os.path.join(d, "US-CO"), "w") as f:
        f.write(text)
    return d


def test(new_store):
    st = new_store()
    # A state system that is not there: a port nobody listens on.
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    secrets = os.path.join(st.dir, "metrc.secrets")
    with open(secrets, "w") as f:
        f.write("vendor-key v\nuser-key u\n")
    os.chmod(secrets, 0o600)
    st.options = ["rules-dir=" + rules_dir(st),
                  "metrc-url=http://127.0.0.1:%d" % port,
                  "metrc-secrets=" + secrets, "metrc-interval=1",
                  "metrc-timeout=1"]
    st.start()
    t = st.terminal("register-1", BUDTENDER)
    pat = t.call("customer.create", {"type": "medical", "first": "Pat",
        "last": "Outage", "dob": "1975-05-05", "residence": "CO",
        "id_doc": dict(IDOC, number="PO1"), "id_scanned": True,
        "card": {"number": "CO-OUT-0001", "state": "CO",
                 "expires": "2030-01-01"}})["customer"]

    def sale(ref, tag=WW1, qty=1, **kw):
        args = {"ref": ref, "customer": pat["id"],
                "lines": [{"tag": tag, "qty": qty}],
                "tender": {"cash": 10**7}}
        args.update(kw)
        return args

    # Nothing said: refused, saying what is needed.
    m = t.expect_error("approval", "sale.commit", sale("o1"))
    check("manager" in m and "reason" in m and "own ledger" in m and
          "reached" in m, "says what is needed: %s" % m)
    # A reason without an approver, an approver without a reason, a
    # wrong PIN: refused.
    t.expect_error("approval", "sale.commit", sale("o1",
                   outage_reason="state down"))
    t.expect_error("approval", "sale.commit", sale("o1", approver=APPROVE))
    t.expect_error("approval", "sale.commit", sale("o1", approver={
                   "staff": MANAGER, "pin": "9999"},
                   outage_reason="state down"))
    t.expect_error("approval", "sale.commit", sale("o1", approver={
                   "staff": BUDTENDER, "pin": PINS[BUDTENDER]},
                   outage_reason="state down"))
    check(not st.sales(), "nothing sold yet")

    # Approved, with the reason: sold on our own ledger.
    s = t.call("sale.commit", sale("o1", approver=APPROVE,
               outage_reason="Metrc down since 9am"))["sale"]
    check(s["customer"] == pat["id"], "sold: %r" % s)
    out = st.ctl("audit", "list", "--limit", "10")
    line = [l for l in out.splitlines() if "sale.state-unreachable" in l]
    check(len(line) == 1 and "manual" in line[0] and
          "reason=Metrc down since 9am" in line[0] and
          "sale %d" % s["id"] in line[0], "the audit says so: %s" % out)
    check("CO-OUT" not in out, "no card numbers in the audit")

    # Our own ledger's limits still hold (CO medical: 2 oz a day).
    m = t.expect_error("limit", "sale.commit", sale("o2", SD7, 9,
                       approver=APPROVE, outage_reason="still down"))
    # A manager at the register approves their own, still with a reason.
    mgr = st.terminal("register-2", MANAGER)
    mgr.expect_error("approval", "sale.commit", sale("o3"))
    mgr.call("sale.commit", sale("o3", outage_reason="still down"))
    check("whole" in st.ctl("audit", "verify"), "audit whole")

    # At the register.
    pane = Pane("outage")
    wait_for, keys = pane.wait_for, pane.keys
    nsales = len(st.sales())
    try:
        pane.start(st, "register-9")
        wait_for("Stash Demo Dispensary |")
        wait_for("Stash Demo Dispensary |")  # connected
        pane.open_drawer(st, "register-9")  # cash needs one
        wait_for("Staff ID")
        keys("3", "Enter", "3000", "Enter")
        wait_for("F8 Customer")
        keys("F8")
        wait_for("Customer:")
        keys("outage", "Enter")
        wait_for("Customer: Pat Outage")
        keys(WW1, "Enter")
        wait_for("White Widow")
        pane.wait_total()
        keys("Enter")
        wait_for("Cash tendered")
        keys("Enter")
        out = wait_for("Why sell without the state:")
        check(len(st.sales()) == nsales, "not sold before the approval")
        keys("Enter")
        wait_for("Type why")
        keys("registry down at the register", "Enter")
        wait_for("Manager's staff ID:")
        keys("2", "Enter")
        wait_for("Manager's PIN:")
        keys("2000", "Enter")
        wait_for("COMPLETE")
        check(len(st.sales()) == nsales + 1, "sold from the register")
        out = st.ctl("audit", "list", "--limit", "5")
        check("reason=registry down at the register" in out,
              "the register's reason audited: %s" % out)
    finally:
        pane.kill()
    st.stop()


run(test)
