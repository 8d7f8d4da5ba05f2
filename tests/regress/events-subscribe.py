#!/usr/bin/env python3
# events.subscribe: a terminal that asks for some packages' stock events
# gets those and no others, still gets every other kind of event, and gets
# every package's again when it asks for "all"; a new connection gets them
# all. Malformed subscriptions are refused. The real stash's register
# subscribes to its cart's packages and still sees a cart line's stock go.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

SD7 = "1A4060300000000000004001"    # Sour Diesel 7g, 12 on hand


def stock_tags(t):
    """The tags of the stock events t has been sent so far (a ping's reply
    comes after every event pushed before it was read), and forget them."""
    t.call("ping")
    tags = [e["tag"] for e in t.events if e.get("event") == "stock"]
    t.events = [e for e in t.events if e.get("event") != "stock"]
    return tags


def sell(t, ref, tag, qty=1):
    t.call("sale.commit", {"ref": ref, "lines": [{"tag": tag, "qty": qty}],
                           "tender": {"cash": 1000000}})


def test(new_store):
    st = new_store(flags=["-vv"]).start()
    seller = st.terminal("register-1", BUDTENDER)
    some = st.terminal("register-2", BUDTENDER, drawer=False)
    every = st.terminal("register-3", BUDTENDER, drawer=False)
    none = st.terminal("register-4", BUDTENDER, drawer=False)
    a, b, c = st.tags[0], st.tags[1], st.tags[2]
    qa = 1 if seller.call("item.lookup", {"code": a})["product"]["unit"] \
        == "each" else 1000
    qb = 1 if seller.call("item.lookup", {"code": b})["product"]["unit"] \
        == "each" else 1000

    # Malformed: refused, and the connection keeps getting everything.
    for args in ({}, {"stock": "some"}, {"stock": [a[:-1]]},
                 {"stock": ["Z" * 24]}, {"stock": [a, 7]},
                 {"stock": [a] * 101}):
        some.expect_error("bad-request", "events.subscribe", args)

    r = some.call("events.subscribe", {"stock": [b.lower()]})
    check(r == {"stock": 1}, "subscribe: %r" % r)
    check(none.call("events.subscribe", {"stock": []}) == {"stock": 0},
          "subscribe to none")
    sell(seller, "sub:1", a, qa)
    sell(seller, "sub:2", b, qb)

    got = stock_tags(some)
    check(got == [b], "subscribed to b (lower case), got %r" % got)
    got = stock_tags(every)
    check(a in got and b in got, "a new connection gets every package's "
          "stock: %r" % got)
    check(stock_tags(none) == [], "subscribed to none, got stock events")

    # Other events are not filtered.
    admin = st.terminal("office-1", ADMIN, drawer=False)
    admin.call("settings.set", {"key": "senior-age", "value": "66"})
    none.wait_event("settings")
    some.wait_event("settings")

    # "all" again: every package's.
    check(some.call("events.subscribe", {"stock": "all"}) ==
          {"stock": "all"}, "subscribe to all")
    sell(seller, "sub:3", a, qa)
    check(stock_tags(some) == [a], "back to all, the sale of a not seen")
    check(stock_tags(none) == [], "still none")
    log = open(os.path.join(st.dir, "stashd.log")).read()
    check("stock events of 1 package" in log and
          "stock events of every package" in log, "stashd's log says what "
          "each connection asked for")

    # The real stash at the register: it asks for its cart's packages,
    # and a cart line still learns that its package has gone.
    pane = Pane("evsub")
    try:
        pane.start(st, "register-5")
        pane.wait_for("Staff ID")
        pane.keys("3", "Enter", "3000", "Enter")
        pane.wait_for("F8 Customer")
        deadline = time.time() + 30
        while "stock events of 0 packages" not in open(
                os.path.join(st.dir, "stashd.log")).read():
            check(time.time() < deadline, "the register did not subscribe "
                  "to its (empty) cart")
            time.sleep(0.05)
        before = open(os.path.join(st.dir, "stashd.log")).read().count(
            "stock events of 1 package")
        pane.keys(SD7, "Enter")
        out = pane.wait_for("Sour Diesel")
        while open(os.path.join(st.dir, "stashd.log")).read().count(
                "stock events of 1 package") == before:
            check(time.time() < deadline + 30, "the register did not "
                  "subscribe to its cart's package")
            time.sleep(0.05)
        # A manager takes the package's stock away (damage): the line is
        # over what is on hand.
        mgr = st.terminal("office-2", MANAGER, drawer=False)
        mgr.call("package.adjust", {"tag": SD7, "reason": "damage",
                                    "delta": -st.stock()[SD7]["qty"]})
        deadline = time.time() + 30
        while True:
            rows = [l for l in pane.text().splitlines()
                    if "Sour Diesel" in l]
            if rows and rows[0].lstrip().startswith("1!"):
                break
            check(time.time() < deadline, "the cart line is not marked "
                  "over what is on hand:\n" + pane.text())
            time.sleep(0.05)
    finally:
        pane.kill()
    st.stop()


run(test)
