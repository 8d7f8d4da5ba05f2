#!/usr/bin/env python3
# Taxes from the rule file: added to the price or included in it, by
# customer type, each rounded half up on the sale; sale.quote shows the
# same figures the commit then charges, and what a cart leaves of the
# customer's limits, or why it cannot be sold. The rule file is a copy of
# the shipped Colorado one with tax lines appended to its header.
import sys, os, shutil
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

SRC = os.environ.get("top_srcdir", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))
A = "1A4060300000000000001001"      # Blue Dream 3.5g, 35.00
SD7 = "1A4060300000000000004001"    # Sour Diesel 7g, 65.00
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}
TAXES = """pricing %s
tax test_adult 15%% adult "test: an adult-use sales tax"
tax test_state 2.9%% medical "test: a state sales tax on medical sales"
"""


def rules_dir(st, pricing):
    d = os.path.join(st.dir, "rules-" + pricing)
    os.makedirs(d)
    with open(os.path.join(SRC, "contrib", "rules", "US-CO")) as f:
        # The shipped taxes out, the test's in.
        text = "".join(l for l in f if not l.startswith(("tax ",
                                                         "pricing ")))
    # Before the first pool: taxes belong to the header.
    i = text.index("\npool ")
    with open(os.path.join(d, "US-CO"), "w") as f:
        f.write(text[:i] + "\n" + TAXES % pricing + text[i:])
    return d


def test(new_store):
    st = new_store()
    st.options = ["rules-dir=" + rules_dir(st, "added")]
    st.start()
    t = st.terminal("register-1", BUDTENDER)
    lines = [{"tag": A, "qty": 1}]

    # A walk-in pays adult-use tax: 35.00 + 15% = 40.25.
    q = t.call("sale.quote", {"lines": lines})["quote"]
    check(q["ok"] and q["subtotal"] == 3500 and q["tax"] == 525 and
          q["total"] == 4025, "adult quote: %r" % q)
    # A tax without a label is shown by its name, at the state level.
    check(q["taxes"] == [{"name": "test_adult", "label": "test_adult",
                          "level": "state", "rate_ppm": 150000,
                          "amount": 525}], "taxes listed: %r" % q["taxes"])
    t.expect_error("tender", "sale.commit", {"ref": "t0", "lines": lines,
                   "tender": {"cash": 3500}})
    s = t.call("sale.commit", {"ref": "t1", "lines": lines,
                "tender": {"cash": 5000}})["sale"]
    check(s["total"] == 4025 and s["change"] == 975, "charged: %r" % s)

    # A medical patient pays the state tax only: 2.9% of 35.00 = 1.015,
    # rounded half up to 1.02.
    pat = t.call("customer.create", {"type": "medical", "first": "Med",
        "last": "Tax", "dob": "1970-01-01", "id_scanned": True,
        "id_doc": dict(IDOC, number="MT1"), "residence": "CO",
        "card": {"number": "MC1", "state": "CO",
                 "expires": "2030-01-01"}})["customer"]
    s = t.call("sale.commit", {"ref": "t2", "lines": lines, "customer":
                pat["id"], "tender": {"cash": 3602}})["sale"]
    check(s["tax"] == 102 and s["total"] == 3602 and s["change"] == 0,
          "medical tax: %r" % s)

    # A quote over the limit says why and shows the pools; nothing sold.
    ann = t.call("customer.create", {"type": "adult", "first": "Ann",
        "last": "Tax", "dob": "1990-01-01", "id_scanned": True,
        "id_doc": dict(IDOC, number="AT1"), "residence": "CO"})["customer"]
    q = t.call("sale.quote", {"lines": [{"tag": SD7, "qty": 5}],
                              "customer": ann["id"]})["quote"]
    check(not q["ok"] and q["error"]["code"] == "limit", "quote refused")
    pool = next(p for p in q["limits"]["pools"]
                if p["name"] == "co_adult_day")
    check(pool["used"] == 35000 and pool["remaining"] == 0,
          "quote shows the pool after this cart: %r" % pool)
    n = len(st.sales())
    check(n == 2, "quotes sell nothing (%d sales)" % n)
    st.stop()

    # Prices that include the taxes: 35.00 holds 30.43 and 4.57 of tax
    # (30.43 x 15% = 4.5645 rounds to 4.56; the cent the rounding leaves
    # goes to the tax so that the two make 35.00).
    st.options = ["rules-dir=" + rules_dir(st, "included")]
    st.start()
    t = st.terminal("register-2", BUDTENDER)
    s = t.call("sale.commit", {"ref": "t3", "lines": lines,
                "tender": {"cash": 3500}})["sale"]
    check(s["total"] == 3500 and s["tax"] == 457 and s["tax_included"],
          "included: %r" % s)
    st.stop()


run(test)
