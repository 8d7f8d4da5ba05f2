#!/usr/bin/env python3
# Washington's CCRS adapter (state-system ccrs) end to end: stashd -n
# checks the choice (BioTrack v2024 without its settings is refused with
# a message);
# stashd writes what is owed into ccrs-dir at its start and then daily;
# "stashctl compliance ccrs export" writes the reports owed on demand;
# every file passes tests/ccrs_check.py's rules; a stand-in for the state
# (ccrs_check.State) answers each upload with the success e-mail or an
# error CSV; "results" maps each answer to its record: a sale of a lot the
# state was never told of is an exception a manager sees, retried after
# the fix it is written again (an Insert, the same identifiers) and
# accepted; a duplicate counts as accepted; a void of an accepted sale is
# written as Delete rows; the dashboard shows the weekly deadline; every
# report ends done exactly once.
import glob
import json
import os
import subprocess
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
from stashproto import *
import ccrs_check

LICENCE = "412345"


def csvs(d):
    return set(glob.glob(os.path.join(d, "*.csv")))


def in_order(paths):
    """Files in CCRS's upload order, as a person would upload them."""
    order = {k: i for i, k in enumerate(ccrs_check.FILES)}
    return sorted(paths, key=lambda p: (order[ccrs_check.kind_of(p)[0]], p))


def test(new_store):
    st = new_store()
    auto, out, mail, conf = ccrs_check.store_dirs(st.dir, LICENCE)

    # --- stashd -n: the choice and its settings ---
    def check_n(want, *opts):
        check_stashd_n(st, want, *opts)
    check_n("set biotrack24-url", "state-system=biotrack-v2024")
    check_n("not one of", "state-system=leaf")
    check_n("set ccrs-dir", "state-system=ccrs")
    check_n("six-digit", "state-system=ccrs", "ccrs-dir=" + auto,
            "ccrs-licence=402R-00042")
    check_n("No such file", "state-system=ccrs",
            "ccrs-dir=" + os.path.join(st.dir, "nowhere"))
    check_n(None, "state-system=ccrs", "ccrs-dir=" + auto,
            "ccrs-licence=" + LICENCE)
    check_n(None, "state-system=none")
    check_n(None)       # metrc, the default, with no metrc-url: off

    # --- stashd writes the store's master data at its start ---
    st.options = ["state-system=ccrs", "ccrs-dir=" + auto,
                  "ccrs-licence=" + LICENCE,
                  "ccrs-submitted-by=Store Manager"]
    st.start()
    first = wait_until("the start's CCRS files",
                       lambda: len(csvs(auto)) >= 4 and csvs(auto))
    kinds = {}
    for p in first:
        k, rows = ccrs_check.check_file(p)
        kinds[k] = rows
    check(set(kinds) >= {"Strain", "Area", "Product", "Inventory"},
          "master data filed: %r" % sorted(kinds))
    check(all(r["Operation"] == "Insert" for r in kinds["Inventory"]),
          "packages filed as Inserts")
    tags = {r["ExternalIdentifier"] for r in kinds["Inventory"]}
    check(set(st.tags) <= tags, "every package filed")
    areas = {r["Area"] for r in kinds["Area"]}
    check(all(r["Area"] in areas for r in kinds["Inventory"]),
          "every package's area filed")

    t = st.terminal("register-1", MANAGER)
    s = t.call("compliance.status")
    check(s["state_system"] == "ccrs" and s["enabled"], "dashboard: %r" % s)
    each = [p for p in st.tags if
            t.call("item.lookup", {"code": p})["product"]["unit"] == "each"
            and t.call("package.get", {"tag": p})["package"]["qty"] >= 4]
    check(len(each) >= 2, "two packages sold by the unit")
    A, B = each[:2]
    seq = [0]

    def sell(tag, qty=1):
        seq[0] += 1
        r = t.call("sale.commit", {"ref": "ccrs:%d" % seq[0],
                                   "lines": [{"tag": tag, "qty": qty}],
                                   "tender": {"cash": 10**7}})
        return r["sale"]["id"]

    s1 = sell(A, 2)
    s2 = sell(B)
    t.call("package.adjust", {"tag": A, "delta": -1,
                              "reason": "destruction", "note": "dropped",
                              "witness": {"staff": ADMIN,
                                          "pin": PINS[ADMIN]}})
    s = t.call("compliance.status")
    check(s["pending"] == 3 and s["ccrs"]["due"] is not None and
          not s["ccrs"]["overdue"], "three reports owed, a due Sunday: %r"
          % s)

    def ctl_json(*a):
        return json.loads(st.ctl("--json", "compliance", "ccrs", *a))

    def export_one():
        """Export: one file; its path, kind and rows (checked)."""
        ex = ctl_json("export", "--config", conf, out)
        check(len(ex["files"]) == 1, "one file: %r" % ex)
        p = os.path.join(out, ex["files"][0]["file"])
        return (p,) + ccrs_check.check_file(p)

    # --- on demand: the sales and the destruction ---
    ex = ctl_json("export", "--config", conf, out)
    check(ex["reports"] == 3 and ex["refused"] == 0, "export: %r" % ex)
    files = in_order(os.path.join(out, f["file"]) for f in ex["files"])
    got = {}
    for p in files:
        k, rows = ccrs_check.check_file(p)
        got[k] = rows
    check(set(got) == {"Sale", "InventoryAdjustment"}, "files %r" % got)
    check(len(got["Sale"]) == 2 and all(r["Operation"] == "Insert"
                                        for r in got["Sale"]),
          "a row per line, Inserts: %r" % got["Sale"])
    sale_a = [r for r in got["Sale"] if r["InventoryExternalIdentifier"] ==
              A][0]
    check(sale_a["Quantity"] == "2" and
          sale_a["SaleType"] == "RecreationalRetail", "sale A: %r" % sale_a)
    adj = got["InventoryAdjustment"][0]
    check(adj["AdjustmentReason"] == "Destruction" and
          adj["Quantity"] == "1" and adj["InventoryExternalIdentifier"] == A,
          "destruction: %r" % adj)
    # Written, not yet reported: still pending, and never written twice.
    again = ctl_json("export", "--config", conf, out)
    check(again["files"] == [] and again["reports"] == 0,
          "nothing written twice: %r" % again)
    check(t.call("compliance.status")["pending"] == 3, "pending until the "
          "state answers")

    # --- the state: B's lot was never filed there (a person's mistake:
    # the start's Inventory file was not uploaded for it) ---
    state = ccrs_check.State(LICENCE)
    for p in in_order(first):
        k, rows = ccrs_check.check_file(p)
        if k == "Inventory":
            # Upload the Inventory file less B's row: CCRS has no B.
            state.upload(p, mail)
            state.have["Inventory"].discard(B)
        else:
            state.upload(p, mail)
    for p in files:
        st.ctl("compliance", "ccrs", "uploaded", p, "--by", "Jo Manager")
        answer = state.upload(p, mail)
        r = ctl_json("results", answer)
        if ccrs_check.kind_of(p)[0] == "Sale":
            check(r["kind"] == "errors" and r["rejected"] == 1 and
                  r["accepted"] == 0, "the sale of B refused: %r" % r)
            # The rows not listed were accepted: say which upload it was.
            r = ctl_json("results", answer, "--file", os.path.basename(p))
            check(r["accepted"] >= 1, "the rest accepted: %r" % r)
        else:
            check(r["kind"] == "success" and r["accepted"] == 1,
                  "the destruction accepted: %r" % r)
    exc = t.call("compliance.exceptions")["exceptions"]
    check(len(exc) == 1 and exc[0]["subject"] == s2 and
          "Invalid InventoryExternalIdentifier" in exc[0]["message"] and
          "retry" in exc[0]["message"], "one exception, actionable: %r" %
          exc)
    s = t.call("compliance.status")
    check(s["pending"] == 0 and s["exceptions"] == 1, "A done: %r" % s)

    # --- the fix: B filed at the state, then retry: written again ---
    state.have["Inventory"].add(B)
    st.ctl("compliance", "retry", str(exc[0]["job"]))
    p, k, rows = export_one()
    check(k == "Sale" and len(rows) == 1 and rows[0]["Operation"] ==
          "Insert" and rows[0]["InventoryExternalIdentifier"] == B,
          "B's line again, an Insert: %r" % rows)
    st.ctl("compliance", "ccrs", "uploaded", p, "--by", "Jo Manager")
    r = ctl_json("results", state.upload(p, mail))
    check(r["kind"] == "success" and r["accepted"] == 1, "accepted: %r" % r)
    s = t.call("compliance.status")
    check(s["pending"] == 0 and s["exceptions"] == 0 and
          s["ccrs"]["due"] is None, "all reported: %r" % s)

    # --- an upload repeated: "Duplicate" is accepted, nothing changes ---
    r = ctl_json("results", state.upload(p, mail))
    check(r["kind"] == "errors" and r["accepted"] == 1 and
          r["rejected"] == 0, "a duplicate is accepted: %r" % r)

    # --- a void of an accepted sale: Delete rows ---
    t.call("sale.void", {"id": s1, "reason": "test",
                         "approver": {"staff": MANAGER,
                                      "pin": PINS[MANAGER]}})
    p, k, rows = export_one()
    check(k == "Sale" and len(rows) == 1 and rows[0]["Operation"] ==
          "Delete" and rows[0]["InventoryExternalIdentifier"] == A and
          rows[0]["UpdatedBy"] == "Store Manager", "the void: %r" % rows)
    st.ctl("compliance", "ccrs", "uploaded", p, "--by", "Jo Manager")
    r = ctl_json("results", state.upload(p, mail))
    check(r["kind"] == "success", "the void accepted: %r" % r)
    check(t.call("compliance.status")["pending"] == 0, "void reported")

    # --- a sale voided once written, before its file was uploaded: its
    # Delete finds nothing at the state, which settles it ---
    s4 = sell(B)
    ex = ctl_json("export", "--config", conf, out)
    check(ex["reports"] == 1, "s4 written: %r" % ex)
    t.call("sale.void", {"id": s4, "reason": "test",
                         "approver": {"staff": MANAGER,
                                      "pin": PINS[MANAGER]}})
    p, k, rows = export_one()
    check(k == "Sale" and rows[0]["Operation"] == "Delete", "s4's Delete")
    r = ctl_json("results", state.upload(p, mail))
    check(r["accepted"] == 1 and r["rewrite"] == 0, "nothing to delete is "
          "done: %r" % r)
    s = t.call("compliance.status")
    check(s["pending"] == 0 and s["exceptions"] == 0, "settled: %r" % s)

    # --- a whole-file refusal: every row of it an exception ---
    s3 = sell(A)
    ex = ctl_json("export", "--config", conf, out)
    name = ex["files"][0]["file"]
    refusal = os.path.join(mail, "refused.txt")
    with open(refusal, "w") as f:
        f.write("Subject: CCRS Processing Error: %s\n\nCheckSum and number "
                "of records don't match\n" % name)
    r = ctl_json("results", refusal)
    check(r["kind"] == "refused" and r["rejected"] == 1, "refused: %r" % r)
    exc = t.call("compliance.exceptions")["exceptions"]
    check(len(exc) == 1 and exc[0]["subject"] == s3 and
          "CheckSum" in exc[0]["message"], "the refusal's exception: %r" %
          exc)

    # --- stashd's own export after a restart: what is owed, in ccrs-dir ---
    st.ctl("compliance", "retry", str(exc[0]["job"]))
    before = csvs(auto)
    st.stop()
    st.start()
    new = wait_until("stashd's export", lambda: csvs(auto) - before)
    for p in new:
        k, rows = ccrs_check.check_file(p)
        check(k == "Sale" and rows[0]["InventoryExternalIdentifier"] == A,
              "stashd wrote the retried sale: %r" % rows)

    # With no deadline in the rule file (here none: "limits no"), a CCRS
    # store's is the week, not metrc-deadline's day.
    st.stop()
    st.options.append("limits=no")
    st.start()
    t = st.terminal("register-1", MANAGER)
    s = t.call("compliance.status")
    check(s["deadline_source"] == "metrc-deadline" and
          s["deadlines"]["adult"] == 604800, "a week: %r" % s)

    # A result naming nothing of ours is said so, and changes nothing.
    bogus = os.path.join(mail, "bogus.csv")
    with open(bogus, "w") as f:
        f.write(",".join(ccrs_check.HEADERS["Sale"] + ["ErrorMessage"]) +
                "\r\n" + ",".join(["x"] * 18) + ",Invalid SaleType\r\n")
    r = ctl_json("results", bogus)
    check(r["unmatched"] == 1 and r["rejected"] == 0, "unmatched: %r" % r)
    st.ctl("compliance", "ccrs", "results", os.path.join(mail, "none"),
           check_rc=False)
    check(st.last_rc != 0 and "No such file" in st.last_err,
          "a missing file is said so")


run(test)
