#!/usr/bin/env python3
# The status line at 80x24 says the whole of what it says: the inspector's
# help line (^N on the stock screen) fits its one line, to the last word,
# and a message wider than the screen (a customer search that found no one,
# with the long name typed in it) wraps at a space onto a second line above
# the key bar instead of being cut at the 80th column.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

HELP = ("Inspector: F2 a day's trips, F3 a trip's stops, F4 a customer's "
        "deliveries")
NAME = "Wolfeschlegelsteinhausen"
MISS = ("No customer matches \"%s\": try the last name, phone, ID or card "
        "number; F2 adds them" % NAME)


def rows(out):
    lines = out.split("\n")
    check(len(lines) >= 24, "24 rows:\n" + out)
    return lines[:24]


def test(new_store):
    st = new_store().start()
    pane = Pane("helpw")
    try:
        pane.start(st, "office-2")
        pane.login(MANAGER, ("F1", "Stock: scan"))
        pane.keys("C-n")
        out = pane.wait_for("AN INSPECTOR'S QUESTIONS")
        out = pane.wait_for("F4 a customer's d")
        r = rows(out)
        # The help on the line above the key bar, all of it, alone.
        check(r[22].strip() == HELP, "the help line: %r\n%s" % (r[22], out))
        check("F2" in r[23] and "F4" in r[23], "the key bar:\n" + out)

        # The register: a search that finds no one says so in full.
        pane.keys("Escape")
        pane.wait_for("Stock: scan")
        pane.keys("Escape")
        pane.wait_for("F5 Pay")
        pane.keys("F8")
        pane.wait_for("Type the start of the last name")
        pane.keys(NAME, "Enter")
        out = pane.wait_for("No customer matches")
        r = rows(out)
        check(len(MISS) > 78, "a message wider than the line")
        # Two lines of status (rows 21 and 22), the keys still at the foot.
        check(r[21].startswith(" No customer matches") and
              " ".join((r[21].strip(), r[22].strip())) == MISS,
              "the message, wrapped:\n%r\n%r\n%s" % (r[21], r[22], out))
        check(all(len(l.rstrip()) <= 80 for l in r), "80 columns")
        check("F2 New customer" in r[23], "the key bar:\n" + out)
        # The body gave up its last row: the prompt is on row 20.
        check(r[20].startswith(" Customer: " + NAME), "the prompt:\n" + out)
        # Esc leaves the search: the status is one line again, the body
        # has its row back.
        pane.keys("Escape")
        out = pane.wait_for("No customer matches", gone=True)
        r = rows(out)
        check(NAME not in r[21] and "F2 adds them" not in r[22],
              "the second line given back:\n" + out)
    finally:
        pane.kill()
    st.stop()


run(test)
