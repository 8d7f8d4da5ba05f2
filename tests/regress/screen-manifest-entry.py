#!/usr/bin/env python3
# A manifest typed in at the receiving station (stash --intake, F2 on the
# list of open manifests) in an 80x24 tmux pane: two packages, one counted
# and one by weight in grams; an unknown SKU, a tag typed twice and one in
# stock are refused at once; stashd's refusal of a number in use is shown and nothing
# typed is lost, the number is changed (F3) and the manifest sent again; it
# opens for receiving, and intake.get says what was typed (units and mg).
# Esc asks before throwing a typed manifest away.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))


def tag(n):
    return "1A4060300000000000DE00%02d" % n


def test(new_store):
    st = new_store().start()
    pane = Pane("manifest")
    TAKEN, M = "MF-TAKEN-1", "MF-TYPED-1"
    IN_STOCK = "1A4060300000000000001001"

    # A manifest number already in use (as if imported before).
    mgr = st.terminal("office-1", MANAGER)
    mgr.call("intake.create", {"manifest": TAKEN, "supplier": "SUP-OTHER",
                               "packages": [{"tag": tag(9), "sku": "FL-BD-1",
                                             "batch": "B-OLD", "qty": 5}]})

    screen = pane.text

    wait_for = pane.wait_for

    def row(t):
        for l in screen().splitlines():
            if l.lstrip().startswith(t):
                return l
        return ""

    keys = pane.keys

    def typed(text, prompt):
        wait_for(prompt)
        keys("-l", text)
        keys("Enter")

    def login(staff):
        wait_for("Stash Demo Dispensary |")  # connected
        wait_for("Staff ID")
        keys(str(staff), "Enter", PINS[staff], "Enter")

    try:
        pane.start(st, "intake-1", "--intake")
        wait_for("Stash Demo Dispensary |")
        login(RECEIVER)
        out = wait_for(TAKEN)
        check("F2" in out and "New" in out, "F2 New in the key bar:\n" + out)

        keys("F2")
        typed(TAKEN, "Manifest number:")
        typed("SUP-LIC-7", "Supplier's licence:")
        typed("paper, seal 42", "Note (optional):")

        # A counted package.
        typed(tag(1).lower(), "Package 1 tag")
        typed("FL-BD-1", "SKU:")
        typed("12", "Shipped, units:")
        typed("B-TYPED-1", "Batch:")
        typed("2025-11-02", "Harvested YYYY-MM-DD")
        wait_for("Package 1 added")
        check("Blue Dream" in row(tag(1)) and " 12 " in row(tag(1)) and
              "2025-11-02" in row(tag(1)), "line 1: %r" % row(tag(1)))

        # The same tag again is refused at once.
        typed(tag(1), "Package 2 tag")
        wait_for("is already package 1 of this manifest")
        # So is a tag already in stock (a demo package), before the SKU.
        keys("C-u")
        typed(IN_STOCK, "Package 2 tag")
        out = wait_for("is already in stock")
        check("SKU:" not in out, "went on with a tag in stock:\n" + out)
        keys("C-u")

        # A weighed package; a wrong SKU is caught before the quantity.
        typed(tag(2), "Package 2 tag")
        wait_for("SKU:")
        keys("C-u")
        typed("FL-NOPE-9", "SKU:")
        out = wait_for("No product with SKU FL-NOPE-9")
        check("Shipped," not in out, "went on after a wrong SKU:\n" + out)
        keys("C-u")
        typed("fl-gg4-bulk", "SKU:")
        wait_for("sold by weight")
        typed("453.6", "Shipped, grams:")
        wait_for("Batch:")
        keys("C-u")
        typed("B-TYPED-2", "Batch:")
        typed("", "Harvested YYYY-MM-DD")   # keeps 2025-11-02
        wait_for("Package 2 added")
        check("Gorilla" in row(tag(2)) and "453.600 g" in row(tag(2)),
              "line 2: %r" % row(tag(2)))

        # stashd refuses the number in use; nothing typed is lost.
        keys("F8")
        out = wait_for("already exists")
        check("F3 changes the number" in out, out)
        check(row(tag(1)) and row(tag(2)) and "2 packages" in out,
              "packages lost after a refusal:\n" + out)

        # Change the number (the rest is kept) and send again.
        keys("F3")
        typed(M, "Manifest number:")
        typed("", "Supplier's licence:")
        typed("", "Note (optional):")
        wait_for("Package 3 tag")
        keys("F8")
        out = wait_for("Manifest %s created with 2 packages" % M)
        check("Manifest %s from SUP-LIC-7" % M in out, out)
        wait_for("Gorilla")
        check("453.600 g" in row(tag(2)) and " 12 " in row(tag(1)),
              "receiving view:\n" + screen())

        # Back on the list, the new manifest shows; Esc asks first.
        keys("Escape")
        out = wait_for("2 open manifests")
        check(M in out and "SUP-LIC-7" in out, out)
        keys("F2")
        typed("MF-DROP-1", "Manifest number:")
        wait_for("Supplier's licence:")
        keys("Escape")
        wait_for("Throw away manifest MF-DROP-1")
        keys("n")
        wait_for("Kept")
        keys("Escape")
        wait_for("Throw away manifest MF-DROP-1")
        keys("y")
        out = wait_for("2 open manifests")
        check(M in out and TAKEN in out and "MF-DROP-1" not in out, out)
    finally:
        pane.kill()

    m = mgr.call("intake.get", {"manifest": M})["manifest"]
    check(m["supplier"] == "SUP-LIC-7" and m["note"] == "paper, seal 42" and
          m["status"] == "open", "manifest: %r" % m)
    lines = {l["tag"]: l for l in m["lines"]}
    check(sorted(lines) == [tag(1), tag(2)], "lines: %r" % m["lines"])
    for t, sku, qty, batch in ((tag(1), "FL-BD-1", 12, "B-TYPED-1"),
                               (tag(2), "FL-GG4-BULK", 453600, "B-TYPED-2")):
        l = lines[t]
        check(l["sku"] == sku and l["shipped"] == qty and
              l["batch"] == batch and l["harvested"] == 20251102 and
              l["state"] == "pending", "line %s: %r" % (t, l))
    names = [x["manifest"] for x in mgr.call("intake.list")["manifests"]]
    check("MF-DROP-1" not in names and M in names, "list: %r" % names)
    st.stop()


run(test)
