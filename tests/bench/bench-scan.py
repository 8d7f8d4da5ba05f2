#!/usr/bin/env python3
# Scan-to-cart latency: the real stash in an 80x24 tmux pane, logged in at
# the register, a serial scanner on a pty opened through the real
# libserialport (tests/sim/ptyshim.so preloaded), against a real stashd on
# the demo ledger. Each scan writes a demo tag and CR on the pty and polls
# "tmux capture-pane -p" in a tight loop until the register's status says
# "Added NAME (now N)" with the new quantity: four demo tags in turn, so
# each scan adds a line or increments one and the text always changes.
#
# The figure is an upper bound: from the write to the end of the first
# capture that shows the line, so it includes tmux (reading stash's output
# and answering capture-pane) and up to one poll; the poll interval is
# printed with it. stash's own log (-l FILE -vv) stamps the scan's arrival
# at the driver (client_dev_emit), which splits off the pty, libserialport
# and driver part. A baseline does the same against "cat" reading a FIFO
# in a pane: what tmux and the polling cost with no stash at all.
#
# Usage: bench-scan.py [-n scans] (default 200). Figures, not pass/fail.
import sys, os, re, subprocess, tempfile, time, tty, datetime, platform
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "regress"))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))
SHIM = os.path.join(BUILD, "tests", "sim", "ptyshim.so")
# Demo products sold each: Blue Dream 3.5g, OG Kush 3.5g, Sour Diesel 7g,
# White Widow 1g (src/ctl/ctl-demo.c: prefix, product, package).
TAGS = ["1A40603000000000000%02d001" % p for p in (1, 3, 4, 7)]
N = 200
if len(sys.argv) == 3 and sys.argv[1] == "-n":
    N = int(sys.argv[2])


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def ms(x):
    return "%.2f ms" % (x * 1000)


def summary(name, v):
    print("%-34s p50 %9s  p99 %9s  max %9s  (n=%d)" %
          (name, ms(pct(v, 50)), ms(pct(v, 99)), ms(max(v)), len(v)))


def main():
    if subprocess.run(["which", "tmux"], capture_output=True).returncode:
        print("bench-scan: no tmux")
        return 77
    st = Store().start()
    sock = "benchscan%d" % os.getpid()
    tm = ["tmux", "-L", sock, "-f", "/dev/null"]
    scan_m, scan_s = os.openpty()
    tty.setraw(scan_s)
    devfile = os.path.join(st.dir, "register-1.devices")
    log = os.path.join(st.dir, "stash.log")
    with open(devfile, "w") as f:
        f.write("scanner scanner %s\n" % os.ttyname(scan_s))
    polls = []

    def capture(target=None):
        a = time.perf_counter()
        out = subprocess.run(tm + ["capture-pane", "-p"] +
                             (["-t", target] if target else []),
                             capture_output=True, text=True).stdout
        polls.append(time.perf_counter() - a)
        return out

    def wait_for(text, timeout=10, target=None):
        deadline = time.time() + timeout
        while time.time() < deadline:
            out = capture(target)
            if text in out:
                return out
            time.sleep(0.05)
        raise Failure("no %r on screen:\n%s" % (text, capture(target)))

    def keys(*k):
        subprocess.run(tm + ["send-keys"] + list(k), check=True)

    asan = os.environ.get("ASAN_OPTIONS", "")
    asan = (asan + ":" if asan else "") + "verify_asan_link_order=0"
    env = dict(os.environ, TERM="xterm")
    code = st.demo["terminal"]["code"]
    cred = os.path.join(st.dir, "r1.cred")
    fifo = os.path.join(st.dir, "fifo")
    os.mkfifo(fifo)
    lat, arrive, base = [], [], []
    try:
        subprocess.run(tm + ["new-session", "-d", "-s", "pos", "-x", "80",
                             "-y", "24",
                             "env LD_PRELOAD=%s ASAN_OPTIONS=%s %s "
                             "-s 127.0.0.1:%d -t register-1 -C %s -E %s "
                             "-D %s -l %s -vv"
                             % (SHIM, asan, STASH, st.port, cred, code,
                                devfile, log)], env=env, check=True)
        wait_for("Staff ID")
        wait_for("Stash Demo Dispensary")
        keys("3", "Enter", "3000", "Enter")
        wait_for("F5 Pay")
        wait_for("1 device ok")

        # Names, and a warm-up scan of each tag.
        names, qty = {}, {}
        for t in TAGS:
            os.write(scan_m, (t + "\r").encode())
            out = wait_for("(now 1)")
            names[t] = re.search(r"Added (.*?) \(now 1\)", out).group(1)
            qty[t] = 1
        del polls[:]
        for i in range(N):
            t = TAGS[i % len(TAGS)]
            qty[t] += 1
            want = "Added %s (now %d)" % (names[t], qty[t])
            time.sleep(0.02)
            w = time.time()
            t0 = time.perf_counter()
            os.write(scan_m, (t + "\r").encode())
            while True:
                out = capture()
                if want in out:
                    break
                check(time.perf_counter() - t0 < 10, "no %r:\n%s" %
                      (want, out))
            lat.append(time.perf_counter() - t0)
            arrive.append(w)
        scanpolls = list(polls)

        # stash's log: when each scan reached the driver's consumer.
        seen = []
        with open(log) as f:
            for line in f:
                m = re.match(r"(\S+)Z stash: client_dev_emit: scan of", line)
                if m:
                    d = datetime.datetime.strptime(m.group(1),
                                                   "%Y-%m-%dT%H:%M:%S.%f")
                    seen.append(d.replace(
                        tzinfo=datetime.timezone.utc).timestamp())
        seen = seen[len(TAGS):]
        drv = [s - w for s, w in zip(seen, arrive)] \
            if len(seen) == N else None

        # Baseline: cat in a pane, a line written to its FIFO.
        subprocess.run(tm + ["new-session", "-d", "-s", "cat", "-x", "80",
                             "-y", "24", "cat %s" % fifo], check=True)
        fd = os.open(fifo, os.O_WRONLY)
        del polls[:]
        for i in range(N):
            want = "line-%05d" % i
            time.sleep(0.02)
            t0 = time.perf_counter()
            os.write(fd, (want + "\n").encode())
            while want not in capture("cat"):
                check(time.perf_counter() - t0 < 10, "baseline stuck")
            base.append(time.perf_counter() - t0)
        os.close(fd)
    finally:
        subprocess.run(tm + ["kill-server"], capture_output=True)
        st.stop()
        st.cleanup()

    print("bench-scan: %d scans, 4 demo tags in turn, %s, %s" %
          (N, platform.machine(), time.strftime("%Y-%m-%d")))
    summary("scan to cart line on screen", lat)
    if drv is not None:
        summary("  of which: pty write to driver", drv)
    else:
        print("  (stash's log has %d scan lines, not %d: no split)" %
              (len(seen), N))
    summary("  poll (one capture-pane)", scanpolls)
    summary("baseline: cat in a pane, FIFO", base)
    print("goal: p99 under 20 ms (scan to cart line)")
    return 0


try:
    sys.exit(main())
except Failure as e:
    print("bench-scan: %s" % e)
    sys.exit(1)
