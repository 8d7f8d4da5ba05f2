#!/usr/bin/env python3
# stashctl's side of staff and roles: staff add --one-time prints a PIN the
# member must replace at their first login, staff pin --reset does the
# same for someone already there, staff deactivate shuts them out for good
# (their session ends at its next request, with the reason); role
# define/list/delete keep roles as data, a defined role's permissions
# reach a logged-in session at its next request, and every change is
# audited in the verified chain.
import json, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def test(store):
    st = store()
    st.start()
    tag = st.tags[0]

    out = st.ctl("role", "define", "counter", "sale, sale.read,inventory.read")
    check("role counter: sale,sale.read,inventory.read" in out,
          "role define: " + out)
    st.ctl("role", "define", "counter", "sale,fly", check_rc=False)
    check(st.last_rc == 1 and '"fly"' in st.last_err and
          "settings" in st.last_err, "unknown permission: " + st.last_err)
    st.ctl("role", "define", "Bad Name", "sale", check_rc=False)
    check(st.last_rc == 1 and "a-z" in st.last_err, "bad name: " +
          st.last_err)
    st.ctl("role", "define", "driver", "sale", check_rc=False)
    check(st.last_rc == 1 and "built-in" in st.last_err,
          "built-in redefined: " + st.last_err)

    out = st.ctl("staff", "add", "--name", "Lee Count", "--role", "counter",
                 "--one-time")
    sid, word, word2, otp = out.split()
    sid = int(sid)
    check(word == "one-time" and len(otp) == 6 and otp.isdigit(),
          "one-time PIN printed: " + out)
    t = st.terminal("register-1")
    t.expect_error("pin-change", "login", {"staff": sid, "pin": otp})
    r = t.call("login", {"staff": sid, "pin": otp, "new_pin": "9090"})
    check(r["staff"]["role"] == "counter" and
          sorted(r["permissions"]) == ["inventory.read", "sale",
                                       "sale.read"], "login: %r" % r)
    open_drawer(t)
    t.call("sale.quote", {"lines": [{"tag": tag, "qty": 1}]})

    # The role's definition changes under the session.
    st.ctl("role", "define", "counter", "inventory.read")
    t.expect_error("permission", "sale.quote",
                   {"lines": [{"tag": tag, "qty": 1}]})
    t.call("item.lookup", {"code": tag})
    lst = {r["name"]: r for r in json.loads(st.ctl("--json", "role",
                                                   "list"))}
    check(lst["counter"]["staff"] == 1 and not lst["counter"]["builtin"] and
          lst["admin"]["builtin"] and "settings" in lst["admin"]["perms"],
          "role list: %r" % lst)
    st.ctl("role", "delete", "counter", check_rc=False)
    check(st.last_rc == 1 and "held by 1" in st.last_err,
          "a held role deleted: " + st.last_err)

    # A reset: the old PIN is gone, a one-time one in its place.
    out = st.ctl("staff", "pin", str(sid), "--reset")
    otp2 = [w for w in out.replace(":", " ").split() if w.isdigit() and
            len(w) == 6][0]
    t.call("logout")
    t.expect_error("bad-login", "login", {"staff": sid, "pin": "9090"})
    t.expect_error("pin-change", "login", {"staff": sid, "pin": otp2})
    t.call("login", {"staff": sid, "pin": otp2, "new_pin": "8080"})

    # Deactivated: the session ends, saying why; no unlock.
    out = st.ctl("staff", "deactivate", str(sid))
    check("deactivated" in out, "deactivate: " + out)
    msg = t.expect_error("no-session", "item.lookup", {"code": tag})
    check("deactivated" in msg, "session end: " + msg)
    st.ctl("staff", "unlock", str(sid), check_rc=False)
    check(st.last_rc == 1 and "deactivated" in st.last_err,
          "a deactivated member unlocked: " + st.last_err)
    s = [x for x in json.loads(st.ctl("--json", "staff", "list"))
         if x["id"] == sid][0]
    check(s["deactivated"] and not s["active"], "staff list: %r" % s)
    check("gone" in st.ctl("staff", "list"), "the list says gone")
    st.ctl("staff", "deactivate", str(ADMIN), check_rc=False)
    check(st.last_rc == 1 and "last active admin" in st.last_err,
          "the last admin deactivated: " + st.last_err)

    # A role nobody holds goes.
    st.ctl("role", "define", "spare", "reports")
    st.ctl("role", "delete", "spare")
    check("spare" not in st.ctl("role", "list"), "spare still listed")
    audit = st.ctl("audit", "list", "--limit", "30")
    for a in ("role.define", "staff.add", "staff.pin.reset",
              "staff.pin.set", "staff.deactivate", "role.delete"):
        check(a in audit, "%s not audited: %s" % (a, audit))
    st.ctl("audit", "verify")
    st.stop()


run(test)
