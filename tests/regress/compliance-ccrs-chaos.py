#!/usr/bin/env python3
# The CCRS adapter under chaos, as compliance-chaos.py is for Metrc: sales
# and voids from four terminals while "stashctl compliance ccrs export"
# runs over and over, a third of the runs killed (-9) part way (after
# some of its files may be in place, before its transaction commits), and
# stashd is killed (-9) three times while they sell, once just after its
# start, when it writes its own export. Then every file written, in
# either directory, is uploaded in CCRS's order to the stand-in state
# (ccrs_check.State, which checks each file against the CCRS rules) and
# its answer imported. At the end every sale is in exactly one accepted
# Sale Insert per line across the files, none accepted twice, none
# missing; a voided sale is not at the state; the outbox is empty.
#
# A file of an export whose commit was lost is written again by the next
# export under the same identifiers: the state answers "Duplicate" for
# what it already has, which stash counts as accepted. Rows only ever
# appear in two files where one of them is such an unacknowledged file.
# Where a kill lands is up to the clock, so one lost commit is made for
# certain: while stashd is down the first time, an export runs and the
# ledger is put back as it was before it (its files stay), as a kill
# between the files' rename and the commit leaves it. The next export
# then names no file as one already in its directory (a person may have
# uploaded it, and the state's answer names it): every second of the next
# minute has a file there before it runs, and none is replaced.
#
# CHAOS_SALES and CHAOS_VOIDS change the counts (default 1000 and 50).
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
from stashproto import *
from chaosshop import sell_through_crashes, voided_in_ledger
import ccrs_check

LICENCE = "412345"
SALES = int(os.environ.get("CHAOS_SALES", "1000"))
VOIDS = int(os.environ.get("CHAOS_VOIDS", "50"))


class CountingState(ccrs_check.State):
    """The state, counting what it accepted of each Sale line."""

    def __init__(self, licence):
        super().__init__(licence)
        self.inserts = {}	# SaleDetailExternalIdentifier -> count
        self.duplicates = 0

    def upload(self, path, outdir, refuse=None):
        kind, rows = ccrs_check.check_file(path)
        if kind == "Sale":
            for r in rows:
                k = r["SaleDetailExternalIdentifier"]
                err = self.error(kind, r, k)
                if err and err.startswith("Duplicate"):
                    self.duplicates += 1
                elif not err and r["Operation"] == "Insert":
                    self.inserts[k] = self.inserts.get(k, 0) + 1
        return super().upload(path, outdir, refuse)


def names_taken(st, d):
    """A file in d for every second of the next minute, by the name an
    export then would give its Sale file: the names."""
    import datetime
    from zoneinfo import ZoneInfo
    tz = ZoneInfo(json.loads(st.ctl("--json", "info"))["tz"])
    now = datetime.datetime.now(tz)
    names = []
    for dt in range(60):
        ts = (now + datetime.timedelta(seconds=dt)).strftime("%Y%m%d%H%M%S")
        names.append("Sale_%s_%s.csv" % (LICENCE, ts))
        with open(os.path.join(d, names[-1]), "w") as f:
            f.write("a person's\n")
    return names


def test(new_store):
    st = new_store()
    auto, out, mail, conf = ccrs_check.store_dirs(st.dir, LICENCE)
    st.options = ["state-system=ccrs", "ccrs-dir=" + auto,
                  "ccrs-licence=" + LICENCE,
                  "ccrs-submitted-by=Store Manager"]
    st.start()
    export = [STASHCTL, "-d", st.data, "--json", "compliance", "ccrs",
              "export", "--config", conf, out]
    acked = set()		# files a finished export named
    stop = threading.Event()
    runs = {"done": 0, "killed": 0}
    lost = []			# Sale lines in the lost commit's files
    lost_files = {}		# and the files, as written
    probe = os.path.join(st.dir, "probe")
    os.mkdir(probe)
    one = threading.Lock()	# the exporter, or the lost commit

    begun = threading.Event()	# after the lost commit: sales owed then

    def exporter():
        rng = random.Random(1016)
        begun.wait()
        while not stop.is_set():
            with one:
                p = subprocess.Popen(export, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
                if (runs["done"] + runs["killed"]) % 3 == 1:
                    time.sleep(rng.random() * 0.05)
                    p.kill()
                    p.communicate()
                    runs["killed"] += 1
                else:
                    text, _ = p.communicate()
                    if p.returncode == 0:
                        acked.update(f["file"] for f in
                                     json.loads(text)["files"])
                        runs["done"] += 1
            stop.wait(0.2)

    def between(k):
        if k == 0:
            with one:
                keep = os.path.join(st.dir, "before")
                shutil.copytree(st.data, keep)
                r = json.loads(subprocess.run(export, check=True,
                                              capture_output=True,
                                              text=True).stdout)
                shutil.rmtree(st.data)
                shutil.copytree(keep, st.data)
                shutil.rmtree(keep)
                taken = names_taken(st, probe)
                r2 = json.loads(st.ctl("--json", "compliance", "ccrs",
                                       "export", "--config", conf, probe))
                for f in r2["files"]:
                    check(f["file"] not in taken, "a new name, not %s" %
                          f["file"])
                for f in taken:
                    with open(os.path.join(probe, f)) as x:
                        check(x.read() == "a person's\n", "%s kept" % f)
                    os.unlink(os.path.join(probe, f))
                acked.update(f["file"] for f in r2["files"])
                for f in r["files"]:
                    with open(os.path.join(out, f["file"]), "rb") as x:
                        lost_files[f["file"]] = x.read()
            for f in r["files"]:
                kind, rows = ccrs_check.check_file(os.path.join(out,
                                                                f["file"]))
                if kind == "Sale":
                    lost.extend(x["SaleDetailExternalIdentifier"]
                                for x in rows)
            begun.set()
        if k == 1:
            # stashd killed again at once: during its start's export.
            st.start()
            st.kill9()
    ex = threading.Thread(target=exporter)
    ex.start()
    t0 = time.time()
    try:
        shop = sell_through_crashes(st, SALES, VOIDS, kills=3,
                                    between=between)
    finally:
        stop.set()
        begun.set()
        ex.join()
    t_sales = time.time() - t0
    check(runs["killed"] > 0 and runs["done"] > 0, "exports finished and "
          "killed: %r" % runs)
    # What is still owed, written once more; stashd stopped so that its
    # schedule writes nothing after.
    st.stop()
    r = json.loads(st.ctl("--json", "compliance", "ccrs", "export",
                          "--config", conf, out))
    acked.update(f["file"] for f in r["files"])
    again = json.loads(st.ctl("--json", "compliance", "ccrs", "export",
                              "--config", conf, out))
    check(again["reports"] == 0 and again["files"] == [],
          "nothing owed twice: %r" % again)

    # Every file, in CCRS's upload order, through the state; each answer
    # imported.
    order = {k: i for i, k in enumerate(ccrs_check.FILES)}

    def key(p):
        kind, lic = ccrs_check.kind_of(p)
        stamp = os.path.basename(p).rsplit("_", 1)[1]
        return (ccrs_check.GROUP[kind], stamp, order[kind])
    files = sorted(glob.glob(os.path.join(auto, "*.csv")) +
                   glob.glob(os.path.join(out, "*.csv")) +
                   glob.glob(os.path.join(probe, "*.csv")), key=key)
    for f, b in lost_files.items():
        with open(os.path.join(out, f), "rb") as x:
            check(x.read() == b, "%s, of the lost commit, kept" % f)
    state = CountingState(LICENCE)
    written = {}		# Sale line -> files it is an Insert in
    for p in files:
        kind, rows = ccrs_check.check_file(p)
        if kind == "Sale":
            for row in rows:
                if row["Operation"] == "Insert":
                    written.setdefault(row["SaleDetailExternalIdentifier"],
                                       []).append(p)
        st.ctl("compliance", "ccrs", "uploaded", p, "--by", "Jo Manager",
               check_rc=False)
        st.ctl("--json", "compliance", "ccrs", "results",
               state.upload(p, mail), "--file", os.path.basename(p))
    s = json.loads(st.ctl("--json", "compliance", "status"))
    check(s["pending"] == 0 and s["exceptions"] == 0,
          "every report settled: %r" % s)

    # The state against the ledger.
    ledger = voided_in_ledger(st, shop)
    at_state = {}
    for k in state.have["Sale"]:
        m = re.match(r"^stash-.+-(\d+)-(\d+)$", k)
        check(m, "a sale line of ours: %r" % k)
        at_state.setdefault(int(m.group(1)), set()).add(int(m.group(2)))
    for sid, x in ledger.items():
        if x["status"] == "void":
            check(sid not in at_state, "voided sale %d is not at the state"
                  % sid)
            continue
        lines = set(range(1, len(x["lines"]) + 1))
        check(at_state.get(sid) == lines,
              "sale %d's lines at the state: %r" % (sid, at_state.get(sid)))
    extra = [i for i in at_state if i not in ledger]
    check(not extra, "no sale at the state we do not have: %r" % extra[:5])
    check(lost and state.duplicates >= len(lost) and
          all(len(written[k]) == 2 for k in lost),
          "the lost commit's %d lines written again, answered Duplicate "
          "(%d): %r" % (len(lost), state.duplicates,
                        [written.get(k) for k in lost[:3]]))
    twice = [k for k, n in state.inserts.items() if n != 1]
    check(not twice, "each line accepted once: %r" % twice[:5])
    for k, ps in written.items():
        if len(ps) > 1:
            check(sum(1 for p in ps if os.path.dirname(p) == auto or
                      os.path.basename(p) not in acked) >= len(ps) - 1,
                  "line %s written twice only after a lost commit: %r" %
                  (k, ps))
    for sid in shop.sold:
        check(sid in ledger, "sale %d is in the ledger" % sid)
    print("ccrs chaos: %d sales, %d voids, %d lines at the state, %d files, "
          "%d exports (%d killed), %d rows written again and answered "
          "Duplicate; sales %.0f s, the rest %.0f s" %
          (len(shop.sold), len(shop.voided), len(state.have["Sale"]),
           len(files), runs["done"] + runs["killed"], runs["killed"],
           state.duplicates, t_sales, time.time() - t0 - t_sales))


run(test)
