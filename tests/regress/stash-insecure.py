#!/usr/bin/env python3
# The terminal never sends its credential in clear text to an address that
# is not loopback: without --tls (or --ca, --fingerprint) stash refuses,
# with a message naming --tls and --insecure, before it connects, so a
# listener on this machine's own non-loopback address sees no connection
# at all. With --insecure it connects and says hello.
#
# The address: this machine's non-loopback IPv4 address (the source
# address of a route out; no packet is sent). A machine with none falls
# back to 0.0.0.0, which is not loopback by the terminal's rule (only
# 127.0.0.0/8, ::1 and localhost are), yet Linux connects it to a local
# listener bound to 0.0.0.0.
import sys, os, socket, select, subprocess, json, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))


def own_address():
    for target in ("192.0.2.1", "198.51.100.1", "10.255.255.255"):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.connect((target, 9))
            addr = s.getsockname()[0]
        except OSError:
            continue
        finally:
            s.close()
        if not addr.startswith("127.") and addr != "0.0.0.0":
            return addr
    return "0.0.0.0"


def pending(lst):
    """Is a connection waiting to be accepted (made already)?"""
    r, _, _ = select.select([lst], [], [], 0)
    return bool(r)


def test(new_store):
    st = new_store().start()
    code = st.ctl("terminal", "add", "register-9").splitlines()[0].strip()
    t = Terminal(st.port)
    cred = t.call("enroll", {"terminal": "register-9",
                             "code": code})["credential"]
    t.close()
    credfile = os.path.join(st.dir, "register-9.cred")
    with open(credfile, "w") as f:
        f.write(cred + "\n")
    os.chmod(credfile, 0o600)

    addr = own_address()
    lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lst.bind((addr, 0))
    lst.listen(4)
    port = lst.getsockname()[1]
    base = [STASH, "-s", "%s:%d" % (addr, port), "-t", "register-9", "-C",
            credfile]

    # Refused, before connecting: the process has exited, so any connect
    # it made would be waiting in the listener's queue.
    p = subprocess.run(base, capture_output=True, text=True, timeout=30,
                       env=dict(os.environ, TERM="xterm"))
    check(p.returncode != 0, "stash to %s without TLS exited 0" % addr)
    check("not a loopback address" in p.stderr and "--tls" in p.stderr and
          "--insecure" in p.stderr, "the refusal says why: %r" % p.stderr)
    check(not pending(lst), "stash connected to %s before refusing" % addr)

    # --insecure: it connects and sends hello with the credential.
    sock = "insecure%d" % os.getpid()
    tm = ["tmux", "-L", sock, "-f", "/dev/null"]
    subprocess.run(tm + ["new-session", "-d", "-x", "80", "-y", "24",
                         " ".join(base + ["--insecure"])],
                   env=dict(os.environ, TERM="xterm"), check=True,
                   timeout=30)
    try:
        deadline = time.time() + 30
        while not pending(lst):
            check(time.time() < deadline, "stash --insecure did not "
                  "connect to %s" % addr)
            time.sleep(0.1)
        c, _ = lst.accept()
        c.settimeout(30)
        buf = b""
        while b"\n" not in buf:
            chunk = c.recv(4096)
            check(chunk, "stash closed before its first frame")
            buf += chunk
        first = json.loads(buf.split(b"\n")[0])
        check(first.get("op") == "hello" and
              first.get("args", {}).get("credential") == cred,
              "stash --insecure said hello with its credential: %r" % first)
        c.close()
    finally:
        subprocess.run(tm + ["kill-server"], capture_output=True)
    lst.close()
    st.stop()


run(test)
