#!/usr/bin/env python3
# product.update, staff.list and staff.role: the manager console's
# catalogue and staff. product.update edits a product by SKU, number or
# name with the fields stashctl product set takes; the register sees the
# new price at once; a price change is audited with who, where and the
# old price; a bad value changes nothing; "catalog" is a manager's, not a
# budtender's. staff.list lists everyone with their role; staff.role is
# admin's alone (a manager may not make anyone admin), audited, and keeps
# the last admin.
import json, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def test(store):
    st = store()
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    adm = st.terminal("office-2", ADMIN)
    bud = st.terminal("register-1", BUDTENDER)
    tag = bud.call("item.lookup", {"code": "FL-OGK-35"})["tag"]

    def show(sku):
        return json.loads(st.ctl("--json", "product", "show", sku))

    before = show("FL-OGK-35")
    r = mgr.call("product.update", {"product": "og kush", "price": 4150,
                 "unit_cost": 1300, "reorder": 6, "thc": 245,
                 "name": "OG Kush 3.5 g"})
    check(r["changed"] and r["product"]["price"] == 4150 and
          r["product"]["sku"] == "FL-OGK-35" and r["product"]["reorder"] == 6,
          "updated: %r" % r)
    p = show("FL-OGK-35")
    check(p["price"] == 4150 and p["unit_cost"] == 1300 and
          p["thc"] == 245 and p["name"] == "OG Kush 3.5 g" and
          p["net_ug"] == before["net_ug"], "recorded: %r" % p)
    lp = bud.call("item.lookup", {"code": tag})["product"]
    check(lp["price"] == 4150, "the register sells at the new price: %r" % lp)
    audit = st.ctl("audit", "list", "--limit", "2")
    check("product.price" in audit and "price=41.50 was=" in audit and
          "office-1" in audit and "product.set" in audit,
          "price change audited with who and where: " + audit)

    g = bud.call("product.get", {"product": "og kush"})["product"]
    check(g["price"] == 4150 and g["reorder"] == 6 and
          g["net_ug"] == before["net_ug"] and g["active"],
          "product.get: %r" % g)

    # By number; nothing to change writes nothing.
    pid = r["product"]["id"]
    n = len(st.ctl("audit", "list", "--limit", "1000").splitlines())
    r = mgr.call("product.update", {"product": pid, "price": 4150})
    check(not r["changed"], "nothing changed: %r" % r)
    check(len(st.ctl("audit", "list", "--limit", "1000").splitlines()) == n,
          "nothing audited")

    # Inactive: not sold; active again.
    mgr.call("product.update", {"product": "FL-OGK-35", "active": False})
    bud.expect_error("not-sellable", "item.lookup", {"code": tag})
    mgr.call("product.update", {"product": "FL-OGK-35", "active": True})
    bud.call("item.lookup", {"code": tag})

    # Bad values change nothing.
    for args, code in [({"price": 0}, "bad-request"),
                       ({"category": "Flower"}, "bad-request"),
                       ({"thc": 1001}, "bad-request"),
                       ({"active": "no"}, "bad-request"),
                       ({"route": "nasal"}, "bad-request")]:
        mgr.expect_error(code, "product.update",
                         dict(args, product="FL-OGK-35"))
    check(show("FL-OGK-35") == p, "refusals changed nothing")
    mgr.expect_error("not-found", "product.update", {"product": "nothing "
                     "like it", "price": 100})
    m = bud.expect_error("permission", "product.update", {
        "product": "FL-OGK-35", "price": 1})
    check("catalog" in m or "catalogue" in m, m)

    # Staff: listed with roles; a role changed by admin only.
    sl = mgr.call("staff.list")["staff"]
    roles = {s["id"]: s["role"] for s in sl}
    check(roles[MANAGER] == "manager" and roles[BUDTENDER] == "budtender"
          and roles[ADMIN] == "admin", "listed: %r" % sl)
    bud.expect_error("permission", "staff.list")
    mgr.expect_error("permission", "staff.role", {"staff": MANAGER,
                     "role": "admin"})
    r = adm.call("staff.role", {"staff": BUDTENDER, "role": "receiver"})
    check(r["role"] == "receiver" and r["was"] == "budtender", "%r" % r)
    check({s["id"]: s["role"] for s in mgr.call("staff.list")["staff"]}
          [BUDTENDER] == "receiver", "the list shows it")
    check("staff.role" in st.ctl("audit", "list", "--limit", "1") and
          "was=budtender" in st.ctl("audit", "list", "--limit", "1"),
          "audited")
    adm.expect_error("conflict", "staff.role", {"staff": ADMIN,
                     "role": "manager"})
    adm.expect_error("not-found", "staff.role", {"staff": 99,
                     "role": "manager"})
    adm.expect_error("bad-request", "staff.role", {"staff": BUDTENDER,
                     "role": "owner"})
    check("whole" in st.ctl("audit", "verify"), "audit whole")
    st.stop()


run(test)
