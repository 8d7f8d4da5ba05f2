#!/usr/bin/env python3
# The group commit runs a pass's writes straight in its one transaction; an
# op that fails after it wrote has the batch aborted and run again, one
# nested transaction an op (server-batch.c, batch_replay). Here a sale
# fails at its audit write, after its sale, stock and outbox writes (the
# test hook of --enable-debug builds: STASH_TEST_FAIL_AUDIT), pipelined
# between two good sales so the three share a pass: the good ones are
# written exactly once, the failed one leaves nothing, durably. A refusal
# before any write (insufficient stock) needs no replay.
import sys, os, json
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

POISON = "cash=777.77"      # in the audit record of a sale tendering 777.77


def pipeline(t, reqs):
    ids = []
    data = b""
    for op, args in reqs:
        ids.append(t.next_id)
        data += (json.dumps({"id": t.next_id, "op": op, "args": args}) +
                 "\n").encode()
        t.next_id += 1
    t.send_raw(data)
    got = {}
    while len(got) < len(ids):
        f = t.read_frame()
        if f.get("id") in ids:
            got[f["id"]] = f
    return [got[i] for i in ids]


def replays(st):
    with open(os.path.join(st.dir, "stashd.log")) as f:
        return [l for l in f if "failed after writing" in l]


def hooks_built():
    """The forced failure exists only in --enable-debug builds (configure
    adds -DSTASH_TEST_HOOKS there); an -O2 build's make check skips."""
    with open(os.path.join(BUILD, "Makefile")) as f:
        return "-DSTASH_TEST_HOOKS" in f.read()


def test(new_store):
    if not hooks_built():
        print("SKIP: stashd built without --enable-debug's test hooks")
        sys.exit(77)
    st = new_store()
    os.environ["STASH_TEST_FAIL_AUDIT"] = POISON
    st.start()
    t = st.terminal("register-1", BUDTENDER)
    before = st.stock()
    pending0 = json.loads(st.ctl("--json", "compliance", "status"))["pending"]
    a, b, c = st.tags[0], st.tags[1], st.tags[2]

    def line(tag):
        unit = t.call("item.lookup", {"code": tag})["product"]["unit"]
        return {"tag": tag, "qty": 1 if unit == "each" else 1000}
    la, lb, lc = line(a), line(b), line(c)
    rs = pipeline(t, [
        ("sale.commit", {"ref": "rp:a", "lines": [la],
                         "tender": {"cash": 10**6}}),
        ("sale.commit", {"ref": "rp:poison", "lines": [lb],
                         "tender": {"cash": 77777}}),
        ("sale.commit", {"ref": "rp:c", "lines": [lc],
                         "tender": {"cash": 10**6}})])
    check("result" in rs[0] and "result" in rs[2],
          "the good sales committed: %r" % rs)
    check("error" in rs[1], "the poisoned sale failed: %r" % rs[1])
    rl = replays(st)
    check(len(rl) == 1 and "2 operations run again" in rl[0],
          "the sale before the failed one and it were run again nested: %r" % rl)

    def ledger():
        sales = st.sales()
        refs = sorted(s["ref"] for s in sales)
        check(refs == ["rp:a", "rp:c"], "exactly the good sales: %r" % refs)
        after = st.stock()
        check(after[a]["qty"] == before[a]["qty"] - la["qty"] and
              after[c]["qty"] == before[c]["qty"] - lc["qty"],
              "the good sales' stock taken once")
        check(after[b]["qty"] == before[b]["qty"],
              "the failed sale took no stock")
        audit = st.ctl("audit", "list", "--limit", "1000")
        check(POISON not in audit, "the failed sale left no audit")
        check(audit.count("sale.commit") == 2,
              "two sale audits: %s" % audit)
        pending = json.loads(st.ctl("--json", "compliance",
                                    "status"))["pending"]
        check(pending == pending0 + 2,
              "two sales for the state: %d, was %d" % (pending, pending0))
    ledger()
    g = t.call("sale.get", {"id": rs[2]["result"]["sale"]["id"]})["sale"]
    check(g["ref"] == "rp:c", "the reply's id is the sale written")

    # A refusal before any write is answered without a replay.
    rs = pipeline(t, [
        ("sale.commit", {"ref": "rp:big", "lines": [{"tag": a,
         "qty": 10**9}], "tender": {"cash": 10**9}}),
        ("sale.commit", {"ref": "rp:d", "lines": [la],
                         "tender": {"cash": 10**6}})])
    check(rs[0].get("error", {}).get("code") == "insufficient-stock" and
          "result" in rs[1], "refused and sold: %r" % rs)
    check(len(replays(st)) == 1, "no replay for a refusal")
    del os.environ["STASH_TEST_FAIL_AUDIT"]

    # Durable: the same after a restart.
    t.close()
    st.stop()
    st.start()
    sales = st.sales()
    check(sorted(s["ref"] for s in sales) == ["rp:a", "rp:c", "rp:d"],
          "after a restart: %r" % [s["ref"] for s in sales])
    st.stop()


run(test)
