#!/usr/bin/env python3
# Esc is Esc: in an 80x24 tmux pane, Esc and a digit sent in one write (as
# a busy machine or a fast typist delivers them) are Esc and then the
# digit typed into the Staff ID, never a function key; and so are Esc and
# a digit sent apart. With --esc-fkeys (a keyboard without function keys)
# Esc then 0 is F10, which quits at the login screen.
import os
import subprocess
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def staff_id(out):
    for l in out.splitlines():
        if "Staff ID" in l:
            return l.split("Staff ID", 1)[1].strip(" :_|\u2502")
    return None


def test(new_store):
    st = new_store().start()
    pane = Pane("esc")
    try:
        pane.start(st, "register-8")
        out = pane.wait_for("Staff ID")
        check("No F-keys?" not in out, "no Esc-digit hint where the "
              "terminal has F-keys:\n" + out)
        # One write: ESC and "3" arrive together.
        pane.keys("Escape", "3")
        wait_until("the 3 typed after Esc", lambda:
                   staff_id(pane.text()) == "3")
        # Apart: Esc, then the digit in a write of its own.
        pane.keys("Escape")
        pane.keys("4")
        wait_until("the 4 typed after Esc", lambda:
                   (staff_id(pane.text()) or "").endswith("4"))
        # And a login still works: Esc leaves no state behind.
        pane.keys("BSpace", "BSpace", "BSpace", "1", "Enter")
        pane.wait_for("PIN")
        pane.kill()

        pane = Pane("escf")
        pane.start(st, "register-9", "--esc-fkeys")
        pane.wait_for("No F-keys? Esc then a digit")
        pane.keys("Escape", "0")    # F10: quit at the login screen
        wait_until("stash quit on Esc 0", lambda: subprocess.run(
            pane.tm + ["has-session"], capture_output=True).returncode != 0)
    finally:
        pane.kill()
        st.stop()


run(test)
