#!/usr/bin/env python3
# A store's first day, on the real stash in 80x24 tmux panes against a real
# stashd reporting to stash-metrc-sim (one incoming transfer seeded). The
# budtender opens the register's drawer (F12, F2). The receiver opens the
# transfer's manifest at the intake station, scans and weighs its two
# packages and closes it: both are held with no lab result until stashd
# has the state's results, which make them sellable (the stock console
# says so). Three customers buy in turn, each attached by their ID: the
# panel counts the cart against their own limits as it is scanned, and
# after each sale the register is back to a walk-in. A manager voids the
# second sale (the void screen says the cash to give back) and takes a
# return from the third; counts the floor (one package short, adjusted);
# the budtender closes the drawer blind (nothing expected shown until the
# count is in) and it is even; the manager's Z report ties out.
import os
import re
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

MANIFEST = "0000123456"
SD7 = "1A4060300000000000004001"    # Sour Diesel 7g, 12 on hand
T = 90                               # seconds: generous, under load


def money(c):
    return "%s%d.%02d" % ("-" if c < 0 else "", abs(c) // 100, abs(c) % 100)


def test(new_store):
    st = new_store()
    sim = Sim(os.path.join(st.dir, "sim.json"))
    try:
        day(st, sim)
    finally:
        sim.stop()


def day(st, sim):
    report_to(st, sim, "metrc-reconcile=0", "metrc-transfers=1")
    st.start()
    mgr = st.terminal("office-1", MANAGER, drawer=False)
    people = []
    for first, last, idn in (("Ann", "Abbott", "CO-DAY-1"),
                             ("Ben", "Baker", "CO-DAY-2"),
                             ("Cy", "Cole", "CO-DAY-3")):
        c = mgr.call("customer.create", {
            "type": "adult", "first": first, "last": last,
            "dob": "1990-02-03", "residence": "CO", "id_scanned": True,
            "id_doc": {"type": "dl", "state": "CO", "number": idn,
                       "expires": "2031-01-01"}})["customer"]
        people.append((c, idn))

    reg = Pane("dayreg", timeout=T)
    rcv = Pane("dayrcv", timeout=T)
    wait_for, keys = reg.wait_for, reg.keys

    def login(pane, staff):
        pane.wait_for("Stash Demo Dispensary |")  # connected
        pane.wait_for("Staff ID")
        pane.keys(str(staff), "Enter", PINS[staff], "Enter")

    def logout():
        keys("Escape", "F10")
        wait_for("Logged out")

    try:
        # Morning: the budtender opens the drawer with a 200.00 float.
        reg.start(st, "register-1", code=st.demo["terminal"]["code"])
        login(reg, 3)
        wait_for("F8 Customer")
        keys("F12")
        wait_for("No drawer is open on this register")
        keys("F2")
        wait_for("Counted float:")
        keys("200.00", "Enter")
        out = wait_for("Drawer open with a float of 200.00")
        check("Expected" not in out, "blind on opening:\n" + out)
        keys("Escape")
        wait_for("Tag or SKU:")

        # The transfer arrives: received at the intake station.
        rcv.start(st, "intake-1", "--intake")
        login(rcv, RECEIVER)
        rcv.wait_for(MANIFEST)
        rcv.keys("Enter")
        rcv.wait_for("Scan each package tag")
        lines = mgr.call("intake.get", {"manifest": MANIFEST})["manifest"][
            "lines"]
        check(len(lines) == 2, "the transfer's two packages: %r" % lines)
        for l in lines:
            rcv.wait_for(l["tag"])
            rcv.keys(l["tag"], "Enter")
            if l["shipped"] == 20:
                rcv.wait_for("units (shipped 20)")
                rcv.keys("20", "Enter")
            else:
                rcv.wait_for("grams (shipped 453.592 g)")
                # (fewer than six keys: not taken for a scan)
                rcv.keys("453.6", "Enter")
            try:
                wait_until("line %s accepted on screen" % l["tag"],
                           lambda: [r for r in rcv.text().splitlines()
                                    if r.startswith(l["tag"]) and
                                    "accepted" in r], T)
            except Failure:
                raise Failure("line %s not accepted:\n%s" % (
                    l["tag"], rcv.text()))
        got = mgr.call("intake.get", {"manifest": MANIFEST})["manifest"]
        check(all(l["state"] == "accepted" for l in got["lines"]),
              "both accepted: %r" % got["lines"])
        rcv.keys("F8")
        out = rcv.wait_for("Manifest %s closed" % MANIFEST)
        check("2 on hold with no passing lab result" in out,
              "held until the lab results come:\n" + out)
        rcv.kill()

        # Their lab results come from the state: sellable.
        tags = [l["tag"] for l in lines]

        def labbed():
            ps = [mgr.call("package.get", {"tag": t})["package"]
                  for t in tags]
            return all(p["lab"]["status"] == "pass" and "hold" not in p
                       for p in ps) and ps
        ps = wait_until("the state's lab results", labbed, T)
        check(all(p["lab"]["lab"] == "Front Range Testing Labs"
                  for p in ps), "the state's lab: %r" % ps)

        # Three customers in turn, each on their own profile.
        sales = []
        for c, idn in people:
            keys("F8")
            wait_for("Customer:")
            keys(idn, "Enter")
            wait_for("Customer: %s %s" % (c["first"], c["last"]))
            wait_for("ELIGIBLE")
            wait_for("Left before this sale")
            keys(SD7, "Enter")
            out = wait_for("Left with this cart")
            check("co_adult_day: 21.3" in out,
                  "7 g counted against %s's own limit:\n%s" %
                  (c["first"], out))
            reg.wait_total()
            keys("Enter")
            wait_for("Cash tendered")
            keys("Enter")
            wait_for("COMPLETE")
            keys("Enter")
            out = wait_for("Tag or SKU:")
            check("Customer: %s" % c["first"] not in out,
                  "back to a walk-in:\n" + out)
            got = sorted(st.sales(), key=lambda s: s["id"])
            check(len(got) == len(sales) + 1, "one more sale: %r" % got)
            s = mgr.call("sale.get", {"id": got[-1]["id"]})["sale"]
            check(s.get("customer") == c["id"], "%s's sale: %r" %
                  (c["first"], s))
            sales.append(s)

        # A void of the second sale: the screen says the cash to give back.
        keys("F6")
        wait_for("Sales at register-1")
        wait_for("3 sales")                 # the list is in
        keys("Down")
        keys("F7")
        wait_for("Void sale #%d" % sales[1]["id"])
        out = wait_for("Give back")      # once the sale is read
        check("Give back %s in cash (drawer #1)" % money(sales[1]["total"])
              in out, "cash back on the void screen:\n" + out)
        keys("wrong customer", "Enter", "2", "Enter", "2000", "Enter")
        out = wait_for("*** VOID ***")
        keys("Enter")
        # The list as stashd has it now: the second sale void.
        wait_until("the void in the sales list", lambda: [
            r for r in reg.text().splitlines()
            if r.split()[:1] == [str(sales[1]["id"])] and "void" in r], T)

        # A return from the third sale, with the manager's approval.
        keys("Home", "Enter")
        wait_for("Sale #%d" % sales[2]["id"])
        keys("F8")
        wait_for("Return from sale #%d" % sales[2]["id"])
        wait_for("Sold  Returned  Return")
        keys("1", "Enter")
        keys("changed mind", "Enter")
        keys("2", "Enter", "2000", "Enter")
        out = wait_for("give it from this drawer")
        refund = mgr.call("sale.get", {"id": sales[2]["id"]})["sale"][
            "refunded"]
        check("Refund %s in cash" % money(refund) in out,
              "the refund on screen:\n" + out)
        keys("Enter")
        wait_for("Sale #%d" % sales[2]["id"])
        keys("Escape")
        wait_for("Sales at register-1")
        logout()

        # The manager counts the floor: one package short by one.
        login(reg, MANAGER)
        wait_for("F5 Pay")
        keys("F1")
        wait_for("Stock: scan or type a package tag")
        # The state's lab result on the stock console.
        check(ps[0]["tag"] == tags[0], "in order")
        keys(tags[0], "Enter")
        out = wait_for("History of %s" % tags[0])
        check("Lab pass THC %.1f%%" % (ps[0]["lab"]["thc"] / 10.0) in out
              and "Front Range Testing Labs" in out and "No hold" in out
              and "no lab result" not in out,
              "the state's lab result, no hold:\n" + out)
        floor = []
        for t, p in st.stock().items():
            if p["unit"] != "each" or p["qty"] < 3:
                continue
            pk = mgr.call("package.get", {"tag": t})["package"]
            if pk["location"] == "floor" and pk["status"] == "active":
                floor.append((t, p["qty"]))
        check(len(floor) >= 2, "two packages on the floor: %r" % floor)
        (a, qa), (b, qb) = sorted(floor)[:2]
        keys("C-k")
        wait_for("Counts: F2 starts one")
        keys("F2")
        wait_for("Count where:")
        keys("floor", "Enter")
        wait_for("Blind count")
        keys("Enter")
        out = wait_for("started:")
        n = int(re.search(r"Count (\d+) started", out).group(1))
        wait_for("Count %d  floor  open blind" % n)
        keys(a, "Enter")
        wait_for("Found of %s" % a)
        keys("%d" % qa, "Enter")
        wait_for("Recorded %s" % a)
        keys(b, "Enter")
        wait_for("Found of %s" % b)
        keys("%d" % (qb - 1), "Enter")
        wait_for("Recorded %s" % b)
        out = wait_for("2 counted")
        check("expected" not in out, "blind:\n" + out)
        keys("F8")
        wait_for("adjust the stock to what was counted?")
        keys("y", "Enter")
        out = wait_for("finished: 1 variance, 1 adjustment made")
        check("variance -1" in out, "the variance report:\n" + out)
        logout()

        # The budtender closes the drawer blind.
        login(reg, 3)
        wait_for("F8 Customer")
        keys("F12")
        wait_for("Drawer 1: OPEN")
        expected = mgr.call("drawer.report", {"drawer": 1})["drawer"][
            "expected"]
        cash = sum(s["total"] for s in sales)
        check(expected == 20000 + cash - sales[1]["total"] - refund,
              "float + sales - void - refund: %r" % expected)
        keys("F5")
        out = wait_for("Counted in the drawer:")
        check("Blind count" in out and "Expected" not in out and
              money(expected) not in out, "blind count:\n" + out)
        keys(money(expected), "Enter")
        out = wait_for("Drawer closed: even")
        check("Expected in the drawer" in out and money(expected) in out,
              "expected once counted:\n" + out)
        logout()

        # The manager's Z report ties out.
        login(reg, MANAGER)
        wait_for("F5 Pay")
        keys("F12")
        wait_for("No drawer is open on this register")
        keys("F6")
        wait_for("Z report for the day")
        keys("Enter")
        wait_for("Drawers closed that day:")
        out = wait_for("Cash ties out")
        row = [l for l in out.splitlines() if l.strip().startswith("#1")]
        check(row and money(expected) in row[0], "drawer row:\n" + out)
    finally:
        reg.kill()
        rcv.kill()
    check("whole" in st.ctl("audit", "verify"), "audit whole")
    st.stop()


run(test)
