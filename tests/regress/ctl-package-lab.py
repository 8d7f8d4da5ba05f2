#!/usr/bin/env python3
# stashctl package lab / package show: a package received with no lab
# result is held; package show says it cannot be sold and why, and what
# to do; stashctl package lab enters the result through the same domain
# function as the protocol's package.lab (the same date and range checks,
# refusals changing nothing), releases the hold, records the certificate
# number, corrects one field alone, and holds the package again when the
# result is corrected to a failure; each change is audited as stashctl's.
import csv, datetime, io, json, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

TODAY = datetime.date.today()
EXPIRES = (TODAY + datetime.timedelta(days=365)).isoformat()
TESTED = (TODAY - datetime.timedelta(days=10)).isoformat()
M, SUP = "MF-LAB-1", "SUP-LIC-9"


def tag(n):
    return "1A4060300000000000EE00%02d" % n


def manifest(rows):
    f = io.StringIO()
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["manifest", "supplier", "tag", "sku", "batch", "qty",
                "harvested", "lab_status", "lab_thc", "lab_cbd", "lab",
                "tested", "lab_expires"])
    for r in rows:
        w.writerow(r)
    return f.getvalue()


def test(store):
    st = store()
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    rcv = st.terminal("intake-1", RECEIVER)
    st.ctl("manifest", "import", "-", input=manifest([
        [M, SUP, tag(1), "FL-BD-1", "B-LAB-1", "10", "", "", "", "", "",
         "", ""],
        [M, SUP, tag(2), "FL-BD-1", "B-LAB-1", "10", "", "pass", "20.0",
         "0.5", "LAB-1", TESTED, EXPIRES]]))
    for n in (1, 2):
        rcv.call("intake.scan", {"manifest": M, "tag": tag(n), "qty": 10})
    r = rcv.call("intake.close", {"manifest": M})
    check(r["held"] == 1, "the package with no lab result held: %r" % r)
    mgr.call("package.move", {"tag": tag(1), "to": "floor"})

    def pkg():
        return mgr.call("package.get", {"tag": tag(1)})["package"]

    # The gate, explained.
    out = st.ctl("package", "show", tag(1).lower())
    check("sellable  no: package %s" % tag(1) in out and "on hold" in out,
          "show says why not: " + out)
    check("no lab result: enter one with stashctl package lab %s" % tag(1)
          in out, "show says what to do: " + out)
    j = json.loads(st.ctl("--json", "package", "show", tag(1)))
    check(j["sellable"] is False and "hold" in j["why"] and
          j["advice"], "json show: %r" % j)

    # Refusals change nothing, with the protocol's own messages.
    before = pkg()
    for args, want in [
            ([], "give what to enter"),
            (["--thc", "21.5"], "has no lab result yet"),
            (["--status", "maybe"], "pass or fail"),
            (["--status", "pass", "--thc", "101"], "from 0 to 100"),
            (["--status", "pass", "--tested", "2026-02-30"],
             '"tested" is not a real calendar date'),
            (["--status", "pass", "--expires", "9999-12-31"],
             '"expires" is after'),
            (["--status", "pass", "--tested", "yesterday"], "YYYY-MM-DD"),
            (["--status", "pass", "--lab", "L\u202eAB"], "U+202E"),
            (["--status", "pass", "--tested", EXPIRES, "--expires",
              TESTED], "expires before it was tested")]:
        st.ctl("package", "lab", tag(1), *args, check_rc=False)
        check(st.last_rc == 1 and want in st.last_err,
              "package lab %r: %r" % (args, st.last_err))
    mgr.expect_error("bad-request", "package.lab", {
        "tag": tag(1), "status": "pass", "tested": 20260230})
    check(pkg() == before, "refused lab results changed nothing")
    st.ctl("package", "lab", tag(99), "--status",
           "pass", check_rc=False)
    check(st.last_rc == 1 and "no package with tag" in st.last_err,
          "unknown tag: " + st.last_err)

    # A passing result releases the package.
    out = st.ctl("package", "lab", tag(1), "--status", "pass", "--thc",
                 "21.5", "--cbd", "0.4", "--lab", "LAB-9", "--tested",
                 TESTED, "--expires", EXPIRES, "--certificate", "COA-123")
    check("package active" in out, "released: " + out)
    p = pkg()
    check(p["status"] == "active" and "hold" not in p, "no hold: %r" % p)
    check(p["lab"]["status"] == "pass" and p["lab"]["thc"] == 215 and
          p["lab"]["cbd"] == 4 and p["lab"]["lab"] == "LAB-9" and
          p["lab"]["certificate"] == "COA-123" and
          p["lab"]["expires"] == int(EXPIRES.replace("-", "")),
          "recorded: %r" % p["lab"])
    check("sellable  yes" in st.ctl("package", "show", tag(1)), "sellable")

    # One field corrected alone; the rest kept.
    st.ctl("package", "lab", tag(1), "--certificate", "COA-124")
    p = pkg()
    check(p["lab"]["certificate"] == "COA-124" and p["lab"]["thc"] == 215
          and p["lab"]["lab"] == "LAB-9", "corrected: %r" % p["lab"])

    # Corrected to a failure: held again, and show says so.
    out = st.ctl("package", "lab", tag(1), "--status", "fail")
    check("package hold" in out, "held: " + out)
    out = st.ctl("package", "show", tag(1))
    check("sellable  no" in out and "its lab test failed" in out, out)

    # The protocol takes the certificate too.
    r = mgr.call("package.lab", {"tag": tag(2), "status": "pass",
                 "thc": 200, "certificate": "COA-777"})
    check(r["package"]["lab"]["certificate"] == "COA-777", "op: %r" % r)

    audit = st.ctl("audit", "list", "--limit", "10")
    check(audit.count("package.lab") >= 3 and "cert=COA-124" in audit and
          "stashctl" in audit, "audited: " + audit)
    st.ctl("audit", "verify")


run(test)
