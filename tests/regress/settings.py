#!/usr/bin/env python3
# Store settings that are policy, not law (settings.get, settings.set,
# stashctl settings): a value set in the ledger overrides stash.conf's,
# is validated (a bad value is refused with the rule it breaks and nothing
# changes), audited with the old and new value, in force at once (who is
# a senior; delivery zones and fees, for stashd's orders and stashctl's
# alike), and every terminal is pushed a settings event. A change
# stashctl makes from its own process reaches the running stashd at its
# next op. Only admins change them; everyone logged in reads them.
import sys, os, datetime, json, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

ADDR = {"street": "1 Main St", "city": "Denver", "state": "CO",
        "zip": "80202", "lat": 39750000, "lon": -104999000}   # 1.4 km


def order(ref, cust):
    n = int(time.time() * 1000000)
    return {"ref": ref, "customer": cust, "channel": "delivery",
            "address": ADDR, "window": {"start": n, "end": n + 86400000000},
            "lines": [{"sku": "FL-WW-1", "qty": 1}]}

A = "1A4060300000000000001001"      # Blue Dream 3.5g
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01",
        "number": "S1"}


def settings(t):
    return {s["key"]: s for s in t.call("settings.get")["settings"]}


def test(new_store):
    st = new_store()
    st.options = ["senior-age=70", "store-location=39739200,-104990300"]
    st.start()
    bud = st.terminal("register-1", BUDTENDER)
    admin = st.terminal("office", ADMIN, drawer=False)

    today = datetime.date.today()
    dob = today.replace(year=today.year - 66, day=1).isoformat()
    cust = bud.call("customer.create", {"type": "adult", "first": "Sam",
                    "last": "Senior", "dob": dob, "id_scanned": True,
                    "residence": "CO", "id_doc": IDOC})["customer"]

    def senior_ok():
        q = bud.call("sale.quote", {"lines": [{"tag": A, "qty": 1}],
                     "customer": cust["id"],
                     "discounts": [{"kind": "senior", "percent": 5}]})
        return q["quote"]["ok"]

    s = settings(bud)
    check(s["senior-age"]["value"] == "70" and
          s["senior-age"]["source"] == "stash.conf" and
          s["receipt-footer"]["value"] == "", "settings.get: %r" % s)
    check(not senior_ok(), "66 is a senior at senior-age 70")

    # Only an admin changes them.
    bud.expect_error("permission", "settings.set",
                     {"key": "senior-age", "value": "60"})

    # Refusals name the rule and change nothing.
    before = st.ctl("audit", "list", "--limit", "1")
    for key, value, words in (
            ("senior-age", "200", ("senior-age", "150")),
            ("senior-age", "old", ("senior-age",)),
            ("discount-threshold", "-1", ("discount-threshold", "0")),
            ("delivery-zones", "5000:500,1000:900", ("must rise",)),
            ("receipt-footer", "x" * 121, ("120",)),
            ("receipt-footer", "bad\x1b[2J", ("control",)),
            ("listen", "0.0.0.0:1", ("no setting", "receipt-footer"))):
        msg = admin.expect_error("bad-request", "settings.set",
                                 {"key": key, "value": value})
        for w in words:
            check(w in msg, "%s=%r: says %r: %s" % (key, value, w, msg))
    check(st.ctl("audit", "list", "--limit", "1") == before,
          "a refused setting was audited")
    check(settings(admin)["senior-age"]["value"] == "70",
          "a refused value was kept")

    # A good value: in force at once, audited, pushed to every terminal.
    r = admin.call("settings.set", {"key": "senior-age", "value": "65"})
    check(r["changed"] and r["was"] == "70", "settings.set: %r" % r)
    ev = bud.wait_event("settings")
    check(ev.get("key") == "senior-age", "settings event: %r" % ev)
    check(senior_ok(), "66 is not a senior at senior-age 65")
    audit = st.ctl("audit", "list", "--limit", "1")
    check("settings.set" in audit and 'old="70" new="65"' in audit,
          "audit: " + audit)
    s = settings(bud)
    check(s["senior-age"]["value"] == "65" and
          s["senior-age"]["source"] == "ledger", "after set: %r" % s)
    check(not admin.call("settings.set", {"key": "senior-age",
                                          "value": "65"})["changed"],
          "the same value changed something")

    admin.call("settings.set", {"key": "receipt-footer",
                                "value": "Thank you - see you soon"})
    bud.wait_event("settings")
    # Delivery zones: stash.conf has none (pickup only) until the ledger
    # has them; then stashd and stashctl both charge the ledger's fee.
    bud.expect_error("zone", "order.create", order("z-1", cust["id"]))
    admin.call("settings.set", {"key": "delivery-zones",
                                "value": "5000:750,10000:900"})
    check(settings(bud)["delivery-zones"]["value"] == "5000:750,10000:900",
          "zones not set")
    o = bud.call("order.create", order("z-2", cust["id"]))["order"]
    check(o["fee"] == 750 and o["zone"] == 1, "the ledger's fee: %r" % o)
    conf = os.path.join(st.dir, "stash.conf")
    with open(conf, "w") as f:
        f.write("store-location 39739200,-104990300\nsenior-age 70\n")
    o = json.loads(st.ctl("--json", "order", "create", "--json",
                          "--config", conf, input=json.dumps(
                              order("z-3", cust["id"]))))["order"]
    check(o["fee"] == 750, "stashctl's order fee: %r" % o)

    # stashctl, from its own process: the running stashd takes it at its
    # next op and tells the terminals.
    out = st.ctl("settings", "set", "senior-age", "68", "--config", conf)
    check('now "68" (was "65")' in out, "stashctl settings set: " + out)
    check(not senior_ok(), "stashctl's senior-age 68 not in force")
    bud.wait_event("settings")
    st.ctl("settings", "set", "senior-age", "abc", check_rc=False)
    check(st.last_rc == 1 and "senior-age" in st.last_err,
          "stashctl bad value: " + st.last_err)
    lst = {x["key"]: x for x in json.loads(st.ctl("--json", "settings",
                                                  "list", "--config",
                                                  conf))}
    check(lst["senior-age"]["value"] == "68" and
          lst["senior-age"]["source"] == "ledger" and
          lst["receipt-footer"]["value"] == "Thank you - see you soon" and
          lst["loyalty-point-value"]["source"] == "stash.conf",
          "stashctl settings list: %r" % lst)

    # The ledger's value outlives a restart, over stash.conf's.
    st.stop()
    st.start()
    bud = st.terminal("register-1", BUDTENDER)
    check(settings(bud)["senior-age"]["value"] == "68",
          "the ledger's value lost at restart")
    check(not senior_ok(), "senior-age 68 not in force after restart")
    st.ctl("audit", "verify")
    st.stop()


run(test)
