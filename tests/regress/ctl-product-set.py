#!/usr/bin/env python3
# stashctl product set / product import: a product's name, price, unit
# cost, reorder point, measures and active flag are edited; terminals see
# the new price at once; a price change is audited with the old price and
# who ran stashctl; bad values change nothing; an inactive product is not
# sold. product import updates existing SKUs: --dry-run prints what would
# change per SKU and writes nothing; a real import applies every row or,
# if one is wrong, none.
import json, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

HEAD = "sku,name,category,unit,price,thc\n"


def test(store):
    st = store()
    st.start()
    mgr = st.terminal("office-1", MANAGER)

    def show(sku):
        return json.loads(st.ctl("--json", "product", "show", sku))

    def lookup(sku):
        return mgr.call("item.lookup", {"code": sku})["product"]

    before = show("FL-BD-1")
    check(lookup("FL-BD-1")["price"] == 3500, "demo price")
    out = st.ctl("product", "set", "FL-BD-1", "--price", "32.50",
                 "--unit-cost", "12.00", "--name", "Blue Dream 3.5 g",
                 "--reorder", "5", "--thc-mg", "800", "--category",
                 "Flower")
    check("price=32.50 was=35.00" in out and "unit_cost=12.00" in out,
          "set output: " + out)
    p = show("FL-BD-1")
    check(p["price"] == 3250 and p["unit_cost"] == 1200 and
          p["name"] == "Blue Dream 3.5 g" and p["reorder"] == 5 and
          p["thc_ug"] == 800000 and p["category"] == "flower" and
          p["net_ug"] == before["net_ug"], "recorded: %r" % p)
    lp = lookup("FL-BD-1")
    check(lp["price"] == 3250 and lp["name"] == "Blue Dream 3.5 g",
          "a terminal sees the new price: %r" % lp)
    audit = st.ctl("audit", "list", "--limit", "2")
    check("product.price" in audit and
          "sku=FL-BD-1 price=32.50 was=35.00 by=" in audit and
          "product.set" in audit, "price change audited: " + audit)

    # Bad values are refused and change nothing.
    p = show("FL-BD-1")
    for args, want in [(["--price", "0"], "a price is from 0.01"),
                       (["--price", "abc"], "an amount in dollars"),
                       (["--active", "maybe"], "yes or no"),
                       (["--thc", "101"], "THC is from 0 to 100%"),
                       (["--route", "nasal"], 'route "nasal"'),
                       (["--name", "A\u202eB"], "U+202E"),
                       (["--reorder", "1.5"], "a number of units"),
                       ([], "give what to change")]:
        st.ctl("product", "set", "FL-BD-1", *args, check_rc=False)
        check(st.last_rc == 1 and want in st.last_err,
              "product set %r: %r" % (args, st.last_err))
    st.ctl("product", "set", "NO-SUCH", "--price", "1", check_rc=False)
    check(st.last_rc == 1 and "no product with SKU NO-SUCH" in
          st.last_err, "unknown SKU: " + st.last_err)
    check(show("FL-BD-1") == p, "refusals changed nothing")
    check("nothing to change" in st.ctl("product", "set", "FL-BD-1",
                                        "--price", "32.50"), "no change")

    # An inactive product is not sold.
    tag = [t for t, v in st.stock().items() if v["sku"] == "FL-BD-1"][0]
    mgr.call("item.lookup", {"code": tag})
    st.ctl("product", "set", "FL-BD-1", "--active", "no")
    m = mgr.expect_error("not-sellable", "item.lookup", {"code": tag})
    check("no longer sold" in m, "inactive refused: " + m)
    check("no longer sold" in st.ctl("package", "show", tag), "show")
    st.ctl("product", "set", "FL-BD-1", "--active", "yes")
    mgr.call("item.lookup", {"code": tag})

    # Import: a preview, then all or nothing.
    og = show("FL-OGK-35")
    csv = HEAD + ("FL-BD-1,Blue Dream 3.5 g,flower,each,30.00,22\n"
                  "FL-OGK-35,OG Kush 3.5g,flower,each,40.00,24\n"
                  "FL-NEW-1,New Strain 1g,flower,each,12.00,18.5\n")
    out = st.ctl("product", "import", "--dry-run", "-", input=csv)
    check("update FL-BD-1: price=30.00 was=32.50" in out and
          "new FL-NEW-1" in out and "FL-OGK-35" not in out and
          "1 new, 1 to update, 1 unchanged; nothing was imported" in out,
          "dry run: " + out)
    check(show("FL-BD-1")["price"] == 3250, "a dry run wrote nothing")
    st.ctl("product", "show", "FL-NEW-1", check_rc=False)
    check(st.last_rc == 1, "a dry run created a product")

    bad = csv + "FL-GG4-BULK,Gorilla Glue #4 (bulk),flower,each,10.00,25\n"
    st.ctl("product", "import", "-", input=bad, check_rc=False)
    check(st.last_rc == 1 and "stdin:5: SKU FL-GG4-BULK is sold by weight"
          in st.last_err and "nothing was imported" in st.last_err,
          "unit change refused: " + st.last_err)
    check(show("FL-BD-1")["price"] == 3250, "nothing of a bad file applied")

    out = st.ctl("product", "import", "-", input=csv)
    check("1 new, 1 updated, 1 unchanged" in out, "import: " + out)
    p = show("FL-BD-1")
    check(p["price"] == 3000 and p["unit_cost"] == 1200 and
          p["reorder"] == 5, "updated, the rest kept: %r" % p)
    check(show("FL-OGK-35") == og, "an unchanged row is unchanged")
    check(show("FL-NEW-1")["price"] == 1200, "new one created")
    audit = st.ctl("audit", "list", "--limit", "3")
    check("sku=FL-BD-1 price=30.00 was=32.50 by=" in audit,
          "import price change audited: " + audit)
    st.ctl("audit", "verify")


run(test)
