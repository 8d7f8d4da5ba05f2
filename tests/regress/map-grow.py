#!/usr/bin/env python3
# The ledger's map fills while ops are being handled: sales and stock
# adjustments arrive pipelined from two terminals on a 1 MiB map, so the
# map fills in the middle of a pass, with the handlers that queue those
# writes still inside their read transactions. LMDB may only resize a map
# with no transaction open: the ops that hit the full map are run again
# after the pass, once the map has grown. Every op is answered, in order,
# the map grows more than once, stashd stays up, and the ledger adds up.
import sys, os, struct
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

BURST = 25
SMALL = 1 << 20


def shrink_map(data, size):
    """stashctl makes every ledger with a 256 MiB map, which LMDB records
    in the file and stashd never shrinks. Rewrite the map size in both of
    LMDB's meta pages (pages 0 and 1 of data.mdb: a 16-byte page header,
    then magic, version, address, map size) so stashd starts on a small
    map (with -o map-size=1: stashd takes the larger of the file's and
    its own). Nothing else has the ledger open."""
    with open(os.path.join(data, "data.mdb"), "r+b") as f:
        psize = 4096
        for page in (0, 1):
            f.seek(page * psize + 16)
            magic, version, _, old = struct.unpack("<IIQQ", f.read(24))
            check(magic == 0xBEEFC0DE and version == 1,
                  "an LMDB meta page (%x v%d)" % (magic, version))
            f.seek(page * psize + 32)
            f.write(struct.pack("<Q", size))


def grown(st):
    with open(os.path.join(st.dir, "stashd.log")) as f:
        return f.read().count("map grown")


def test(new_store):
    st = new_store(options=["map-size=1"], flags=["-v"])
    rows = ["tag,sku,batch,qty"]
    tags = []
    for i in range(20):
        tag = "1A40FE%018X" % (i + 1)
        tags.append(tag)
        rows.append("%s,FL-BD-1,MAP-%d,1000000" % (tag, i))
    st.ctl("package", "import", "-", input="\n".join(rows) + "\n")
    shrink_map(st.data, SMALL)
    check("map 1 MiB" in st.ctl("info"), "the ledger's map is small")
    st.start()
    reg = st.terminal("register-1", BUDTENDER)
    mgr = st.terminal("register-2", MANAGER)

    sold, adjusted, n = {}, {}, 0
    for burst in range(400):
        if grown(st) >= 2:
            break
        sales, adjs = [], []
        for i in range(BURST):
            tag = tags[n % len(tags)]
            sales.append((tag, reg.send("sale.commit", {
                "ref": "map:%d" % n, "lines": [{"tag": tag, "qty": 1}],
                "tender": {"cash": 10**6}})))
            adjs.append((tag, mgr.send("package.adjust", {
                "tag": tag, "delta": -1, "reason": "damage",
                "note": "map growth %d" % n})))
            n += 1
        for tag, rid in sales:
            reg.wait(rid)
            sold[tag] = sold.get(tag, 0) + 1
        for tag, rid in adjs:
            mgr.wait(rid)
            adjusted[tag] = adjusted.get(tag, 0) + 1
    check(grown(st) >= 2, "the map grew twice under load (%d times, %d "
          "ops each way)" % (grown(st), n))
    size = os.path.getsize(os.path.join(st.data, "data.mdb"))
    check(size > SMALL, "the ledger grew past its first map (%d)" % size)

    # Every answered op is in the ledger once, nothing else is.
    stock = st.stock()
    for tag in tags:
        p = stock[tag]
        check(p["qty"] == p["received_qty"] - sold.get(tag, 0) -
              adjusted.get(tag, 0), "package %s: %d left" % (tag, p["qty"]))
    check(len([s for s in st.sales() if s["status"] == "complete"]) == n,
          "%d sales stored" % n)
    check("whole" in st.ctl("audit", "verify"), "audit chain whole")
    # Still serving, and the refusal never fired.
    reg.call("item.lookup", {"code": tags[0]})
    with open(os.path.join(st.dir, "stashd.log")) as f:
        log = f.read()
    check("transactions open" not in log, "no growth inside a transaction")
    st.stop()


run(test)
