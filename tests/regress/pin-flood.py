#!/usr/bin/env python3
# Floods of PIN guesses: checks in flight count toward the lockout, so 40
# simultaneous logins for one staff member cost at most the lockout limit
# in Argon2 hashes (stashd logs "PIN checks: N" when it stops) and the rest
# are refused at once as busy; and PIN checks are taken round-robin by
# terminal and staff member, so honest logins are not queued behind 60
# wrong ones for four other staff members.
import sys, os, re, selectors
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

LIMIT = 5


def connect(st, name, n):
    ts = []
    for i in range(n):
        ts.append(st.terminal(name))
    return ts


def reply(t, rid):
    try:
        t.wait(rid)
        return "ok"
    except ProtoError as e:
        return e.code


def pin_checks(st):
    with open(os.path.join(st.dir, "stashd.log")) as f:
        m = re.findall(r"PIN checks: (\d+)", f.read())
    check(m, "stashd logged its PIN check count")
    return int(m[-1])


def test(new_store):
    # 40 at once for one staff member, 39 wrong.
    st = new_store(options=["lockout-attempts=%d" % LIMIT,
                            "lockout-time=600"]).start()
    ts = connect(st, "register-1", 40)
    rids = []
    for i, t in enumerate(ts):
        pin = PINS[BUDTENDER] if i == 20 else "9%03d" % i
        rids.append(t.send("login", {"staff": BUDTENDER, "pin": pin}))
    codes = [reply(t, r) for t, r in zip(ts, rids)]
    for c in codes:
        check(c in ("ok", "bad-login", "locked", "busy"), "reply %s" % c)
    busy = codes.count("busy")
    check(busy >= 40 - LIMIT - 3, "most refused at once as busy: %r" % codes)
    for t in ts:
        t.close()
    st.stop()
    n = pin_checks(st)
    check(n <= LIMIT + 3, "%d Argon2 hashes for 40 logins (limit %d)" %
          (n, LIMIT))

    # 60 wrong logins for four staff members from one terminal's
    # credential (many connections), then honest logins: a fifth staff
    # member on the same terminal, a sixth on another terminal.
    st = new_store(options=["lockout-attempts=%d" % LIMIT,
                            "lockout-time=600"]).start()
    bad = connect(st, "register-1", 60)
    honest = [(DRIVER, st.terminal("register-1")),
              (MANAGER, st.terminal("register-2"))]
    sel = selectors.DefaultSelector()
    pending = {}
    for i, t in enumerate(bad):
        staff = (ADMIN, BUDTENDER, AUDITOR, RECEIVER)[i % 4]
        pending[t] = ("bad", t.send("login", {"staff": staff,
                                              "pin": "9%03d" % i}))
        sel.register(t.sock, selectors.EVENT_READ, t)
    order = []

    def collect(until):
        while not until():
            ready = sel.select(timeout=60)
            check(ready, "replies stopped coming")
            for key, _ in ready:
                t = key.data
                kind, rid = pending.pop(t)
                order.append((kind, reply(t, rid)))
                sel.unregister(t.sock)
    # Wait until all but what the lockout lets through have answered
    # (refused at once now; before, hashed in arrival order).
    collect(lambda: len(order) >= 60 - 4 * LIMIT)
    waiting = 60 - len(order)
    for staff, t in honest:
        pending[t] = ("honest", t.send("login", {"staff": staff,
                                                 "pin": PINS[staff]}))
        sel.register(t.sock, selectors.EVENT_READ, t)
    collect(lambda: not pending)
    seen = order[60 - waiting:]
    for k, c in order:
        if k == "honest":
            check(c == "ok", "honest login succeeded: %s" % c)
    last = max(i for i, (k, _) in enumerate(seen) if k == "honest")
    before = sum(1 for k, _ in seen[:last] if k == "bad")
    check(before < waiting / 2, "honest logins done after %d of %d wrong "
          "ones still waiting: %r" % (before, waiting, seen))
    st.stop()


run(test)
