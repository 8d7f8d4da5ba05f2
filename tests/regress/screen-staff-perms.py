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

    def role(staff_role=None, perms=None):
        """MANAGER given staff_role, or desk defined as perms; the perms
        event pushed to their session."""
        if perms is not None:
            admin.call("role.define", {"name": "desk", "perms": perms})
        else:
            admin.call("staff.role", {"staff": MANAGER, "role": staff_role})
        mgr.wait_event("perms")

    def staff_screen():
        pane.keys("C-t")
        pane.wait_for("Staff: select someone")

    def gave_way(who, header, what):
        out = pane.wait_for(LOST % who)
        check(header not in out and "Tag:" in out,
              "the %s screen gave way to the stock screen:\n%s" % (what,
                                                                  out))
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        pane.login(MANAGER, ("F1", "Stock: scan or type a package tag"))

        # The staff screen: a role that keeps staff keeps it open.
        staff_screen()
        role("desk")
        out = pane.wait_for("Your role is now desk: the keys")
        check("Role         State" in out, "still on the staff screen:\n" +
              out)

        # The roles screen (F8), and desk's definition loses staff.
        pane.keys("F8")
        pane.wait_for("Roles: Enter shows")
        pane.wait_for("Kind      Staff  Permissions")
        role(perms=BASE)
        gave_way("desk", "Kind      Staff  Permissions", "roles")

        # Staff again; the settings screen (F9), then made a budtender.
        role(perms=BASE + ["staff"])
        pane.wait_for("Your role is now desk: the keys")
        staff_screen()
        pane.keys("F9")
        pane.wait_for("Store settings:")
        pane.wait_for("From       Value")
        role("budtender")
        gave_way("budtender", "From       Value", "settings")

        # The staff screen itself, lost while open.
        role("desk")
        pane.wait_for("Your role is now desk: the keys")
        staff_screen()
        role("budtender")
        gave_way("budtender", "Role         State", "staff")
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
