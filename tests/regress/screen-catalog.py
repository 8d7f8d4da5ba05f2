#!/usr/bin/env python3
# The manager's catalogue and staff on screen, in an 80x24 tmux pane.
# ^P on the stock console edits a product found by name: the price and
# reorder point changed, the rest kept, the register selling at the new
# price at once and the change audited; a typo is named. ^T lists the
# staff with their roles; F2 gives one another role — refused for a
# manager (an admin's), done when the admin is logged in.
import json, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def login(pane, staff):
    pane.keys(str(staff), "Enter", PINS[staff], "Enter")
    pane.wait_for("F5 Pay")


def test(new_store):
    st = new_store().start()
    bud = st.terminal("register-2", BUDTENDER)
    tag = bud.call("item.lookup", {"code": "FL-OGK-35"})["tag"]
    before = json.loads(st.ctl("--json", "product", "show", "FL-OGK-35"))

    pane = Pane("catalog")
    wait_for, keys = pane.wait_for, pane.keys
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")
        wait_for("Staff ID")
        login(pane, MANAGER)
        keys("F1")
        out = wait_for("Stock: scan or type a package tag")
        check("^P products" in out and "^T staff" in out,
              "the console says where they are:\n" + out)

        # ^P: a product by name; price and reorder changed, the rest kept.
        keys("C-p")
        wait_for("Product (SKU or name):")
        keys("og kush", "Enter")
        out = wait_for("Editing FL-OGK-35")
        check("OG Kush" in out and "%d.%02d" % (before["price"] // 100,
              before["price"] % 100) in out, "its fields:\n" + out)
        keys("Enter", "Enter")                  # name, category kept
        keys("C-u", "41x50", "Enter")
        wait_for("a price like 35.00")          # refused, named
        keys("C-u", "41.50", "Enter")
        keys("Enter", "Enter")                  # unit cost, THC kept
        keys("C-u", "12", "Enter")              # reorder point
        keys("Enter")                           # still sold
        out = wait_for("Saved FL-OGK-35: price %d.%02d -> 41.50 (audited)" % (
            before["price"] // 100, before["price"] % 100))
        p = json.loads(st.ctl("--json", "product", "show", "FL-OGK-35"))
        check(p["price"] == 4150 and p["reorder"] == 12 and
              p["name"] == before["name"] and
              p["unit_cost"] == before["unit_cost"] and
              p["thc"] == before["thc"], "stashd has it: %r" % p)
        check(bud.call("item.lookup", {"code": tag})["product"]["price"]
              == 4150, "the register sells at the new price")
        audit = st.ctl("audit", "list", "--limit", "2")
        check("product.price" in audit and "price=41.50" in audit and
              "register-1" in audit, "audited: " + audit)

        # ^T: the staff; a manager may not change roles.
        keys("Escape")
        wait_for("Stock: scan or type a package tag")
        keys("C-t")
        staff = json.loads(st.ctl("--json", "staff", "list"))
        out = pane.wait_for_all([s["name"] for s in staff] + ["budtender"])
        for s in staff:
            check(s["name"] in out and s["role"] in out,
                  "%s listed:\n%s" % (s["name"], out))
        keys("Down", "Down")                    # staff 3, the budtender
        keys("F2")
        wait_for("New role for")
        keys("receiver", "Enter")
        out = wait_for("administrator")
        check("not allowed for a manager" in out.lower() and
              "administrator" in out,
              "refused for a manager:\n" + out)
        keys("Escape", "Escape")
        keys("F10")
        wait_for("Staff ID")
        login(pane, ADMIN)
        keys("F1")
        wait_for("Stock: scan or type a package tag")
        keys("C-t")
        wait_for("budtender")
        keys("Down", "Down")
        keys("F2")
        out = wait_for("New role for")
        check("(now budtender)" in out, "the budtender selected:\n" + out)
        keys("receiver", "Enter")
        out = wait_for("is now receiver (was budtender)")
        roles = {s["id"]: s["role"] for s in
                 json.loads(st.ctl("--json", "staff", "list"))}
        check(roles[BUDTENDER] == "receiver", "changed: %r" % roles)
    finally:
        pane.kill()
    st.stop()


run(test)
