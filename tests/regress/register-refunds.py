#!/usr/bin/env python3
# How a refund goes back, and the cash drawer: a return says "cash" (from
# the drawer of the register making it) or "card" (with the card
# terminal's reference, at most what the card paid). A cash refund lowers
# the drawer's expected cash and shows in the X and Z reports; a card
# refund shows apart and leaves the drawer alone. A sale paid by card must
# say which; one paid all in cash goes back in cash by default.
import sys, os, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

A = "1A4060300000000000001001"      # Blue Dream 3.5g, 35.00
OG = "1A4060300000000000003001"     # OG Kush 3.5g, 40.00
APPROVE = {"staff": MANAGER, "pin": PINS[MANAGER]}


def test(new_store):
    st = new_store()
    st.start()
    reg = st.terminal("register-1", BUDTENDER, drawer=False)
    d = reg.call("drawer.open", {"float": 10000})["drawer"]
    check(d["refunds"] == {"count": 0, "cash": 0, "card": 0},
          "a new drawer: %r" % d)

    def sell(ref, lines, tender):
        return reg.call("sale.commit", {"ref": ref, "lines": lines,
                                        "tender": tender})["sale"]
    cash = sell("r1", [{"tag": A, "qty": 2}], {"cash": 10**5})
    q = reg.call("sale.quote", {"lines": [{"tag": OG, "qty": 2}]})["quote"]
    card = sell("r2", [{"tag": OG, "qty": 2}],
                {"card": {"amount": q["total"], "ref": "AUTH-1"}})
    x0 = reg.call("drawer.report")["drawer"]
    check(x0["expected"] == 10000 + cash["total"], "expected before: %r"
          % x0)

    def ret(sale, tag, **kw):
        args = {"sale": sale["id"], "lines": [{"tag": tag, "qty": 1}],
                "reason": "test", "approver": APPROVE}
        args.update(kw)
        return args

    # A cash refund of a cash sale (the default): out of the drawer.
    r = reg.call("sale.return", ret(cash, A))["return"]
    check(r["method"] == "cash" and r["refund"] > 0, "cash: %r" % r)
    x1 = reg.call("drawer.report")["drawer"]
    check(x1["expected"] == x0["expected"] - r["refund"],
          "a cash refund lowers the expected cash: %r" % x1)
    check(x1["refunds"] == {"count": 1, "cash": r["refund"], "card": 0},
          "X shows the cash refund: %r" % x1["refunds"])

    # The card sale: say how; a card refund needs the reference.
    m = reg.expect_error("bad-request", "sale.return", ret(card, OG))
    check("card" in m, "say how: %s" % m)
    reg.expect_error("tender", "sale.return", ret(card, OG,
                     refund="card"))
    reg.expect_error("bad-request", "sale.return", ret(card, OG,
                     refund="cheque"))
    # A card refund is no more than the card paid.
    reg.expect_error("tender", "sale.return", ret(cash, A, refund="card",
                     card_ref="X"))
    rc = reg.call("sale.return", ret(card, OG, refund="card",
                                     card_ref="AUTH-1-R"))["return"]
    check(rc["method"] == "card" and rc["card_ref"] == "AUTH-1-R", "card: "
          "%r" % rc)
    x2 = reg.call("drawer.report")["drawer"]
    check(x2["expected"] == x1["expected"], "a card refund leaves the "
          "drawer alone: %r" % x2)
    check(x2["refunds"] == {"count": 2, "cash": r["refund"],
                            "card": rc["refund"]}, "X: %r" % x2["refunds"])
    out = st.ctl("audit", "list", "--limit", "5")
    check("method=card card_ref=AUTH-1-R" in out and "method=cash" in out,
          "refund methods audited: %s" % out)

    # Another register's cash refund is not this drawer's.
    reg2 = st.terminal("register-2", MANAGER)
    r2 = reg2.call("sale.return", ret(card, OG, refund="cash"))["return"]
    x3 = reg.call("drawer.report")["drawer"]
    check(x3["expected"] == x2["expected"], "register-2's refund: %r" % x3)

    c = reg.call("drawer.close", {"counted": x3["expected"]})["drawer"]
    check(c["expected"] == x3["expected"] and c["over_short"] == 0,
          "closed even: %r" % c)
    x = reg.call("drawer.report", {"drawer": d["id"]})["drawer"]
    check(x["expected"] == c["expected"] and x["refunds"]["cash"] ==
          r["refund"], "the closed drawer's X: %r" % x)

    aud = st.terminal("office-1", AUDITOR)
    z = None
    for delta in (0, -1, 1):
        day = time.strftime("%Y-%m-%d", time.localtime(time.time() +
                                                        delta * 86400))
        z = aud.call("report.z", {"date": day})
        if z["store"]["sales"]:
            break
    check(z["store"]["refunds"] == 3 and z["store"]["refunds_cash"] ==
          r["refund"] + r2["refund"] and z["store"]["refunds_card"] ==
          rc["refund"], "Z store refunds: %r" % z["store"])
    r1z, r2z = z["registers"]["register-1"], z["registers"]["register-2"]
    check(r1z["refunds_cash"] == r["refund"] and r1z["refunds_card"] ==
          rc["refund"] and r2z["refunds_cash"] == r2["refund"] and
          r2z["sales"] == 0, "Z per register: %r" % z["registers"])
    check(z["drawers"][0]["refunds"]["cash"] == r["refund"],
          "Z drawer: %r" % z["drawers"])
    st.stop()


run(test)
