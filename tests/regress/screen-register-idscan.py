#!/usr/bin/env python3
# Scanning an ID at the register (80x24 tmux pane) with a serial ID
# scanner: the "id" role of the device file on a pty opened through the
# real libserialport (tests/sim/ptyshim.so preloaded in stash), as in
# screen-door-serial.py and with the same AAMVA test vector. A budtender
# (no id.type) presses F8 and scans a new adult's licence: asked adult or
# medical, the customer is added from the ID (customer.search finds them
# with the card's date of birth and expiry, the audit says scanned) and
# attached to the cart. After a walk-in, the same licence attaches the
# same profile: no second one. An under-21 licence is added and shown NOT
# ELIGIBLE, as at the door.
import sys, os, subprocess, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

VA, YOUNG = AAMVA_VA, AAMVA_YOUNG


def test(new_store):
    need_tmux_and_shim()
    st = new_store().start()
    pane = Pane("regid")
    wait_for, keys = pane.wait_for, pane.keys
    port = IdPort()
    devfile = os.path.join(st.dir, "register.devices")
    with open(devfile, "w") as f:
        f.write("# test devices\nid aamva %s\n" % port.path)
    log = os.path.join(st.dir, "stash.log")

    scan = port.scan

    def logged(text):
        try:
            with open(log) as f:
                return text in f.read()
        except OSError:
            return False

    mgr = st.terminal("office-1", MANAGER)

    def profiles(number):
        return [c for c in mgr.call("customer.search",
                                    {"q": number})["customers"]
                if c.get("id_doc", {}).get("number") == number]

    try:
        pane.start(st, "register-1", "-D", devfile, "-l", log, "-v",
                   code=st.demo["terminal"]["code"], shim=True)
        wait_for("Stash Demo Dispensary |")
        wait_for("Staff ID")
        keys("3", "Enter", "3000", "Enter")      # a budtender: no id.type
        wait_for("F8 Customer")
        wait_until("the ID scanner opens", lambda: logged(": connected"),
                   30)

        # A new adult, scanned at the customer prompt: added, attached.
        keys("F8")
        wait_for("Customer:")
        scan(VA)
        out = wait_for("Adult or medical (a/m):")
        check("MICHAEL SAMPLE" in out and "1986-06-06" in out and
              "T64235789" in out and "2034-12-10" in out,
              "the ID's fields:\n" + out)
        keys("a")
        out = wait_for("Customer: MICHAEL SAMPLE")
        wait_for("ELIGIBLE")
        found = profiles("T64235789")
        check(len(found) == 1 and found[0]["dob"] == "1986-06-06" and
              found[0]["id_doc"]["expires"] == "2034-12-10",
              "created from the scan: %r" % found)
        audit = st.ctl("audit", "list", "--limit", "50")
        rows = [l for l in audit.splitlines() if "customer.create" in l and
                "customer %d" % found[0]["id"] in l]
        check(len(rows) == 1 and "dob=scanned" in rows[0],
              "audited as scanned:\n" + audit)

        # The same licence again, after a walk-in: the same profile.
        keys("F9")
        wait_for("Walk-in")
        out = wait_for("Tag or SKU:")
        check("Customer: MICHAEL" not in out, "a walk-in:\n" + out)
        keys("F8")
        wait_for("Customer:")
        scan(VA)
        out = wait_for("Customer: MICHAEL SAMPLE")
        check("Adult or medical" not in out, "not asked again:\n" + out)
        again = profiles("T64235789")
        check(len(again) == 1 and again[0]["id"] == found[0]["id"],
              "no second profile: %r" % again)

        # Under 21: added as at the door, and NOT ELIGIBLE.
        keys("F8")
        wait_for("Customer:")
        scan(YOUNG)
        wait_for("Adult or medical (a/m):")
        keys("a")
        out = wait_for("Customer: MICHAEM SAMPLE")
        out = wait_for("NOT ELIGIBLE")
        check("21" in out, "under 21:\n" + out)
    finally:
        pane.kill()
    st.stop()


run(test)
