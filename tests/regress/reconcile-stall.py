#!/usr/bin/env python3
# Reconciliation with the state compares a step per pass of the loop
# (metrc-reconcile-step packages a step, here 1), so other terminals are
# answered while it compares: a second terminal asking compliance.status
# one call at a time sees "reconcile":"comparing" many times between the
# request and its reply. Done in one callback, as before, no status call
# could ever see the comparison under way. Ordering only, no clock. What
# the steps find is what stashctl's comparison in one transaction finds.
import json, os, select, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

N = 2000
MIN_SEEN = 1     # a loaded machine may run many steps per status call


def tag(n):
    return "1A4060300000000000E%05d" % n


def test(new_store):
    st = new_store()
    sim = Sim(os.path.join(st.dir, "sim.json"))
    try:
        run_all(st, sim)
    finally:
        sim.stop()


def run_all(st, sim):
    # Ours only: the state does not list them, each is a difference.
    st.ctl("package", "import", "-", input="tag,sku,batch,qty\n" + "".join(
        "%s,FL-BD-1,B-RECON,1\n" % tag(n) for n in range(N)))
    secrets = report_to(st, sim, "metrc-reconcile=0",
                        "metrc-reconcile-step=1")
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    watcher = st.terminal("office-2", MANAGER)
    check(watcher.call("compliance.status")["reconcile"] is None,
          "no reconciliation under way at first")

    rid = mgr.send("compliance.reconcile")
    seen = {}
    while not (mgr.buf or select.select([mgr.sock], [], [], 0)[0]):
        s = watcher.call("compliance.status")["reconcile"]
        seen[s] = seen.get(s, 0) + 1
        check(sum(seen.values()) < 10**6, "compliance.reconcile never "
              "answered")
    res = mgr.wait(rid)
    print("# compliance.status during one reconcile: %r" % seen)
    check(seen.get("comparing", 0) >= MIN_SEEN,
          "compliance.status answered %d times while comparing %d "
          "packages: the comparison holds the loop" %
          (seen.get("comparing", 0), N))
    check(watcher.call("compliance.status")["reconcile"] is None,
          "none under way once answered")

    mine = [d for d in res["differences"] if d["kind"] == "not-at-state"
            and d["tag"].startswith("1A4060300000000000E")]
    check(len(mine) == N, "each of ours the state lacks is a difference: "
          "%d of %d" % (len(mine), N))
    check([d["tag"] for d in mine] == sorted(d["tag"] for d in mine),
          "ours in tag order")

    # The same as the comparison in one transaction (stashctl).
    conf = os.path.join(st.dir, "stash.conf")
    with open(conf, "w") as f:
        f.write("metrc-url %s\nmetrc-secrets %s\nmetrc-timeout 2\n" %
                (sim.url, secrets))
    whole = json.loads(st.ctl("--json", "compliance", "reconcile",
                              "--config", conf, check_rc=False))
    check(st.last_rc == 2, "stashctl found differences: %d %s" %
          (st.last_rc, st.last_err))
    stepped = dict(res)
    stepped["differences"] = [d for d in res["differences"]
                              if d["kind"] != "hold"]
    stepped["held"] = []
    check(stepped == whole, "the steps find what one transaction finds")

    # One at a time: while one compares, another is refused. (Should the
    # comparison end before the second request is read, that one runs
    # instead: try again.)
    for attempt in range(10):
        rid = mgr.send("compliance.reconcile")
        while not (mgr.buf or select.select([mgr.sock], [], [], 0)[0]):
            if watcher.call("compliance.status")["reconcile"] == \
                    "comparing":
                break
        try:
            watcher.call("compliance.reconcile")
            refused = None
        except ProtoError as e:
            refused = e
        mgr.wait(rid)
        if refused is not None:
            break
    check(refused is not None and refused.code == "conflict",
          "a second reconcile while one compares is refused: %r" % refused)
    st.stop()


run(test)
