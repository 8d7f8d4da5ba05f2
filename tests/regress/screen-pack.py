#!/usr/bin/env python3
# Packing on screen, in an 80x24 tmux pane (^G on the stock console): a
# pickup order placed through the protocol is listed to pack; Enter opens
# its pick list by line with the package to take; a package of another
# product is refused on screen with stashd's reason and nothing packed;
# the right packages fill the lines (one taken back out with F6 and
# scanned again); F8 seals the order, the packer recorded, and the bag
# label (the order number as text and as a Code 128 barcode) goes to the
# receipt printer (a TCP sink) as ESC/POS.
import sys, os, re, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

BD3 = "1A4060300000000000001003"    # Blue Dream 3.5g: 2
OGK1 = "1A4060300000000000003001"   # OG Kush 3.5g: 30
SD7 = "1A4060300000000000004001"    # Sour Diesel 7g
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}


def test(new_store):
    st = new_store()
    st.options = ["limits=no"]
    st.start()
    t = st.terminal("office-1", MANAGER)
    cust = t.call("customer.create", {
        "type": "adult", "first": "Pat", "last": "Packer",
        "dob": "1980-01-01", "residence": "CO",
        "id_doc": dict(IDOC, number="PK1"), "id_scanned": True})
    cust = cust["customer"]["id"]
    n = int(time.time() * 1000000)
    o = t.call("order.create", {
        "ref": "scr-pack-1", "customer": cust, "channel": "pickup",
        "window": {"start": n, "end": n + 24 * 3600 * 1000000},
        "lines": [{"sku": "FL-OGK-35", "qty": 2},
                  {"sku": "FL-BD-1", "qty": 1}]})["order"]
    oid = o["id"]

    sink = Sink()
    devfile = devices_file(st, "register-1",
                           "printer escpos tcp:127.0.0.1:%d" % sink.port)

    pane = Pane("pack")
    wait_for, keys = pane.wait_for, pane.keys

    def wait_re(pat):
        deadline = time.time() + 30
        while re.search(pat, pane.text()) is None:
            check(time.time() < deadline, "no %r on screen:\n%s"
                  % (pat, pane.text()))
            time.sleep(0.1)
        return pane.text()
    try:
        pane.start(st, "register-1", "-D", devfile,
                   code=st.demo["terminal"]["code"])
        wait_for("Stash Demo Dispensary |")
        wait_for("Staff ID")
        keys(str(MANAGER), "Enter", PINS[MANAGER], "Enter")
        wait_for("F5 Pay")
        keys("F1")
        wait_for("Stock: scan or type a package tag")
        keys("C-g")
        out = wait_for("#%-5d new" % oid)
        check("scr-pack-1" in out and "pickup" in out,
              "the order to pack:\n" + out)
        keys("Enter")
        out = wait_for("Order %d  new: pick list" % oid)
        check(re.search(r"OG Kush.*need 2 +%s floor" % OGK1, out)
              is not None, "the pick line and its package:\n" + out)

        # Another product: refused with the reason, nothing written.
        keys(SD7, "Enter")
        out = wait_for("does not have")
        check("Sour Diesel" in out, "stashd's reason on screen:\n" + out)
        check(t.call("order.get", {"id": oid})["order"]["status"] == "new",
              "the refusal packed nothing")

        keys(OGK1.lower(), "Enter")
        wait_for("Packed %s into order %d" % (OGK1, oid))
        out = wait_for("Order %d  packing" % oid)
        keys(BD3, "Enter")
        wait_for("Packed %s into order %d" % (BD3, oid))
        # F6 takes it back out; the line needs it again.
        keys("F6")
        wait_for("Take out of the order, tag:")
        keys(BD3, "Enter")
        out = wait_for("Took %s back out of order %d" % (BD3, oid))
        wait_re(r"Blue Dream.*need 1 ")
        check(len(t.call("order.get", {"id": oid})["order"]["picks"]) == 1,
              "unpacked on the ledger")
        keys(BD3, "Enter")
        wait_for("Packed %s into order %d" % (BD3, oid))

        keys("F8")
        wait_for("Order %d sealed: bag label sent to the receipt printer"
                 % oid)
        got = t.call("order.get", {"id": oid})["order"]
        check(got["status"] == "packed" and got["packer"] == MANAGER,
              "sealed by the packer: %r" % got)
        deadline = time.time() + 30
        while b"ORDER-%d" % oid not in sink.data:
            check(time.time() < deadline, "bag label: %r" % sink.data)
            time.sleep(0.1)
        check(b"ORDER %d\n" % oid in sink.data and b"\x1dk" in sink.data
              and b"Pat P." in sink.data,
              "the label's text and barcode: %r" % sink.data)
        out = wait_for("No orders to pack")
    finally:
        pane.kill()
    st.stop()


run(test)
