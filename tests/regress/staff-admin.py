#!/usr/bin/env python3
# Staff and roles administered over the protocol (staff.*, role.*): an
# admin adds a staff member with a one-time PIN they must replace at their
# first login, resets a PIN, locks, unlocks and deactivates (each audited);
# a role change of a logged-in staff member, or of their role's definition,
# takes effect on their next operation; a custom role's permissions are
# honoured; the last admin cannot lose admin; only admins may do any of it.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def sell(t, tag, ref):
    q = t.call("item.lookup", {"code": tag})
    qty = 1 if q["product"]["unit"] == "each" else 1000
    return t.call("sale.commit", {"ref": ref, "lines": [{"tag": tag,
                  "qty": qty}], "tender": {"cash": 1000000}})


def audit_has(st, *words):
    out = st.ctl("audit", "list", "--limit", "5")
    check(all(w in out for w in words), "audit lacks %r: %s" % (words, out))


def test(store):
    st = store()
    st.start()
    tag = st.tags[0]
    admin = st.terminal("office", ADMIN, drawer=False)

    # Only admins administer staff and roles.
    mgr = st.terminal("office-2", MANAGER, drawer=False)
    for op, args in (("staff.add", {"name": "X", "role": "budtender"}),
                     ("staff.lock", {"staff": BUDTENDER}),
                     ("staff.pin.reset", {"staff": BUDTENDER}),
                     ("role.define", {"name": "x", "perms": ["sale"]}),
                     ("settings.set", {"key": "senior-age", "value": "60"})):
        mgr.expect_error("permission", op, args)
    mgr.close()

    # A new manager's one-time PIN approves nothing.
    r = admin.call("staff.add", {"name": "Max New", "role": "manager"})
    bud = st.terminal("register-2", BUDTENDER)
    sale = sell(bud, tag, "b:1")["sale"]
    msg = bud.expect_error("approval", "sale.void", {"id": sale["id"],
        "reason": "test", "approver": {"staff": r["id"], "pin": r["pin"]}})
    check("one-time PIN" in msg, "a one-time PIN approved: " + msg)

    # The demo's budtender, logged in, made a receiver: their very next
    # sale is refused, with no new login.
    sell(bud, tag, "b:2")
    admin.call("staff.role", {"staff": BUDTENDER, "role": "receiver"})
    msg = bud.expect_error("permission", "sale.commit", {"ref": "b:3",
        "lines": [{"tag": tag, "qty": 1}], "tender": {"cash": 1000000}})
    check("receiver" in msg, "refused as a receiver: " + msg)
    admin.call("staff.role", {"staff": BUDTENDER, "role": "budtender"})
    sell(bud, tag, "b:4")
    bud.close()

    # A new member: a one-time PIN they must replace before anything.
    r = admin.call("staff.add", {"name": "Pat Doe", "role": "budtender"})
    new, otp = r["id"], r["pin"]
    check(r["pin_change"] and r["role"] == "budtender" and
          len(otp) == 6 and otp.isdigit(), "staff.add: %r" % r)
    audit_has(st, "staff.add", "staff %d" % new)
    t = st.terminal("register-1")
    msg = t.expect_error("pin-change", "login", {"staff": new, "pin": otp})
    check("new_pin" in msg, "pin-change message: " + msg)
    t.expect_error("bad-request", "login", {"staff": new, "pin": otp,
                                            "new_pin": otp})
    t.expect_error("bad-login", "login", {"staff": new, "pin": "999999",
                                          "new_pin": "4321"})
    t.call("login", {"staff": new, "pin": otp, "new_pin": "4321"})
    audit_has(st, "staff.pin.set", "staff %d" % new)
    t.call("logout")
    t.expect_error("bad-login", "login", {"staff": new, "pin": otp})
    t.call("login", {"staff": new, "pin": "4321"})
    open_drawer(t)
    sell(t, tag, "n:1")

    # The role changes under a logged-in session: the next sale is refused.
    admin.call("staff.role", {"staff": new, "role": "receiver"})
    msg = t.expect_error("permission", "sale.commit", {"ref": "n:2",
        "lines": [{"tag": tag, "qty": 1}], "tender": {"cash": 1000000}})
    check("receiver" in msg, "refusal names the new role: " + msg)
    t.call("item.lookup", {"code": tag})     # a receiver may still look

    # A custom role: its permissions, and a change of its definition,
    # apply at the next op.
    r = admin.call("role.define", {"name": "shift-lead",
                                   "perms": ["sale", "sale.read",
                                             "inventory.read", "void"]})
    check(r["changed"] and "void" in r["perms"], "role.define: %r" % r)
    audit_has(st, "role.define", "role shift-lead")
    admin.expect_error("bad-request", "role.define",
                       {"name": "x", "perms": ["fly"]})
    admin.expect_error("conflict", "role.define",
                       {"name": "manager", "perms": ["sale"]})
    admin.call("staff.role", {"staff": new, "role": "shift-lead"})
    sell(t, tag, "n:3")
    t.expect_error("permission", "hold.set",
                   {"scope": "package", "key": tag, "reason": "check"})
    admin.call("role.define", {"name": "shift-lead",
                               "perms": ["inventory.read"]})
    t.expect_error("permission", "sale.commit", {"ref": "n:4",
        "lines": [{"tag": tag, "qty": 1}], "tender": {"cash": 1000000}})
    roles = {x["name"]: x for x in admin.call("role.list")["roles"]}
    check(roles["shift-lead"]["staff"] == 1 and
          roles["shift-lead"]["perms"] == ["inventory.read"] and
          not roles["shift-lead"]["builtin"] and roles["admin"]["builtin"],
          "role.list: %r" % roles)
    admin.expect_error("conflict", "role.delete", {"name": "shift-lead"})
    admin.expect_error("conflict", "role.delete", {"name": "budtender"})

    # Lock: the session ends at its next op, no login until unlocked.
    r = admin.call("staff.lock", {"staff": new})
    check(r["changed"] and not r["active"], "staff.lock: %r" % r)
    audit_has(st, "staff.lock", "staff %d" % new)
    t.expect_error("no-session", "item.lookup", {"code": tag})
    t.expect_error("bad-login", "login", {"staff": new, "pin": "4321"})
    check(not admin.call("staff.lock", {"staff": new})["changed"],
          "a second lock changed something")
    admin.call("staff.unlock", {"staff": new})
    audit_has(st, "staff.unlock", "staff %d" % new)
    t.call("login", {"staff": new, "pin": "4321"})

    # A PIN reset: a one-time PIN again, the member chooses the next.
    r = admin.call("staff.pin.reset", {"staff": new})
    otp2 = r["pin"]
    check(r["pin_change"] and otp2.isdigit(), "pin.reset: %r" % r)
    audit_has(st, "staff.pin.reset", "staff %d" % new)
    t.call("logout")
    t.expect_error("bad-login", "login", {"staff": new, "pin": "4321"})
    t.expect_error("pin-change", "login", {"staff": new, "pin": otp2})
    t.call("login", {"staff": new, "pin": otp2, "new_pin": "8765"})

    # Deactivate: gone for good, hidden from pickers, kept in history.
    r = admin.call("staff.deactivate", {"staff": new})
    check(r["deactivated"] and not r["active"], "deactivate: %r" % r)
    audit_has(st, "staff.deactivate", "staff %d" % new)
    msg = t.expect_error("no-session", "item.lookup", {"code": tag})
    check("deactivated" in msg, "why the session ended: " + msg)
    t.expect_error("bad-login", "login", {"staff": new, "pin": "8765"})
    admin.expect_error("conflict", "staff.unlock", {"staff": new})
    admin.expect_error("conflict", "staff.pin.reset", {"staff": new})
    ids = [s["id"] for s in admin.call("staff.list")["staff"]]
    check(new not in ids, "a deactivated member in the picker list")
    every = {s["id"]: s for s in admin.call("staff.list",
                                            {"all": True})["staff"]}
    check(every[new]["deactivated"], "staff.list all: %r" % every[new])
    check(any(s["staff"]["id"] == new for s in st.sales()),
          "the deactivated member's sales are gone")
    # Their custom role is still held (history names it).
    admin.expect_error("conflict", "role.delete", {"name": "shift-lead"})
    admin.call("role.define", {"name": "spare", "perms": ["reports"]})
    admin.call("role.delete", {"name": "spare"})
    check("spare" not in [x["name"] for x in
                          admin.call("role.list")["roles"]], "spare kept")

    # The last admin keeps admin: no demotion, lock or deactivation, and
    # no custom role held by the only admins may lose "roles".
    for op, args in (("staff.role", {"staff": ADMIN, "role": "manager"}),
                     ("staff.lock", {"staff": ADMIN}),
                     ("staff.deactivate", {"staff": ADMIN})):
        msg = admin.expect_error("conflict", op, args)
        check("last active admin" in msg, op + ": " + msg)
    admin.call("role.define", {"name": "owner", "perms": ["roles",
                                                          "staff"]})
    admin.call("staff.role", {"staff": MANAGER, "role": "owner"})
    admin.call("staff.role", {"staff": ADMIN, "role": "manager"})
    # Staff 1 is a manager now: their own session has lost "roles".
    admin.expect_error("permission", "staff.lock", {"staff": BUDTENDER})
    owner = st.terminal("office-3", MANAGER, drawer=False)
    msg = owner.expect_error("conflict", "role.define",
                             {"name": "owner", "perms": ["staff"]})
    check("roles permission" in msg, "owner role emptied: " + msg)
    owner.call("staff.role", {"staff": ADMIN, "role": "admin"})
    owner.call("role.define", {"name": "owner", "perms": ["staff"]})
    owner.expect_error("permission", "staff.lock", {"staff": BUDTENDER})
    admin.call("staff.lock", {"staff": BUDTENDER})
    st.ctl("audit", "verify")
    st.stop()


run(test)
