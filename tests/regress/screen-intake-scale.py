#!/usr/bin/env python3
# Receiving bulk (weighed) packages on the real stash (--intake) in an
# 80x24 tmux pane, with a scale: tests/sim/sim-scale on a pty opened
# through the real libserialport (tests/sim/ptyshim.so preloaded). While
# the scale moves, Enter takes nothing and stashd has no figure for the
# line; once it is STABLE, Enter takes its weight, which is short of what
# was shipped beyond the tolerance and is flagged as a discrepancy at once.
# The same settled weight is not taken for the next package; once that
# package is on the scale and stable, it is taken as soon as its tag is
# scanned, within the tolerance, and accepted. Checked on the screen and
# in stashd (intake.get over the protocol). F7 prints the line's shelf
# label, with the weight received, on a ZPL label printer (a TCP sink).
import csv, datetime, io, sys, os, subprocess, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))
SIMSCALE = os.path.join(BUILD, "tests", "sim", "sim-scale")
COLS = ["manifest", "supplier", "tag", "sku", "batch", "qty", "harvested",
        "lab_status", "lab_thc", "lab_cbd", "lab", "tested", "lab_expires"]
OK = ["pass", "21.5", "0.4", "LAB-1", "2026-01-10",
      (datetime.date.today() + datetime.timedelta(days=365)).isoformat()]
M = "MF-SCALE-1"


def tag(n):
    return "1A4060300000000000EF00%02d" % n



def test(new_store):
    if subprocess.run(["which", "tmux"], capture_output=True).returncode:
        print("SKIP: no tmux")
        sys.exit(77)
    if not (os.path.exists(SHIM) and os.path.exists(SIMSCALE)):
        subprocess.run(["make", "-C", BUILD, "tests/sim/ptyshim.so",
                        "tests/sim/sim-scale"], capture_output=True)
    if not (os.path.exists(SHIM) and os.path.exists(SIMSCALE)):
        print("SKIP: cannot build the pty shim or sim-scale")
        sys.exit(77)
    st = new_store().start()
    pane = Pane("intakescale")

    f = io.StringIO()
    w = csv.writer(f, lineterminator="\n")
    w.writerow(COLS)
    for n, qty in ((1, "100.000"), (2, "50.000")):
        w.writerow([M, "SUP-LIC-9", tag(n), "FL-GG4-BULK", "B-SCL-1", qty,
                    "2025-12-01"] + OK)
    out = st.ctl("manifest", "import", "-", input=f.getvalue())
    check("imported 1 manifest" in out, out)

    # A scale that moves until told otherwise, with 95 g on it.
    scale = subprocess.Popen([SIMSCALE, "-c", "-m", "-w", "95000"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)
    spty = scale.stdout.readline().strip()
    check(spty.startswith("/dev/"), "sim-scale gave its pty: %r" % spty)

    def tell(cmd):
        scale.stdin.write(cmd + "\n")
        scale.stdin.flush()

    sink = Sink()
    devfile = os.path.join(st.dir, "intake-1.devices")
    with open(devfile, "w") as fp:
        fp.write("scale mt-sics %s:9600:8N1\n"
                 "label zpl tcp:127.0.0.1:%d\n" % (spty, sink.port))

    screen = pane.text

    wait_for = pane.wait_for

    def row(t):
        for l in screen().splitlines():
            if l.startswith(t):
                return l
        return ""

    def wait_row(t, text, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in row(t):
                return row(t)
            time.sleep(0.1)
        raise Failure("line %s never showed %r:\n%s" % (t, text, screen()))

    def scale_line():
        for l in screen().splitlines():
            if l.startswith(" Scale: "):
                return l
        return ""

    keys = pane.keys

    mgr = st.terminal("office-1", MANAGER)

    def line(t):
        m = mgr.call("intake.get", {"manifest": M})["manifest"]
        for l in m["lines"]:
            if l["tag"] == t:
                return l
        raise Failure("no line %s in %r" % (t, m))

    try:
        pane.start(st, "intake-1", "-D", devfile, "-l",
                   os.path.join(st.dir, "stash.log"), "-v", "--intake",
                   shim=True)
        wait_for("Stash Demo Dispensary |")
        wait_for("Stash Demo Dispensary |")  # connected
        wait_for("Staff ID")
        keys(str(RECEIVER), "Enter", PINS[RECEIVER], "Enter")
        wait_for(M)
        keys("Enter")
        wait_for("Scan each package tag")
        wait_row(tag(1), "Gorilla")      # the product is known as weighed

        # A moving scale: the tag asks for the weight, the scale is shown
        # moving, and Enter takes nothing however often it is pressed.
        keys(tag(1), "Enter")
        out = wait_for("grams (shipped 100.000 g), Enter: scale")
        wait_for("Scale: moving")
        for _ in range(4):
            sl = scale_line()
            check("STABLE" not in sl and ("moving" in sl or "settling" in
                  sl), "a moving scale is never STABLE: %r" % sl)
            keys("Enter")
            out = wait_for("Not taken: the scale shows")
            check("wait for STABLE" in out, out)
            # The next press on the scale's next reading: wait for the
            # line to change (sim-scale alternates moving and settling).
            wait_until("the scale's next reading",
                       lambda: scale_line() != sl, 30)
        l = line(tag(1))
        check(not l["scanned"] and l["state"] == "pending",
              "motion taken by stashd: %r" % l)
        check(row(tag(1))[48:57].strip() == "-",
              "nothing received on screen:\n" + screen())

        # The scale settles: Enter takes 95 g, 5% short of 100 g (the
        # tolerance is 1%), flagged at once.
        tell("m 0")
        wait_for("Scale: 95.00 g  STABLE")
        keys("Enter")
        r = wait_row(tag(1), "short")
        check("95.000 g" in r and "100.000 g" in r, "short line: %r" % r)
        out = wait_for("1 DISCREPANCY")
        check("short %s: 95.000 g received, 100.000 g shipped" % tag(1)
              in out, out)
        l = line(tag(1))
        check(l["scanned"] and l["received"] == 95000 and
              l["shipped"] == 100000 and l["discrepancy"] == "short" and
              l["state"] == "pending" and l.get("weight") == "scale",
              "stashd has the scale's short "
              "weight: %r" % l)

        # The next tag scanned while the scale still holds the last
        # package: the same settled weight is not taken again.
        keys(tag(2), "Enter")
        out = wait_for("grams (shipped 50.000 g), Enter: scale")
        check("The scale still shows the last package" in out, out)
        keys("Enter")
        out = wait_for("Not taken: the scale still shows the last package "
                       "(95.00 g)")
        l = line(tag(2))
        check(not l["scanned"], "the last package's weight taken again: "
              "%r" % l)
        keys("Escape")
        wait_for("Tag:")

        # The next package is on the scale, stable, when its tag is
        # scanned: taken at once, 0.4% over, within the tolerance.
        # Scanned once stash has read 50.2 g twice (stable), it is taken
        # at once. Scanned before that, it asks for the weight: then wait
        # there until the scale shows 50.2 g STABLE, leave, scan again.
        tell("w 50200")
        deadline = time.time() + 60
        while True:
            keys(tag(2), "Enter")
            while True:
                check(time.time() < deadline, "50.2 g taken on a scan:\n" +
                      screen())
                out = screen()
                if "accepted" in row(tag(2)) or "Enter: scale" in out:
                    break
                time.sleep(0.1)
            if "accepted" in row(tag(2)):
                break
            wait_for("Scale: 50.20 g  STABLE")
            keys("Escape")
            wait_for("Tag:")
        r = wait_row(tag(2), "accepted")
        check("50.200 g" in r, "received 50.2 g: %r" % r)
        l = line(tag(2))
        check(l["received"] == 50200 and l["discrepancy"] == "none" and
              l["state"] == "accepted" and l.get("weight") == "scale",
              "stashd has 50.2 g from the scale: %r" % l)
        check(line(tag(1))["received"] == 95000, "line 1 unchanged")

        # F7: the selected line's label, with the weight received.
        keys("F7")
        wait_for("Label for %s sent to the label printer" % tag(2))
        deadline = time.time() + 30
        while b"^XZ" not in sink.data:
            check(time.time() < deadline, "label printed: %r" % sink.data)
            time.sleep(0.1)
        lab = sink.data
        check(lab.startswith(b"^XA") and b"^FD50.200 g^FS" in lab and
              b"^FDB-SCL-1^FS" in lab and
              (b"^FD%s^FS" % tag(2).encode()) in lab.split(b"^BC", 1)[1],
              "ZPL label of line 2: %r" % lab)
    finally:
        pane.kill()
        scale.kill()
        scale.wait()
    st.stop()


run(test)
