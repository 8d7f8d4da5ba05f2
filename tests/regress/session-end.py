#!/usr/bin/env python3
# A live session ends on its next operation when a manager locks the staff
# member or revokes the terminal with stashctl (a separate process writing
# the ledger): the operation is refused, the terminal is told why by a
# pushed session event, the end is audited, and a revoked terminal is
# dropped. ping does not keep a staff session alive past session-idle.
import sys, os, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def sale_args(st, ref):
    return {"ref": ref, "lines": [{"tag": st.tags[0], "qty": 1}],
            "tender": {"cash": 10**6}}


def hold_args(st):
    pk = st.stock()[st.tags[1]]
    return {"scope": "batch", "key": pk["batch"], "reason": "lab retest"}


def test(new_store):
    st = new_store(options=["session-idle=600"]).start()

    # Staff 2 (a manager) works on register-1 ...
    t = st.terminal("register-1", MANAGER)
    t.call("sale.list")
    # ... and is locked out from the back office.
    out = st.ctl("staff", "lock", str(MANAGER))
    check("locked" in out, "stashctl says locked: %s" % out)
    m = t.expect_error("no-session", "hold.set", hold_args(st))
    check("locked" in m, "the refusal says the account is locked: %s" % m)
    ev = t.wait_event("session", timeout=20)
    check(ev["state"] == "locked", "pushed state locked: %r" % ev)
    check("locked" in ev["message"], "pushed reason: %r" % ev)
    t.expect_error("no-session", "sale.commit", sale_args(st, "se:1"))
    # The connection stays: the terminal can log someone else in.
    t.call("login", {"staff": BUDTENDER, "pin": PINS[BUDTENDER]})
    t.call("sale.commit", sale_args(st, "se:2"))
    # And the locked manager cannot log in again.
    t2 = st.terminal("register-2")
    t2.expect_error("bad-login", "login", {"staff": MANAGER,
                                           "pin": PINS[MANAGER]})
    audit = st.ctl("audit", "list", "--limit", "20")
    check("session.end" in audit and "staff locked" in audit,
          "the end of the session is audited:\n%s" % audit)
    check(st.ctl("audit", "verify", check_rc=False) is not None and
          st.last_rc == 0, "audit chain verifies: %s" % st.last_err)
    t.call("logout")
    t2.close()

    # Same for a terminal revoked while a session is live on it: the
    # next sale is refused, the terminal is told why, then dropped.
    st.ctl("staff", "unlock", str(MANAGER))
    t = st.terminal("register-3", MANAGER)
    t.call("sale.list")
    out = st.ctl("terminal", "revoke", "register-3")
    check("revoked" in out, "stashctl says revoked: %s" % out)
    m = t.expect_error("not-enrolled", "sale.commit", sale_args(st, "se:3"))
    check("revoked" in m, "the refusal says revoked: %s" % m)
    ev = t.wait_event("session", timeout=20)
    check(ev["state"] == "revoked", "pushed state revoked: %r" % ev)
    # Dropped: nothing more is served on this connection.
    dropped = False
    try:
        t.send("hold.set", hold_args(st))
        deadline = time.time() + 20
        while time.time() < deadline:
            f = t.read_frame()
            check("event" in f, "no reply after revoke: %r" % f)
    except (EOFError, ConnectionError):
        dropped = True
    check(dropped, "the revoked terminal is dropped")
    sales = [s for s in st.sales() if s.get("ref") in ("se:1", "se:3")]
    check(not sales, "no sale after the lock or revoke: %r" % sales)
    acts = [a["action"] for a in json.loads(st.ctl("--json", "audit",
                                                   "list", "--limit", "50"))]
    check("hold" not in acts, "no hold was set: %r" % acts)
    audit = st.ctl("audit", "list", "--limit", "20")
    check("terminal revoked" in audit, "revoke end audited:\n%s" % audit)
    # A terminal past hello with nobody logged in is dropped too.
    t = st.terminal("register-4")
    t.call("ping")
    st.ctl("terminal", "revoke", "register-4")
    t.expect_error("not-enrolled", "ping")
    # A bad terminal name is refused the same way by add, revoke and set.
    for cmd in (["add"], ["revoke"], ["set", "--card-only", "yes"]):
        st.ctl("terminal", cmd[0], "no such/name", *cmd[1:],
               check_rc=False)
        check(st.last_rc != 0 and "a terminal name is 1 to" in st.last_err,
              "terminal %s with a bad name: %s" % (cmd[0], st.last_err))
    st.ctl("audit", "verify")
    st.stop()

    # ping is not a staff action: a session that only pings expires.
    st = new_store(options=["session-idle=1"]).start()
    t = st.terminal("register-1", MANAGER)
    deadline = time.time() + 30
    ev = None
    while ev is None:
        check(time.time() < deadline, "pings kept the session alive "
              "past session-idle=1 for 30 s")
        t.call("ping")
        ev = next((e for e in t.events if e.get("event") == "session"),
                  None)
        if ev is None:
            try:
                ev = t.wait_event("session", timeout=0.3)
            except Failure:
                pass
    check(ev["state"] == "expired", "session expired event: %r" % ev)
    m = t.expect_error("no-session", "hold.set", hold_args(st))
    st.stop()


run(test)
