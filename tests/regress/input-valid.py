#!/usr/bin/env python3
# Values from outside are checked as doc/protocol.md ("Values") says, and a
# refused request changes nothing: ID document types, state codes and
# marketing's type on customers; real calendar dates within each kind's
# bounds (a birth date not in the future, report and intake dates not
# 0001-01-01 or 9999-12-31); text without C1 controls or direction
# overrides; adjustments bounded by what a package holds and by what it
# was received with. A 1,000-package intake.create with every field at its
# longest fits in a frame; 1,001 is refused by the package limit itself,
# not by the frame limit. Text that a spreadsheet would run as a formula,
# taken over the protocol, comes out of stashctl trace --csv as text.
import csv, datetime, io, json, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

TODAY = datetime.date.today()
LAB_EXPIRES = int((TODAY + datetime.timedelta(days=365)).strftime("%Y%m%d"))
LEAF = "\U0001F33F"     # 4 bytes of UTF-8, 12 bytes as a JSON escape


def tag(n):
    return "1A4060300000000000A%05d" % n


def customer(**kw):
    a = {"type": "adult", "first": "Pat", "last": "Probe",
         "dob": "1990-05-01", "id_scanned": True, "residence": "CO",
         "id_doc": {"type": "dl", "number": "D-1", "state": "CO",
                    "expires": "2030-01-01"}}
    for k, v in kw.items():
        if k.startswith("id_"):
            a["id_doc"] = dict(a["id_doc"], **{k[3:]: v})
        else:
            a[k] = v
    return a


def test(new_store):
    st = new_store().start()
    mgr = st.terminal("office-1", MANAGER)
    rcv = st.terminal("intake-1", RECEIVER)
    reg = st.terminal("register-1", BUDTENDER)

    # --- customers ---------------------------------------------------------
    future = (TODAY + datetime.timedelta(days=1)).isoformat()
    bad = [
        (customer(id_type="bogus"), "type"),
        (customer(id_state="ZZ"), "id_doc.state"),
        (customer(residence="QQ"), "residence"),
        (customer(marketing="no"), "marketing"),
        (customer(marketing=1e300), "marketing"),
        (customer(marketing=1), "marketing"),
        (customer(dob=future), "in the future"),
        (customer(dob="1899-12-31"), "before 1900-01-01"),
        (customer(dob="2001-02-29"), "not a real calendar date"),
        (customer(id_expires="9999-12-31"), "id_doc.expires"),
        (customer(first="Pat\u009b31m"), "U+009B"),
        (customer(last="Probe\u202egnp.exe"), "U+202E"),
        (customer(last="\u2066Probe\u2069"), "U+2066"),
        (customer(notes="a\u0085b"), "U+0085"),
    ]
    for args, want in bad:
        m = mgr.expect_error("bad-request", "customer.create", args)
        check(want in m, "customer.create %r: %r lacks %r" % (args, m, want))
    check(mgr.call("customer.search", {"q": "Probe"})["customers"] == [],
          "no refused customer was written")
    c = mgr.call("customer.create", customer(marketing=True,
                                             id_state="ON"))["customer"]
    check(c["marketing"] is True and c["id_doc"]["state"] == "ON",
          "a good profile (a Canadian licence) is taken: %r" % c)
    for args, want in [({"residence": "QQ"}, "residence"),
                       ({"marketing": "no"}, "marketing"),
                       ({"dob": future}, "in the future"),
                       ({"id_doc": {"type": "bogus"}}, "type"),
                       ({"first": "A\u202eB"}, "U+202E")]:
        args = dict(args, id=c["id"], id_scanned=True)
        m = mgr.expect_error("bad-request", "customer.update", args)
        check(want in m, "customer.update %r: %r" % (args, m))
    got = mgr.call("customer.get", {"id": c["id"]})["customer"]
    check(got == c, "refused updates changed nothing: %r" % got)

    # --- report.z ----------------------------------------------------------
    for d, want in [("2026-02-30", "not a real calendar date"),
                    ("2026-04-31", "not a real calendar date"),
                    ("0001-01-01", "before 2000-01-01"),
                    ("9999-12-31", "after"), ("2026-4-30", "YYYY-MM-DD")]:
        m = mgr.expect_error("bad-request", "report.z", {"date": d})
        check(want in m, "report.z %s: %r" % (d, m))
    z = mgr.call("report.z", {"date": TODAY.isoformat()})
    check(z["date"] == TODAY.isoformat(), "a real day's Z report")

    # --- intake and lab dates ----------------------------------------------
    def pkg(n, **kw):
        p = {"tag": tag(n), "sku": "FL-BD-1", "batch": "B-V", "qty": 5,
             "harvested": 20260101,
             "lab": {"status": "pass", "thc": 200, "lab": "LAB-1",
                     "tested": 20260110, "expires": LAB_EXPIRES}}
        for k, v in kw.items():
            if k in ("tested", "expires"):
                p["lab"] = dict(p["lab"], **{k: v})
            else:
                p[k] = v
        return p
    for p, want in [(pkg(1, harvested=20260230), "harvested"),
                    (pkg(1, harvested=99991231), "harvested"),
                    (pkg(1, tested=20260230), "tested"),
                    (pkg(1, expires=99991231), "expires"),
                    (pkg(1, batch="B\u202eV"), "U+202E"),
                    (pkg(1, batch="B\u009bV"), "U+009B")]:
        m = rcv.expect_error("bad-request", "intake.create", {
            "manifest": "MF-BAD", "supplier": "SUP-1", "packages": [p]})
        check(want in m, "intake.create %r: %r" % (p, m))
    check(rcv.call("intake.list")["manifests"] == [],
          "no refused manifest was written")
    t0 = st.tags[0]
    before = mgr.call("package.get", {"tag": t0})["package"]
    for a in ({"tested": 20260230}, {"expires": 99991231},
              {"tested": 99991231}):
        mgr.expect_error("bad-request", "package.lab",
                         dict(a, tag=t0, status="pass"))
    check(mgr.call("package.get", {"tag": t0})["package"] == before,
          "refused lab results changed nothing")

    # --- adjustments -------------------------------------------------------
    pk = before
    weight = pk["product"]["unit"] == "weight"
    recv = pk["received_qty"]
    slack = 10000 if weight else 10
    ceiling = recv * 2 if recv > slack else recv + slack
    for delta in (1000000000, -1000000000):
        m = mgr.expect_error("bad-request", "package.adjust", {
            "tag": t0, "delta": delta, "reason": "entry-error",
            "note": "probe"})
        check("at most" in m, "adjust %d: %r" % (delta, m))
    m = mgr.expect_error("bad-request", "package.adjust", {
        "tag": t0, "delta": ceiling - pk["qty"] + 1, "reason": "entry-error",
        "note": "past what was received"})
    check("twice what it was received with" in m, m)
    check(mgr.call("package.get", {"tag": t0})["package"]["qty"] ==
          pk["qty"], "refused adjustments changed nothing")
    # Up to the ceiling is taken; the same again is not.
    r = mgr.call("package.adjust", {"tag": t0, "delta": ceiling - pk["qty"],
                                    "reason": "entry-error", "note": "fix"})
    check(r["package"]["qty"] == ceiling, "up to the ceiling: %r" % r)
    mgr.expect_error("bad-request", "package.adjust", {
        "tag": t0, "delta": 1, "reason": "count", "note": "again"})
    check(mgr.call("package.get", {"tag": t0})["package"]["qty"] == ceiling,
          "the repeat changed nothing")

    # --- 1,000 packages at their longest fit; 1,001 are the limit's -------
    def long_pkg(n):
        return {"tag": tag(100 + n), "sku": "FL-BD-1", "batch": LEAF * 10,
                "qty": 100000000 if weight else 999999,
                "harvested": 20260101,
                "lab": {"status": "pass", "thc": 1000, "cbd": 1000,
                        "lab": LEAF * 10, "tested": 20260110,
                        "expires": LAB_EXPIRES}}
    big = {"manifest": "M" * 40, "supplier": "S" * 40, "note": LEAF * 32,
           "packages": [long_pkg(n) for n in range(1000)]}
    size = len(json.dumps({"id": 99, "op": "intake.create", "args": big}))
    check(size > 400000, "the request is the big one: %d bytes" % size)
    r = rcv.call("intake.create", big)
    check(r["packages"] == 1000, "1000 packages taken: %r" % r)
    big["manifest"] = "N" * 40
    big["packages"] = [long_pkg(n) for n in range(1000, 2001)]
    m = rcv.expect_error("bad-request", "intake.create", big)
    check("1 to 1000 packages" in m, "the package limit's error: %r" % m)
    check(rcv.call("ping")["time"] > 0, "the connection is still served")
    check(len(rcv.call("intake.list")["manifests"]) == 1, "one manifest")

    # --- formulas over the protocol come out of the CSV as text ------------
    M = "MF-FORMULA"
    rcv.call("intake.create", {"manifest": M, "supplier": "@SUM(A1)",
                               "packages": [pkg(1, batch="=1+2")]})
    rcv.call("intake.scan", {"manifest": M, "tag": tag(1), "qty": 5})
    mgr.call("intake.close", {"manifest": M})
    mgr.call("package.move", {"tag": tag(1), "to": "floor"})
    reg.call("sale.commit", {"ref": "f:1", "lines": [
        {"tag": tag(1), "qty": 2}], "tender": {"cash": 10**6}})
    out = st.ctl("trace", "batch", "=1+2", "--csv")
    check("\"'=1+2\"" in out and "\"'@SUM(A1)\"" in out,
          "formula cells neutralised: %r" % out)
    rows = list(csv.DictReader(io.StringIO(out)))
    check(len(rows) == 1 and rows[0]["batch"] == "'=1+2" and
          rows[0]["supplier"] == "'@SUM(A1)" and rows[0]["qty"] == "2",
          "read back as text: %r" % rows)
    check("whole" in st.ctl("audit", "verify"), "audit whole")
    st.stop()


run(test)
