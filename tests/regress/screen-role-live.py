#!/usr/bin/env python3
# A role change reaches a logged-in terminal at once (issue 15): stashd
# pushes {"event":"perms"} to the sessions of the staff member whose role,
# role definition or standing changed (and to no one else), the terminal
# reads its session again (session.get), and the stock console's key bar
# follows: a manager made budtender leaves the dashboard for the stock
# screen and loses the manager's keys without logging out; a role changed
# by stashctl from its own process reaches the screen as well; a lock ends
# the session on the screen at once.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

MANAGER_KEYS = ["F2 Move", "F3 Adj", "F4 Hold", "F5 Rcl", "F6 Rel",
                "F9 Recv"]


def keybar(pane):
    return pane.text().rstrip("\n").splitlines()[-1]


def wait_keys(pane, present, absent):
    def ok():
        bar = keybar(pane)
        return (all(k in bar for k in present) and
                not any(k in bar for k in absent))
    wait_until("the key bar with %r and without %r" % (present, absent), ok)
    return keybar(pane)


def no_perms_event(t):
    t.call("ping")          # anything pushed before it has arrived
    check(not any(e.get("event") == "perms" for e in t.events),
          "no perms event for another staff member: %r" % t.events)


def test(new_store):
    st = new_store().start()
    admin = st.terminal("office-1", ADMIN, drawer=False)
    mgr = st.terminal("office-2", MANAGER, drawer=False)
    bud = st.terminal("register-2", BUDTENDER)
    check(mgr.call("session.get")["staff"]["role"] == "manager",
          "session.get names the role")

    pane = Pane("rolelive")
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        pane.login(MANAGER, ("F1", "Stock: scan or type a package tag"))
        bar = wait_keys(pane, MANAGER_KEYS + ["F7 Trace"], [])
        pane.keys("C-b")
        pane.wait_for("Today so far")

        # Demoted: the dashboard gives way to the stock screen, whose key
        # bar lacks what a budtender may not do; still logged in.
        admin.call("staff.role", {"staff": MANAGER, "role": "budtender"})
        ev = mgr.wait_event("perms")
        check("message" in ev and set(ev) == {"event", "message"},
              "the event says only to read again: %r" % ev)
        no_perms_event(bud)
        no_perms_event(admin)
        s = mgr.call("session.get")
        check(s["staff"] == {"id": MANAGER, "name": s["staff"]["name"],
                             "role": "budtender"} and
              "inventory.adjust" not in s["permissions"] and
              "sale" in s["permissions"],
              "the session as it is now: %r" % s)
        out = pane.wait_for("Your role is now budtender: the reports are "
                            "for managers")
        check("Today so far" not in out and "Tag:" in out,
              "back on the stock console:\n" + out)
        bar = wait_keys(pane, ["F7 Trace", "F8 Label"], MANAGER_KEYS)

        # A defined role, and then its definition changed: the holder's
        # keys follow the definition.
        perms = ["sale", "sale.read", "inventory.read",
                 "inventory.adjust"]
        admin.call("role.define", {"name": "floor-lead", "perms": perms})
        no_perms_event(mgr)     # nobody holds it yet
        admin.call("staff.role", {"staff": MANAGER, "role": "floor-lead"})
        mgr.wait_event("perms")
        pane.wait_for("Your role is now floor-lead")
        wait_keys(pane, ["F3 Adj", "F4 Hold", "F5 Rcl", "F6 Rel"],
                  ["F2 Move", "F9 Recv"])
        admin.call("role.define", {"name": "floor-lead",
                                   "perms": perms[:3]})
        mgr.wait_event("perms")
        no_perms_event(bud)
        check("inventory.adjust" not in
              mgr.call("session.get")["permissions"],
              "the new definition in force")
        wait_keys(pane, ["F7 Trace"], MANAGER_KEYS)

        # A change stashctl makes from its own process reaches the session
        # too, with no op from any terminal to find it: back to manager.
        st.ctl("staff", "role", str(MANAGER), "manager")
        mgr.wait_event("perms")
        pane.wait_for("Your role is now manager")
        wait_keys(pane, MANAGER_KEYS, [])
        mgr.call("session.get")

        # Locked: the session ends on the screen without a keystroke.
        admin.call("staff.lock", {"staff": MANAGER})
        mgr.wait_event("perms")
        mgr.expect_error("no-session", "session.get")
        pane.wait_for("locked by a manager")
        no_perms_event(bud)
    finally:
        pane.kill()
    st.stop()


run(test)
