#!/usr/bin/env python3
# stashctl's trips (doc/stashctl.8, "order pick", "trip create" ...): with
# stashd stopped, a delivery order placed earlier is picked, packed and
# sealed from the shell, a trip is planned, refused at departure without
# the ledger California wants, loaded (the package moves into the vehicle),
# departs and prints the same 80-column manifest as trip.manifest; a wrong
# package and a wrong trip number are refused with a message; closing
# with the package back and no cash writes nothing off; the audit chain
# stays whole and names stashctl.
import datetime
import json
import os
import sys
import time
from zoneinfo import ZoneInfo
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

BD3 = "1A4060300000000000001003"    # Blue Dream 3.5g: 2
SD7 = "1A4060300000000000004001"    # Sour Diesel 7g
PLATE = "7ABC123"
OPTS = ["store-location=34052200,-118243700",
        "delivery-zones=5000:500,12000:900"]


def test(new_store):
    st = new_store(demo=False)
    st.ctl("init", "--licence", "C10-0000001-LIC", "--state", "CA", "--tz",
           "America/Los_Angeles", "--name", "Stash LA", "--admin-name",
           "Ada Admin", "--admin-pin", "1000")
    st.demo = json.loads(st.ctl("--json", "demo"))
    st.ctl("vehicle", "add", PLATE, "--make", "Toyota", "--model", "Prius",
           "--colour", "white", "--vin", "JTDKN3DU0A0123456", "--gps")
    st.ctl("staff", "driver", str(DRIVER), "--licence", "D1234567",
           "--employee", "E-17", "--born", "1990-05-01")
    conf = os.path.join(st.dir, "stash.conf")
    with open(conf, "w") as f:
        f.write("\n".join(o.replace("=", " ", 1) for o in OPTS) + "\n")
    st.options = OPTS
    st.start()
    t = st.terminal("register-1", MANAGER)
    now = int(time.time() * 1000000)
    cust = t.call("customer.create", {
        "type": "adult", "first": "Del", "last": "Ivered",
        "dob": "1980-01-01", "residence": "CA",
        "id_doc": {"type": "dl", "state": "CA", "number": "NIV",
                   "expires": "2031-01-01"},
        "id_scanned": True})["customer"]["id"]
    oid = t.call("order.create", {
        "ref": "ct-1", "customer": cust, "channel": "delivery",
        "window": {"start": now, "end": now + 30 * 3600 * 1000000},
        "lines": [{"sku": "FL-BD-1", "qty": 1}],
        "address": {"street": "1 Main St", "city": "Los Angeles",
                    "state": "CA", "zip": "90012", "lat": 34050000,
                    "lon": -118260000}})["order"]["id"]
    t.close()
    st.stop()

    # Pick list, a wrong package, the right one, sealed.
    for cmd in ("show", "pick"):
        st.ctl("order", cmd, "99", check_rc=False)
        check(st.last_rc != 0 and "no order 99" in st.last_err,
              "order %s 99: %s" % (cmd, st.last_err))
    pick = st.ctl("order", "pick", str(oid))
    check(BD3 in pick and "first" in pick and "to pick" in pick,
          "pick list:\n" + pick)
    st.ctl("order", "pack", str(oid), SD7, check_rc=False)
    check(st.last_rc != 0 and "Sour Diesel" in st.last_err,
          "a wrong package refused: " + st.last_err)
    out = st.ctl("order", "pack", str(oid), BD3.lower())
    check("packed" in out and BD3 in out, out)
    out = st.ctl("order", "seal", str(oid))
    check("sealed" in out and "ORDER %d" % oid in out, "label: " + out)
    o = json.loads(st.ctl("--json", "order", "show", str(oid)))
    check(o["status"] == "packed", "%r" % o)

    # Planned, checked, loaded.
    for cmd in (["show"], ["check", "--config", conf], ["manifest"]):
        st.ctl("trip", cmd[0], "99", *cmd[1:], check_rc=False)
        check(st.last_rc == 1 and "no trip 99" in st.last_err,
              "trip %s 99: %d %s" % (cmd[0], st.last_rc, st.last_err))
    tr = json.loads(st.ctl("--json", "trip", "create", "--driver",
                           str(DRIVER), "--vehicle", PLATE, "--orders",
                           str(oid)))
    tid = tr["id"]
    check(tr["status"] == "planned" and tr["orders"][0]["id"] == oid and
          tr["orders"][0]["status"] == "assigned", "created: %r" % tr)
    out = st.ctl("trip", "check", str(tid), "--config", conf, check_rc=False)
    check(st.last_rc == 2 and "ledger" in out, "check: %d %s" %
          (st.last_rc, out))
    js = json.loads(st.ctl("--json", "trip", "check", str(tid), "--config",
                           conf, check_rc=False))
    v = [x for x in js["violations"] if x["rule"] == "ledger"]
    check(st.last_rc == 2 and not js["ok"] and len(v) == 1 and
          isinstance(v[0]["line"], int) and v[0]["line"] > 0 and
          v[0]["message"], "check --json, as trip.check: %r" % js)
    # optimise and load share one step runner (ctl_trip_step): optimise
    # while planned, then load; optimise refused once the trip is loaded.
    tr = json.loads(st.ctl("--json", "trip", "optimise", str(tid),
                           "--config", conf))
    check(tr["status"] == "planned" and tr["orders"][0]["id"] == oid and
          tr["over_short"] == 0 and tr["handheld"] == "",
          "optimised: %r" % tr)
    st.ctl("trip", "depart", str(tid), "--ledger", "CA-L-9", "--config",
           conf, check_rc=False)
    check(st.last_rc != 0 and ("trip %d is planned: a trip departs once "
          "loaded" % tid) in st.last_err, "depart unloaded: " + st.last_err)
    st.ctl("trip", "load", str(tid), "--config", conf)
    st.ctl("trip", "load", str(tid), "--config", conf, check_rc=False)
    check(st.last_rc != 0 and ("trip %d is loaded: only a planned trip is "
          "loaded" % tid) in st.last_err, "load twice: " + st.last_err)
    st.ctl("trip", "optimise", str(tid), "--config", conf, check_rc=False)
    check(st.last_rc != 0 and "change only while it is planned" in
          st.last_err, "optimise once loaded: " + st.last_err)
    pk = json.loads(st.ctl("--json", "package", "show", BD3))
    check(pk["location"] == "vehicle:" + PLATE, "in the vehicle: %r" % pk)
    st.ctl("trip", "depart", str(tid), "--config", conf, check_rc=False)
    check(st.last_rc != 0 and "ledger" in st.last_err, st.last_err)
    out = st.ctl("trip", "depart", str(tid), "--ledger", "CA-L-9",
                 "--config", conf)
    check(" out " in out and "ledger CA-L-9" in out, out)
    lst = st.ctl("trip", "list", "--status", "out")
    check(("trip %d" % tid) in lst, lst)

    # Restocked on the road from the shell, whole packages only.
    RSN = "1A4060300000000000016001"
    st.ctl("trip", "restock", str(tid), RSN + ":5", "--config", conf,
           check_rc=False)
    check(st.last_rc != 0 and "restocked whole" in st.last_err,
          "part of a package: " + st.last_err)
    st.ctl("trip", "restock", str(tid), "nonsense", "--config", conf,
           check_rc=False)
    check(st.last_rc != 0 and "trip restock: nonsense is not a package tag"
          in st.last_err, st.last_err)
    tr = json.loads(st.ctl("--json", "trip", "restock", str(tid),
                           RSN + ":12", "--config", conf))
    check(tr["floating"] == [RSN], "restocked: %r" % tr)
    pk = json.loads(st.ctl("--json", "package", "show", RSN))
    check(pk["location"] == "vehicle:" + PLATE, "on board: %r" % pk)

    # The manifest: what trip.manifest gives at 80 columns.
    man = st.ctl("trip", "manifest", str(tid)).splitlines()
    st.start()
    t = st.terminal("register-1", MANAGER)
    want = t.call("trip.manifest", {"id": tid, "columns": 80})["lines"]
    check(man == want, "the same manifest:\n%s\n---\n%s" %
          ("\n".join(man), "\n".join(want)))
    check(all(len(x) <= 80 for x in man) and
          any("CA-L-9" in x for x in man) and
          any(BD3 in x for x in man), "\n".join(man))
    t.call("trip.fail", {"id": tid, "order": oid, "reason": "no one home"})
    t.close()
    st.stop()

    # Closed from the shell: the package back, nothing missing.
    out = json.loads(st.ctl("--json", "trip", "close", str(tid), "--cash",
                            "0", "--returned", BD3 + "," + RSN))
    check(out["returned"] == 2 and out["missing"] == 0 and
          out["over_short"] == 0, "close: %r" % out)
    pk = json.loads(st.ctl("--json", "package", "show", BD3))
    check(pk["location"] == "vault" and pk["qty"] == 2, "back: %r" % pk)
    audit = st.ctl("audit", "list", "--limit", "200")
    check("trip.load" in audit and "trip.restock" in audit and
          "stashctl" in audit, audit)
    check("whole" in st.ctl("audit", "verify"), "audit whole")


run(test)
