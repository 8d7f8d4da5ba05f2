#!/usr/bin/env python3
# The gaps of issue #6 in stock: a trace comes in pages ("after", "limit",
# "next") that add up to the whole, and stashctl trace follows them; with a
# rule file's "quarantine DAYS" a destruction is refused until the package
# has waited its days in the quarantine, saying when it may be destroyed;
# the lab holds of package.lab and intake.close are pushed to every
# terminal as hold.set's are. The rule file is a copy of the shipped
# Colorado one with a quarantine line added to its header.
import datetime, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

SRC = os.environ.get("top_srcdir", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))


# A lab result good for a year: dates far ahead are refused (doc/protocol.md).
LAB_EXPIRES = int((datetime.date.today() +
                   datetime.timedelta(days=365)).strftime("%Y%m%d"))


def tag(n):
    return "1A4060300000000000FE00%02d" % n


def rules_dir(st):
    d = os.path.join(st.dir, "rules-q")
    os.makedirs(d)
    with open(os.path.join(SRC, "contrib", "rules", "US-CO")) as f:
        text = "".join(l for l in f if not l.startswith("quarantine "))
    i = text.index("\npool ")
    with open(os.path.join(d, "US-CO"), "w") as f:
        f.write(text[:i] + "\nquarantine 3 \"test: a wait before "
                "destruction\"\n" + text[i:])
    return d


def test(new_store):
    st = new_store()
    st.options = ["rules-dir=" + rules_dir(st)]
    st.start()
    stock = st.stock()
    mgr = st.terminal("office-1", MANAGER)
    rcv = st.terminal("intake-1", RECEIVER)
    reg = st.terminal("register-1", BUDTENDER)
    pk = {t: mgr.call("package.get", {"tag": t})["package"] for t in stock}
    a = next(t for t, p in pk.items() if p["product"]["unit"] == "each"
             and p["qty"] >= 20)
    batch = pk[a]["batch"]

    # 1. Pages: seven sales, pages of two, the same as one page.
    for i in range(7):
        reg.call("sale.commit", {"ref": "sh:%d" % i, "lines": [{"tag": a,
                 "qty": 1}], "tender": {"cash": 10**6}})
    whole = mgr.call("trace", {"scope": "batch", "key": batch,
                               "limit": 20000})
    check("next" not in whole, "one page holds it all")
    rows, after, pages, sold = [], None, 0, 0
    while True:
        args = {"scope": "batch", "key": batch, "limit": 2}
        if after:
            args["after"] = after
        page = mgr.call("trace", args)
        pages += 1
        for p in page["packages"]:
            rows += [(p["tag"], s["sale"]) for s in p["sales"]]
        sold += page["totals"]["sold"]
        check(page["truncated"] == ("next" in page), "truncated: more")
        after = page.get("next")
        if after is None:
            break
        check(pages < 100, "pages end")
    want = [(p["tag"], s["sale"]) for p in whole["packages"]
            for s in p["sales"]]
    check(rows == want, "pages add up: %r %r" % (rows, want))
    check(sold == whole["totals"]["sold"], "totals add up")
    check(pages >= 4, "pages of two: %d" % pages)
    mgr.expect_error("bad-request", "trace", {"scope": "batch", "key": batch,
                     "limit": 20001})
    out = st.ctl("trace", "batch", batch)
    check(out.count("  sale ") == len(want), "stashctl prints every page")

    # 2. Quarantine: not there, then not long enough.
    w = {"staff": RECEIVER, "pin": PINS[RECEIVER]}
    m = mgr.expect_error("bad-request", "package.adjust", {"tag": a,
                         "delta": -1, "reason": "destruction",
                         "witness": w})
    check("quarantine" in m, "must be quarantined first: %s" % m)
    mgr.call("package.move", {"tag": a, "to": "quarantine"})
    m = mgr.expect_error("bad-request", "package.adjust", {"tag": a,
                         "delta": -1, "reason": "destruction",
                         "witness": w})
    check("may be destroyed from" in m, "says when: %s" % m)
    mgr.call("package.adjust", {"tag": a, "delta": -1, "reason": "damage"})

    # 3. Lab holds pushed: a failed result, then intake.close's holds.
    b = next(t for t, p in pk.items() if t != a and p["qty"] > 0)
    mgr.call("package.lab", {"tag": b, "status": "fail", "thc": 1,
             "cbd": 1, "lab": "LAB-1", "tested": 20260101,
             "expires": LAB_EXPIRES})
    ev = reg.wait_event("hold")
    check(ev["scope"] == "package" and ev["key"] == b and
          ev["state"] == "set" and ev["reason"].startswith("lab: "),
          "package.lab hold pushed: %r" % ev)
    mgr.call("package.lab", {"tag": b, "status": "pass", "thc": 1,
             "cbd": 1, "lab": "LAB-1", "tested": 20260101,
             "expires": LAB_EXPIRES})
    ev = reg.wait_event("hold")
    check(ev["key"] == b and ev["state"] == "released",
          "lab release pushed: %r" % ev)
    sku = pk[a]["product"]["sku"]
    rcv.call("intake.create", {"manifest": "MF-SH-1", "supplier": "SUP-SH",
             "packages": [{"tag": tag(1), "sku": sku, "batch": "B-SH",
                           "qty": 5}]})
    rcv.call("intake.scan", {"manifest": "MF-SH-1", "tag": tag(1),
             "qty": 5})
    r = rcv.call("intake.close", {"manifest": "MF-SH-1"})
    check(r["held"] == 1, "no lab result, held: %r" % r)
    ev = reg.wait_event("hold")
    check(ev["key"] == tag(1) and ev["state"] == "set",
          "intake.close hold pushed: %r" % ev)
    check("whole" in st.ctl("audit", "verify"), "audit whole")
    st.stop()


run(test)
