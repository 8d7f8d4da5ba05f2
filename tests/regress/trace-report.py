#!/usr/bin/env python3
# stashctl trace --report: the printable trace an inspector asks for. A
# batch of 120 packages is imported; some are sold (one to a known
# customer, who brings one unit back; 2050 walk-in sales make the trace op
# answer in several pages), one sale is voided, packages are
# moved to the vault, the quarantine and a delivery vehicle (by hand,
# on no trip: so in stock elsewhere, not out on delivery), one is
# destroyed with a witness and one loses a unit to theft. The report's
# groups, counts and totals must match what was done, every tag must be in
# stock exactly once, and the pages must be 66 lines of at most 80
# columns, separated by form feeds, each with its header and "Page N of M".
import re, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

N = 120
BATCH = "B-REPORT-1"
QTY = 30
BULK = 2050        # sales: more than one page (2000 rows) of the trace op
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}
APPROVE = {"staff": MANAGER, "pin": PINS[MANAGER]}


def tag(n):
    return "1A40603000000000000A%04d" % n


def sections(body):
    """Heading "TITLE: N nouns, QTY" -> (count, qty, [rows])."""
    out, cur = {}, None
    for line in body:
        m = re.match(r"^(\S.*): (\d+) [a-z]+, (.+)$", line)
        if m:
            cur = m.group(1)
            out[cur] = (int(m.group(2)), m.group(3), [])
        elif cur is not None and line.startswith("  ") and \
                not line.lstrip().startswith(("TAG", "SALE", "TIME")):
            out[cur][2].append(line)
        elif line == "":
            cur = None
    return out


def test(new_store):
    st = new_store()
    csv = "tag,sku,batch,qty\n" + "".join(
        "%s,FL-BD-1,%s,%d\n" % (tag(n), BATCH, QTY) for n in range(1, N + 1))
    st.ctl("package", "import", "-", input=csv)
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    reg = st.terminal("register-1", BUDTENDER)

    cust = reg.call("customer.create", {"type": "adult", "first": "Report",
                    "last": "Buyer", "dob": "1980-05-05",
                    "id_doc": dict(IDOC, number="RB123"), "residence": "CO",
                    "id_scanned": True})["customer"]

    def sell(ref, n, qty, **kw):
        a = {"ref": ref, "lines": [{"tag": tag(n), "qty": qty}],
             "tender": {"cash": 10**6}}
        a.update(kw)
        return reg.call("sale.commit", a)["sale"]

    s1 = sell("rep:1", 1, 2, customer=cust["id"])
    s2 = sell("rep:2", 2, 1)
    s3 = sell("rep:3", 3, 1)
    mgr.call("sale.void", {"id": s3["id"], "reason": "rung up twice",
                           "approver": APPROVE})
    mgr.call("sale.return", {"sale": s1["id"], "lines": [{"tag": tag(1),
             "qty": 1}], "reason": "changed mind", "approver": APPROVE})
    mgr.call("package.move", {"tag": tag(4), "to": "vault"})
    mgr.call("package.move", {"tag": tag(5), "to": "vehicle:van-1"})
    mgr.call("package.move", {"tag": tag(6), "to": "quarantine"})
    mgr.call("package.adjust", {"tag": tag(7), "delta": -3,
             "reason": "destruction", "note": "mould",
             "witness": {"staff": RECEIVER, "pin": PINS[RECEIVER]}})
    mgr.call("package.adjust", {"tag": tag(8), "delta": -1,
                                "reason": "theft"})
    # Enough walk-in sales that the trace op answers in several pages,
    # pipelined so that stashd commits many in one pass.
    bulk = [10 + i % (N - 9) for i in range(BULK)]
    for i in range(0, BULK, 200):
        rids = [reg.send("sale.commit", {"ref": "bulk:%d" % j, "lines": [
                {"tag": tag(bulk[j]), "qty": 1}], "tender": {"cash": 10**6}})
                for j in range(i, min(i + 200, BULK))]
        for rid in rids:
            reg.wait(rid)
    check("next" in mgr.call("trace", {"scope": "batch", "key": BATCH}),
          "the trace op needs more than one page")

    # Where a returned package goes, and what it then holds, is the sale
    # rules' business (a return is quarantined): the report must show what
    # the ledger has.
    p1 = mgr.call("package.get", {"tag": tag(1)})["package"]
    loc = {4: "vault", 5: "vehicle:van-1", 6: "quarantine", 1: p1["location"]}
    left = {n: QTY for n in range(1, N + 1)}
    left.update({1: p1["qty"], 2: QTY - 1, 7: QTY - 3, 8: QTY - 1})
    for n in bulk:
        left[n] -= 1

    usage = st.ctl("trace", "--help")
    check("--report" in usage, "stashctl trace has no --report: the trace "
          "entry in src/ctl/stashctl.c must take csv,report,by=")

    # The options that do not go with a report.
    st.ctl("trace", "batch", BATCH, "--report", "--csv", check_rc=False)
    check(st.last_rc != 0 and "--csv" in st.last_err, "--report --csv")
    st.ctl("trace", "batch", BATCH, "--by", "X", check_rc=False)
    check(st.last_rc != 0 and "--report" in st.last_err, "--by alone")
    st.ctl("trace", "batch", "NO-SUCH", "--report", check_rc=False)
    check(st.last_rc != 0 and "no packages" in st.last_err, "none")

    out = st.ctl("trace", "batch", BATCH, "--report", "--by", "Ann Auditor")

    # Pages: 66 lines each, form feeds between, a header on every one.
    pages = out.split("\f")
    m = len(pages)
    check(m >= 30, "%d rows span several pages, got %d" % (N + BULK, m))
    body = []
    for i, p in enumerate(pages):
        lines = p.split("\n")
        check(len(lines) == 67 and lines[-1] == "",
              "page %d has %d lines" % (i + 1, len(lines) - 1))
        lines = lines[:-1]
        check(all(len(l) <= 80 for l in lines),
              "page %d within 80 columns" % (i + 1))
        check(lines[0].startswith("TRACE REPORT: batch " + BATCH) and
              lines[0].endswith("Page %d of %d" % (i + 1, m)),
              "page %d header: %r" % (i + 1, lines[0]))
        check(LIC in lines[1] and "Generated" in lines[1],
              "page %d names the store: %r" % (i + 1, lines[1]))
        check(lines[2] == "-" * 80, "page %d rule" % (i + 1))
        body += lines[3:]
    check(out.count("\f") == m - 1, "form feeds between pages")
    cont = [p.split("\n")[3] for p in pages[1:]]
    check(cont.count("Sold (continued)") >= BULK // 63 - 1 and
          cont.count("In stock: sales floor (continued)") >= 1,
          "a group going on over a page has its title again: %r" %
          sorted(set(cont)))

    text = "\n".join(body)
    for want in ("Licence:    " + LIC, "Traced:     batch " + BATCH,
                 "By:         Ann Auditor",
                 "Packages:   %d, received %d units" % (N, N * QTY)):
        check(want in text, "title block has %r" % want)
    check(text.rstrip().endswith("End of report."), "the end is there")

    sec = sections(body)
    def where(n):
        return loc.get(n, "floor")
    groups = {"floor": "In stock: sales floor", "vault": "In stock: vault",
              "quarantine": "In stock: quarantine",
              "vehicle:van-1": "In stock: other locations"}
    seen = []
    for place, title in groups.items():
        want = [n for n in range(1, N + 1) if where(n) == place]
        count, qty, rows = sec[title]
        got = sorted(r.split()[0] for r in rows)
        seen += got
        check(count == len(want) and got == sorted(tag(n) for n in want),
              "%s: %d packages, want %d" % (title, count, len(want)))
        check(qty == "%d units" % sum(left[n] for n in want),
              "%s: %s, want %d units" % (title, qty,
                                         sum(left[n] for n in want)))
        for r in rows:
            n = int(r.split()[0][-4:])
            check(r.split()[-2] ==
                  str(left[n]), "%s holds %d: %r" % (tag(n), left[n], r))
    check(sorted(seen) == sorted(tag(n) for n in range(1, N + 1)),
          "every package in stock exactly once")
    check(sec["In stock: other locations"][2][0].endswith(" vehicle:van-1"),
          "the vehicle is named: %r" % (sec["In stock: other locations"],))
    check(sec["Out on delivery (in a vehicle)"][0] == 0,
          "no trip: nothing out on delivery")
    check(sec["In stock: express window"][0] == 0, "nothing at express")

    count, qty, rows = sec["Sold"]
    check(count == 2 + BULK and qty == "%d units" % (3 + BULK),
          "sold: %s, %s" % (count, qty))
    ids = [r.split()[0] for r in rows if not r.startswith("  package")]
    check(len(ids) == len(set(ids)) == 2 + BULK, "every sale once")
    r1 = next(r for r in rows if r.split()[0] == str(s1["id"]))
    r2 = next(r for r in rows if r.split()[0] == str(s2["id"]))
    check("rep:1" in r1 and "Buyer, Report" in r1 and r1.endswith(" 2"),
          "sale to the customer: %r" % r1)
    check("rep:2" in r2 and "walk-in" in r2 and r2.endswith(" 1"),
          "walk-in sale: %r" % r2)
    check(any(tag(1) in r for r in rows) and any(tag(2) in r for r in rows),
          "sales under their packages")
    count, qty, rows = sec["Sales voided (the stock was put back)"]
    check(count == 1 and qty == "1 unit" and
          any(r.split()[0] == str(s3["id"]) for r in rows), "voided")
    count, qty, rows = sec["Returned by customers"]
    check(count == 1 and qty == "1 unit" and
          any(r.split()[0] == str(s1["id"]) and "Buyer, Report" in r
              for r in rows), "returned: %r" % (sec["Returned by customers"],))
    check(sec["Delivered"][:2] == (0, "0 units"), "no deliveries")
    count, qty, rows = sec["Destroyed"]
    check(count == 1 and qty == "3 units", "destroyed: %s, %s" % (count, qty))
    d = rows[0].split()
    check(tag(7) in d and d[-2:] == [str(MANAGER), str(RECEIVER)],
          "destruction names staff and witness: %r" % rows[0])
    check(any("mould" in r for r in rows), "the note")
    count, qty, rows = sec["Other adjustments (damage, theft, loss, count, "
                           "...)"]
    check(count == 1 and qty == "-1 unit" and "theft" in rows[0] and
          tag(8) in rows[0], "theft: %r" % rows)

    # The summary agrees with the sections.
    summ = {}
    for line in body[body.index("SUMMARY") + 2:]:
        if line == "":
            break
        mm = re.match(r"^  (.+?)\s+(\d+)  (.+)$", line)
        summ[mm.group(1).strip()] = (int(mm.group(2)), mm.group(3))
    in_stock = list(range(1, N + 1))
    check(summ["In stock, all locations"] == (len(in_stock), "%d units" %
          sum(left[n] for n in in_stock)), "in stock: %r" % (summ,))
    check(summ["Sold"] == (2 + BULK, "%d units" % (3 + BULK)) and summ["Destroyed"] ==
          (1, "3 units") and summ["Out on delivery"] == (0, "0 units") and
          summ["Delivered"] == (0, "0 units"), "summary: %r" % summ)
    st.stop()


run(test)
