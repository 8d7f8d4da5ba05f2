#!/usr/bin/env python3
# The real stash in an 80x24 pane: a manager locks the budtender logged in
# at the register (stashctl staff lock); at the budtender's next scan the
# register goes back to the login screen and says why.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

BD = "1A4060300000000000001001"     # Blue Dream 3.5g


def test(new_store):
    st = new_store().start()
    pane = Pane("sessend", timeout=30)
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        pane.wait_for("Stash Demo Dispensary |")  # connected
        pane.wait_for("Staff ID")
        pane.keys("3", "Enter", "3000", "Enter")
        pane.wait_for("F8 Customer")
        st.ctl("staff", "lock", str(BUDTENDER))
        pane.keys(BD, "Enter")
        out = pane.wait_for("locked by a manager")
        check("Staff ID" in out, "back at the login screen:\n" + out)
    finally:
        pane.kill()
    st.stop()


run(test)
