#!/usr/bin/env python3
# The staff, roles and settings screens follow a role changed under them:
# on the "perms" event the terminal reads its session again, and a screen
# the new role may not be on (the three need the staff permission, as the
# dashboard and the reports need reports) gives way to the stock screen at
# once, saying why, instead of staying open and usable until it is left.
# A role still holding staff keeps the screen. Opened without the
# permission, the staff screen refuses at once.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

BASE = ["sale", "sale.read", "inventory.read"]
LOST = "Your role is now %s: the staff screens need the staff permission"


def test(new_store):
    st = new_store().start()
    admin = st.terminal("office-1", ADMIN, drawer=False)
    mgr = st.terminal("office-2", MANAGER, drawer=False)
    admin.call("role.define", {"name": "desk", "perms": BASE + ["staff"]})
    pane = Pane("staffperm")
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        pane.login(MANAGER, ("F1", "Stock: scan or type a package tag"))

        # The staff screen: a role that keeps staff keeps it open.
        pane.keys("C-t")
        pane.wait_for("Staff: select someone")
        admin.call("staff.role", {"staff": MANAGER, "role": "desk"})
        mgr.wait_event("perms")
        out = pane.wait_for("Your role is now desk: the keys")
        check("Role         State" in out, "still on the staff screen:\n" +
              out)

        # The roles screen (F8), and desk's definition loses staff.
        pane.keys("F8")
        pane.wait_for("Roles: Enter shows")
        pane.wait_for("Kind      Staff  Permissions")
        admin.call("role.define", {"name": "desk", "perms": BASE})
        mgr.wait_event("perms")
        out = pane.wait_for(LOST % "desk")
        check("Kind      Staff  Permissions" not in out and "Tag:" in out,
              "the roles screen gave way to the stock screen:\n" + out)

        # Staff again; the settings screen (F9), then made a budtender.
        admin.call("role.define", {"name": "desk",
                                   "perms": BASE + ["staff"]})
        mgr.wait_event("perms")
        pane.wait_for("Your role is now desk: the keys")
        pane.keys("C-t")
        pane.wait_for("Staff: select someone")
        pane.keys("F9")
        pane.wait_for("Store settings:")
        pane.wait_for("From       Value")
        admin.call("staff.role", {"staff": MANAGER, "role": "budtender"})
        mgr.wait_event("perms")
        out = pane.wait_for(LOST % "budtender")
        check("From       Value" not in out and "Tag:" in out,
              "the settings screen gave way:\n" + out)

        # The staff screen itself, lost while open.
        admin.call("staff.role", {"staff": MANAGER, "role": "desk"})
        mgr.wait_event("perms")
        pane.wait_for("Your role is now desk: the keys")
        pane.keys("C-t")
        pane.wait_for("Staff: select someone")
        admin.call("staff.role", {"staff": MANAGER, "role": "budtender"})
        mgr.wait_event("perms")
        out = pane.wait_for(LOST % "budtender")
        check("Role         State" not in out and "Tag:" in out,
              "the staff screen gave way:\n" + out)
        # And opened without it: refused, on the stock screen.
        pane.keys("C-t")
        out = pane.wait_for("The staff screens need the staff permission: "
                            "a budtender may not see them")
        check("Role         State" not in out and "Tag:" in out,
              "the staff screen refused:\n" + out)
    finally:
        pane.kill()
    st.stop()


run(test)
