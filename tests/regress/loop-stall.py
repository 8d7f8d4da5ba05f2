#!/usr/bin/env python3
# The loop keeps answering other terminals while count.start finds its
# scope on a large ledger (30,000 packages): the walk goes a step per loop
# pass, so a second terminal pinging one ping at a time has many pings
# answered between count.start's request and its reply. Done in one
# callback, as before, at most the ping in flight and one more get in.
# Ordering only, no clock: a count of pings answered in between. The count
# made is right (the packages moved into the scope, no others), and so is
# the refusal of a scope over the cap. Then report.z, one walk of the
# sales whatever the number of drawers, gives each closed drawer the
# figures drawer.report gives it.
import select, sys, os, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

N = 30000
IN_SCOPE = 7
MIN_PINGS = 5


def tag(n):
    return "1A4060300000000000C%05d" % n


def pings_during(t, pinger, op, args):
    """Send op on t; ping on pinger until t's reply is readable."""
    rid = t.send(op, args)
    answered = 0
    while not (t.buf or select.select([t.sock], [], [], 0)[0]):
        pinger.call("ping")
        answered += 1
        check(answered < 10**6, "%s never answered" % op)
    try:
        return answered, t.wait(rid), None
    except ProtoError as e:
        return answered, None, e


def test(new_store):
    st = new_store()
    st.ctl("package", "import", "-", input="tag,sku,batch,qty\n" + "".join(
        "%s,FL-BD-1,B-STALL,1\n" % tag(n) for n in range(N)))
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    rcv = st.terminal("intake-1", RECEIVER)
    pinger = st.terminal("register-9")
    for n in range(IN_SCOPE):
        mgr.call("package.move", {"tag": tag(n * 997), "to": "vault"})

    best = 0
    for attempt in range(10):
        n, res, err = pings_during(rcv, pinger, "count.start",
                                   {"location": "vault"})
        check(err is None, "count.start: %r" % err)
        rep = rcv.call("count.report", {"count": res["count"]})
        tags = {l["tag"] for l in rep["lines"]}
        check(res["packages"] == len(tags) and
              {tag(n * 997) for n in range(IN_SCOPE)} <= tags,
              "the moved packages are in the count: %r" % res)
        for t in tags:
            p = rcv.call("package.get", {"tag": t})["package"]
            check(p["location"] == "vault", "%s is in the vault" % t)
        last_id = res["count"]
        best = max(best, n)
        if best >= MIN_PINGS:
            break
    print("# %d pings answered during one count.start" % best)
    check(best >= MIN_PINGS, "at most %d pings answered during count.start "
          "on %d packages: the walk holds the loop" % (best, N))

    # Over the cap: walked the same way, refused, nothing made.
    n, res, err = pings_during(rcv, pinger, "count.start", {})
    check(err is not None and err.code == "bad-request" and
          "5000" in err.message, "over the cap: %r %r" % (res, err))
    c = rcv.call("count.start", {"location": "vault"})["count"]
    check(c == last_id + 1, "the refusal wrote no count: %d after %d" %
          (c, last_id))

    # report.z: drawers opened and closed with sales in between, on two
    # registers; each closed drawer's totals are drawer.report's.
    regs = [st.terminal("register-%d" % i, BUDTENDER, drawer=False)
            for i in (1, 2)]
    a = st.tags[0]
    ia = regs[0].call("item.lookup", {"code": a})
    qa = 1 if ia["product"]["unit"] == "each" else 1000
    closed = []
    for round_ in range(3):
        for i, reg in enumerate(regs):
            reg.call("drawer.open", {"float": 10000})
            for k in range(round_ + i + 1):
                reg.call("sale.commit", {"ref": "z:%d:%d:%d" % (round_, i, k),
                         "lines": [{"tag": a, "qty": qa}],
                         "tender": {"cash": 10**6}})
            closed.append(reg.call("drawer.close", {"counted": 10000})
                          ["drawer"])
    # The store's day is in its own zone: whichever date holds them.
    for delta in (0, -1, 1):
        z = mgr.call("report.z", {"date": time.strftime("%Y-%m-%d",
                     time.localtime(time.time() + delta * 86400))})
        if z["drawers"]:
            break
    check(len(z["drawers"]) == len(closed), "every drawer: %d of %d" %
          (len(z["drawers"]), len(closed)))
    for d in z["drawers"]:
        want = [c for c in closed if c["id"] == d["id"]]
        check(want and want[0] == d, "drawer %r: %r" % (d, want))
    check(sum(d["sales"] for d in z["drawers"]) == z["store"]["sales"],
          "the drawers hold the day's sales")
    st.stop()


run(test)
