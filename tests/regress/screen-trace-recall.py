#!/usr/bin/env python3
# Trace and recall on the stock console by what people call things, in an
# 80x24 tmux pane: F7 traces a product by its name and a supplier by its
# licence, with stashd's figures; F5 recalls a product by name, first
# saying how many packages and units it will hold and asking: "n" holds
# nothing, "y" recalls it and the register refuses the stock.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def test(new_store):
    st = new_store().start()
    mgr = st.terminal("office-1", MANAGER)
    reg = st.terminal("register-2", BUDTENDER)
    stock = st.stock()
    og = sorted(t for t, p in stock.items() if p["sku"] == "FL-OGK-35")
    live = [t for t in og if stock[t]["qty"] > 0]
    units = sum(stock[t]["qty"] for t in live)
    sup = mgr.call("package.get", {"tag": og[0]})["package"]["supplier"]

    pane = Pane("tracerecall")
    wait_for, keys = pane.wait_for, pane.keys
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")
        wait_for("Staff ID")
        keys(str(MANAGER), "Enter", PINS[MANAGER], "Enter")
        wait_for("F5 Pay")
        keys("F1")
        wait_for("Stock: scan or type a package tag")

        # F7 by name: no product number needed.
        tr = mgr.call("trace", {"scope": "product", "key": "og kush"})
        keys("F7")
        out = wait_for("Trace (scope key):")
        check("product NAME or SKU" in out, "the hint says names:\n" + out)
        keys("C-u", "product og kush", "Enter")
        out = wait_for("Trace product og kush: %d package%s, received %d" % (
            len(og), "" if len(og) == 1 else "s", tr["totals"]["received"]))
        check(all(t in out for t in og[:10]), "its packages:\n" + out)

        # F7 by supplier.
        ts = mgr.call("trace", {"scope": "supplier", "key": sup})
        keys("F7")
        wait_for("Trace (scope key):")
        keys("C-u", "supplier %s" % sup, "Enter")
        wait_for("Trace supplier %s: %d package" % (sup, len(ts["packages"])))

        # F5 by name: asks first, with what it will hold; "n" holds nothing.
        keys("F5")
        wait_for("Recall (scope key):")
        keys("C-u", "product og kush", "Enter")
        wait_for("Reason:")
        keys("state notice 7", "Enter")
        out = wait_for("Recall? Every register stops selling it (y/n):")
        want = "Recall FL-OGK-35 OG Kush 3.5g: holds %d package%s, %d unit" % (
            len(live), "" if len(live) == 1 else "s", units)
        check(want in out, "says what it will hold (%s):\n%s" % (want, out))
        keys("n", "Enter")
        wait_for("Not recalled")
        check(mgr.call("hold.list")["holds"] == [], "nothing held")
        reg.call("item.lookup", {"code": live[0]})

        # "y": recalled, and the register refuses it.
        keys("F5")
        wait_for("Recall (scope key):")
        keys("C-u", "product og kush", "Enter")
        wait_for("Reason:")
        keys("state notice 7", "Enter")
        wait_for("(y/n):")
        keys("y", "Enter")
        wait_for("recalled: done")
        h = mgr.call("hold.list")["holds"]
        check(len(h) == 1 and h[0]["scope"] == "product" and h[0]["recall"]
              and h[0]["reason"] == "state notice 7", "recalled: %r" % h)
        reg.expect_error("not-sellable", "sale.commit", {"ref": "tr:1",
                         "lines": [{"tag": live[0], "qty": 1}],
                         "tender": {"cash": 10**6}})
    finally:
        pane.kill()
    st.stop()


run(test)
