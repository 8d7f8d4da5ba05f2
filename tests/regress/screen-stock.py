#!/usr/bin/env python3
# The real stash's stock console (F1 on the register) in an 80x24 tmux
# pane, for what the other screen tests leave out: a package shown with
# its history, moved (F2) and shown again with the move in its history; a
# trace of its batch (F7) whose figures are stashd's; low stock (F11) and
# expiring packages (F12), each as many as stashd lists.
import sys, os, datetime
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def test(new_store):
    st = new_store().start()
    pane = Pane("stock")
    wait_for, keys = pane.wait_for, pane.keys
    mgr = st.terminal("office-1", MANAGER)
    tag = "1A4060300000000000001001"
    pkg = mgr.call("package.get", {"tag": tag})["package"]
    batch, sku = pkg["batch"], pkg["product"]["sku"]
    check(pkg["location"] != "vault", "the demo package starts outside the "
          "vault: %r" % pkg["location"])

    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")
        wait_for("Stash Demo Dispensary |")  # connected
        wait_for("Staff ID")
        keys(str(MANAGER), "Enter", PINS[MANAGER], "Enter")
        wait_for("F5 Pay")
        keys("F1")
        wait_for("Stock: scan or type a package tag")
        keys(tag, "Enter")
        out = wait_for("History of %s" % tag)
        check("%s  %s (%s)" % (tag, pkg["product"]["name"], sku) in out,
              "the package's product named:\n" + out)
        check("Batch %s  supplier %s" % (batch, pkg["supplier"]) in out,
              "its batch and supplier:\n" + out)

        # F2: moved to the vault, shown again with the move.
        keys("F2")
        wait_for("Move to")
        keys("vault", "Enter")
        out = wait_for("move  %s -> vault" % pkg["location"])
        check("at vault" in out, "the package is shown in the vault:\n" + out)
        check(mgr.call("package.get", {"tag": tag})["package"]["location"]
              == "vault", "stashd moved it")

        # F7: the batch, as stashd traces it.
        tr = mgr.call("trace", {"scope": "batch", "key": batch})
        n = len(tr["packages"])
        keys("F7")
        wait_for("Trace (scope key):")
        keys("Enter")
        out = wait_for("Trace batch %s: %u package%s, received %d, on hand "
                       "%d, sold %d" % (batch, n, "" if n == 1 else "s",
                                        tr["totals"]["received"],
                                        tr["totals"]["on_hand"],
                                        tr["totals"]["sold"]))
        check(tag in out and "vault" in out, "the package traced:\n" + out)

        # F11: low stock once the product's reorder point is above it.
        mgr.call("product.set_reorder", {"product": sku,
                                         "reorder": 100000000})
        low = mgr.call("inventory.low")["products"]
        keys("F11")
        out = wait_for("Low stock: %u product%s" % (
            len(low), "" if len(low) == 1 else "s"))
        check(sku in out, "the product is listed:\n" + out)

        # F12: a lab result expiring soon puts the package on the list.
        soon = datetime.date.today() + datetime.timedelta(days=5)
        mgr.call("package.lab", {"tag": tag, "status": "pass",
                 "tested": 20260101, "expires": int(soon.strftime("%Y%m%d"))})
        exp = mgr.call("inventory.expiring", {"days": 30})["packages"]
        check(tag in [p["tag"] for p in exp], "expiring: %r" % exp)
        keys("F12")
        out = wait_for("Expiring within 30 days: %u package%s" % (
            len(exp), "" if len(exp) == 1 else "s"))
        # (the row is cut at 80 columns, inside the lab date)
        check(tag in out and "lab %s" % soon.strftime("%Y-%m") in out,
              "the package and its lab expiry:\n" + out)
    finally:
        pane.kill()
    st.stop()


run(test)
