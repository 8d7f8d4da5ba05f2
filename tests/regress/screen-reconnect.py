#!/usr/bin/env python3
# The real stash in an 80x24 pane: a budtender logs in and scans an item;
# stashd restarts on the same port. Before any key is pressed, the
# register goes back to the login screen and says the session went with
# the connection, the cart kept; logging in again brings the cart back.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

BD = "1A4060300000000000001001"     # Blue Dream 3.5g


def test(new_store):
    st = new_store().start()
    pane = Pane("reconn", timeout=60)
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        pane.wait_for("Stash Demo Dispensary |")  # connected
        pane.wait_for("Staff ID")
        pane.keys("3", "Enter", "3000", "Enter")
        pane.wait_for("F8 Customer")
        pane.keys(BD, "Enter")
        pane.wait_for("Blue Dream")
        pane.wait_total()
        port = st.port
        st.stop()
        pane.wait_for("Connection to stashd lost")
        st.start()
        check(st.port == port, "stashd came back on port %d, not %d" %
              (st.port, port))
        out = pane.wait_for("Session ended when the connection was lost")
        check("Staff ID" in out, "back at the login screen:\n" + out)
        check("the cart is kept" in out, "the cart is kept:\n" + out)
        pane.keys("3", "Enter", "3000", "Enter")
        out = pane.wait_for("Welcome back")
        check("Blue Dream" in out, "the cart came back:\n" + out)
    finally:
        pane.kill()
    st.stop()


run(test)
