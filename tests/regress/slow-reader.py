#!/usr/bin/env python3
# A terminal that says hello and then never reads (a tiny receive buffer,
# nothing read) must not stop the store: stashd stays up, its memory stays
# bounded, the selling terminal keeps getting its answers, and the slow
# reader, once it reads again, is told to resync. Once with one such
# terminal, once with 300.
import sys, os, socket, json, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

RSS_LIMIT_KB = 150 * 1024

# In a sanitizer build, freed memory waits in AddressSanitizer's quarantine
# (256 MB by default) and counts in RSS: keep it small so the bound above
# measures what stashd holds, not what it has freed.
os.environ["ASAN_OPTIONS"] = ":".join(
    o for o in (os.environ.get("ASAN_OPTIONS"), "quarantine_size_mb=16")
    if o)


def rss_kb(st):
    with open("/proc/%d/status" % st.proc.pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise Failure("no VmRSS for stashd")


def non_reader(st, cred):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", st.port))
    s.sendall((json.dumps({"id": 1, "op": "hello", "args": {
        "version": 1, "terminal": "door-1", "credential": cred}}) +
        "\n").encode())
    return s


def add_packages(st, n):
    """n packages of 1 kg of a weighed demo product, for 100-line sales."""
    tags = ["1A40603000000000000B%04X" % i for i in range(n)]
    csv = "tag,sku,batch,qty,status\n" + "".join(
        "%s,FL-GG4-BULK,SLOW-1,1000,\n" % tag for tag in tags)
    st.ctl("package", "import", "-", input=csv)
    return tags


def sell(st, seller, tags, n, name):
    """n sales of 1 mg of each tag (about 8 kB of stock events each)."""
    lines = [{"tag": tag, "qty": 1, "weight": "scale"} for tag in tags]
    for i in range(n):
        r = seller.call("sale.commit", {"ref": "%s:%d" % (name, i),
                                        "lines": lines,
                                        "tender": {"cash": 10 ** 7}})
        check(not r["replayed"], "a new sale each time")
        seller.events.clear()
        if i % 50 == 0:
            check(st.proc.poll() is None, "stashd died after %d sales "
                  "(log in %s)" % (i, st.dir))


class Reader:
    """The slow reader's socket, read at last, frame by frame."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def frame(self, timeout=60):
        self.sock.settimeout(timeout)
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Failure("stashd closed the slow reader instead of "
                              "holding back its events")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def until(self, fn, what, limit=100000):
        seen = []
        while len(seen) < limit:
            f = self.frame()
            seen.append(f)
            if fn(f):
                return seen
        raise Failure("no %s in %d frames" % (what, limit))


def scenario(new_store, readers, sales):
    # The slow readers all come from 127.0.0.1 at once: let them.
    st = new_store(options=["handshake-per-address=1000"])
    tags = add_packages(st, 100)
    st.start()
    cred = st.enrol("door-1")
    slow = [non_reader(st, cred) for i in range(readers)]
    seller = st.terminal("register-1", BUDTENDER)
    before = rss_kb(st)

    sell(st, seller, tags, sales, "r%d" % readers)

    check(st.proc.poll() is None, "stashd alive")
    after = rss_kb(st)
    check(after < RSS_LIMIT_KB, "%d slow readers: stashd RSS %d kB (from "
          "%d kB), over %d kB" % (readers, after, before, RSS_LIMIT_KB))
    print("%d slow readers, %d sales: stashd RSS %d kB, from %d kB" %
          (readers, sales, after, before))
    check(len(st.sales()) == sales, "every sale committed")
    # The selling terminal still gets answers and events.
    check(seller.call("ping")["time"] > 0, "seller answered")

    # A slow reader that reads again gets its hello reply, some events,
    # then one resync; events flow again after it.
    r = Reader(slow[0])
    seen = r.until(lambda f: f.get("event") == "resync", "resync event")
    check(seen[0].get("id") == 1 and "result" in seen[0],
          "the slow reader's hello was answered first: %r" % seen[0])
    check(any(f.get("event") == "stock" for f in seen),
          "some stock events reached the slow reader before the resync")
    seller.call("sale.commit", {"ref": "after:%d" % readers, "lines":
                                [{"tag": tags[0], "qty": 1,
                                  "weight": "scale"}],
                                "tender": {"cash": 10 ** 7}})
    r.until(lambda f: f.get("event") == "stock" and
            f.get("tag") == tags[0], "stock event after the resync")
    for s in slow:
        s.close()
    seller.close()
    st.stop()


def test(new_store):
    # One reader: 8 MB of events, past the old 4 MB output bound, where
    # the old push loop freed the connection it was walking.
    scenario(new_store, 1, 1000)
    # 300 readers, 1.6 MB each: what each holds unread is bounded.
    scenario(new_store, 300, 200)


run(test)
