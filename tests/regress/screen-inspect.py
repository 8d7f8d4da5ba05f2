#!/usr/bin/env python3
# An inspector's questions on the manager's console, in an 80x24 tmux pane
# (^N on the stock screen): a trip out with one stop delivered and one
# failed, synced from its handheld. F2 (Enter: today) lists the day's
# trips and manifests, F3 a trip's stops with their times and GPS points,
# F4 a customer's deliveries, found by name (picked when two match) or
# number; each screen shows the figures stashctl --json gives for the same
# question (and the ops' answers are stashctl's JSON and text lines, to
# the letter). F8 prints the answer on the receipt printer (a TCP sink
# here). A budtender asking is refused by stashd (permission reports), and
# the screen says so.
import datetime
import json
import os
import re
import sys
from zoneinfo import ZoneInfo
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from drivertrip import *


def test(new_store):
    tp = Trip(new_store)
    st, tid = tp.st, tp.id
    a, b, c, d = tp.orders
    hh, j = tp.taken()
    t0 = us_now() - 60 * 1000000
    hh.call("trip.sync", {"id": tid, "entries": [
        j.entry("arrive", at=t0, order=a, fix=fix(39769990, -104970010,
                                                  t0)),
        j.entry("deliver", at=t0 + 1000, order=a,
                tender={"cash": tp.total(0)},
                fix=fix(39770000, -104970000, t0 + 1000)),
        j.entry("fail", at=t0 + 2000, order=b, reason="not-home",
                fix=fix(39730000, -105030000, t0 + 2000)),
    ]})
    day = datetime.datetime.now(ZoneInfo("America/Denver")).date().isoformat()
    jday = json.loads(st.ctl("--json", "trip", "day", day))
    jstops = json.loads(st.ctl("--json", "trip", "stops", str(tid)))
    ann = tp.customers[0]
    jcust = json.loads(st.ctl("--json", "customer", "deliveries", str(ann)))
    # The figures the screens must show.
    check([x["trip"]["id"] for x in jday["trips"]] == [tid], "day: %r" % jday)
    s1, s2 = jstops["stops"][0], jstops["stops"][1]
    sale_a = s1["sale"]
    check(s1["order"] == a and sale_a > 0 and s2["status"] == "failed",
          "stops: %r" % jstops)
    dv = jcust["deliveries"]
    check(len(dv) == 1 and dv[0]["sale"] == sale_a, "deliveries: %r" % dv)

    # stashd's ops give the same answers, with the lines and a title.
    mgr = tp.mgr
    for op, args, want, title in (
            ("trip.day", {"date": day}, jday, "TRIPS AND MANIFESTS OF " + day),
            ("trip.stops", {"id": tid}, jstops, "STOPS OF TRIP %d" % tid),
            ("customer.deliveries", {"id": ann}, jcust,
             "DELIVERIES TO CUSTOMER %d" % ann)):
        r = mgr.call(op, args)
        lines, got_title = r.pop("lines"), r.pop("title")
        if op == "trip.day":
            text = st.ctl("trip", "day", day)
        elif op == "trip.stops":
            text = st.ctl("trip", "stops", str(tid))
        else:
            text = st.ctl("customer", "deliveries", str(ann))
        check(r == want and got_title == title and
              lines == text.rstrip("\n").split("\n"),
              "%s: %r\n%r" % (op, r, lines))
    # Narrower lines when asked (the console asks for its list's width).
    r = mgr.call("trip.day", {"date": day, "width": 40})
    check([x["trip"] for x in r["trips"]] ==
          [x["trip"] for x in jday["trips"]] and
          max(len(l) for l in r["lines"]) == 40 and
          max(len(l) for x in r["trips"] for l in x["manifest"]) <= 40,
          "40 columns: %r" % r["lines"])
    mgr.expect_error("bad-request", "trip.stops", {"id": tid, "width": 39})
    mgr.expect_error("bad-request", "trip.day", {"date": "2026-02-30"})
    mgr.expect_error("not-found", "customer.deliveries", {"id": 999})
    budt = st.terminal("register-3", BUDTENDER)
    msg = budt.expect_error("permission", "trip.stops", {"id": tid})
    check("needs permission reports" in msg, msg)

    def deg(ud):
        return "%s%d.%06d" % ("-" if ud < 0 else "", abs(ud) // 1000000,
                              abs(ud) % 1000000)

    sink = Sink()
    devfile = devices_file(st, "office-2",
                           "printer escpos tcp:127.0.0.1:%d cols=42" % sink.port)
    pane = Pane("inspect")
    wait_for, keys = pane.wait_for, pane.keys
    bud = Pane("inspectbud")
    try:
        pane.start(st, "office-2", "-D", devfile)
        pane.login(MANAGER, ("F1", "Stock: scan"))
        keys("C-n")
        wait_for("AN INSPECTOR'S QUESTIONS")

        # A day's trips: Enter asks for today.
        keys("F2")
        wait_for("Date (YYYY-MM-DD")
        keys("Enter")
        out = wait_for("TRIPS AND MANIFESTS OF %s" % day)
        out = wait_for("Trips of %s: %d" % (day, len(jday["trips"])))
        tr = jday["trips"][0]["trip"]
        check(re.search(r"Trip %d +%s +driver %d +vehicle %s" %
                        (tid, tr["status"], tr["driver"], tr["vehicle"]),
                        out), "the trip's line:\n" + out)
        # The manifest's first lines, as stashctl has them.
        man = [l for l in jday["trips"][0]["manifest"] if l.strip()]
        check(man[0].strip()[:60] in out, "the manifest:\n" + out)
        # Scrolling down reaches the manifest's last customer.
        for _ in range(6):
            keys("PageDown")
        out = wait_for("Dee Dunn")

        # A trip's stops, with the times and points synced.
        keys("F3")
        wait_for("Trip number:")
        keys(str(tid), "Enter")
        out = wait_for("STOPS OF TRIP %d: %d found" % (tid,
                                                       len(jstops["stops"])))
        out = pane.wait_for_all(["Stop 1  order %d  delivered  Ann "
                                     "Arrow" % a,
                                     "Stop 2  order %d  failed  Ben Bolt" % b])
        ev = s1["events"][1]
        check(ev["kind"] == "deliver" and
              "at %s,%s" % (deg(ev["fix"]["lat"]), deg(ev["fix"]["lon"]))
              in out and "sale %d" % sale_a in out and
              "reason: not-home" in out, "stops:\n" + out)

        # Print it: the receipt printer gets the title and the stops.
        keys("F8")
        wait_for("sent to the printer")
        printed = wait_until("the print-out", lambda: (
            b"STOPS OF TRIP %d" % tid in sink.data and
            b"Ben Bolt" in sink.data) and sink.data)
        check(b"licence 402R-00042" in printed and
              b"sale %d" % sale_a in printed, "printed: %r" % printed)
        check(all(len(l) <= 42 for l in printed.split(b"\n")[1:-2]),
              "42 columns")

        # A customer's deliveries, found by name.
        keys("F4")
        wait_for("Customer (number")
        keys("Arrow", "Enter")
        out = wait_for("DELIVERIES TO CUSTOMER %d" % ann)
        out = wait_for("Customer %d  %s" % (ann, jcust["name"]))
        check(re.search(r"Order %d +delivered .* trip %d +sale %d" %
                        (dv[0]["order"], dv[0]["trip"], dv[0]["sale"]),
                        out) and
              "deliver at %s,%s" % (deg(dv[0]["fix"]["lat"]),
                                    deg(dv[0]["fix"]["lon"])) in out,
              "deliveries:\n" + out)
        # Two customers match "Arr": the one chosen is answered for.
        tp.mgr.call("customer.create", {
            "type": "adult", "first": "Zed", "last": "Arrowood",
            "dob": "1979-04-05", "residence": "CO",
            "id_doc": {"type": "dl", "state": "CO", "number": "DL2000",
                       "expires": "2031-01-01"}, "id_scanned": True})
        keys("F4")
        wait_for("Customer (number")
        keys("Arr", "Enter")
        out = pane.wait_for_all(["2 customers found", "Ann Arrow ",
                                 "Zed Arrowood"])
        rows = [l for l in out.splitlines() if "Arrow" in l and "born" in l]
        check(len(rows) == 2, "the pick:\n" + out)
        if "Ann Arrow " not in rows[0]:
            keys("Down")
        keys("Enter")
        out = wait_for("DELIVERIES TO CUSTOMER %d" % ann)
        check("Order %d" % dv[0]["order"] in out, "Ann chosen:\n" + out)
        # By number: another customer, none delivered yet.
        keys("F4")
        wait_for("Customer (number")
        keys(str(tp.customers[2]), "Enter")
        out = wait_for("DELIVERIES TO CUSTOMER %d" % tp.customers[2])
        check(re.search(r"Order %d +out " % c, out), "Cat:\n" + out)
        # A trip that is not there.
        keys("F3")
        wait_for("Trip number:")
        keys("999", "Enter")
        wait_for("No trip 999")

        # A budtender may look at stock, not ask these.
        bud.start(st, "register-2")
        bud.login(BUDTENDER, ("F1", "Stock: scan"))
        bud.keys("C-n")
        bud.wait_for("AN INSPECTOR'S QUESTIONS")
        bud.keys("F3")
        bud.wait_for("Trip number:")
        bud.keys(str(tid), "Enter")
        out = bud.wait_for("Not allowed for a budtender")
        check("STOPS OF TRIP" not in out and "Ann Arrow" not in out,
              "a budtender saw:\n" + out)
    finally:
        pane.kill()
        bud.kill()


run(test)
