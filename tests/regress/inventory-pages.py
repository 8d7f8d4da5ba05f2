#!/usr/bin/env python3
# The stock reports in bounded pages. With more than 10,000 packages,
# inventory.expiring stops after examining 10,000 and says where to go on
# (even with few rows); inventory.low, inventory.expiring and
# intake.discrepancies page by "limit" and "before"/"next", every row
# exactly once, a manifest never split; stashctl follows the pages.
# count.start refuses a scope over 5,000 packages, naming the limit and how
# to narrow it, and writes nothing; a narrower count works.
import datetime, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

N = 10050


def tag(n):
    return "1A4060300000000000B%05d" % n


def pages(t, op, args, key, limit):
    """Every page of op; checks next and the page size on the way."""
    rows, before, n = [], None, 0
    while True:
        a = dict(args, limit=limit)
        if before is not None:
            a["before"] = before
        r = t.call(op, a)
        rows += r[key]
        n += 1
        check(n < 1000, "%s pages end" % op)
        if "next" not in r:
            return rows, n
        before = r["next"]


def test(new_store):
    st = new_store()
    st.ctl("package", "import", "-", input="tag,sku,batch,qty\n" + "".join(
        "%s,FL-BD-1,B-BULK,1\n" % tag(n) for n in range(N)))
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    rcv = st.terminal("intake-1", RECEIVER)
    reg = st.terminal("register-1", BUDTENDER)

    # count.start: the whole floor is over the cap; refused, nothing made.
    m = rcv.expect_error("bad-request", "count.start", {"location": "floor"})
    check("5000" in m and "location" in m and "category" in m,
          "names the cap and how to narrow: %s" % m)
    m = rcv.expect_error("bad-request", "count.start", {})
    check("5000" in m, "everything is over the cap: %s" % m)
    for n in range(3):
        mgr.call("package.move", {"tag": tag(n), "to": "vault"})
    c = rcv.call("count.start", {"location": "vault"})
    check(c["packages"] >= 3, "a narrower count: %r" % c)
    check(c["count"] == 1, "the refused counts wrote nothing: %r" % c)

    # inventory.expiring: 15 packages whose lab result runs out soon.
    soon = int((datetime.date.today() +
                datetime.timedelta(days=5)).strftime("%Y%m%d"))
    exp = [tag(n) for n in range(100, 9950, 660)]
    for t in exp:
        mgr.call("package.lab", {"tag": t, "status": "pass", "lab": "L",
                 "tested": 20260101, "expires": soon})
    one = reg.call("inventory.expiring", {"days": 30, "limit": 2000})
    check("next" in one, "over 10000 packages: a page stops at the scan "
          "cap with a next (%d rows)" % len(one["packages"]))
    check(len(exp) == 15, "15 expiring")
    for limit in (2000, 4, 1):
        rows, n = pages(reg, "inventory.expiring", {"days": 30},
                        "packages", limit)
        tags = [r["tag"] for r in rows]
        check(len(tags) == len(set(tags)), "no row twice (limit %d)" % limit)
        check(set(exp) <= set(tags), "every expiring package (limit %d)" %
              limit)
        check(n >= 2 and (limit == 2000 or n >= len(tags) // limit),
              "%d pages of at most %d" % (n, limit))
        if limit == 2000:
            every = tags
        check(sorted(tags) == sorted(every), "the same rows at limit %d" %
              limit)
    first = reg.call("inventory.expiring", {"days": 30})
    check(first["days"] == 30 and isinstance(first["packages"], list),
          "the first page keeps its shape")
    out = st.ctl("inventory", "expiring", "--days", "30")
    check(all(t in out for t in exp), "stashctl follows the pages")
    reg.expect_error("bad-request", "inventory.expiring", {"before": "XYZ"})
    reg.expect_error("bad-request", "inventory.expiring", {"limit": 0})
    reg.expect_error("bad-request", "inventory.expiring", {"limit": 2001})

    # inventory.low: every demo product under a huge reorder point.
    skus = sorted({p["sku"] for p in st.stock().values()})
    for s in skus:
        mgr.call("product.set_reorder", {"product": s, "reorder": 10**8})
    rows, n = pages(reg, "inventory.low", {}, "products", 2)
    got = [r["sku"] for r in rows]
    check(sorted(got) == skus, "every low product once: %r" % got)
    check(n >= len(skus) // 2, "pages of 2: %d" % n)
    ids = [r["product"] for r in rows]
    check(ids == sorted(ids, reverse=True), "in descending number")
    check("next" not in reg.call("inventory.low"), "one default page")
    out = st.ctl("inventory", "low")
    check(all(s in out for s in skus), "stashctl low lists them all")
    reg.expect_error("bad-request", "inventory.low", {"limit": 0})
    reg.expect_error("bad-request", "inventory.low", {"before": "x"})

    # intake.discrepancies: 5 manifests of 3 short lines each.
    lines = {}
    for i in range(5):
        num = "MF-PAGE-%d" % i
        tags = ["1A40603000000000000C%02d%02d" % (i, k) for k in range(3)]
        rcv.call("intake.create", {"manifest": num, "supplier": "SUP-P",
                 "packages": [{"tag": t, "sku": "FL-BD-1", "batch": "B-P",
                               "qty": 10} for t in tags]})
        for t in tags:
            rcv.call("intake.scan", {"manifest": num, "tag": t, "qty": 1})
            lines[(num, t)] = 1
    seen, before, n = [], None, 0
    while True:
        a = {"limit": 4}
        if before is not None:
            a["before"] = before
        r = rcv.call("intake.discrepancies", a)
        n += 1
        check(r["truncated"] == ("next" in r), "truncated means a next")
        mans = {}
        for x in r["discrepancies"]:
            mans.setdefault(x["manifest"], []).append(x["tag"])
            seen.append((x["manifest"], x["tag"]))
        check(all(len(v) == 3 for v in mans.values()),
              "a manifest is never split: %r" % mans)
        if "next" not in r:
            break
        before = r["next"]
    check(n >= 3, "limit 4 gives pages: %d" % n)
    check(sorted(seen) == sorted(lines), "every discrepancy once")
    check(len(rcv.call("intake.discrepancies")["discrepancies"]) == 15,
          "one default page has them all")
    rcv.expect_error("bad-request", "intake.discrepancies", {"limit": 5001})
    st.stop()


run(test)
