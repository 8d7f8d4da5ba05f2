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

# make bench: a driver's handheld syncs a day offline. The demo store
# (Colorado) with 200 delivery orders, each its own customer, address and
# package, on 7 trips (32 stops at most a trip) that have departed, all
# taken over by one handheld; its journal of 200 deliveries (each with a
# GPS fix, over the past day) is synced through the real stashd with
# trip.sync, N entries a call, and timed: deliveries per second. The same
# again with one entry a call (a handheld that syncs as it goes). The
# baseline, in the same run: sale_commit() in-process (bench-stash -p
# inproc, 10,000 sales a transaction). Figures, not pass/fail.
# -n deliveries (200), -b entries a call (100, at most 100).
import getopt, os, re, subprocess, sys, tempfile, time
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "regress"))
from stashproto import *
from drivertrip import packed_orders

PLATE = "7ABC123"
STORE = (39750000, -104999000)
TRIP_MAX = 32
TAG = "1A40603000000000000E%04d"    # the bench's packages, one unit each


def row(what, figure, ratio, note):
    print("%-46s %-26s %-8s %s" % (what, figure, ratio, note))


def inproc_rate():
    """Sales/s of sale_commit() in-process, from bench-stash, or None."""
    bench = os.environ.get("BENCH", os.path.join(BUILD, "tests", "bench",
                                                 "bench-stash"))
    if not os.path.exists(bench):
        return None, "no %s" % bench
    d = tempfile.mkdtemp(prefix="bench-sync-", dir=os.path.join(BUILD,
                                                                "tests",
                                                                "bench"))
    p = subprocess.run([bench, "-d", d, "-p", "inproc", "-s", STASHD],
                       capture_output=True, text=True)
    subprocess.run(["rm", "-rf", d])
    m = re.search(r"in-process sale_commit\(\), \d+ sales\s+([\d.]+) us/sale",
                  p.stdout)
    if m is None:
        return None, "bench-stash -p inproc said: %s" % (
            p.stdout + p.stderr)[-300:]
    return 1e6 / float(m.group(1)), "%s us/sale" % m.group(1)


def setup(st, mgr, n, first):
    """n delivery orders, each its own package, on departed trips: those
    numbered first to first + n - 1."""
    orders = [(o, mgr.call("order.get", {"id": o})["order"]["total"])
              for o in packed_orders(mgr, range(first, first + n), TAG,
                                     "Bench", 40)]
    trips = []
    for k in range(0, n, TRIP_MAX):
        part = orders[k:k + TRIP_MAX]
        t = mgr.call("trip.create", {"driver": DRIVER, "vehicle": PLATE,
                                     "orders": [o for o, _ in part]})
        t = t["trip"]["id"]
        mgr.call("trip.load", {"id": t})
        mgr.call("trip.depart", {"id": t, "ledger": "CO-B-%d" % t})
        trips.append((t, part))
    return trips


def sync(hh, trips, per, terminal):
    """Sync a day's journal, per entries a call: (seconds, deliveries)."""
    day = 86400 * 1000000
    t0 = int(time.time() * 1000000) - day
    calls = []
    seq = {}
    n = sum(len(p) for _, p in trips)
    k = 0
    for t, part in trips:
        entries = []
        for o, total in part:
            seq[t] = seq.get(t, 0) + 1
            at = t0 + k * (day // (n + 1))
            k += 1
            entries.append({"key": "%s-%d-%d" % (terminal, t, seq[t]),
                            "seq": seq[t], "at": at, "kind": "deliver",
                            "order": o, "tender": {"cash": total},
                            "fix": {"lat": STORE[0], "lon": STORE[1],
                                    "at": at, "quality": 1, "sats": 8,
                                    "stale": False}})
        for i in range(0, len(entries), per):
            calls.append((t, entries[i:i + per]))
    start = time.monotonic()
    done = 0
    for t, entries in calls:
        r = hh.call("trip.sync", {"id": t, "entries": entries})["acked"]
        done += sum(1 for x in r if x["result"] == "done")
    return time.monotonic() - start, done


def test(new_store):
    n, per = 200, 100
    opts, _ = getopt.getopt(sys.argv[1:], "n:b:")
    for o, v in opts:
        if o == "-n":
            n = int(v)
        elif o == "-b":
            per = max(1, min(100, int(v)))
    base, note = inproc_rate()
    if base is None:
        row("in-process sale_commit() (baseline)", "not measured", "",
            note)
    else:
        row("in-process sale_commit() (baseline)", "%.0f sales/s" % base,
            "1.00x", note + ", 10,000 a transaction")
    st = new_store()
    st.ctl("package", "import", "-", input="tag,sku,batch,qty\n" + "".join(
        "%s,FL-BD-1,B-SYNC,1\n" % (TAG % i) for i in range(2 * n)))
    st.ctl("vehicle", "add", PLATE, "--make", "Toyota", "--model", "Prius",
           "--colour", "white", "--vin", "JTDKN3DU0A0123456", "--gps")
    st.ctl("staff", "driver", str(DRIVER), "--licence", "D1234567",
           "--employee", "E-17", "--born", "1990-05-01")
    st.options = ["store-location=%d,%d" % STORE,
                  "delivery-zones=50000:500"]
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    for k, (per_call, name) in enumerate(((per, "handheld-1"),
                                          (1, "handheld-2"))):
        t0 = time.monotonic()
        trips = setup(st, mgr, n, k * n)
        if k == 0:
            row("setup: %d delivery orders on %d trips" % (n, len(trips)),
                "%.1f s" % (time.monotonic() - t0), "", "customers, "
                "orders, packing, loading, departure")
        hh = st.terminal(name, DRIVER, drawer=False)
        for t, _ in trips:
            hh.call("trip.take", {"id": t})
        secs, done = sync(hh, trips, per_call, name)
        rate = done / secs if secs > 0 else 0
        row("trip.sync, %d deliveries, %d a call" % (done, per_call),
            "%.0f deliveries/s" % rate, "%.2fx" % (rate / base)
            if base else "", "%.2f s for the day's journal, each a "
            "durable sale" % secs)
        hh.close()
    st.stop()


if __name__ == "__main__":
    print()
    print("[a handheld syncs a day offline: python3 tests/bench/"
          "bench-sync.py]")
    run(test)
