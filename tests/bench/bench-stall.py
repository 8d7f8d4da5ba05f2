#!/usr/bin/env python3
# $Id$
#
# Copyright (c) 2026 The stash authors
#
# Permission to use, copy, modify, and distribute this software for any
# purpose with or without fee is hereby granted, provided that the above
# copyright notice and this permission notice appear in all copies.
#
# THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
# WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
# MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
# ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
# WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
# ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
# OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.

# make bench: the longest stall of stashd's loop while a big op runs on a
# large ledger. A second terminal pings one ping at a time; the figure is
# the longest gap between two of its replies (or between the op's request
# and the first, or the last and the op's reply becoming readable) while
# count.start walks the packages, report.z walks a day of sales with many
# drawers, or compliance.reconcile compares the state's list
# (stash-metrc-sim's demo) with the packages, none of which the state
# has. The baseline is the same measure with nothing else running. Figures, not
# pass/fail. -p packages (default 50000), -d drawers (default 100), -s
# sales per drawer (default 5).
import getopt, os, select, sys, time
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "regress"))
from stashproto import *


def row(what, figure, ratio, note):
    print("%-46s %-26s %-8s %s" % (what, figure, ratio, note))


def stall(t, pinger, op, args, idle=0.0):
    """The longest gap (s) between ping replies while op runs on t."""
    rid = t.send(op, args) if op is not None else None
    last = start = time.monotonic()
    worst = 0.0
    while True:
        if rid is None:
            if time.monotonic() - start >= idle:
                break
        elif t.buf or select.select([t.sock], [], [], 0)[0]:
            break
        pinger.call("ping")
        now = time.monotonic()
        worst = max(worst, now - last)
        last = now
    # Up to the reply's first bytes: what comes after is this script
    # parsing it (50,000 differences take Python ~100 ms), not stashd.
    worst = max(worst, time.monotonic() - last)
    if rid is not None:
        try:
            t.wait(rid)
        except ProtoError:
            pass
    return worst


def test(new_store):
    npk, ndrawers, per = 50000, 100, 5  # sales: at most npk - 5
    opts, _ = getopt.getopt(sys.argv[1:], "p:d:s:")
    for o, v in opts:
        if o == "-p":
            npk = int(v)
        elif o == "-d":
            ndrawers = int(v)
        elif o == "-s":
            per = int(v)
    st = new_store()
    sim = Sim(os.path.join(st.dir, "sim.json"))
    try:
        bench(st, sim, npk, ndrawers, per)
    finally:
        sim.stop()


def bench(st, sim, npk, ndrawers, per):
    st.ctl("package", "import", "-", input="tag,sku,batch,qty\n" + "".join(
        "1A4060300000000000D%05d,FL-BD-1,B-BENCH,1\n" % n
        for n in range(npk)))
    report_to(st, sim, "metrc-reconcile=0")
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    pinger = st.terminal("register-9")
    regs = [st.terminal("register-%d" % i, BUDTENDER, drawer=False)
            for i in (1, 2)]
    for n in range(5):
        mgr.call("package.move", {"tag": "1A4060300000000000D%05d" % n,
                                  "to": "vault"})
    # Drawers opened and closed on two registers, sales in each.
    k = 0
    for d in range(ndrawers):
        reg = regs[d % 2]
        reg.call("drawer.open", {"float": 10000})
        for _ in range(per):
            k += 1
            reg.call("sale.commit", {"ref": "bench:%d" % k, "lines": [
                {"tag": "1A4060300000000000D%05d" % (npk - k), "qty": 1,
                 "weight": "scale"}], "tender": {"cash": 10**6}})
        reg.call("drawer.close", {"counted": 10000})
    for delta in (0, -1, 1):
        day = time.strftime("%Y-%m-%d",
                            time.localtime(time.time() + delta * 86400))
        if mgr.call("report.z", {"date": day})["drawers"]:
            break

    base = stall(mgr, pinger, None, None, idle=1.0)
    row("loop stall: idle (baseline)", "%.2f ms" % (base * 1000), "1.00x",
        "longest gap between one terminal's pings")
    for what, op, args in (
            ("count.start, 5 of %dk packages" % (npk // 1000), "count.start",
             {"location": "vault"}),
            ("count.start, refused, %dk packages" % (npk // 1000), "count.start",
             {}),
            ("report.z, %d drawers, %d sales" % (ndrawers, k), "report.z",
             {"date": day}),
            ("compliance.reconcile, %dk packages" % (npk // 1000),
             "compliance.reconcile", {})):
        worst = max(stall(mgr, pinger, op, args) for _ in range(3))
        row("loop stall: " + what, "%.2f ms" % (worst * 1000),
            "%.1fx" % (worst / base if base > 0 else 0),
            "longest gap between another terminal's pings, worst of 3")
    st.stop()


if __name__ == "__main__":
    print()
    print("[stashd's loop on a large ledger: python3 tests/bench/"
          "bench-stall.py]")
    run(test)
