#!/usr/bin/env python3
# An inspector's questions of deliveries, in stashctl (doc/stashctl.8):
# a day's trips with their manifests (trip day), a trip's stops with the
# times and GPS points its handheld synced (trip stops), and a customer's
# deliveries (customer deliveries): as text, as JSON, and as printable
# pages (66 lines each, headed with the store, its licence, the question
# and "Page N of M").
import datetime
import json
import os
import re
import sys
from zoneinfo import ZoneInfo
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from drivertrip import *


def pages_ok(text, title):
    """Every page 66 lines under its header; N of M right; the pages."""
    pages = text.split("\f")
    for n, p in enumerate(pages, 1):
        lines = p.split("\n")
        if lines[-1] == "":
            lines.pop()
        check(len(lines) == 66, "page %d has %d lines" % (n, len(lines)))
        check(title in lines[0] and lines[0].rstrip().endswith(
            "Page %d of %d" % (n, len(pages))), "header: %r" % lines[0])
        check("Stash Demo Dispensary, licence 402R-00042" in lines[1],
              "store and licence: %r" % lines[1])
        check(all(len(x) <= 80 for x in lines), "80 columns")
    return pages


def test(new_store):
    tp = Trip(new_store)
    st, mgr, tid = tp.st, tp.mgr, tp.id
    a, b, c, d = tp.orders
    hh = tp.handheld()
    hh.call("trip.take", {"id": tid})
    j = Journal("handheld-1", tid)
    t0 = us_now() - 60 * 1000000
    at_a = fix(39770000, -104970000, t0 + 1000)
    r = hh.call("trip.sync", {"id": tid, "entries": [
        j.entry("arrive", at=t0, order=a, fix=fix(39769990, -104970010,
                                                  t0)),
        j.entry("deliver", at=t0 + 1000, order=a,
                tender={"cash": tp.total(0)}, fix=at_a),
        j.entry("fail", at=t0 + 2000, order=b, reason="not-home",
                fix=fix(39730000, -105030000, t0 + 2000)),
    ]})["acked"]
    sale_a = r[1]["sale"]
    today = datetime.datetime.now(ZoneInfo("America/Denver")).date()
    day = today.isoformat()

    out = st.ctl("trip", "day", day)
    check(re.search(r"^Trips of %s: 1$" % day, out, re.M) and
          re.search(r"^Trip %d +out +driver %d +vehicle %s" %
                    (tid, DRIVER, PLATE), out, re.M) and
          "CO-L-1" in out and "Ann Arrow" in out and "Dee Dunn" in out,
          "trip day:\n" + out)
    yday = (today - datetime.timedelta(days=2)).isoformat()
    check("Trips of %s: 0" % yday in st.ctl("trip", "day", yday),
          "another day has none")
    js = json.loads(st.ctl("--json", "trip", "day", day))
    check(js["date"] == day and [x["trip"]["id"] for x in js["trips"]] ==
          [tid] and any("Ann Arrow" in x for x in js["trips"][0]["manifest"]),
          "JSON: %r" % js)
    pages = pages_ok(st.ctl("trip", "day", day, "--pages"),
                     "TRIPS AND MANIFESTS OF %s" % day)
    check("Ann Arrow" in "".join(pages), "the manifest in the pages")

    out = st.ctl("trip", "stops", str(tid))
    check(re.search(r"^Stop 1 +order %d +delivered +Ann Arrow$" % a, out,
                    re.M) and
          re.search(r"^    deliver .* at 39\.770000,-104\.970000$", out,
                    re.M) and
          re.search(r"^            sale %d$" % sale_a, out, re.M) and
          re.search(r"^Stop 2 +order %d +failed +Ben Bolt$" % b, out,
                    re.M) and "reason: not-home" in out and
          re.search(r"^Stop 3 +order %d +out +Cat Cole\n.*\n    no stop "
                    r"events synced$" % c, out, re.M), "stops:\n" + out)
    js = json.loads(st.ctl("--json", "trip", "stops", str(tid)))
    s1 = js["stops"][0]
    check(s1["order"] == a and s1["sale"] == sale_a and
          [e["kind"] for e in s1["events"]] == ["arrive", "deliver"] and
          s1["events"][1]["fix"]["lat"] == 39770000 and
          s1["events"][1]["at"] == t0 + 1000, "JSON stops: %r" % s1)
    pages_ok(st.ctl("trip", "stops", str(tid), "--pages"),
             "STOPS OF TRIP %d" % tid)

    ann = tp.customers[0]
    out = st.ctl("customer", "deliveries", str(ann))
    check(re.search(r"^Customer %d +Ann Arrow +born 1980-02-03" % ann, out,
                    re.M) and
          re.search(r"^Order %d +delivered +\S+ \S+ +trip %d +sale %d$" %
                    (a, tid, sale_a), out, re.M) and
          "1 Main St, Denver, CO 80202" in out and
          "deliver at 39.770000,-104.970000" in out,
          "Ann's deliveries:\n" + out)
    js = json.loads(st.ctl("--json", "customer", "deliveries", str(ann)))
    check(js["name"] == "Ann Arrow" and len(js["deliveries"]) == 1 and
          js["deliveries"][0]["sale"] == sale_a and
          js["deliveries"][0]["fix"]["lon"] == -104970000 and
          js["deliveries"][0]["time"] == t0 + 1000, "JSON: %r" % js)
    pages_ok(st.ctl("customer", "deliveries", str(ann), "--pages"),
             "DELIVERIES TO CUSTOMER %d" % ann)
    st.ctl("customer", "deliveries", "999", check_rc=False)
    check(st.last_rc != 0 and "no customer 999" in st.last_err,
          "an unknown customer: %r" % st.last_err)

run(test)
