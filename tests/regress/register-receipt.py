#!/usr/bin/env python3
# What the rule file asks of a receipt, in the sale stashd sends: in the
# Colorado demo store ("receipt thc medical,caregiver") a medical sale
# says to print THC and each line carries its THC content; an adult-use
# sale does not ask for it. The same from sale.get, the reprint's source.
# (tests/unit/test-receipt.c checks the printing of what this asks.)
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

A = "1A4060300000000000001001"      # Blue Dream 3.5g, each
GG4 = "1A4060300000000000002001"    # Gorilla Glue #4 (bulk), by weight
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}
SRC = os.environ.get("top_srcdir", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))


def test(new_store):
    with open(os.path.join(SRC, "contrib", "rules", "US-CO")) as f:
        thc_who = [l.split()[2].split(",") for l in f
                   if l.startswith("receipt thc ")]
    check(thc_who and "medical" in thc_who[0] and "adult" not in
          thc_who[0], "the CO rules ask THC on medical receipts only: %r"
          % thc_who)
    st = new_store()
    st.start()
    t = st.terminal("register-1", BUDTENDER)
    pat = t.call("customer.create", {"type": "medical", "first": "Pat",
        "last": "Receipt", "dob": "1975-05-05", "residence": "CO",
        "id_doc": dict(IDOC, number="PR1"), "id_scanned": True,
        "card": {"number": "CO-R-1", "state": "CO",
                 "expires": "2030-01-01"}})["customer"]
    ann = t.call("customer.create", {"type": "adult", "first": "Ann",
        "last": "Receipt", "dob": "1990-01-15", "residence": "CO",
        "id_doc": dict(IDOC, number="AR1"), "id_scanned": True})["customer"]
    gg4 = t.call("item.lookup", {"code": GG4})
    lines = [{"tag": A, "qty": 2}, {"tag": GG4, "qty": 3540,
                                    "weight": "scale"}]

    def sell(ref, cust):
        return t.call("sale.commit", {"ref": ref, "customer": cust,
                                      "lines": lines,
                                      "tender": {"cash": 10**7}})["sale"]
    med = sell("m1", pat["id"])
    check(med["receipt"]["thc"] is True, "medical: THC asked: %r"
          % med.get("receipt"))
    check(all(l.get("thc_mg", 0) > 0 for l in med["lines"]),
          "each line has its THC: %r" % med["lines"])
    adult = sell("a1", ann["id"])
    check(adult["receipt"]["thc"] is False, "adult: no THC asked: %r"
          % adult.get("receipt"))
    walkin = t.call("sale.quote", {"lines": lines})["quote"]
    check(walkin["receipt"]["thc"] is False, "walk-in: no THC asked")

    # The THC content follows the product and the quantity.
    one = t.call("sale.quote", {"lines": [{"tag": A, "qty": 1}],
                                "customer": pat["id"]})["quote"]
    check(med["lines"][0]["thc_mg"] == 2 * one["lines"][0]["thc_mg"],
          "twice the units, twice the THC: %r / %r" % (med["lines"][0],
                                                      one["lines"][0]))
    prod = gg4["product"]
    check(prod["thc"] > 0 and med["lines"][1]["thc_mg"] ==
          3540 * prod["thc"] // 1000, "3.540 g at %d per mille: %r" %
          (prod["thc"], med["lines"][1]))
    g = t.call("sale.get", {"id": med["id"]})["sale"]
    check(g["receipt"] == med["receipt"] and [l["thc_mg"] for l in
          g["lines"]] == [l["thc_mg"] for l in med["lines"]],
          "a reprint has the same: %r" % g)
    st.stop()


run(test)
