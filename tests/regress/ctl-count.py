#!/usr/bin/env python3
# Stock counts from stashctl: count start needs a scope (location,
# category or --all) and is blind unless --open; count record takes units,
# or grams for a weighed product; count report hides what is expected
# until the count is finished, then shows each variance (the same report
# the protocol's count.report gives); count finish --adjust turns each
# variance into an adjustment that a terminal sees; every step is audited.
import json, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def test(store):
    st = store()
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    stock = st.stock()
    floor_flower = sorted(t for t, p in stock.items()
                          if p["sku"].startswith("FL-"))
    each = [t for t in floor_flower if stock[t]["unit"] == "each"][0]
    bulk = [t for t in floor_flower if stock[t]["unit"] == "weight"][0]

    def qty(tag):
        return mgr.call("package.get", {"tag": tag})["package"]["qty"]
    q_each, q_bulk = qty(each), qty(bulk)

    st.ctl("count", "start", check_rc=False)
    check(st.last_rc == 1 and "--location, --category" in st.last_err,
          "a scope is needed: " + st.last_err)
    st.ctl("count", "start", "--location", "attic", check_rc=False)
    check(st.last_rc == 1 and "attic" in st.last_err, st.last_err)

    c = json.loads(st.ctl("--json", "count", "start", "--location",
                          "floor", "--category", "Flower"))
    cid = str(c["count"])
    check(c["blind"] is True and c["packages"] >= 2, "started: %r" % c)

    # Blind: nothing expected shown while open.
    rep = json.loads(st.ctl("--json", "count", "report", cid))
    check(all("expected" not in l for l in rep["lines"]) and
          "variances" not in rep, "blind report: %r" % rep)

    st.ctl("count", "record", cid, each, str(q_each - 2))
    grams = "%d.%03d" % divmod(q_bulk + 500, 1000)
    out = st.ctl("count", "record", cid, bulk.lower(), grams)
    check("counted %s g" % grams in out, "grams: " + out)
    for args, want in [([cid, each, "1.5"], "whole number"),
                       ([cid, bulk, "lots"], "give grams"),
                       (["999", each, "1"], "999"),
                       ([cid, "F" * 24, "1"], "no package with tag"),
                       (["x", each, "1"], "not a count number")]:
        st.ctl("count", "record", *args, check_rc=False)
        check(st.last_rc == 1 and want in st.last_err,
              "record %r: %r" % (args, st.last_err))
    out = st.ctl("count", "report", cid)
    check("2 of" in out and "blind" in out and
          str(q_each - 2) in out, "open report: " + out)
    check(qty(each) == q_each, "nothing adjusted before finish")

    # The protocol's report of the same count is the same report.
    check(mgr.call("count.report", {"count": int(cid)}) ==
          json.loads(st.ctl("--json", "count", "report", cid)),
          "ctl and protocol reports differ")

    out = st.ctl("count", "finish", cid, "--adjust")
    check("2 adjustments" in out, "finish: " + out)
    check(qty(each) == q_each - 2 and qty(bulk) == q_bulk + 500,
          "adjusted: %d %d" % (qty(each), qty(bulk)))
    rep = json.loads(st.ctl("--json", "count", "report", cid))
    var = {l["tag"]: l.get("variance") for l in rep["lines"]}
    check(var[each] == -2 and var[bulk] == 500 and rep["variances"] == 2
          and rep["adjusted"] is True, "variances: %r" % rep)
    out = st.ctl("count", "report", cid)
    check("-2" in out and "+0.500 g" in out, "variance text: " + out)
    st.ctl("count", "finish", cid, check_rc=False)
    check(st.last_rc == 1, "finished twice")

    # Without --adjust the stock is left alone.
    c2 = json.loads(st.ctl("--json", "count", "start", "--location",
                           "floor", "--category", "flower", "--open"))
    check(c2["blind"] is False, "open count")
    rep = json.loads(st.ctl("--json", "count", "report", str(c2["count"])))
    check(all("expected" in l for l in rep["lines"]), "open shows expected")
    st.ctl("count", "record", str(c2["count"]), each, "0")
    out = st.ctl("count", "finish", str(c2["count"]))
    check("stock left as it was" in out, out)
    check(qty(each) == q_each - 2, "no adjustment without --adjust")

    audit = st.ctl("audit", "list", "--limit", "20")
    for a in ("count.start", "count.record", "count.finish"):
        check(a in audit, "%s audited: %s" % (a, audit))
    st.ctl("audit", "verify")


run(test)
