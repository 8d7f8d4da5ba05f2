#!/usr/bin/env python3
# The label role on the real stash in an 80x24 tmux pane: a ZPL label
# printer on a pty opened through the real libserialport
# (tests/sim/ptyshim.so preloaded) and an ESC/POS receipt printer that is
# a TCP sink. F8 on the stock screen sends the package's shelf label to
# the label printer as ZPL (^XA .. the name, batch and quantity .. the tag
# as a Code 128 ^BC barcode .. ^XZ) and nothing to the receipt printer; F5
# in the device setup prints a test label; with the label printer removed
# the label falls back to the receipt printer as ESC/POS.
import sys, os, re, subprocess, threading, time, tty
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))
TAG = "1A4060300000000000001001"



def labels(data):
    """The whole ZPL labels in data: each from ^XA to ^XZ."""
    return re.findall(rb"\^XA.*?\^XZ", data, re.S)


def test(new_store):
    need_tmux_and_shim()
    st = new_store().start()
    pane = Pane("label")
    mgr = st.terminal("office-1", MANAGER)
    pkg = mgr.call("package.get", {"tag": TAG})["package"]
    name, batch = pkg["product"]["name"], pkg["batch"]

    sink = Sink()
    lab_m, lab_s = os.openpty()
    tty.setraw(lab_s)
    zpl = bytearray()

    def read_label():
        while True:
            try:
                b = os.read(lab_m, 4096)
            except OSError:
                return
            if not b:
                return
            zpl.extend(b)
    threading.Thread(target=read_label, daemon=True).start()
    devfile = os.path.join(st.dir, "register-1.devices")
    with open(devfile, "w") as f:
        f.write("printer escpos tcp:127.0.0.1:%d\n"
                "label zpl %s:9600:8N1\n" % (sink.port, os.ttyname(lab_s)))


    wait_for = pane.wait_for

    keys = pane.keys

    def wait_labels(n):
        deadline = time.time() + 30
        while len(labels(bytes(zpl))) < n:
            check(time.time() < deadline, "label %d printed: %r"
                  % (n, bytes(zpl[-400:])))
            time.sleep(0.1)
        return labels(bytes(zpl))

    code = st.demo["terminal"]["code"]
    cred = os.path.join(st.dir, "register-1.cred")
    try:
        # A label line with a driver the role does not take is refused.
        bad = os.path.join(st.dir, "bad.devices")
        with open(bad, "w") as f:
            f.write("label escpos tcp:127.0.0.1:9100\n")
        p = subprocess.run([STASH, "-t", "register-1", "-C", cred, "-E",
                            "x", "-D", bad], capture_output=True, text=True)
        check(p.returncode != 0 and "bad.devices:1: unknown label driver "
              "\"escpos\" (want zpl)" in p.stderr,
              "bad label driver refused: %r" % p.stderr)

        pane.start(st, "register-1", "-D", devfile, "-l",
                   os.path.join(st.dir, "stash.log"), "-v", code=code,
                   shim=True)
        wait_for("Stash Demo Dispensary |")
        wait_for("Stash Demo Dispensary |")  # connected
        wait_for("Staff ID")
        keys(str(MANAGER), "Enter", PINS[MANAGER], "Enter")
        wait_for("F5 Pay")
        wait_for("2 devices ok")

        # F8 on the stock screen: a ZPL label on the label printer.
        keys("F1")
        wait_for("Stock: scan or type a package tag")
        keys(TAG, "Enter")
        wait_for("Batch %s" % batch)
        keys("F8")
        wait_for("Label for %s sent to the label printer" % TAG)
        got = wait_labels(1)
        lab = got[0]
        with open(os.path.join(st.dir, "label.zpl"), "wb") as f:
            f.write(bytes(zpl))
        check(lab.startswith(b"^XA") and lab.endswith(b"^XZ"),
              "one whole label: %r" % lab)
        bc = re.search(rb"\^BC[^\^]*\^FD([^\^]*)\^FS", lab)
        check(bc is not None and bc.group(1) == TAG.encode(),
              "the tag as a Code 128 barcode: %r" % lab)
        check(b"^FD" + name.encode() + b"^FS" in lab and
              b"^FD" + batch.encode() + b"^FS" in lab,
              "name and batch on the label: %r" % lab)
        check(lab.index(b"^XA") < lab.index(b"^BC") < lab.index(b"^XZ"),
              "^XA, barcode, ^XZ in order: %r" % lab)
        # A negative check: nothing goes to the receipt printer, so there
        # is nothing to wait for. The pause gives a wrong print time to
        # arrive; a late one would let the check pass wrongly, never fail
        # wrongly.
        time.sleep(0.5)
        check(sink.data == b"", "nothing to the receipt printer: %r"
              % sink.data)

        # The setup screen tests the label printer.
        keys("Escape")
        wait_for("F5 Pay")
        keys("F7")
        out = wait_for("Serial ports on this machine")
        check("label" in out and "zpl" in out, "label role listed:\n"
              + out)
        keys("Down")
        keys("F5")
        wait_for("Label printer test: a test label (STASH-TEST) was sent")
        got = wait_labels(2)
        check(re.search(rb"\^BC[^\^]*\^FDSTASH-TEST\^FS", got[1])
              is not None, "test label: %r" % got[1])

        # Without the label printer, the receipt printer prints it.
        keys("F4")
        wait_for("Removed")
        keys("Escape")
        wait_for("F5 Pay")
        keys("F1")
        wait_for("Stock: scan or type a package tag")
        keys(TAG, "Enter")
        wait_for("Batch %s" % batch)
        keys("F8")
        wait_for("Label for %s sent to the receipt printer" % TAG)
        deadline = time.time() + 30
        while TAG.encode() not in sink.data:
            check(time.time() < deadline, "ESC/POS label: %r" % sink.data)
            time.sleep(0.1)
        check(b"\x1dk" in sink.data and name.encode() in sink.data,
              "an ESC/POS barcode and the name: %r" % sink.data)
        check(len(labels(bytes(zpl))) == 2, "no third ZPL label")
    finally:
        pane.kill()
    st.stop()


run(test)
