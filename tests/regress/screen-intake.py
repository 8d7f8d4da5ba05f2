#!/usr/bin/env python3
# Receiving on the real stash (--intake) in an 80x24 tmux pane: a manifest
# imported with stashctl is opened by a receiver, who scans its tags (sent
# in a burst, like a keyboard wedge) and counts or weighs what arrived; a
# short line is flagged at once in colour, closing is refused naming the
# line, a manager logs in and resolves it, the manifest closes and the
# packages are in the vault (package.get over the protocol).
import csv, datetime, io, sys, os, subprocess, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))
COLS = ["manifest", "supplier", "tag", "sku", "batch", "qty", "harvested",
        "lab_status", "lab_thc", "lab_cbd", "lab", "tested", "lab_expires"]
OK = ["pass", "21.5", "0.4", "LAB-1", "2026-01-10",
      (datetime.date.today() + datetime.timedelta(days=365)).isoformat()]


def tag(n):
    return "1A4060300000000000EE00%02d" % n


def test(new_store):
    st = new_store().start()
    sock = "intake%d" % os.getpid()
    tm = ["tmux", "-L", sock]
    M = "MF-SCREEN-1"

    f = io.StringIO()
    w = csv.writer(f, lineterminator="\n")
    w.writerow(COLS)
    for n, sku, qty in ((1, "FL-BD-1", "10"), (2, "FL-BD-1", "10"),
                        (3, "FL-GG4-BULK", "100.000")):
        w.writerow([M, "SUP-LIC-9", tag(n), sku, "B-SCR-1", qty,
                    "2025-12-01"] + OK)
    out = st.ctl("manifest", "import", "-", input=f.getvalue())
    check("imported 1 manifest" in out, out)

    def screen(colour=False):
        return subprocess.run(tm + ["capture-pane", "-p"] +
                              (["-e"] if colour else []),
                              capture_output=True, text=True).stdout

    def wait_for(text, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            out = screen()
            if text in out:
                return out
            time.sleep(0.1)
        raise Failure("no %r on screen:\n%s" % (text, screen()))

    def row(t):
        for l in screen().splitlines():
            if l.startswith(t):
                return l
        return ""

    def wait_row(t, text, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in row(t):
                return
            time.sleep(0.1)
        raise Failure("line %s never showed %r:\n%s" % (t, text, screen()))

    def keys(*k):
        subprocess.run(tm + ["send-keys"] + list(k), check=True)

    def login(staff):
        wait_for("Stash Demo Dispensary |")  # connected
        wait_for("Staff ID")
        keys(str(staff), "Enter", PINS[staff], "Enter")

    code = st.ctl("terminal", "add", "intake-1").splitlines()[0].strip()
    cred = os.path.join(st.dir, "i1.cred")
    env = dict(os.environ, TERM="xterm")
    try:
        subprocess.run(tm + ["new-session", "-d", "-x", "80", "-y", "24",
                             "%s -s 127.0.0.1:%d -t intake-1 -C %s -E %s "
                             "--intake" % (STASH, st.port, cred, code)],
                       env=env, check=True)
        wait_for("Stash Demo Dispensary |")
        login(RECEIVER)
        wait_for(M)
        keys("Enter")
        wait_for("Scan each package tag")
        wait_row(tag(3), "Gorilla")      # product names learnt

        # Scans in a burst, like a wedge; then the count or the grams.
        keys(tag(1), "Enter")
        wait_for("units (shipped 10)")
        keys("10", "Enter")
        wait_row(tag(1), "accepted")
        keys(tag(2), "Enter")
        wait_for("units (shipped 10)")
        keys("8", "Enter")
        wait_row(tag(2), "short")
        out = wait_for("1 DISCREPANCY")
        check("short %s: 8 received, 10 shipped -- manager: F6" % tag(2)
              in out, out)
        # The flagged line is drawn in the error colour (red).
        flagged = [l for l in screen(True).splitlines() if tag(2) in l]
        check(flagged and any(c in flagged[0] for c in
                              ("[41m", ";41m", "[31m", ";31m")),
              "short line in red: %r" % flagged)
        keys(tag(3), "Enter")
        wait_for("grams (shipped 100.000 g)")
        keys("100.5", "Enter")
        wait_row(tag(3), "accepted")

        # A receiver can neither close (the server says why) nor resolve.
        keys("F8")
        wait_for("settle")
        keys("F6")
        wait_for("Only a manager")

        # A manager resolves the short line and closes.
        keys("F10")
        login(MANAGER)
        wait_for(M)
        keys("Enter")
        wait_row(tag(2), "short")
        keys("Down")
        keys("F6")
        wait_for("a accept, r reject")
        keys("a")
        wait_for("Note:")
        keys("short shipped, supplier credits 2", "Enter")
        wait_row(tag(2), "accepted")
        keys("F8")
        wait_for("closed: 3 packages in the vault, 0 on hold")
    finally:
        subprocess.run(tm + ["kill-server"], capture_output=True)

    mgr = st.terminal("office-1", MANAGER)
    for n, qty in ((1, 10), (2, 8), (3, 100500)):
        p = mgr.call("package.get", {"tag": tag(n)})["package"]
        check(p["location"] == "vault" and p["qty"] == qty and
              p["status"] == "active", "package %d: %r" % (n, p))
    st.stop()


run(test)
