#!/usr/bin/env python3
# contrib/demo.sh starts stashd on one fixed port (STASH_DEMO_PORT), run
# after run, so a terminal left open in another window finds the demo's
# stashd again after the demo is restarted: the demo is run in tmux,
# stopped (its stashd goes with it) and run again, and both times stashd
# answers on the port asked for. A port that is not a number is refused.
import socket, subprocess, sys, os, tempfile, shutil
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
DEMO = os.path.join(TOP, "contrib", "demo.sh")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def answers(port):
    try:
        t = Terminal(port, timeout=10)
    except OSError:
        return False
    try:
        t.call("hello", {"version": 1})
    except ProtoError:
        pass    # no terminal credential: stashd answered all the same
    t.close()
    return True


def closed(port):
    s = socket.socket()
    try:
        s.connect(("127.0.0.1", port))
    except OSError:
        return True
    finally:
        s.close()
    return False


def test(store):
    d = tempfile.mkdtemp(prefix="stash-demo-")
    port = free_port()
    env = dict(os.environ, STASH_DEMO_DIR=d, STASH_DEMO_PORT=str(port),
               STASH_DEMO_BUILD=BUILD, TERM="xterm")
    panes = []
    try:
        for run_no in (1, 2):
            p = Pane("demo%d-" % run_no, timeout=90)
            panes.append(p)
            subprocess.run(p.tm + ["new-session", "-d", "-x", "80", "-y",
                                   "24", "sh " + DEMO], env=env, check=True)
            pf = os.path.join(d, "port")
            wait_until("the demo's stashd (run %d)" % run_no,
                       lambda: os.path.exists(pf) and
                       open(pf).read().strip() != "", timeout=120)
            got = int(open(pf).read())
            check(got == port, "run %d: stashd on port %d, not %d" %
                  (run_no, got, port))
            wait_until("stashd answering on %d" % port,
                       lambda: answers(port), timeout=60)
            p.wait_for("stash demo store")
            # Stop the demo as closing its window does: its stashd goes.
            p.kill()
            wait_until("the demo's stashd to stop", lambda: closed(port),
                       timeout=60)
        p = subprocess.run(["sh", DEMO], env=dict(env,
                           STASH_DEMO_PORT="74x1"), capture_output=True,
                           text=True, timeout=60)
        check(p.returncode != 0 and "STASH_DEMO_PORT must be a port number"
              in p.stderr, "a bad port: %d %s" % (p.returncode, p.stderr))
    finally:
        for p in panes:
            p.kill()
        if os.environ.get("KEEP") is None:
            shutil.rmtree(d, ignore_errors=True)


run(test)
