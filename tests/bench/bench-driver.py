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

# make bench-driver: the driver's handheld's memory. The real stash
# --driver in an 80x24 tmux pane (its ID scanner and GPS on ptys through
# the real libserialport), against a real stashd on the demo store: its
# resident memory (/proc/PID/status) logged in with no trip, with the
# issue's 40-stop trip loaded (each stop its own customer, address and
# package, with the rule file and history), with its route and one stop
# shown, and after 100 more journal entries (GPS fixes, one a second) on
# top. The goal: under 12 MB with 40 stops. Baseline in the same
# kind of pane: cat. Figures, not pass/fail.
import importlib.util, os, re, subprocess, sys, time
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "regress"))
from stashproto import *
from driverterm import Handheld, Proxy

STOPS = 40
spec = importlib.util.spec_from_file_location(
    "bench_sync", os.path.join(HERE, "bench-sync.py"))
bench_sync = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_sync)


def rss(pid):
    """VmRSS, RssAnon and RssFile of pid, in kB."""
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
                out[k] = int(v.split()[0])
    return out


def row(what, r, note=""):
    print("%-44s %8.1f MB  anon %5.1f MB  file %5.1f MB  peak %5.1f MB %s"
          % (what, r["VmRSS"] / 1024.0, r["RssAnon"] / 1024.0,
             r["RssFile"] / 1024.0, r["VmHWM"] / 1024.0, note))


def settle(pid):
    """RSS once two readings a second apart agree."""
    last = None
    for _ in range(30):
        r = rss(pid)
        if last is not None and r["VmRSS"] == last["VmRSS"]:
            return r
        last = r
        time.sleep(1)
    return last


class Shell:
    def __init__(self, st):
        self.st = st


def test(new_store):
    st = new_store()
    st.ctl("package", "import", "-", input="tag,sku,batch,qty\n" + "".join(
        "%s,FL-BD-1,B-DRV,1\n" % (bench_sync.TAG % i)
        for i in range(STOPS)))
    st.ctl("vehicle", "add", bench_sync.PLATE, "--make", "Toyota", "--model",
           "Prius", "--colour", "white", "--vin", "JTDKN3DU0A0123456",
           "--gps")
    st.ctl("staff", "driver", str(DRIVER), "--licence", "D1234567",
           "--employee", "E-17", "--born", "1990-05-01")
    st.options = ["store-location=%d,%d" % bench_sync.STORE,
                  "delivery-zones=50000:500"]
    st.start()
    mgr = st.terminal("office-1", MANAGER)
    bench_sync.TRIP_MAX = STOPS         # the whole trip on one
    trips = bench_sync.setup(st, mgr, STOPS, 0)
    tid = trips[0][0]

    # Baseline: cat in the same kind of pane.
    base = Pane("benchcat")
    subprocess.run(base.tm + ["new-session", "-d", "-x", "80", "-y", "24",
                              "cat"], env=dict(os.environ, TERM="xterm"),
                   check=True)
    time.sleep(0.5)
    cat = int(subprocess.run(base.tm + ["list-panes", "-F", "#{pane_pid}"],
                             capture_output=True, text=True).stdout.split()[0])
    row("cat in an 80x24 pane (baseline)", settle(cat))
    base.kill()

    proxy = Proxy(st.port)
    hh = Handheld(Shell(st), proxy)
    hh.interval = 1
    try:
        p = hh.start()
        hh.login()
        p.wait_for("Trip %d" % tid)
        pid = hh.pid()
        before = settle(pid)
        row("stash --driver, logged in, no trip", before)
        p.keys("Enter")
        p.wait_for("is yours: %d stops" % STOPS)
        loaded = settle(pid)
        row("stash --driver, %d-stop trip loaded, route" % STOPS, loaded)
        p.keys("Enter")
        p.wait_for("Order ")
        row("  and one stop open", settle(pid))
        p.keys("Escape")
        per = (loaded["VmRSS"] - before["VmRSS"]) / float(STOPS)
        print("%-44s %8.1f kB a stop (goal: %d stops under 12 MB)" %
              ("  the trip's cost", per, STOPS))
        proxy.cut()
        p.wait_for("OFFLINE", timeout=60)

        def entries():
            m = re.search(r"(\d+) TO SYNC", p.text())
            return int(m.group(1)) if m else 0
        # GPS fixes every second, offline.
        wait_until("100 journal entries", lambda: entries() >= 100,
                   timeout=600)
        row("  and %d journal entries waiting" % entries(), settle(pid))
        st_size = os.stat(hh.journal).st_size
        print("%-44s %8.1f MB" % ("the handheld's file then", st_size /
                                  1048576.0))
    finally:
        hh.close()
        proxy.close()
    st.stop()


if __name__ == "__main__":
    print()
    print("[the driver's handheld's memory: python3 tests/bench/"
          "bench-driver.py]")
    run(test)
