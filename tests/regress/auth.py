#!/usr/bin/env python3
# Terminals and staff: an unenrolled, pending or revoked terminal is refused,
# a code works once, the handshake comes first, wrong PINs lock an account
# (and a lock is not bypassed by the right PIN), a budtender cannot void,
# and idle sessions end.
import sys, os, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def test(new_store):
    st = new_store(options=["lockout-attempts=5",
                            "lockout-time=60"]).start()

    # Nothing before hello.
    t = Terminal(st.port)
    t.expect_error("not-enrolled", "login", {"staff": 3, "pin": "3000"})
    # Unknown terminal, wrong credential.
    t.expect_error("not-enrolled", "hello", {"version": 1,
        "terminal": "nobody", "credential": "0" * 64})
    t.expect_error("version", "hello", {"version": 99,
        "terminal": "register-1", "credential": "0" * 64})
    # A pending terminal cannot hello until enrolled.
    t.expect_error("not-enrolled", "hello", {"version": 1,
        "terminal": "register-1", "credential": "0" * 64})
    t.expect_error("not-enrolled", "enroll", {"terminal": "register-1",
                                              "code": "AAAA-BBBB-CCCC"})
    cred = st.enrol("register-1")
    # The code was consumed.
    t.expect_error("not-enrolled", "enroll", {"terminal": "register-1",
        "code": st.demo["terminal"]["code"]})
    t.expect_error("not-enrolled", "hello", {"version": 1,
        "terminal": "register-1", "credential": "f" * 64})
    t.close()

    # Wrong PINs lock the account, and then even the right PIN is refused.
    t = st.terminal("register-1")
    for i in range(4):
        m = t.expect_error("bad-login", "login", {"staff": BUDTENDER,
                                                  "pin": "9999"})
    check("1 more" in m, "warns before locking: %s" % m)
    t.expect_error("locked", "login", {"staff": BUDTENDER, "pin": "9999"})
    t.expect_error("locked", "login", {"staff": BUDTENDER, "pin": "3000"})
    # Unknown staff look like a wrong PIN.
    t.expect_error("bad-login", "login", {"staff": 999, "pin": "1234"})
    # Not logged in: no session ops.
    t.expect_error("no-session", "item.lookup", {"code": st.tags[0]})
    # A manager unlocks (stashctl), then the right PIN works.
    st.ctl("staff", "unlock", str(BUDTENDER))
    t.call("login", {"staff": BUDTENDER, "pin": "3000"})
    open_drawer(t)      # cash needs one
    t.call("item.lookup", {"code": st.tags[0]})
    # A budtender cannot void even with the sale in hand.
    lk = t.call("item.lookup", {"code": st.tags[0]})
    q = 1 if lk["product"]["unit"] == "each" else 1000
    s = t.call("sale.commit", {"ref": "a:1", "lines": [{"tag": st.tags[0],
        "qty": q}], "tender": {"cash": 10**6}})["sale"]
    t.expect_error("approval", "sale.void", {"id": s["id"], "reason": "x",
        "approver": {"staff": BUDTENDER, "pin": "3000"}})
    # Logout ends the session.
    t.call("logout")
    t.expect_error("no-session", "sale.list")

    # Revoked terminals are refused at once.
    st.ctl("terminal", "revoke", "register-1")
    t2 = Terminal(st.port)
    m = t2.expect_error("not-enrolled", "hello", {"version": 1,
        "terminal": "register-1", "credential": cred})
    check("revoked" in m, "says revoked: %s" % m)

    st.stop()

    # An idle session ends with an event (a short session-idle; the wait
    # is for the event, with a generous deadline).
    st = new_store(options=["session-idle=1"]).start()
    t3 = st.terminal("register-3", MANAGER)
    ev = t3.wait_event("session", timeout=60)
    check(ev["state"] == "expired", "session expired event")
    check("idle" in ev["message"], "says why: %r" % ev)
    t3.expect_error("no-session", "sale.list")
    st.stop()


run(test)
