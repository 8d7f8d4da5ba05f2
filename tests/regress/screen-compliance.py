#!/usr/bin/env python3
# The compliance dashboard (Ctrl-R at the register), in an 80x24 tmux pane
# against stashd reporting to stash-metrc-sim: a sale reaches the state; a
# package put on hold at the state turns the next sale of it into an
# exception. A budtender opening the dashboard sees stashd's refusal. The
# manager sees the pending and exception counts and the state's message,
# Enter shows the exception whole, F2 retries it once the hold is released
# and it clears; F3 runs a reconciliation and lists the difference of a
# package whose quantity the state changed by itself.
import base64
import json
import os
import sys
import urllib.request
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))


def sim_post(sim, path, body):
    req = urllib.request.Request(sim.url + path + "?licenseNumber=" + LIC,
                                 data=json.dumps(body).encode(),
                                 method="POST")
    auth = "%s:%s" % (sim.start["vendor_key"], sim.start["user_key"])
    req.add_header("Authorization", "Basic " +
                   base64.b64encode(auth.encode()).decode())
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"null")


def test(new_store):
    st = new_store()
    sim = Sim(os.path.join(st.dir, "sim.json"))
    try:
        run_all(st, sim)
    finally:
        sim.stop()


def run_all(st, sim):
    report_to(st, sim, "metrc-reconcile=0")
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    each = []
    for p in st.tags:
        try:
            if mgr.call("item.lookup", {"code": p})["product"]["unit"] \
                    != "each":
                continue
        except ProtoError:
            continue
        if mgr.call("package.get", {"tag": p})["package"]["qty"] >= 3 \
                and sim.qty(p) is not None:
            each.append(p)
    check(len(each) >= 3, "three packages sold by the unit")
    A, H, B = each[:3]
    n = [0]

    def sell(tag):
        n[0] += 1
        return mgr.call("sale.commit", {"ref": "sc:%d" % n[0],
                                        "lines": [{"tag": tag, "qty": 1}],
                                        "tender": {"cash": 10**7}})["sale"]

    def status():
        return mgr.call("compliance.status")

    # A sale the state takes; then H on hold at the state: an exception.
    sell(A)
    wait_until("the first sale reported", lambda: status()["pending"] == 0
               and status()["last_contact"] is not None)
    sim.admin("POST", "/_sim/hold", {"label": H})
    sid = sell(H)["id"]
    ref = "stash-%s-%d" % (LIC, sid)
    ex = wait_until("the exception", lambda: [
        e for e in mgr.call("compliance.exceptions")["exceptions"]
        if e["ref"] == ref])
    check("hold" in ex[0]["message"], "the state's message: %r" % ex)

    pane = Pane("compliance")


    wait_for = pane.wait_for

    keys = pane.keys

    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")
        wait_for("Stash Demo Dispensary |")  # connected
        pane.open_drawer(st, "register-1")  # cash needs one
        wait_for("Staff ID")

        # A budtender: the refusal, in staff's words.
        keys("3", "Enter", "3000", "Enter")
        wait_for("F8 Customer")
        keys("C-r")
        out = wait_for("Not allowed for a budtender")
        check("permission reports" not in out, "staff's words:\n" + out)
        check("Compliance: reporting to the state" in out and
              "Pending reports" not in out and "F2 Retry" not in out,
              "refused:\n" + out)
        keys("Escape")
        wait_for("Tag or SKU:")
        keys("F10")
        wait_for("Stash Demo Dispensary |")  # connected
        wait_for("Staff ID")

        # The manager: the counts and the state's message.
        keys("2", "Enter", "2000", "Enter")
        wait_for("F8 Customer")
        keys("C-r")
        out = wait_for("Exceptions (1)")
        check("Pending reports: 0" in out and "Exceptions: 1\n" in out and
              "Last contact with the state:" in out and
              "Integration: working" in out, "status:\n" + out)
        row = [l for l in out.splitlines() if ref in l]
        check(row and row[0].split()[0] == str(ex[0]["job"]) and
              "HTTP 400" in row[0], "the exception's row:\n" + out)
        check("Job %d: HTTP 400" % ex[0]["job"] in out and
              "is on hold" in out, "the state's message under the "
              "list:\n" + out)

        # Enter: the exception whole.
        keys("Enter")
        out = wait_for("The state said:")
        check("Job %d: receipt %s" % (ex[0]["job"], ref) in out and
              "F2: retry" in out, "the exception whole:\n" + out)
        msg = ex[0]["message"]
        flat = " ".join(" ".join(l.strip(" |\u2502x") for l in
                                 out.splitlines()).split())
        check(" ".join(msg.split()) in flat, "the whole message %r:\n%s" %
              (msg, out))
        keys("Escape")
        wait_for("The state said:", gone=True)

        # Retried before the hold is released: refused again by the state.
        # Released, retried: it clears.
        sim.admin("POST", "/_sim/hold", {"label": H, "release": True})
        keys("F2")
        wait_for("is back in the queue")
        wait_for("No exceptions: the state has taken every report")
        out = wait_for("Every event is reported")
        check("Exceptions: 0" in out and "Exceptions (0)" in out and
              "Pending reports: 0" in out,
              "cleared:\n" + out)
        check(sim.posts(ref, True) == 1, "the retried sale reached the "
              "state once")
        check(status()["exceptions"] == 0, "stashd has no exception left")

        # The state changed B by itself: F3 lists the difference.
        sim_post(sim, "/sales/v2/receipts", [{
            "SalesDateTime": "2026-01-02T10:00:00.000",
            "SalesCustomerType": "Consumer",
            "Transactions": [{"PackageLabel": B, "Quantity": 1,
                              "UnitOfMeasure": "Each",
                              "TotalAmount": 1.00}]}])
        ours = mgr.call("package.get", {"tag": B})["package"]["qty"]
        keys("F3")
        out = wait_for("Reconciliation at", timeout=30)
        row = [l for l in out.splitlines() if l.strip().startswith(B)]
        check(row and row[0].split()[1:4] == ["quantity", str(ours),
                                              str(ours - 1)],
              "B's difference (ours %d):\n%s" % (ours, out))
        check("Reconciled" in out and "difference" in out,
              "the status line sums it up:\n" + out)
        # Tab back to the exceptions, and again to the differences.
        keys("Tab")
        wait_for("No exceptions:")
        keys("Tab")
        wait_for("Reconciliation at")
        keys("Escape")
        wait_for("Tag or SKU:")
    finally:
        pane.kill()
    st.stop()


run(test)
