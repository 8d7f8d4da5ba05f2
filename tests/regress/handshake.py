#!/usr/bin/env python3
# Connections that never say hello must not lock the store's terminals
# out: one address may hold only so many handshakes once they pile up,
# all handshakes only half of max-connections, the oldest is closed to
# make room for a new one, and each is closed after handshake-timeout.
import sys, os, socket, resource
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def idle(st, addr):
    """A connection from addr (any 127/8 address) that sends nothing."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((addr, 0))
    s.connect(("127.0.0.1", st.port))
    s.setblocking(False)
    return s


def closed(s):
    try:
        return s.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def test(new_store):
    want = 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))

    # max-connections 200: handshakes may hold 100; past 50 of them, one
    # address may hold 16.
    st = new_store(options=["max-connections=200", "handshake-timeout=300"])
    st.start()
    st.enrol("register-1")

    # One address floods: its oldest are closed, its newest 50 kept.
    flood = [idle(st, "127.0.0.2") for i in range(120)]
    wait_until("the flood's oldest 70 closed",
               lambda: all(closed(s) for s in flood[:70]))
    check(not any(closed(s) for s in flood[-10:]),
          "the newest handshakes from the flooding address are kept")

    # Eight more addresses, 15 each: handshakes reach their half of the
    # places and the oldest make room.
    many = [idle(st, "127.0.0.%d" % (3 + i // 15)) for i in range(120)]

    # A terminal still gets in and logs in.
    t = st.terminal("register-1", BUDTENDER)
    check(t.call("ping")["time"] > 0, "the terminal is served")
    check(any(closed(s) for s in many[:30]),
          "the oldest handshakes made room")
    for s in flood + many:
        s.close()
    t.close()
    st.stop()

    # handshake-timeout: idle connections go, a terminal past hello stays.
    st = new_store(options=["handshake-timeout=1"])
    st.start()
    st.enrol("register-1")
    quiet = [idle(st, "127.0.0.2") for i in range(40)]
    t = st.terminal("register-1", BUDTENDER)
    wait_until("every silent connection closed after handshake-timeout",
               lambda: all(closed(s) for s in quiet))
    check(t.call("ping")["time"] > 0, "the terminal past hello stays")
    for s in quiet:
        s.close()
    t.close()
    st.stop()


run(test)
