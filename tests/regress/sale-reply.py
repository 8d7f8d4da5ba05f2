#!/usr/bin/env python3
# sale.commit's reply is written without a JSON tree (reply_sale_line);
# sale.get's is built as a tree. Both must say the same: the same members,
# values and order, for a sale with every optional part (a customer and
# loyalty, discounts with a reason, a card tender, taxes, the receipt) and
# a product name that needs escapes, and for the replayed commit.
import sys, os, json
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

NAME = 'OG "Kush" \\ Ärger/3.5 g \u20ac'


def raw_result(t, op, args):
    # The reply's raw line, so member order is checked as well as values.
    rid = t.send(op, args)
    while True:
        line = t.read_frame()
        if line.get("id") == rid:
            return line


def test(new_store):
    st = new_store().start()
    mgr = st.terminal("office-1", MANAGER)
    mgr.call("product.update", {"product": "og kush", "name": NAME})
    reg = st.terminal("register-1", BUDTENDER)
    tag = reg.call("item.lookup", {"code": "FL-OGK-35"})["tag"]
    b = st.tags[1] if st.tags[0] == tag else st.tags[0]
    ib = reg.call("item.lookup", {"code": b})
    qb = 1 if ib["product"]["unit"] == "each" else 1000
    cu = reg.call("customer.create", {"type": "adult", "first": "Reply",
        "last": "Tester", "dob": "1970-01-01", "residence": "CO",
        "id_scanned": True, "id_doc": {"type": "dl", "state": "CO",
        "expires": "2030-01-01", "number": "REPLY123"}})["customer"]
    args = {"ref": "reply:1", "customer": cu["id"],
            "lines": [{"tag": tag, "qty": 1}, {"tag": b, "qty": qb}],
            "discounts": [{"kind": "oneoff", "line": 1, "amount": 10,
                           "reason": 'back\\slash "q"'}],
            "tender": {"cash": 10**6, "card": {"amount": 1000,
                                            "ref": "AUTH-\u00e9"}}}
    c = raw_result(reg, "sale.commit", args)
    check("error" not in c, "committed: %r" % c)
    s = c["result"]["sale"]
    check(not c["result"]["replayed"], "not a replay")
    check(s["lines"][0]["name"] == NAME, "escaped name: %r" % s["lines"][0])
    for k in ("discounts", "loyalty", "taxes", "card", "customer",
              "receipt", "staff"):
        check(k in s, "the sale has %s: %r" % (k, s))
    g = raw_result(reg, "sale.get", {"id": s["id"]})["result"]["sale"]
    check(list(g.keys()) == list(s.keys()),
          "member order: %r / %r" % (list(g.keys()), list(s.keys())))
    check(json.dumps(g) == json.dumps(s), "commit and get agree:\n%s\n%s" %
          (json.dumps(s), json.dumps(g)))

    # The replay is written the same way and says so.
    r = raw_result(reg, "sale.commit", args)["result"]
    check(r["replayed"] and json.dumps(r["sale"]) == json.dumps(g),
          "the replay: %r" % r)
    check(list(r.keys()) == ["sale", "replayed"], "result members")
    st.stop()


run(test)
