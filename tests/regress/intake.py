#!/usr/bin/env python3
# Intake against a manifest: a manifest imported from CSV (a bad file is
# refused whole with FILE:LINE errors) is scanned with every kind of
# discrepancy (missing, extra, short, over, wrong product), refused to
# close while any is open, resolved by a manager and closed, which creates
# the packages in the vault; a failed lab result is held and cannot be sold
# at the register until a passing result releases it. Then a blind count
# with variances adjusted, the stock reports, and stashctl trace matching
# the sales made over the protocol.
import csv, datetime, io, json, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


# A lab result good for a year: dates far ahead are refused (doc/protocol.md).
LAB_EXPIRES = int((datetime.date.today() +
                   datetime.timedelta(days=365)).strftime("%Y%m%d"))
LAB_EXPIRES_ISO = "%s-%s-%s" % (str(LAB_EXPIRES)[:4], str(LAB_EXPIRES)[4:6],
                                str(LAB_EXPIRES)[6:])


def tag(n):
    return "1A4060300000000000FF00%02d" % n


COLS = ["manifest", "supplier", "tag", "sku", "batch", "qty", "harvested",
        "lab_status", "lab_thc", "lab_cbd", "lab", "tested", "lab_expires"]


def manifest_csv(rows):
    f = io.StringIO()
    w = csv.writer(f, lineterminator="\n")
    w.writerow(COLS)
    for r in rows:
        w.writerow(r)
    return f.getvalue()


def test(new_store):
    st = new_store().start()
    mgr = st.terminal("office-1", MANAGER)
    rcv = st.terminal("intake-1", RECEIVER)
    reg = st.terminal("register-1", BUDTENDER)
    M, SUP = "MF-0001", "SUP-LIC-77"
    ok = ["pass", "21.5", "0.4", "LAB-1", "2026-01-10", LAB_EXPIRES_ISO]

    def row(n, sku, qty, lab=ok, batch="B-INTAKE-1"):
        return [M, SUP, tag(n), sku, batch, qty, "2025-12-01"] + lab

    # A bad file: every error named by line, nothing imported.
    bad = manifest_csv([row(1, "FL-BD-1", "10"),
                        row(2, "NO-SUCH-SKU", "10"),
                        row(3, "FL-BD-1", "ten"),
                        [M, SUP, "XYZ", "FL-BD-1", "B", "1", "", "", "",
                         "", "", "", ""]])
    st.ctl("manifest", "import", "-", input=bad, check_rc=False)
    check(st.last_rc != 0, "bad manifest refused")
    for want in ("stdin:3:", "stdin:4:", "stdin:5:", "nothing was imported"):
        check(want in st.last_err, "error %s in %r" % (want, st.last_err))
    check(rcv.call("intake.list")["manifests"] == [], "nothing imported")

    good = manifest_csv([
        row(1, "FL-BD-1", "10"),                 # clean
        row(2, "FL-BD-1", "10"),                 # short: 8 arrive
        row(3, "FL-GG4-BULK", "100.000"),        # 100.5 g: within 1%
        row(4, "FL-OGK-35", "5"),                # wrong product
        row(5, "FL-BD-1", "5"),                  # missing
        row(6, "FL-BD-1", "6", ["fail", "21.0", "0.1", "LAB-1",
                                "2026-01-10", ""]),    # failed lab
        row(8, "FL-GG4-BULK", "50.000"),         # over: 56 g arrive
    ])
    out = st.ctl("manifest", "import", "-", input=good)
    check("imported 1 manifest" in out, out)
    lst = rcv.call("intake.list")["manifests"]
    check(len(lst) == 1 and lst[0]["manifest"] == M and
          lst[0]["pending"] == 7, "listed: %r" % lst)

    # Scans.
    def scan(n, qty, sku=None):
        a = {"manifest": M, "tag": tag(n), "qty": qty}
        if sku:
            a["sku"] = sku
        return rcv.call("intake.scan", a)["line"]
    check(scan(1, 10)["state"] == "accepted", "clean line accepted")
    check(scan(2, 8)["discrepancy"] == "short", "short")
    check(scan(3, 100500)["state"] == "accepted", "within tolerance")
    check(scan(4, 5, "FL-BD-1")["discrepancy"] == "wrong-product", "wrong")
    check(scan(6, 6)["state"] == "accepted", "lab fail scans clean")
    check(scan(7, 3, "FL-BD-1")["discrepancy"] == "extra", "extra")
    check(scan(8, 56000)["discrepancy"] == "over", "over")
    rcv.expect_error("not-found", "intake.scan", {"manifest": "NOPE",
                     "tag": tag(1), "qty": 1})

    # Closing is refused while anything is unsettled; a receiver may not
    # resolve.
    m = rcv.expect_error("conflict", "intake.close", {"manifest": M})
    check("to settle" in m, "says why: %s" % m)
    rcv.expect_error("permission", "intake.resolve", {"manifest": M,
                     "tag": tag(2), "action": "accept", "note": "x"})
    m = mgr.expect_error("conflict", "intake.resolve", {"manifest": M,
                         "tag": tag(5), "action": "accept", "note": "x"})
    check("never scanned" in m, m)

    def resolve(n, action, note, qty=None):
        a = {"manifest": M, "tag": tag(n), "action": action, "note": note}
        if qty is not None:
            a["qty"] = qty
        return mgr.call("intake.resolve", a)["line"]
    check(resolve(2, "accept", "short shipped, supplier credits 2")
          ["accepted"] == 8, "short accepted as received")
    resolve(4, "reject", "label says OG Kush, contents Blue Dream")
    check(resolve(5, "reject", "never arrived")["discrepancy"] ==
          "missing", "missing")
    resolve(7, "accept", "extra, invoiced later")
    mgr.expect_error("bad-request", "intake.resolve", {"manifest": M,
                     "tag": tag(8), "action": "partial", "qty": 60000,
                     "note": "x"})
    check(resolve(8, "partial", "keep what was ordered", 50000)
          ["accepted"] == 50000, "partial")

    r = rcv.call("intake.close", {"manifest": M})
    # 1, 2, 3, 6, 7, 8; 6 failed its lab test, 7 came with no result.
    check(r["created"] == 6 and r["held"] == 2, "closed: %r" % r)
    rcv.expect_error("conflict", "intake.close", {"manifest": M})
    check(rcv.call("intake.list")["manifests"] == [], "no longer open")
    full = rcv.call("intake.get", {"manifest": M})["manifest"]
    check(full["status"] == "closed" and len(full["lines"]) == 8, "get")

    d = rcv.call("intake.discrepancies")["discrepancies"]
    kinds = sorted(x["discrepancy"] for x in d)
    check(kinds == ["extra", "missing", "over", "short", "wrong-product"],
          "every kind of discrepancy kept: %r" % kinds)
    check("wrong-product" in st.ctl("manifest", "show", M), "ctl show")
    check(M in st.ctl("manifest", "list", "--all"), "ctl list")

    pk = {n: mgr.call("package.get", {"tag": tag(n)})["package"]
          for n in (1, 2, 3, 6, 7, 8)}
    for n in (4, 5):
        mgr.expect_error("not-found", "package.get", {"tag": tag(n)})
    check(pk[1]["location"] == "vault" and pk[1]["status"] == "active",
          "accepted into the vault: %r" % pk[1])
    check(pk[2]["qty"] == 8 and pk[8]["qty"] == 50000 and
          pk[3]["qty"] == 100500, "quantities as accepted")
    check(pk[6]["status"] == "hold" and "failed" in pk[6]["hold"]["reason"],
          "failed lab held: %r" % pk[6])
    check(pk[7]["status"] == "hold" and pk[7]["supplier"] == SUP, "extra")
    check(pk[1]["supplier"] == SUP and pk[1]["lab"]["thc"] == 215, "lab")

    # The vault is not for sale; moved to the floor, it is.
    def sell(ref, n, qty):
        return reg.call("sale.commit", {"ref": ref, "lines": [
            {"tag": tag(n), "qty": qty}], "tender": {"cash": 10**6}})["sale"]
    reg.expect_error("not-sellable", "sale.commit", {"ref": "in:0",
                     "lines": [{"tag": tag(1), "qty": 1}],
                     "tender": {"cash": 10**6}})
    for n in (1, 2, 6):
        mgr.call("package.move", {"tag": tag(n), "to": "floor"})
    s1 = sell("in:1", 1, 2)
    s2 = sell("in:2", 2, 1)
    m = reg.expect_error("not-sellable", "sale.commit", {"ref": "in:3",
                         "lines": [{"tag": tag(6), "qty": 1}],
                         "tender": {"cash": 10**6}})
    check("hold" in m, "held package refused: %s" % m)

    # A later passing result releases it; a failing one holds it again.
    rcv.expect_error("permission", "package.lab", {"tag": tag(6),
                     "status": "pass"})
    r = mgr.call("package.lab", {"tag": tag(6), "status": "pass",
                 "thc": 205, "cbd": 3, "lab": "LAB-2", "tested": 20260201,
                 "expires": LAB_EXPIRES})
    check(r["package"]["status"] == "active" and "hold" not in r["package"],
          "released: %r" % r["package"])
    s3 = sell("in:4", 6, 1)
    mgr.call("package.lab", {"tag": tag(1), "status": "fail",
             "lab": "LAB-2", "tested": 20260201})
    reg.expect_error("not-sellable", "sale.commit", {"ref": "in:5",
                     "lines": [{"tag": tag(1), "qty": 1}],
                     "tender": {"cash": 10**6}})
    mgr.call("package.lab", {"tag": tag(1), "status": "pass",
             "lab": "LAB-2", "tested": 20260202, "expires": LAB_EXPIRES})
    s4 = sell("in:6", 1, 1)

    # A blind count of the floor: no expected figures until finished.
    c = rcv.call("count.start", {"location": "floor", "blind": True})
    cid = c["count"]
    check(c["packages"] >= 3, "count scope: %r" % c)
    q1 = mgr.call("package.get", {"tag": tag(1)})["package"]["qty"]
    q6 = mgr.call("package.get", {"tag": tag(6)})["package"]["qty"]
    q2 = mgr.call("package.get", {"tag": tag(2)})["package"]["qty"]
    rcv.call("count.record", {"count": cid, "tag": tag(1), "qty": q1 - 1})
    rcv.call("count.record", {"count": cid, "tag": tag(6), "qty": q6 + 2})
    rcv.call("count.record", {"count": cid, "tag": tag(2), "qty": q2})
    rep = rcv.call("count.report", {"count": cid})
    check(all("expected" not in l and "variance" not in l
              for l in rep["lines"]), "blind: %r" % rep["lines"][:2])
    rcv.expect_error("permission", "count.finish", {"count": cid,
                     "adjust": True})
    fin = mgr.call("count.finish", {"count": cid, "adjust": True})
    check(fin["adjustments"] == 2 and fin["variances"] == 2,
          "two variances adjusted: %r" % fin)
    var = {l["tag"]: l["variance"] for l in fin["lines"] if l["recorded"]}
    check(var == {tag(1): -1, tag(6): 2, tag(2): 0}, "variances %r" % var)
    check(mgr.call("package.get", {"tag": tag(1)})["package"]["qty"] ==
          q1 - 1, "counted down")
    h = mgr.call("package.get", {"tag": tag(6)})
    check(h["package"]["qty"] == q6 + 2 and any(
          x["reason"] == "count" and x["delta"] == 2 for x in h["history"]),
          "counted up with a count adjustment")
    mgr.expect_error("conflict", "count.record", {"count": cid,
                     "tag": tag(1), "qty": 1})

    # Reports: reorder points and expiring lab results.
    mgr.call("product.set_reorder", {"product": "FL-BD-1",
                                     "reorder": 100000})
    low = reg.call("inventory.low")["products"]
    check([p["sku"] for p in low] == ["FL-BD-1"], "low: %r" % low)
    check("FL-BD-1" in st.ctl("inventory", "low"), "ctl low")
    soon = (datetime.date.today() + datetime.timedelta(days=5))
    mgr.call("package.lab", {"tag": tag(2), "status": "pass",
             "tested": 20260101, "expires": int(soon.strftime("%Y%m%d"))})
    exp = reg.call("inventory.expiring", {"days": 30})["packages"]
    check(tag(2) in [p["tag"] for p in exp], "expiring: %r" % exp)
    check(tag(2) in st.ctl("inventory", "expiring", "--days", "30"),
          "ctl expiring")
    check(tag(1) in st.ctl("inventory", "list", "--location", "floor"),
          "ctl inventory list")

    # stashctl trace reads the ledger and matches the sales made.
    tr = json.loads(st.ctl("--json", "trace", "batch", "B-INTAKE-1"))
    proto = mgr.call("trace", {"scope": "batch", "key": "B-INTAKE-1"})
    check(tr == proto, "stashctl trace and the trace op agree")
    sold = {(x["sale"], p["tag"]): x["qty"] for p in tr["packages"]
            for x in p["sales"]}
    want = {(s1["id"], tag(1)): 2, (s2["id"], tag(2)): 1,
            (s3["id"], tag(6)): 1, (s4["id"], tag(1)): 1}
    check(sold == want, "trace sales %r, made %r" % (sold, want))
    check(tr["totals"]["sold"] == 5, "sold 5")
    rows = list(csv.DictReader(io.StringIO(st.ctl("trace", "supplier", SUP,
                                                  "--csv"))))
    check(sorted((int(r["sale"]), r["tag"]) for r in rows) ==
          sorted(want), "csv rows: %r" % rows)
    st.ctl("trace", "batch", "NO-SUCH", check_rc=False)
    check(st.last_rc != 0 and "no packages" in st.last_err, "trace none")

    check("whole" in st.ctl("audit", "verify"), "audit whole")
    st.stop()


run(test)
