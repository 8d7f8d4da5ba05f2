#!/usr/bin/env python3
# The reports screen (Ctrl-E on the stock screen) in tmux, at 80x24 in
# plain ASCII and at 132x43 in UTF-8: the sales of the last 7 days by day
# as bars, then (F6) as a line; Tab shows the table, whose net for today
# is stashctl's (report sales --json); F7 compares with the 7 days
# before (a second series); F2 moves to the products report,
# shown as bars across (F6 again) with the product sold the longest bar;
# F5 picks another figure. A budtender is refused report.run by stashd.
import sys, os, re, json
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

A = "1A4060300000000000001001"      # Blue Dream 3.5g, each
B = "1A4060300000000000003001"      # OG Kush 3.5g, each


def charts(st, terminal, size, lang, today, net):
    utf8 = lang != "C"
    bar = "\u2588" if utf8 else "#"
    pane = Pane("charts", size=size)
    try:
        pane.start(st, terminal, code=st.demo["terminal"]["code"]
                   if terminal == "register-1" else None,
                   env=dict(os.environ, LANG=lang, LC_ALL=lang))
        pane.login(MANAGER, ("F1", "Stock: scan or type a package tag"))
        pane.keys("C-e")
        out = pane.wait_for("| net | bar")
        out = pane.wait_for("Tab: table")
        rows = out.splitlines()
        check(len(rows) == size[1], "the whole pane")
        # One: bars by day, today's the last and the tallest; an axis in $.
        check(today[5:] in out or today in out, "today labelled:\n" + out)
        body = "\n".join(rows[3:-2])
        check(body.count(bar) >= 3 and re.search(r"\$\d+", body),
              "bars on a $ axis:\n" + out)

        # Two: the same as a line.
        pane.keys("F6")
        out = pane.wait_for("| net | line")
        body = "\n".join(out.splitlines()[3:-2])
        if utf8:
            dots = [c for c in body if 0x2801 <= ord(c) <= 0x28ff]
            check(len(dots) >= 5, "braille dots:\n" + out)
        else:
            check(body.count("*") >= 5, "a line of '*':\n" + out)

        # Tab: the table, today's net as stashctl has it.
        pane.keys("Tab")
        out = pane.wait_for("Tab: chart")
        check(re.search(r"\n +%s +%s" % (today, re.escape(cents(net))),
                        out) is not None,
              "today's net %s in the table:\n%s" % (cents(net), out))
        pane.keys("Tab")
        pane.wait_for("Tab: table")

        # F7: against the 7 days before, a second series in the legend.
        pane.keys("F7")
        out = pane.wait_for("net_compare")
        check(" vs previous |" in out, "compared:\n" + out)
        pane.keys("F7")
        pane.wait_for(" vs last-year |")
        pane.keys("F7")
        pane.wait_for(" vs ", gone=True)

        # The products report; bars across (F6 to hbar).
        pane.keys("F2")
        pane.wait_for(" products ")
        pane.keys("F6", "F6")
        out = pane.wait_for("| hbar")
        line = [l for l in out.splitlines() if "Blue Dream 3.5g" in l]
        check(line and line[0].count(bar) >= 10,
              "Blue Dream's bar the longest:\n" + out)
        # F5: another figure, said in the header.
        head = [l for l in out.splitlines() if "| hbar" in l][0]
        pane.keys("F5")
        out = pane.wait_for("| hbar", timeout=30)
        out = pane.wait_for(head, gone=True)
        pane.keys("Escape")
        pane.wait_for("Dashboard:")
    finally:
        pane.kill()


def test(new_store):
    st = new_store().start()
    reg = st.terminal("register-2", BUDTENDER)
    s1 = reg.call("sale.commit", {"ref": "c1", "lines": [{"tag": A,
                  "qty": 3}], "tender": {"cash": 50000}})["sale"]
    reg.call("sale.commit", {"ref": "c2", "lines": [{"tag": B, "qty": 1}],
             "tender": {"cash": 50000}})
    today = st.local_time(s1["time"]).strftime("%Y-%m-%d")
    rep = json.loads(st.ctl("--json", "report", "sales", "--from", today,
                            "--to", today))
    cols = [c["name"] for c in rep["columns"]]
    check(len(rep["rows"]) == 1, "one day: %r" % rep)
    net = rep["rows"][0][cols.index("net")]
    check(net > 0, "sold today")

    charts(st, "register-1", (80, 24), "C", today, net)
    charts(st, "office-2", (132, 43), "C.UTF-8", today, net)
    reg.expect_error("permission", "report.run", {"name": "sales"})
    st.stop()


run(test)
