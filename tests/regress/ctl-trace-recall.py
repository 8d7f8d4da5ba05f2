#!/usr/bin/env python3
# Trace and recall by what people call things: stashctl trace product
# takes a SKU, a name or part of one (an ambiguous or unknown one is
# refused, naming the candidates), as does the protocol's trace and
# hold.set; stashctl recall says how many packages and units it will hold
# and asks first: "n" (or no answer) recalls nothing, "y" or --yes
# recalls, and the register then refuses the stock.
import json, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def test(store):
    st = store()
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    stock = st.stock()
    og = sorted(t for t, p in stock.items() if p["sku"] == "FL-OGK-35")
    bd = sorted(t for t, p in stock.items() if p["sku"] == "FL-BD-1")
    bd_units = sum(stock[t]["qty"] for t in bd)

    def traced(*args):
        tr = json.loads(st.ctl("--json", "trace", "product", *args))
        return sorted(p["tag"] for p in tr["packages"])

    check(traced("FL-OGK-35") == og, "by SKU")
    check(traced("fl-ogk-35") == og, "by SKU, any case")
    check(traced("OG Kush 3.5g") == og, "by name")
    check(traced("og kush") == og, "by part of the name")
    st.ctl("trace", "product", "Blue Dream", check_rc=False)
    check(st.last_rc == 1 and "2 products match" in st.last_err and
          "FL-BD-1" in st.last_err and "give the SKU" in st.last_err,
          "ambiguous: " + st.last_err)
    st.ctl("trace", "product", "no such thing", check_rc=False)
    check(st.last_rc == 1 and "no product is called" in st.last_err,
          "unknown: " + st.last_err)
    out = st.ctl("trace", "product", "og kush", "--report", "--by", "T")
    check("TRACE REPORT" in out, "report by name")
    batch = stock[og[0]]["batch"]
    tr = json.loads(st.ctl("--json", "trace", "batch", batch))
    check(og[0] in [p["tag"] for p in tr["packages"]], "by batch")

    # The protocol's trace takes a name too.
    r = mgr.call("trace", {"scope": "product", "key": "OG Kush"})
    check(sorted(p["tag"] for p in r["packages"]) == og, "op trace: %r" % r)
    m = mgr.expect_error("bad-request", "trace",
                         {"scope": "product", "key": "Blue Dream"})
    check("give the SKU" in m, m)

    # A recall asks first and says how much it holds.
    out = st.ctl("recall", "product", "FL-BD-1", "--reason", "lab notice",
                 input="n\n", check_rc=False)
    check(st.last_rc == 1 and "holds %d packages: %d units" %
          (len(bd), bd_units) in out and "nothing was recalled" in
          st.last_err, "declined: %r %r" % (out, st.last_err))
    st.ctl("recall", "product", "FL-BD-1", "--reason", "lab notice",
           input="", check_rc=False)
    check(st.last_rc == 1, "no answer is no")
    check(mgr.call("hold.list")["holds"] == [], "nothing recalled yet")
    st.ctl("recall", "product", "FL-BD-1", check_rc=False)
    check(st.last_rc == 1 and "--reason" in st.last_err, st.last_err)
    mgr.call("item.lookup", {"code": bd[0]})

    out = st.ctl("recall", "product", "Blue Dream 3.5g", "--reason",
                 "lab notice 42", input="y\n")
    check("recalled product" in out and "FL-BD-1" in out and
          "%d units held" % bd_units in out, "recalled: " + out)
    holds = mgr.call("hold.list")["holds"]
    check(len(holds) == 1 and holds[0]["recall"] is True and
          holds[0]["scope"] == "product" and
          holds[0]["reason"] == "lab notice 42", "listed: %r" % holds)
    m = mgr.expect_error("not-sellable", "item.lookup", {"code": bd[0]})
    check("recalled" in m, "refused at the register: " + m)

    out = st.ctl("recall", "batch", batch, "--reason", "supplier", "--yes")
    check("recalled batch %s" % batch in out, out)
    st.ctl("recall", "batch", "NO-SUCH-BATCH", "--reason", "x", "--yes",
           check_rc=False)
    check(st.last_rc == 1 and "NO-SUCH-BATCH" in st.last_err, st.last_err)

    # hold.set names a product by SKU as well as by number.
    mgr.call("hold.set", {"scope": "product", "key": "FL-OGK-35",
                          "reason": "check"})
    m = mgr.expect_error("not-sellable", "item.lookup", {"code": og[-1]})
    check("hold" in m or "recalled" in m, m)
    audit = st.ctl("audit", "list", "--limit", "5")
    check("recall" in audit and "lab notice 42" in audit, audit)
    st.ctl("audit", "verify")


run(test)
