#!/usr/bin/env python3
# Malformed and oversize frames get one error reply and a closed
# connection; other terminals carry on undisturbed, mid-request.
import sys, os, socket, json
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def bad(st, payload, code):
    t = Terminal(st.port)
    t.send_raw(payload)
    f = t.read_frame()
    check("error" in f and f["error"]["code"] == code,
          "wanted %s for %r, got %r" % (code, payload[:40], f))
    # Then the server closes the connection.
    try:
        while True:
            t.read_frame()
    except EOFError:
        pass
    t.close()


def test(new_store):
    st = new_store(options=["max-frame=4096"]).start()
    good = st.terminal("register-1", BUDTENDER)
    # A request split across the garbage below must still complete.
    half = json.dumps({"id": 77, "op": "item.lookup",
                       "args": {"code": st.tags[0]}}).encode()
    good.send_raw(half[:20])

    bad(st, b"this is not json\n", "bad-frame")
    bad(st, b"[1,2,3]\n", "bad-frame")
    bad(st, b'{"op":"ping"}\n', "bad-frame")
    bad(st, b'{"id":1}\n', "bad-frame")
    bad(st, b'{"id":-4,"op":"ping"}\n', "bad-frame")
    bad(st, b'{"id":1,"op":"ping","args":[]}\n', "bad-frame")
    bad(st, b"\xff\xfe\x00garbage\n", "bad-frame")
    bad(st, b"x" * 10000, "too-large")              # no newline at all
    bad(st, b'{"id":1,"op":"' + b"a" * 5000 + b'"}\n', "too-large")

    # Unknown ops and bad args are errors, not disconnects.
    other = st.terminal("register-2", BUDTENDER)
    other.expect_error("unknown-op", "no.such.op")
    other.expect_error("bad-request", "item.lookup", {"code": 5})
    other.expect_error("bad-request", "item.lookup", {"code": "a\u0001b"})
    other.call("ping")

    good.send_raw(half[20:] + b"\n")
    r = good.wait(77)
    check(r["tag"] == st.tags[0], "split request answered after garbage")
    check(good.call("ping")["time"] > 0, "first terminal still served")
    st.stop()


run(test)
