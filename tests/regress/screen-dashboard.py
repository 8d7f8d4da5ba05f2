#!/usr/bin/env python3
# The manager's dashboard (Ctrl-B on the stock screen) in tmux, at 80x24
# in plain ASCII and at 132x43 in UTF-8: known sales today on another
# register, a product under its reorder point and a pickup order waiting;
# the figures on screen are stashctl's (sales list, inventory low,
# compliance status, order list); the hourly sparkline and the chart by
# hour are drawn, and Tab shows the chart as a table with the same
# figures in full. A budtender is refused the dashboard (and stashd
# refuses them report.z as well).
import sys, os, re, json, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

A = "1A4060300000000000001001"      # Blue Dream 3.5g, 35.00 + 15% = 40.25
B = "1A4060300000000000003001"      # OG Kush 3.5g, sold each


def dashboard(st, terminal, size, lang, figures):
    pane = Pane("dash", size=size)
    try:
        pane.start(st, terminal, code=st.demo["terminal"]["code"]
                   if terminal == "register-1" else None,
                   env=dict(os.environ, LANG=lang, LC_ALL=lang))
        pane.login(MANAGER, ("F1", "Stock: scan or type a package tag"))
        pane.keys("C-b")
        out = pane.wait_for_all(["Today so far", "Orders waiting  1 new",
                                 "Low stock       1 product",
                                 "Net sales by hour"])
        out = pane.wait_for("asking stashd", gone=True)
        rows = out.splitlines()
        check(len(rows) == size[1], "the whole pane: %d rows" % len(rows))
        # Today's sales: stashctl's total and count.
        check("Today so far    %s in %d sales" % (cents(figures["total"]),
                                                  figures["count"]) in out,
              "today's total %s:\n%s" % (cents(figures["total"]), out))
        check("%d exceptions open, %d reports pending" % (
              figures["exceptions"], figures["pending"]) in out or
              "%d exception open" % figures["exceptions"] in out,
              "compliance as stashctl says:\n" + out)
        check(figures["low"] in out, "the low product named:\n" + out)
        # The store's open drawers (drawer.list): register-2's, not this
        # register's, with who opened it, when and its expected cash.
        d = figures["drawer"]
        check("1 open (%s expected), none here" % cents(d["expected"])
              in out, "the store's open drawers counted:\n" + out)
        check("register-2 %s %s %s" % (d["staff"].split()[0],
              st.local_time(d["opened"]).strftime("%H:%M"),
              cents(d["expected"])) in out,
              "register-2's drawer listed:\n" + out)
        # The hourly sparkline: the hour of the sales at the top level,
        # an hour with none at the bottom.
        line = [l for l in rows if l.startswith(" By hour")][0]
        spark = line[17:17 + 24]
        top = "#" if lang == "C" else "\u2588"
        low = "_" if lang == "C" else "\u2581"
        check(spark[figures["hour"]] == top and
              spark.count(low) >= 20, "the sparkline %r:\n%s" % (spark, out))
        # The chart by hour: bars drawn, the axis in dollars.
        at = rows.index([l for l in rows if "Net sales by hour" in l][0])
        chart = "\n".join(rows[at:])
        check(chart.count(top) >= 2 and "$0" in chart,
              "bars and a $ axis:\n" + chart)
        # Tab: the same figures as a table, in full.
        pane.keys("Tab")
        pane.wait_for("Tab: chart")
        pane.keys("End")                        # the evening's hours
        out = pane.wait_for("  23 ")
        hour = "%02d" % figures["hour"]
        check(re.search(r"\n +%s +%s" % (hour, re.escape(
            cents(figures["net"]))), out) is not None,
            "the hour's net %s in the table:\n%s" % (cents(figures["net"]),
                                                   out))
        pane.keys("Tab")
        pane.wait_for("Tab: table")
        pane.keys("Escape")
        pane.wait_for("Stock: scan or type a package tag")
    finally:
        pane.kill()


def test(new_store):
    st = new_store().start()
    reg = st.terminal("register-2", BUDTENDER)
    s1 = reg.call("sale.commit", {"ref": "d1", "lines": [{"tag": A,
                  "qty": 1}], "tender": {"cash": 5000}})["sale"]
    s2 = reg.call("sale.commit", {"ref": "d2", "lines": [{"tag": A,
                  "qty": 2}, {"tag": B, "qty": 1}],
                  "tender": {"cash": 50000}})["sale"]
    # A product under its reorder point, a pickup order waiting.
    stock = st.stock()
    sku = stock[B]["sku"]
    st.ctl("product", "set", sku, "--reorder", "100000")
    mgr = st.terminal("office-1", MANAGER, drawer=False)
    cust = mgr.call("customer.create", {
        "type": "adult", "first": "Dash", "last": "Board",
        "dob": "1980-01-01", "residence": "CO", "id_scanned": True,
        "id_doc": {"type": "dl", "state": "CO", "expires": "2030-01-01",
                   "number": "DB1"}})["customer"]["id"]
    n = int(time.time() * 1000000)
    mgr.call("order.create", {"ref": "p1", "customer": cust,
             "channel": "pickup", "window": {"start": n,
                                             "end": n + 3600 * 10**6},
             "lines": [{"sku": "FL-BD-1", "qty": 1}]})

    # What stashctl says, of the store's today.
    today = st.local_time(s1["time"])
    sales = json.loads(st.ctl("--json", "sales", "list", "--since",
                              today.strftime("%Y-%m-%d")))
    low = json.loads(st.ctl("--json", "inventory", "low"))
    comp = json.loads(st.ctl("--json", "compliance", "status"))
    orders = json.loads(st.ctl("--json", "order", "list", "--status",
                               "new"))
    check(len(low) == 1 and len(orders) == 1, "set up: %r %r" % (low,
                                                                 orders))
    z = mgr.call("report.z", {"date": today.strftime("%Y-%m-%d")})
    figures = {
        "total": sum(s["total"] for s in sales if s["status"] ==
                     "complete"),
        "count": len([s for s in sales if s["status"] == "complete"]),
        "exceptions": comp["exceptions"], "pending": comp["pending"],
        "low": low[0]["name"][:20],
    }
    check(figures["total"] == s1["total"] + s2["total"] and
          z["store"]["total"] == figures["total"],
          "stashctl and the Z report agree: %r %r" % (figures, z["store"]))
    # The hour's net sales, as the report engine has them.
    hours = mgr.call("report.run", {"name": "hours", "by": "hour",
                                    "from": z["date"], "to": z["date"]})
    cols = [c["name"] for c in hours["columns"]]
    # (Both sales in one hour but at the turn of one, when the second
    # may fall in the next.)
    row = [r for r in hours["rows"] if r[cols.index("net")] != 0]
    check(len(row) in (1, 2) and int(row[0][cols.index("hour")][:2]) ==
          today.hour, "the hour of the sales: %r" % hours)
    figures["hour"] = today.hour
    figures["net"] = row[0][cols.index("net")]

    # The store's open drawers: register-2's alone, as its own X report
    # has it (the float and the cash of both sales), with who opened it;
    # a budtender may not list them.
    drawers = mgr.call("drawer.list")["drawers"]
    x = reg.call("drawer.report")["drawer"]
    check(len(drawers) == 1 and drawers[0]["terminal"] == "register-2" and
          drawers[0]["expected"] == DRAWER_FLOAT + s1["total"] +
          s2["total"] and drawers[0]["opened_by"] == BUDTENDER and
          drawers[0]["staff"] != "" and
          {k: v for k, v in drawers[0].items() if k != "staff"} == x,
          "drawer.list: %r against the X report %r" % (drawers, x))
    reg.expect_error("permission", "drawer.list")
    figures["drawer"] = drawers[0]

    dashboard(st, "register-1", (80, 24), "C", figures)
    dashboard(st, "office-2", (132, 43), "C.UTF-8", figures)

    # A budtender: refused on the screen, and by stashd.
    pane = Pane("dashb")
    try:
        pane.start(st, "register-3")
        pane.login(BUDTENDER, ("F1", "Stock: scan or type a package tag"))
        pane.keys("C-b")
        out = pane.wait_for("The dashboard is for managers")
        check("Today so far" not in out, "nothing shown:\n" + out)
        pane.keys("C-e")
        pane.wait_for("The reports are for managers")
    finally:
        pane.kill()
    reg.expect_error("permission", "report.z", {"date": z["date"]})
    st.stop()


run(test)
