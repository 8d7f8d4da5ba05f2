#!/usr/bin/env python3
# The door station (stash --door) in an 80x24 tmux pane against a real
# stashd on the demo ledger. A keyboard-wedge ID scanner types the AAMVA
# PDF417 payload with its own LF, RS and CR (sent here as C-j, C-^ and C-m
# in one burst, as a scanner does); the door parses it, finds nobody, asks
# adult or medical, adds the customer (id_scanned) and shows OK in big
# letters. The same ID again is a returning customer; a typed ID number
# finds them too; an under-21 ID is added and shown NOT ELIGIBLE with the
# reason; a medical patient's card is typed; a scan that is not an ID says
# so.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))
# The middle rows of "OK" and "NOT" in the door's banner letters.
BIG_OK = "#   # ###"
BIG_NOT = "# # # #   #   #"


def aamva(number, family, given, dob, expires="01012031", state="CO"):
    """An AAMVA 2013 (version 08) payload with one DL subfile."""
    sub = ("DL" + "DAQ%s\nDCS%s\nDAC%s\nDBB%s\nDBA%s\nDBD01012021\n"
           "DBC2\nDAG1 MAIN ST\nDAIDENVER\nDAJ%s\nDAK80202\nDCGUSA\r"
           % (number, family, given, dob, expires, state))
    head = "@\n\x1e\rANSI 636020080001"
    off = len(head) + 10
    return head + "DL%04d%04d" % (off, len(sub)) + sub


def test(new_store):
    st = new_store().start()
    pane = Pane("door")


    wait_for = pane.wait_for

    keys = pane.keys

    scan_id = pane.wedge

    mgr = st.terminal("office-1", MANAGER)
    try:
        pane.start(st, "register-1", "--door",
                   code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")  # connected
        wait_for("Staff ID")
        keys("3", "Enter", "3000", "Enter")
        wait_for("Scan the back of the ID")

        # A new adult: scanned, added, OK.
        scan_id(aamva("CODOOR100", "DOORMAN", "DORA", "01151990"))
        out = wait_for("New customer (from the ID)")
        check("DORA DOORMAN" in out and "1990-01-15" in out and
              "CODOOR100" in out, "the ID's fields:\n" + out)
        keys("a")
        out = wait_for("ELIGIBLE: Enter")
        check("New customer added" in out and "DORA DOORMAN, adult" in out,
              "who:\n" + out)
        found = mgr.call("customer.search", {"q": "CODOOR100"})["customers"]
        check(len(found) == 1 and found[0]["dob"] == "1990-01-15" and
              found[0]["id_doc"]["expires"] == "2031-01-01",
              "created from the scan: %r" % found)

        # The same ID again: returning, no question asked.
        keys("Enter")
        wait_for("Scan the back of the ID")
        scan_id(aamva("CODOOR100", "DOORMAN", "DORA", "01151990"))
        out = wait_for("Returning customer")
        check(", ELIGIBLE" in out and BIG_OK in out, "eligible:\n" + out)

        # Found by the typed ID number.
        keys("Enter")
        wait_for("Scan the back of the ID")
        keys("CODOOR100", "Enter")
        out = wait_for("Returning customer")
        check("DORA DOORMAN" in out, "typed number finds:\n" + out)

        # Under 21: added, NOT ELIGIBLE with the server's reason.
        keys("Enter")
        wait_for("Scan the back of the ID")
        scan_id(aamva("CODOOR200", "YOUNG", "YURI", "06012008"))
        wait_for("New customer (from the ID)")
        keys("a")
        out = wait_for("NOT eligible")
        check(BIG_NOT in out, "big letters:\n" + out)
        check("21" in out, "the reason names 21:\n" + out)
        check(mgr.call("customer.search", {"q": "CODOOR200"})["customers"],
              "the under-21 customer exists")

        # A medical patient: the card is typed.
        keys("Enter")
        wait_for("Scan the back of the ID")
        scan_id(aamva("CODOOR300", "MEDICO", "MIA", "03031980"))
        wait_for("New customer (from the ID)")
        keys("m")
        wait_for("Medical card number:")
        keys("CO-MED-777", "Enter")
        wait_for("Card expires")
        keys("2030-06-30", "Enter")
        out = wait_for("ELIGIBLE: Enter")
        check("MIA MEDICO, medical" in out and "card expires 2030-06-30"
              in out, "medical:\n" + out)

        # Not an ID.
        keys("Enter")
        wait_for("Scan the back of the ID")
        scan_id("@\n\x1e\rANSI 6360200800")
        wait_for("Cannot read the ID")
    finally:
        pane.kill()
    st.stop()


run(test)
