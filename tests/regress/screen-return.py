#!/usr/bin/env python3
# A return at the register, in an 80x24 tmux pane against a real stashd on
# the demo ledger: a budtender sells Blue Dream and OG Kush, and another
# Blue Dream that a manager voids. From F6 Sales, the void sale's detail
# refuses F8 Return; the first sale's return screen lists both lines,
# refuses more than was sold without sending anything, then returns one
# Blue Dream with a reason and the manager's approval (a wrong PIN first:
# stashd's refusal is shown and the PIN asked again). The screen shows the
# refund stashd worked out; stashd has the line's returned quantity, the
# package in quarantine and the cash refund in the Z report. Then a sale a
# card paid, with a weighed line: 1.5 g go back to the card (the card
# terminal's reference is required); and a manager logged in returns an
# OG Kush of their own sale without typing an approval.
import sys, os, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))
BD = "1A4060300000000000001001"     # Blue Dream 3.5g
OG = "1A4060300000000000003001"     # OG Kush 3.5g


def money(c):
    return "%s%d.%02d" % ("-" if c < 0 else "", abs(c) // 100, abs(c) % 100)


def test(new_store):
    st = new_store().start()
    pane = Pane("return")


    wait_for = pane.wait_for

    keys = pane.keys

    names = {BD: "Blue Dream", OG: "OG Kush"}

    def sell(*tags):
        wait_for("Tag or SKU:")
        for i, t in enumerate(tags):
            keys(t, "Enter")
            # In the cart as row i + 1 before the next key.
            wait_until("%s in the cart" % names[t], lambda: any(
                l.startswith("%3d" % (i + 1)) and names[t] in l
                for l in pane.text().splitlines()), 30)
        keys("Enter")
        wait_for("Cash tendered")
        keys("Enter")
        wait_for("COMPLETE")
        keys("Enter")
        wait_for("Tag or SKU:")

    def returns():
        return st.ctl("audit", "list", "--limit", "50").count("sale.return")

    mgr = st.terminal("office-1", MANAGER)
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")  # connected
        pane.open_drawer(st, "register-1")  # cash needs one
        wait_for("Staff ID")
        keys("3", "Enter", "3000", "Enter")
        wait_for("F8 Customer")

        sell(BD, OG)
        sell(BD)
        sales = sorted((s for s in st.sales()
                        if s.get("terminal") == "register-1"),
                       key=lambda s: s["id"])
        check(len(sales) == 2, "two sales: %r" % sales)
        sid, vid = sales[0]["id"], sales[1]["id"]
        mgr.call("sale.void", {"id": vid, "reason": "test",
                               "approver": {"staff": MANAGER,
                                            "pin": PINS[MANAGER]}})
        sale = mgr.call("sale.get", {"id": sid})["sale"]
        check([l["tag"] for l in sale["lines"]] == [BD, OG],
              "the sale's lines: %r" % sale["lines"])
        audits = returns()

        # The void sale (newest, on top): F8 is refused.
        keys("F6")
        wait_for("Sales at register-1")
        wait_for("void")
        keys("Enter")
        wait_for("Sale #%d" % vid)
        out = wait_for("F8 Return")
        keys("F8")
        out = wait_for("is void")
        check("Sale #%d is void" % vid in out and "Return from" not in out,
              "a void sale refused:\n" + out)

        # The complete sale: its return screen lists both lines.
        keys("Escape")
        wait_for("Sales at register-1")
        keys("Down", "Enter")
        wait_for("Sale #%d" % sid)
        keys("F8")
        wait_for("Return from sale #%d" % sid)
        out = wait_for("Sold  Returned  Return")
        bd = [l for l in out.splitlines() if BD in l]
        og = [l for l in out.splitlines() if OG in l]
        check(len(bd) == 1 and "Blue Dream" in bd[0] and
              bd[0].split()[-2:] == ["1", "0"], "the Blue Dream line:\n" +
              out)
        check(len(og) == 1 and "OG Kush" in og[0] and
              og[0].split()[-2:] == ["1", "0"], "the OG Kush line:\n" + out)
        check("Manager ID:" in out and "Reason:" in out, "asks:\n" + out)

        # More than was sold: refused on the screen, nothing sent.
        keys("2", "Enter")
        out = wait_for("at most 1 can come back")
        check("Blue Dream" in out, "names the line:\n" + out)
        keys("Tab")
        # A negative check: Tab after the refusal sends nothing; the pause
        # gives a wrong send the time to show (no screen change to wait
        # for when nothing happens).
        time.sleep(0.3)
        out = wait_for("at most 1 can come back")
        check(returns() == audits and
              "returned" not in mgr.call("sale.get", {"id": sid})["sale"]
              ["lines"][0], "nothing sent")

        # One Blue Dream back: the reason, a wrong PIN, then the right one.
        keys("BSpace", "1", "Enter")
        keys("wrong strain", "Enter")
        keys("2", "Enter", "9999", "Enter")
        out = wait_for("Approval refused: wrong PIN")
        check("Manager PIN:" in out and "Returning goods" not in out,
              "stashd's refusal shown, the PIN asked again:\n" + out)
        check("9999" not in out, "the PIN is not shown:\n" + out)
        check(returns() == audits, "a wrong PIN returns nothing")
        keys("2000", "Enter")
        out = wait_for("give it from this drawer")

        sale = mgr.call("sale.get", {"id": sid})["sale"]
        line = sale["lines"][0]
        check(line["tag"] == BD and line.get("returned") == 1 and
              "returned" not in sale["lines"][1],
              "stashd has one Blue Dream back: %r" % sale["lines"])
        refund = sale.get("refunded", 0)
        check(refund > 0 and refund < sale["total"], "refunded: %r" % sale)
        back = [l for l in out.splitlines() if "Blue Dream" in l]
        check("Refund %s in cash" % money(refund) in out and
              "quarantine" in out and len(back) == 1 and
              back[0].split()[-4:-1] == ["1", "back", money(refund)],
              "the refund on screen (%s):\n%s" % (money(refund), out))
        check(returns() == audits + 1, "one return audited")
        pkg = mgr.call("package.get", {"tag": BD})["package"]
        check(pkg["status"] == "quarantine" and
              pkg["location"] == "quarantine", "quarantined: %r" % pkg)
        z = None
        for delta in (0, -1, 1):
            day = time.strftime("%Y-%m-%d", time.localtime(time.time() +
                                                            delta * 86400))
            z = mgr.call("report.z", {"date": day})
            if z["store"]["sales"]:
                break
        check(z["store"]["refunds_cash"] == refund and
              z["registers"]["register-1"]["refunds_cash"] == refund,
              "the Z report's cash refund: %r" % z["store"])

        # Back to the sale: the return screen shows what is back.
        keys("Enter")
        wait_for("Sale #%d" % sid)
        keys("F8")
        wait_for("Return from sale #%d" % sid)
        out = wait_for("Sold  Returned  Return")
        bd = [l for l in out.splitlines() if BD in l]
        check(len(bd) == 1 and bd[0].split()[-4:] == ["1", "1", "all",
                                                      "back"],
              "Blue Dream all back:\n" + out)
        keys("Escape")
        wait_for("Return cancelled")

        # A sale paid by card with a weighed line, made at register-1 by
        # the protocol: the screen asks cash or card; 1.5 g go back to the
        # card with the card terminal's reference.
        with open(pane.cred) as f:
            st.creds["register-1"] = f.read().strip()
        reg = st.terminal("register-1", MANAGER)
        gg = mgr.call("item.lookup", {"code": "FL-GG4-BULK"})["tag"]
        q = reg.call("sale.quote", {"lines": [{"tag": gg, "qty": 2500}]})
        card = reg.call("sale.commit", {
            "ref": "card-1", "lines": [{"tag": gg, "qty": 2500,
                                        "weight": "typed"}],
            "tender": {"card": {"amount": q["quote"]["total"],
                                "ref": "AUTH-9"}}})["sale"]
        reg.close()
        keys("Escape")
        out = wait_for("Sales at register-1")
        keys("F5")
        wait_for(" %d " % card["id"])
        keys("Home", "Enter")
        wait_for("Sale #%d" % card["id"])
        keys("F8")
        out = wait_for("(card %s)" % money(q["quote"]["total"]))
        row = [l for l in out.splitlines() if gg in l]
        check(len(row) == 1 and row[0].split()[-4:] == ["2.500", "g",
                                                       "0.000", "g"],
              "a weighed line in grams:\n" + out)
        check("( ) to the card" in out, "asks cash or card:\n" + out)
        keys("1.5", "Enter", "scale was off", "Enter", "Space", "Enter")
        out = wait_for("Card ref:")
        check("(*) to the card" in out, "card chosen:\n" + out)
        keys("Enter")
        out = wait_for("Manager ID:")
        keys("Tab", "Enter")
        out = wait_for("Type the card terminal's reference")
        keys("AUTH-9-R", "Enter", "2", "Enter", "2000", "Enter")
        out = wait_for("to the card (reference AUTH-9-R)")
        sale = mgr.call("sale.get", {"id": card["id"]})["sale"]
        check(sale["lines"][0].get("returned") == 1500,
              "1.5 g back: %r" % sale["lines"])
        check("Refund %s to the card" % money(sale["refunded"]) in out and
              "1.500 g back" in out, "the card refund on screen:\n" + out)
        z2 = mgr.call("report.z", {"date": day})
        check(z2["store"]["refunds_card"] == sale["refunded"] and
              z2["store"]["refunds_cash"] == refund,
              "a card refund leaves the cash alone: %r" % z2["store"])

        # A manager logged in approves their own return: no ID or PIN.
        keys("Enter")
        wait_for("Sale #%d" % card["id"])
        keys("F10")
        wait_for("Stash Demo Dispensary |")  # connected
        wait_for("Staff ID")
        keys("2", "Enter", "2000", "Enter")
        wait_for("F8 Customer")
        sell(OG)
        mid = max(x["id"] for x in st.sales())
        keys("F6")
        wait_for(" %d " % mid)
        keys("Enter")
        wait_for("Sale #%d" % mid)
        keys("F8")
        out = wait_for("Sold  Returned  Return")
        check("Approved by" in out and "Manager ID:" not in out,
              "no approval asked of a manager:\n" + out)
        keys("1", "Enter", "damaged box", "Enter")
        out = wait_for("give it from this drawer")
        sale = mgr.call("sale.get", {"id": mid})["sale"]
        check(sale["lines"][0].get("returned") == 1,
              "OG Kush back: %r" % sale["lines"])
        check("Return #3 from sale #%d" % mid in out, "the return:\n" + out)
        check("OG Kush" in out, "the OG Kush refund:\n" + out)
    finally:
        pane.kill()
    st.stop()


run(test)
