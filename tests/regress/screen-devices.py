#!/usr/bin/env python3
# The real stash in an 80x24 tmux pane with devices: scale simulators on
# ptys opened through the real libserialport (tests/sim/ptyshim.so
# preloaded in stash) and an ESC/POS printer that is a TCP sink here.
# A moving scale's weight is never taken (a typed weight is marked W); the
# setup screen (F7) swaps in a steady scale and tests it live; the steady
# weight lands in the cart; the sale's receipt reaches the printer with
# the sale number, and the device file is saved.
import sys, os, re, subprocess, threading, time, tty
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))
SHIM = os.path.join(BUILD, "tests", "sim", "ptyshim.so")
SIM = os.path.join(BUILD, "tests", "sim", "sim-scale")


def escpos_text(data):
    """The printable text of ESC/POS bytes (commands dropped)."""
    out, i = bytearray(), 0
    lens = {b"@": 0, b"t": 1, b"E": 1, b"-": 1, b"a": 1, b"d": 1, b"p": 3}
    while i < len(data):
        c = data[i:i + 1]
        if c == b"\x1b":
            i += 2 + lens.get(data[i + 1:i + 2], 1)
        elif c == b"\x1d":
            if data[i + 1:i + 2] == b"V":
                i += 4 if data[i + 2:i + 3] == b"A" else 3
            else:
                i += 3
        elif c == b"\x10":
            i += 3
        else:
            if c == b"\n" or c >= b" ":
                out += c
            i += 1
    return out.decode("latin-1")



def sim(*args):
    p = subprocess.Popen([SIM] + list(args), stdout=subprocess.PIPE,
                         text=True)
    return p, p.stdout.readline().strip()


def test(new_store):
    if subprocess.run(["which", "tmux"], capture_output=True).returncode:
        print("SKIP: no tmux")
        sys.exit(77)
    if not (os.path.exists(SHIM) and os.path.exists(SIM)):
        subprocess.run(["make", "-C", BUILD, "tests/sim/ptyshim.so",
                        "tests/sim/sim-scale"], capture_output=True)
    if not (os.path.exists(SHIM) and os.path.exists(SIM)):
        print("SKIP: cannot build the pty shim or sim-scale")
        sys.exit(77)
    st = new_store().start()
    sock = "devices%d" % os.getpid()
    tm = ["tmux", "-L", sock]
    moving, mpty = sim("-m", "-w", "3540")
    steady, spty = sim("-w", "3540")
    sink = Sink()
    # A serial scanner and a pole display: ptys whose far end is here.
    scan_m, scan_s = os.openpty()
    disp_m, disp_s = os.openpty()
    tty.setraw(scan_s)
    tty.setraw(disp_s)
    shown = bytearray()

    def read_display():
        while True:
            try:
                b = os.read(disp_m, 4096)
            except OSError:
                return
            if not b:
                return
            shown.extend(b)
    threading.Thread(target=read_display, daemon=True).start()
    devfile = os.path.join(st.dir, "register-1.devices")
    with open(devfile, "w") as f:
        f.write("# test devices\n"
                "scale mt-sics %s:9600:8N1\n"
                "printer escpos tcp:127.0.0.1:%d cols=40\n"
                "scanner scanner %s\n"
                "display epson %s:9600:8N1\n"
                % (mpty, sink.port, os.ttyname(scan_s),
                   os.ttyname(disp_s)))

    def screen():
        return subprocess.run(tm + ["capture-pane", "-p"],
                              capture_output=True, text=True).stdout

    def wait_for(text, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            out = screen()
            if text in out:
                return out
            time.sleep(0.1)
        raise Failure("no %r on screen:\n%s" % (text, screen()))

    def scale_line():
        for l in screen().splitlines():
            if "Scale:" in l:
                return l
        return ""

    def keys(*k):
        subprocess.run(tm + ["send-keys"] + list(k), check=True)

    code = st.demo["terminal"]["code"]
    cred = os.path.join(st.dir, "r1.cred")
    env = dict(os.environ, TERM="xterm")
    try:
        # A bad device file is refused with its line number.
        bad = os.path.join(st.dir, "bad.devices")
        with open(bad, "w") as f:
            f.write("scale mt-sics /dev/null\nscale nci /dev/zero\n")
        p = subprocess.run([STASH, "-t", "register-1", "-C", cred, "-E",
                            "x", "-D", bad], capture_output=True, text=True)
        check(p.returncode != 0 and "bad.devices:2: a second scale"
              in p.stderr, "bad device file refused: %r" % p.stderr)

        # Under ASan the shim comes first in the preload list: tell ASan
        # that is fine (sanitizer builds), keeping the caller's options.
        asan = os.environ.get("ASAN_OPTIONS", "")
        asan = (asan + ":" if asan else "") + "verify_asan_link_order=0"
        subprocess.run(tm + ["new-session", "-d", "-x", "80", "-y", "24",
                             "env LD_PRELOAD=%s ASAN_OPTIONS=%s %s "
                             "-s 127.0.0.1:%d -t register-1 -C %s -E %s "
                             "-D %s -l %s -v"
                             % (SHIM, asan, STASH, st.port, cred, code,
                                devfile, os.path.join(st.dir,
                                                      "stash.log"))],
                       env=env, check=True)
        wait_for("Stash Demo Dispensary |")  # connected
        open_drawer_as(st, "register-1", cred)     # cash needs one
        wait_for("Staff ID")
        wait_for("Stash Demo Dispensary")      # connected
        keys("3", "Enter", "3000", "Enter")
        wait_for("F5 Pay")
        wait_for("4 devices ok")

        # The moving scale: its weight is never taken.
        keys("FL-GG4-BULK", "Enter")
        wait_for("Grams of")
        wait_for("Scale: moving")
        for _ in range(5):
            # Each try at another reading of the moving scale: wait for
            # the weight shown to change rather than for a fixed time.
            before = scale_line()
            keys("Enter")
            wait_for("Not taken")
            wait_until("the scale shows a new reading",
                       lambda: scale_line() != before, 30)
        check("0 lines" in screen() or "Grams of" in screen(),
              "nothing in the cart:\n" + screen())
        check(not any(l.startswith("  1") for l in screen().splitlines()),
              "motion never taken:\n" + screen())
        # A typed weight goes in, marked W.
        keys("2", "Enter")
        out = wait_for("Typed weight")
        check(any(l.startswith("  1WGorilla") for l in out.splitlines()),
              "typed line marked W:\n" + out)
        keys("F4")
        wait_for("Removed")

        # A serial scanner's scan goes into the cart like a wedge scan.
        os.write(scan_m, b"1A4060300000000000001001\r")
        out = wait_for("Added Blue Dream")
        deadline = time.time() + 30
        while b"Blue Dream" not in shown:
            check(time.time() < deadline, "display shows the line: %r"
                  % bytes(shown[-200:]))
            time.sleep(0.1)
        keys("F4")
        wait_for("Removed")

        # Setup: replace the scale with the steady one and test it.
        keys("F7")
        out = wait_for("Serial ports on this machine")
        check("mt-sics" in out and "printer" in out, "devices listed:\n"
              + out)
        keys("F4")
        wait_for("Removed")
        keys("F2")
        wait_for("Device:")
        keys("scale mt-sics %s" % spty, "Enter")
        wait_for("The scale is set up")
        wait_for("STABLE")
        keys("F5")
        out = wait_for("Scale test: 3.54 g, stable")
        keys("F6")
        wait_for("Saved 4 devices")
        with open(devfile) as f:
            saved = f.read()
        check(spty in saved and "display epson" in saved and "tcp:127.0.0.1:%d" % sink.port in saved,
              "device file saved:\n" + saved)
        keys("Escape")
        wait_for("F5 Pay")

        # The steady scale: the stable weight lands in the cart.
        keys("FL-GG4-BULK", "Enter")
        wait_for("Grams of")
        wait_for("STABLE")
        keys("Enter")
        out = wait_for("Weighed 3.540 g")
        check(any(l.startswith("  1 Gorilla") and "3.540 g" in l
                  for l in out.splitlines()), "weighed line:\n" + out)

        # Pay: the receipt goes to the printer with the sale number.
        keys("Enter")
        wait_for("Cash tendered")
        keys("Enter")
        out = wait_for("COMPLETE")
        m = re.search(r"SALE #(\d+) COMPLETE", out)
        check(m is not None, "sale number:\n" + out)
        deadline = time.time() + 30
        while "Sale #%s" % m.group(1) not in escpos_text(sink.data):
            check(time.time() < deadline, "receipt printed: %r"
                  % sink.data[-400:])
            time.sleep(0.1)
        text = escpos_text(sink.data)
        with open(os.path.join(st.dir, "receipt.txt"), "w") as f:
            f.write(text)
        check("3.540 g" in text and "Gorilla Glue" in text,
              "receipt lines:\n" + text)
        check(b"\x1bp\x00" in sink.data, "drawer kicked on cash")
        deadline = time.time() + 30
        while b"CHANGE" not in shown:
            check(time.time() < deadline, "display shows the change: %r"
                  % bytes(shown[-200:]))
            time.sleep(0.1)
        sales = st.sales()
        check(len(sales) == 1 and sales[0]["lines"][0]["qty"] == 3540,
              "the sale has the scale's weight: %r" % sales)
    finally:
        subprocess.run(tm + ["kill-server"], capture_output=True)
        moving.kill()
        steady.kill()
        moving.wait()
        steady.wait()
    st.stop()


run(test)
