#!/usr/bin/env python3
# biotrack-rate: stashd sends at most that many requests a second to
# BioTrack. stash-biotrack-sim refuses (429, nothing applied) what goes
# beyond its rate_per_sec in a second of the clock; with the two set alike
# a burst of sales reaches BioTrack with no request refused, once each.
# Without biotrack-rate, the same burst is refused in part (what the
# setting is for), and still each sale reaches BioTrack once.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from btsim import with_sim

N = 12


def burst(st, sim, base, paced):
    """N sales at once with stashd down, then stashd up to report them:
    how many requests BioTrack refused for the rate."""
    st.options = ["state-system=biotrack", "biotrack-url=" + sim.url,
                  "biotrack-secrets=" + sim.secrets(st.dir),
                  "biotrack-interval=1"] + \
        (["biotrack-rate=2"] if paced else [])
    st.start()
    t = st.terminal("register-1", MANAGER)
    tag = [p for p in st.tags if
           t.call("item.lookup", {"code": p})["product"]["unit"] == "each"
           and t.call("package.get", {"tag": p})["package"]["qty"] >= 30][0]
    for i in range(N):
        t.call("sale.commit", {"ref": "rate:%d:%d" % (paced, i),
                               "lines": [{"tag": tag, "qty": 1}],
                               "tender": {"cash": 10**7}})
    t.close()

    def settled():
        t = st.terminal("register-1", MANAGER)
        s = t.call("compliance.status")
        t.close()
        return s["pending"] == 0 and s
    s = wait_until("the burst reported", settled, 300)
    check(s["exceptions"] == 0, "no exceptions: %r" % s)
    st.stop()
    sales = sim.state()["sales"]
    check(len(sales) == base + N + 0, "%d sales at BioTrack, once each" %
          (len(sales) - base))
    nonces = [q["nonce"].rsplit("-", 1)[0] for q in
              sim.applied("sale_dispense")]
    check(len(nonces) == len(set(nonces)), "none dispensed twice")
    return sum(1 for q in sim.requests() if q["fault"] == 429), len(sales)


def run_all(st, sim):
    check_stashd_n(st, "biotrack-rate", "state-system=biotrack",
                   "biotrack-url=" + sim.url,
                   "biotrack-secrets=" + sim.secrets(st.dir),
                   "biotrack-rate=-1")
    sim.faults({"rate_per_sec": 2})
    refused, n = burst(st, sim, 0, True)
    check(refused == 0, "paced: no request refused (%d)" % refused)
    refused, n = burst(st, sim, n, False)
    check(refused > 0, "unpaced, the same burst is refused in part")


run(with_sim(run_all))
