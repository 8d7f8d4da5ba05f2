#!/usr/bin/env python3
# hold.preview: what a hold or recall of a package, batch, product (by
# number, SKU or name) or supplier would cover now, before it is put on:
# the packages with stock and their units (and mg for stock sold by
# weight), the key as stashd keeps it; nothing is written. An unknown
# product or a bad scope is refused.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def test(store):
    st = store()
    st.start()
    bud = st.terminal("register-1", BUDTENDER)
    stock = st.stock()
    og = [t for t, p in stock.items() if p["sku"] == "FL-OGK-35" and
          p["qty"] > 0]
    units = sum(stock[t]["qty"] for t in og)
    pid = bud.call("package.get", {"tag": og[0]})["package"]["product"]["id"]

    for key in ("og kush", "FL-OGK-35", str(pid)):
        r = bud.call("hold.preview", {"scope": "product", "key": key})
        check(r["packages"] == len(og) and r["units"] == units and
              r["mg"] == 0 and r["key"] == str(pid) and
              r["product"]["sku"] == "FL-OGK-35", "%s: %r" % (key, r))

    batch = stock[og[0]]["batch"]
    inb = [t for t, p in stock.items() if p["batch"] == batch and
           p["qty"] > 0]
    r = bud.call("hold.preview", {"scope": "batch", "key": batch})
    check(r["packages"] == len(inb) and "product" not in r and
          r["units"] + r["mg"] > 0, "batch: %r" % r)
    tr = bud.call("trace", {"scope": "batch", "key": batch})
    check(r["units"] + r["mg"] == tr["totals"]["on_hand"],
          "the trace agrees: %r %r" % (r, tr["totals"]))
    r = bud.call("hold.preview", {"scope": "package",
                                  "key": og[0].lower()})
    check(r["packages"] == 1 and r["key"] == og[0] and
          r["units"] == stock[og[0]]["qty"], "package: %r" % r)
    sup = bud.call("package.get", {"tag": og[0]})["package"]["supplier"]
    r = bud.call("hold.preview", {"scope": "supplier", "key": sup})
    check(r["packages"] >= len(og), "supplier: %r" % r)

    bud.expect_error("not-found", "hold.preview", {"scope": "product",
                     "key": "no such thing"})
    bud.expect_error("bad-request", "hold.preview", {"scope": "shelf",
                     "key": "x"})
    check(bud.call("hold.list")["holds"] == [], "nothing held")
    st.stop()


run(test)
