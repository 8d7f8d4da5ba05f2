#!/usr/bin/env python3
# Cash that ties out. Cash needs a drawer open on the register: a cash
# sale or a cash refund on a register with none is refused, saying what to
# do; a card-only register (stashctl terminal set --card-only yes) takes
# no cash and opens no drawer. Every cash movement names its drawer: the
# sale, the return, and a void, which gives the cash back out of the
# sale's drawer only while that is open. The Z report ties the day's cash
# to the drawers closed that day, or shows the difference and the sales
# that are in none of them.
import sys, os, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

A = "1A4060300000000000001001"      # Blue Dream 3.5g, 35.00 + 15% = 40.25
OG = "1A4060300000000000003001"     # OG Kush 3.5g, 40.00 + 15% = 46.00
APPROVE = {"staff": MANAGER, "pin": PINS[MANAGER]}


def test(new_store):
    st = new_store().start()
    reg = st.terminal("register-1", BUDTENDER, drawer=False)

    def sale(t, ref, tag, tender):
        return t.call("sale.commit", {"ref": ref, "lines": [{"tag": tag,
                      "qty": 1}], "tender": tender})["sale"]

    def sale_args(ref, tender):
        return {"ref": ref, "lines": [{"tag": A, "qty": 1}],
                "tender": tender}

    # No drawer: cash is refused, with what to do; card goes through.
    m = reg.expect_error("tender", "sale.commit",
                         sale_args("c0", {"cash": 5000}))
    check("open a drawer on this register first, or take card" in m, m)
    m = reg.expect_error("tender", "sale.commit", sale_args("c0s", {
        "cash": 25, "card": {"amount": 4000, "ref": "AUTH-0"}}))
    check("open a drawer" in m, "split tender's cash too: " + m)
    card = sale(reg, "c1", OG, {"card": {"amount": 4600, "ref": "AUTH-1"}})
    check("drawer" not in card, "a card sale with no drawer: %r" % card)
    ret = {"sale": card["id"], "lines": [{"tag": OG, "qty": 1}],
           "reason": "test", "approver": APPROVE, "refund": "cash"}
    m = reg.expect_error("tender", "sale.return", ret)
    check("open a drawer on this register first, or refund to the card"
          in m, m)

    # A drawer: the sale, the refund and the void name it.
    d = reg.call("drawer.open", {"float": 10000})["drawer"]
    s1 = sale(reg, "c2", A, {"cash": 5000})             # 40.25 kept
    check(s1["drawer"] == d["id"], "the sale names its drawer: %r" % s1)
    s2 = sale(reg, "c3", A, {"cash": 4025})             # voided
    v = reg.call("sale.void", {"id": s2["id"], "reason": "wrong item",
                               "approver": APPROVE})["sale"]
    check(v["drawer"] == d["id"], "void: %r" % v)
    r = reg.call("sale.return", ret)["return"]          # 46.00 back
    check(r["drawer"] == d["id"] and r["method"] == "cash",
          "the refund names its drawer: %r" % r)
    x = reg.call("drawer.report")["drawer"]
    check(x["cash_in"] == 8050 and x["void_cash"] == 4025 and
          x["cash"] == 4025 and x["refunds"]["cash"] == 4600 and
          x["expected"] == 9425, "X report: %r" % x)
    check("drawer=%d" % d["id"] in st.ctl("audit", "list", "--limit", "5"),
          "audited with the drawer")

    # A card-only register: no drawer, no cash, card fine.
    st.enrol("register-2")
    st.ctl("terminal", "set", "register-2", "--card-only", "yes")
    check("card only" in st.ctl("terminal", "list"), "listed card only")
    reg2 = st.terminal("register-2", BUDTENDER)     # (no drawer opens)
    m = reg2.expect_error("tender", "drawer.open", {"float": 100})
    check("card-only" in m, m)
    m = reg2.expect_error("tender", "sale.commit",
                          sale_args("k1", {"cash": 5000}))
    check("card-only register" in m and "take card" in m, m)
    sale(reg2, "k2", A, {"card": {"amount": 4025, "ref": "AUTH-2"}})
    # Not while a drawer is open on it.
    st.ctl("terminal", "set", "register-1", "--card-only", "yes",
           check_rc=False)
    check(st.last_rc != 0 and "close it" in st.last_err,
          "card-only with a drawer open: %s" % st.last_err)

    # Another register's drawer left open: its sale is in no closed drawer.
    reg3 = st.terminal("register-3", BUDTENDER)
    s3 = sale(reg3, "o1", A, {"cash": 4025})
    s4 = sale(reg, "c4", A, {"cash": 4025})
    c = reg.call("drawer.close", {"counted": 13450})["drawer"]
    check(c["expected"] == 13450 and c["over_short"] == 0, "close: %r" % c)
    # Once the drawer is closed a cash sale of it is returned, not voided.
    m = reg.expect_error("conflict", "sale.void", {"id": s4["id"],
                         "reason": "late", "approver": APPROVE})
    check("closed" in m and "return" in m, m)

    aud = st.terminal("office-1", AUDITOR)
    day = time.strftime("%Y-%m-%d", time.localtime())
    z = aud.call("report.z", {"date": day})
    if z["store"]["sales"] == 0:        # the store's day is Denver's
        for delta in (-1, 1):
            alt = time.strftime("%Y-%m-%d",
                                time.localtime(time.time() + delta * 86400))
            z = aud.call("report.z", {"date": alt})
            if z["store"]["sales"]:
                day = alt
                break
    cash = z["cash"]
    check(not cash["ties_out"] and cash["difference"] == 4025 and
          cash["outside"] == 1, "Z with a drawer open: %r" % cash)
    mv = cash["moves"][0]
    check(mv["kind"] == "sale" and mv["sale"] == s3["id"] and
          mv["terminal"] == "register-3" and mv["amount"] == 4025 and
          mv["why"] == "drawer-open", "the sale outside: %r" % mv)
    check(cash["drawers"] == 4025 + 4025 - 4025 - 4600 + 4025 and
          cash["day"] == cash["drawers"] + 4025, "sums: %r" % cash)

    reg3.call("drawer.close", {"counted": 24025})
    z = aud.call("report.z", {"date": day})
    check(z["cash"]["ties_out"] and z["cash"]["difference"] == 0 and
          z["cash"]["moves"] == [] and len(z["drawers"]) == 2,
          "Z once every drawer is closed: %r" % z["cash"])
    st.stop()


run(test)
