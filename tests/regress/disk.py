#!/usr/bin/env python3
# A ledger that outgrows its map grows it by itself; a full disk refuses the
# sale with a clear error and writes nothing (no half-sale, no lost stock,
# the audit chain whole); once there is room again, selling resumes.
import sys, os, resource, subprocess, json
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def sell(t, st, n, prefix, tags):
    done = 0
    for i in range(n):
        tag = tags[i % len(tags)]
        try:
            t.call("sale.commit", {"ref": "%s:%d" % (prefix, i),
                   "lines": [{"tag": tag, "qty": 1}],
                   "tender": {"cash": 10**6}})
            done += 1
        except ProtoError as e:
            return done, e
    return done, None


def consistent(st):
    sold = {}
    for s in st.sales():
        if s["status"] == "complete":
            for l in s["lines"]:
                sold[l["tag"]] = sold.get(l["tag"], 0) + l["qty"]
    for tag, p in st.stock().items():
        check(p["qty"] == p["received_qty"] - sold.get(tag, 0),
              "package %s inconsistent" % tag)
    check("whole" in st.ctl("audit", "verify"), "audit chain whole")


def test(new_store):
    # Map growth: a 1 MiB map fills after a few thousand records.
    st = new_store(options=["map-size=1"])
    # Plenty of stock: a CSV of big packages of an each-product.
    rows = ["tag,sku,batch,qty"]
    tags = []
    for i in range(20):
        tag = "1A40FF%018X" % (i + 1)
        tags.append(tag)
        rows.append("%s,FL-BD-1,BIG-%d,100000" % (tag, i))
    st.ctl("package", "import", "-", input="\n".join(rows) + "\n")
    st.start()
    t = st.terminal("register-1", BUDTENDER)
    size0 = os.path.getsize(os.path.join(st.data, "data.mdb"))
    done, err = sell(t, st, 3000, "grow", tags)
    check(err is None, "sales through map growth: %s" % err)
    size1 = os.path.getsize(os.path.join(st.data, "data.mdb"))
    check(size1 > 1 << 20, "ledger grew past the 1 MiB map (%d)" % size1)
    consistent(st)
    st.stop()

    # A full disk: stashd under a file size limit just above the ledger.
    limit = os.path.getsize(os.path.join(st.data, "data.mdb")) + 64 * 1024

    def fsize():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    argv = [STASHD, "-f", "/dev/null", "-d", st.data, "-l", "127.0.0.1:0",
            "-P", os.path.join(st.dir, "port2")]
    proc = subprocess.Popen(argv, preexec_fn=fsize, stdout=st.log,
                            stderr=st.log)
    st.proc = proc
    wait_until("stashd under the file size limit to start",
               lambda: os.path.exists(os.path.join(st.dir, "port2")) or
               proc.poll() is not None, 60)
    check(proc.poll() is None, "stashd exited at start; log in %s" % st.dir)
    st.port = int(open(os.path.join(st.dir, "port2")).read())
    t = st.terminal("register-1", BUDTENDER)
    before = len(st.sales())
    done, err = sell(t, st, 20000, "full", tags)
    check(err is not None and err.code == "disk-full",
          "full disk refused with disk-full (got %s after %d)" % (err, done))
    check("nothing was written" in err.message, "message: %s" % err.message)
    check(len(st.sales()) == before + done, "only acknowledged sales stored")
    consistent(st)
    # stashd is still serving reads.
    t.call("item.lookup", {"code": tags[0]})
    st.stop()

    # Room again: selling resumes on the same ledger.
    st.start()
    t = st.terminal("register-1", BUDTENDER)
    d2, err = sell(t, st, 50, "again", tags)
    check(err is None and d2 == 50, "selling resumed: %s" % err)
    consistent(st)
    st.stop()


run(test)
