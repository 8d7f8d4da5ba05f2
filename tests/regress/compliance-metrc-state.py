#!/usr/bin/env python3
# What the state offers, against stash-metrc-sim with the real stashd:
#  - adjustment reasons are the state's own (GET /packages/v2/adjust/reasons,
#    set per licence in the simulator): each of ours reaches the state by
#    the state's name (metrc-reasons, Metrc's usual name, our own, in any
#    case); one the state does not offer becomes an exception that says so
#    and lists what it offers, and goes through once the state offers it
#    and a person retries it;
#  - package.move reaches the state as PUT /packages/v2/location with the
#    state's name for the location (metrc-locations), and the state's
#    package shows it; a move to a location the state does not have is an
#    exception;
#  - nothing is sent twice.
import json
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

# The state's reasons for the store's licence: not the default list.
STATE_REASONS = [
    {"Name": "Damaged", "RequiresNote": False},
    {"Name": "Expired Product", "RequiresNote": False},
    {"Name": "Theft", "RequiresNote": True},
    {"Name": "Waste", "RequiresNote": False},
    {"Name": "Entry Error", "RequiresNote": True},
    {"Name": "Inventory Count", "RequiresNote": False},
    {"Name": "in-house quality control", "RequiresNote": False},
]
# ours -> what the state must have received
EXPECT = {
    "damage": "Damaged",                    # metrc-reasons
    "expired": "Expired Product",           # metrc-reasons
    "count": "Inventory Count",             # metrc-reasons
    "theft": "Theft",                       # Metrc's usual name
    "entry-error": "Entry Error",           # Metrc's usual name
    "quality-control": "in-house quality control",  # usual, other case
}


def test(new_store):
    st = new_store()
    sim = Sim(os.path.join(st.dir, "sim.json"))
    try:
        run_all(st, sim)
    finally:
        sim.stop()


def adjust_posts(sim, note):
    return [q for q in sim.requests() if q["method"] == "POST" and
            q["uri"].startswith("/packages/v2/adjust") and
            (": " + note) in (q.get("body") or "")]


def location_puts(sim, tag):
    out = []
    for q in sim.requests():
        if q["method"] != "PUT" or \
                not q["uri"].startswith("/packages/v2/location"):
            continue
        body = json.loads(q.get("body") or "[]")
        if any(o.get("Label") == tag for o in body):
            out.append((q, body))
    return out


def sim_package(sim, tag):
    for p in sim.admin("GET", "/_sim/state")["packages"]:
        if p["Label"] == tag:
            return p
    return None


def state_adjustment(sim, note):
    return [a for a in sim.admin("GET", "/_sim/state")["adjustments"]
            if (a.get("Note") or "").endswith(": " + note)]


def run_all(st, sim):
    got = sim.admin("POST", "/_sim/reasons",
                    {"license": LIC, "reasons": STATE_REASONS})
    check([r["Name"] for r in got] == [r["Name"] for r in STATE_REASONS],
          "the simulator took the licence's reasons: %r" % got)
    # The other licence keeps the default list: reasons are per licence.
    report_to(st, sim, "metrc-reconcile=0", "metrc-transfers=0",
              "metrc-reasons=damage=Damaged; expired=Expired Product;"
              "count=Inventory Count;loss=Shrinkage")
    st.start()
    mgr = st.terminal("register-1", MANAGER)

    def settled():
        s = mgr.call("compliance.status")
        return s["pending"] == 0

    # Two packages of ours the state has, sold by the unit, with stock.
    tags = []
    for p in st.tags:
        try:
            pk = mgr.call("package.get", {"tag": p})["package"]
        except ProtoError:
            continue
        if pk["qty"] >= 20 and sim.qty(p) is not None and \
                pk["location"] == "floor" and \
                mgr.call("item.lookup", {"code": p})["product"]["unit"] \
                == "each":
            tags.append(p)
        if len(tags) == 2:
            break
    check(len(tags) == 2, "two packages to adjust and move")
    tag, tag2 = tags

    # --- reasons ---
    before = sim.qty(tag)
    for reason in sorted(EXPECT) + ["loss", "scale-variance"]:
        mgr.call("package.adjust", {"tag": tag, "delta": -1,
                                    "reason": reason, "note": "r-" + reason})
    wait_until("the adjustments settled", settled, 90)
    for reason, name in sorted(EXPECT.items()):
        a = state_adjustment(sim, "r-" + reason)
        check(len(a) == 1 and a[0]["Reason"] == name,
              "%s reached the state as %r: %r" % (reason, name, a))
        check(len(adjust_posts(sim, "r-" + reason)) == 1,
              "%s posted once" % reason)
    reasons_asked = [q for q in sim.requests() if q["method"] == "GET" and
                     q["uri"].startswith("/packages/v2/adjust/reasons")]
    check(reasons_asked, "the state's reasons were asked for")
    check(len(reasons_asked) <= 2,
          "and cached, not asked for each adjustment: %d" %
          len(reasons_asked))
    check(sim.qty(tag) == before - 1000 * len(EXPECT),
          "the state took what was sent: %r -> %r" % (before, sim.qty(tag)))

    ex = {e["ref"]: e for e in mgr.call("compliance.exceptions")
          ["exceptions"]}
    by_note = {}
    for e in ex.values():
        check(e["kind"] == "adjustment", "an adjustment exception: %r" % e)
    loss = [e for e in ex.values() if "loss" in e["message"]]
    sv = [e for e in ex.values() if "scale-variance" in e["message"]]
    check(len(loss) == 1 and len(sv) == 1 and len(ex) == 2,
          "two exceptions, loss and scale-variance: %r" % list(ex.values()))
    check("metrc-reasons maps loss to \"Shrinkage\", which the state does "
          "not offer; it offers: Damaged, Expired Product, Theft" in
          loss[0]["message"], "loss says why: %r" % loss[0]["message"])
    check(sv[0]["message"].startswith(
          "the state has no reason for scale-variance; it offers: Damaged, "
          "Expired Product, Theft, Waste, Entry Error, Inventory Count, "
          "in-house quality control"),
          "scale-variance says why: %r" % sv[0]["message"])
    for note in ("r-loss", "r-scale-variance"):
        check(adjust_posts(sim, note) == [], "%s never posted" % note)
    out = st.ctl("compliance", "exceptions")
    check("the state has no reason for scale-variance" in out and
          "Shrinkage" in out, "stashctl shows them: %s" % out)

    # The state offers them now: a person retries, each goes once.
    sim.admin("POST", "/_sim/reasons", {"license": LIC, "reasons":
              STATE_REASONS + [{"Name": "Shrinkage"},
                               {"Name": "Scale Variance"}]})
    for e in (loss[0], sv[0]):
        mgr.call("compliance.retry", {"job": e["job"]})
    wait_until("the retried adjustments settled",
               lambda: settled() and mgr.call("compliance.status")
               ["exceptions"] == 0, 90)
    for note, name in (("r-loss", "Shrinkage"),
                       ("r-scale-variance", "Scale Variance")):
        a = state_adjustment(sim, note)
        check(len(a) == 1 and a[0]["Reason"] == name,
              "%s reached the state as %r: %r" % (note, name, a))
        check(len(adjust_posts(sim, note)) == 1, "%s posted once" % note)

    # --- moves ---
    check(sim_package(sim, tag2).get("LocationName") in (None, "Sales Floor"),
          "the state has it on the floor: %r" % sim_package(sim, tag2))
    mgr.call("package.move", {"tag": tag2, "to": "vault"})
    wait_until("the move reported", lambda: settled() and
               sim_package(sim, tag2).get("LocationName") == "Vault", 60)
    puts = location_puts(sim, tag2)
    check(len(puts) == 1, "one PUT: %r" % puts)
    q, body = puts[0]
    check(q["status"] == 200 and len(body) == 1 and
          set(body[0]) == {"Label", "Location", "MoveDate"} and
          body[0]["Location"] == "Vault" and len(body[0]["MoveDate"]) == 10,
          "the PUT as the spec has it: %r" % body)
    check("licenseNumber=" + LIC in q["uri"], "for the licence: %s" %
          q["uri"])

    # A location the state does not have: an exception, sent once.
    mgr.call("package.move", {"tag": tag2, "to": "vehicle:van-9"})
    wait_until("the refused move is an exception", lambda:
               mgr.call("compliance.status")["exceptions"] == 1, 60)
    e = mgr.call("compliance.exceptions")["exceptions"]
    check(len(e) == 1 and e[0]["kind"] == "location" and
          "vehicle:van-9" in e[0]["message"] and
          "metrc-locations" in e[0]["message"] and
          e[0]["message"].find("HTTP 400") >= 0,
          "the refusal says why: %r" % e)
    check(sim_package(sim, tag2).get("LocationName") == "Vault",
          "the state's package did not move")
    out = st.ctl("compliance", "exceptions")
    check("vehicle:van-9" in out, "stashctl shows it: %s" % out)

    # Back on the floor: the state hears where it is now.
    mgr.call("package.move", {"tag": tag2, "to": "floor"})
    wait_until("the move back reported", lambda: settled() and
               sim_package(sim, tag2).get("LocationName") == "Sales Floor", 60)
    puts = location_puts(sim, tag2)
    check(len(puts) == 3, "three PUTs, one a move: %r" %
          [b for _, b in puts])
    check([b[0]["Location"] for _, b in puts] ==
          ["Vault", "vehicle:van-9", "Sales Floor"],
          "each sent once, in order: %r" % [b for _, b in puts])
    st.stop()


run(test)
