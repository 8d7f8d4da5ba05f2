#!/usr/bin/env python3
# stashctl staff role: a staff member's role changes, the change is in the
# audit chain, the new role's permissions apply at the next login, an
# unknown role is refused by name, and the store's last active admin
# cannot be demoted.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def roles(st):
    return {s["id"]: s["role"] for s in json.loads(st.ctl("--json", "staff",
                                                         "list"))}


def test(store):
    st = store()
    st.start()
    tag = st.tags[0]

    # A budtender may not hold stock.
    t = st.terminal(staff=BUDTENDER)
    t.expect_error("permission", "hold.set",
                   {"scope": "package", "key": tag, "reason": "check"})
    t.close()

    out = st.ctl("staff", "role", str(BUDTENDER), "manager")
    check("is now manager (was budtender)" in out, "role output: " + out)
    check(roles(st)[BUDTENDER] == "manager", "role not recorded")
    audit = st.ctl("audit", "list", "--limit", "1")
    check("staff.role" in audit and "staff %d" % BUDTENDER in audit and
          "role=manager was=budtender" in audit, "no audit record: " + audit)
    st.ctl("audit", "verify")

    # The new role at the next login.
    t = st.terminal(staff=BUDTENDER)
    t.call("hold.set", {"scope": "package", "key": tag, "reason": "check"})
    t.close()

    # The same role again changes nothing and writes no audit record.
    before = st.ctl("audit", "list", "--limit", "1")
    out = st.ctl("staff", "role", str(BUDTENDER), "manager")
    check("already manager" in out, "same role: " + out)
    check(st.ctl("audit", "list", "--limit", "1") == before,
          "an unchanged role was audited")

    # Refusals.
    st.ctl("staff", "role", str(BUDTENDER), "owner", check_rc=False)
    check(st.last_rc == 1 and 'no role "owner"' in st.last_err and
          "budtender" in st.last_err, "unknown role: " + st.last_err)
    st.ctl("staff", "role", "99", "manager", check_rc=False)
    check(st.last_rc == 1 and "no staff member 99" in st.last_err,
          "unknown staff: " + st.last_err)
    st.ctl("staff", "role", str(ADMIN), "manager", check_rc=False)
    check(st.last_rc == 1 and "last active admin" in st.last_err,
          "last admin demoted: " + st.last_err)
    check(roles(st)[ADMIN] == "admin", "the last admin lost the role")

    # With a second admin the first may step down; then the second is
    # the last one.
    st.ctl("staff", "role", str(MANAGER), "admin")
    st.ctl("staff", "role", str(ADMIN), "manager")
    st.ctl("staff", "role", str(MANAGER), "budtender", check_rc=False)
    check(st.last_rc == 1 and "last active admin" in st.last_err,
          "second last admin demoted: " + st.last_err)
    # A locked admin is no admin anyone can log in as.
    st.ctl("staff", "role", str(ADMIN), "admin")
    st.ctl("staff", "lock", str(ADMIN))
    st.ctl("staff", "role", str(MANAGER), "manager", check_rc=False)
    check(st.last_rc == 1 and "last active admin" in st.last_err,
          "demoted the only active admin: " + st.last_err)
    st.ctl("audit", "verify")


run(test)
