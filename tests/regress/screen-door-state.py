#!/usr/bin/env python3
# The state's word on a patient on the door screen (stash --door, 80x24
# tmux pane; stashd reporting to stash-metrc-sim): a patient found by a
# typed ID number shows "State: active" with the ounces the state says
# are left, and once checked in the queue line under the prompt says
# "state: active"; a patient the state reports inactive is shown NOT
# eligible with the state registry's word.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}


def test(new_store):
    st = new_store()
    sim = Sim(os.path.join(st.dir, "sim.json"))
    try:
        run_door(st, sim)
    finally:
        sim.stop()


def run_door(st, sim):
    sim.admin("POST", "/_sim/patient", {"number": "CO-PAT-0001",
                                         "allowed": 2000, "purchased": 500})
    report_to(st, sim, "metrc-reconcile=0", "metrc-transfers=0")
    st.start()
    pane = Pane("doorst")


    wait_for = pane.wait_for

    keys = pane.keys

    mgr = st.terminal("office-1", MANAGER)
    for first, idn, card in (("Pat", "CODST1", "CO-PAT-0001"),
                             ("Gone", "CODST2", "CO-PAT-0002")):
        mgr.call("customer.create", {"type": "medical", "first": first,
            "last": "Statewise", "dob": "1975-05-05", "residence": "CO",
            "id_doc": dict(IDOC, number=idn), "id_scanned": True,
            "card": {"number": card, "state": "CO",
                     "expires": "2027-06-30"}})
    try:
        pane.start(st, "register-1", "--door",
                   code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")
        wait_for("Stash Demo Dispensary |")  # connected
        wait_for("Staff ID")
        keys("3", "Enter", "3000", "Enter")
        wait_for("Scan the back of the ID")

        # Active at the state: its allotment on the verdict.
        keys("CODST1", "Enter")
        out = wait_for("Returning customer")
        out = wait_for("State: active, 1.500 oz flower left")
        check("ELIGIBLE: Enter" in out, "eligible:\n" + out)
        keys("Enter")
        out = wait_for("is in the queue")
        out = wait_for("state: active")
        check("Pat S." in out, "the queue line:\n" + out)

        # Inactive at the state: not eligible, in the registry's words.
        keys("CODST2", "Enter")
        out = wait_for("State: INACTIVE")
        check("NOT eligible" in out and "registry" in out,
              "refused at the door:\n" + out)
        keys("Enter")
        wait_for("Scan the back of the ID")
        waiting = [e["name"] for e in
                   mgr.call("queue.list")["waiting"]]
        check(waiting == ["Pat S."], "only Pat waits: %r" % waiting)
    finally:
        pane.kill()
    st.stop()


run(test)
