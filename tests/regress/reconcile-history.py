#!/usr/bin/env python3
# The ledger keeps each completed reconciliation with the state: when, who
# asked, what was compared, the differences by kind, those explained and
# the holds put on, one record a run, whether stashd ran it
# (compliance.reconcile) or stashctl. compliance.reconcile.history and
# "stashctl compliance reconcile --history" list them newest first, a
# page at a time; the compliance report sums them (kind
# "reconciliation"), by day the differences over time. Each run's record
# is checked against the reply that run gave.
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

OURS = ["1A4060300000000000F%05d" % n for n in range(3)]
KINDS = ("not-here", "quantity", "hold", "not-at-state")


def test(new_store):
    st = new_store()
    sim = Sim(os.path.join(st.dir, "sim.json"))
    try:
        run_all(st, sim)
    finally:
        sim.stop()


def figures(r):
    """What a run's record says, from the reply the run gave."""
    by = {k: 0 for k in KINDS}
    for d in r["differences"]:
        by[d["kind"]] += 1
    return {"packages": r["packages"], "compared": r["compared"],
            "differences": len(r["differences"]), "by_kind": by,
            "explained": len(r["explained"]), "held": len(r["held"])}


def record(run):
    return {k: run[k] for k in ("packages", "compared", "differences",
                                "by_kind", "explained", "held")}


def run_all(st, sim):
    # Ours only, not at the state: three not-at-state differences.
    st.ctl("package", "import", "-", input="tag,sku,batch,qty\n" + "".join(
        "%s,FL-BD-1,B-HIST,1\n" % t for t in OURS))
    secrets = report_to(st, sim, "metrc-reconcile=0")
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    bud = st.terminal("register-2", BUDTENDER)
    h = mgr.call("compliance.reconcile.history")
    check(h == {"runs": [], "more": False}, "none kept at first: %r" % h)
    bud.expect_error("permission", "compliance.reconcile.history")

    r1 = mgr.call("compliance.reconcile")
    check(figures(r1)["by_kind"]["not-at-state"] >= len(OURS),
          "ours are differences: %r" % figures(r1))
    runs = mgr.call("compliance.reconcile.history")["runs"]
    check(len(runs) == 1 and record(runs[0]) == figures(r1),
          "the run kept as it was answered: %r / %r" % (runs, figures(r1)))
    check(runs[0]["who"] == "office-1" and runs[0]["staff"] == MANAGER and
          runs[0]["at"] > 0, "who and when: %r" % runs[0])

    # The state holds one of its packages: the run holds it here too.
    theirs = [t for t in st.tags if sim.qty(t) is not None]
    sim.admin("POST", "/_sim/hold", {"label": theirs[0]})
    r2 = mgr.call("compliance.reconcile")
    check(r2["held"] == [theirs[0]], "held: %r" % r2["held"])
    h = mgr.call("compliance.reconcile.history")
    check([record(x) for x in h["runs"]] == [figures(r2), figures(r1)] and
          not h["more"], "newest first: %r" % h)
    check(h["runs"][0]["held"] == 1 and
          h["runs"][0]["by_kind"]["hold"] == 1, "the hold counted")

    # From stashctl: kept too, as stashctl's.
    conf = os.path.join(st.dir, "stash.conf")
    with open(conf, "w") as f:
        f.write("metrc-url %s\nmetrc-secrets %s\nmetrc-timeout 5\n" %
                (sim.url, secrets))
    r3 = json.loads(st.ctl("--json", "compliance", "reconcile", "--config",
                           conf, check_rc=False))
    check(st.last_rc == 2, "stashctl found differences: %d %s" %
          (st.last_rc, st.last_err))

    # A page at a time: limit, then before the last id of the page.
    p1 = mgr.call("compliance.reconcile.history", {"limit": 2})
    check(len(p1["runs"]) == 2 and p1["more"], "a page of 2: %r" % p1)
    check(p1["runs"][0]["who"] == "stashctl" and
          record(p1["runs"][0]) == figures(r3), "stashctl's run: %r / %r" %
          (p1["runs"][0], figures(r3)))
    p2 = mgr.call("compliance.reconcile.history",
                  {"limit": 2, "before": p1["runs"][-1]["id"]})
    check([record(x) for x in p2["runs"]] == [figures(r1)] and
          not p2["more"], "the last page: %r" % p2)
    ids = [x["id"] for x in p1["runs"] + p2["runs"]]
    check(ids == sorted(ids, reverse=True) and len(set(ids)) == 3,
          "numbered in order: %r" % ids)
    mgr.expect_error("bad-request", "compliance.reconcile.history",
                     {"limit": 0})

    # stashctl --history: the same, as JSON and as lines.
    j = json.loads(st.ctl("--json", "compliance", "reconcile", "--history"))
    check(j["runs"] == p1["runs"] + p2["runs"] and not j["more"],
          "stashctl lists what the protocol does: %r" % j)
    text = st.ctl("compliance", "reconcile", "--history", "--limit", "1")
    lines = text.splitlines()
    check(lines[0].split()[:3] == ["WHEN", "WHO", "PACKAGES"] and
          " stashctl " in lines[1] and "older runs left" in lines[-1],
          "the listing: %r" % text)

    # The compliance report: the differences over time.
    runs = j["runs"]
    rep = mgr.call("report.run", {"name": "compliance", "from": "today",
                                  "by": "kind"})
    names = [c["name"] for c in rep["columns"]]
    rows = {r[0]: r for r in rep["rows"]}
    check("reconciliation" in rows, "a reconciliation row: %r" % rep)
    row = rows["reconciliation"]

    def col(name):
        return row[names.index(name)]
    check(col("reconciliations") == 3, "three runs: %r" % row)
    check(col("differences") == sum(x["differences"] for x in runs),
          "their differences: %r" % row)
    for k, c in (("not-here", "not_here"), ("quantity", "quantity"),
                 ("hold", "state_holds"), ("not-at-state", "not_at_state")):
        check(col(c) == sum(x["by_kind"][k] for x in runs),
              "%s: %r" % (c, row))
    check(col("explained") == sum(x["explained"] for x in runs),
          "explained: %r" % row)
    by_day = mgr.call("report.run", {"name": "compliance", "from": "today",
                                     "by": "day"})
    check(by_day["total"][names.index("differences")] ==
          col("differences"), "by day, the same: %r" % by_day)
    # stashctl's report reads the same ledger.
    sj = json.loads(st.ctl("--json", "report", "compliance", "--from",
                           "today", "--by", "kind"))
    check(sj["rows"] == rep["rows"], "stashctl's report: %r" % sj)
    st.stop()

    # stashd's own timer (metrc-reconcile seconds): kept too, as nobody's.
    st.options = [o for o in st.options
                  if not o.startswith("metrc-reconcile=")] + \
        ["metrc-reconcile=1"]
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    h = wait_until("a timer's run kept", lambda: [
        x for x in mgr.call("compliance.reconcile.history")["runs"]
        if x["id"] > ids[0]])
    check(h[-1]["who"] == "" and h[-1]["staff"] == 0 and
          h[-1]["packages"] == r3["packages"], "the timer's: %r" % h[-1])
    st.stop()
    text = st.ctl("compliance", "reconcile", "--history", "--limit", "1")
    check(" stashd " in text.splitlines()[1], "listed as stashd's: %r" %
          text)


run(test)
