#!/usr/bin/env python3
# The door station (stash --door) in an 80x24 tmux pane with a serial ID
# scanner: the "id" role of the device file on a pty opened through the
# real libserialport (tests/sim/ptyshim.so preloaded in stash). The AAMVA
# test vector of tests/unit/test-dev-aamva.c (Virginia, version 01, with
# its expiry moved to 2034) is written to the pty in one burst, framed by
# the idle gap; the aamva driver parses it and the door takes the ID as it
# takes a wedge scan: a new customer is asked adult or medical and shown
# OK, the same card again is a returning customer, the card with an
# under-21 birth date is NOT ELIGIBLE, a garbled payload is refused. Then
# the same port as "id scanner" (the AIM scanner driver, suffix=none by
# default in the id role) finds the returning customer.
import sys, os, subprocess, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))
SHIM = os.path.join(BUILD, "tests", "sim", "ptyshim.so")
BIG_OK = "#   # ###"
BIG_NOT = "# # # #   #   #"

VA, YOUNG = AAMVA_VA, AAMVA_YOUNG


def test(new_store):
    need_tmux_and_shim()
    st = new_store().start()
    sock = "doorser%d" % os.getpid()
    tm = ["tmux", "-L", sock, "-f", "/dev/null"]
    port = IdPort()
    devfile = os.path.join(st.dir, "door.devices")

    def screen():
        return subprocess.run(tm + ["capture-pane", "-p"],
                              capture_output=True, text=True).stdout

    def wait_for(text, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            out = screen()
            if text in out:
                if os.environ.get("SHOW"):
                    print("--- %s\n%s" % (text, out))
                return out
            time.sleep(0.1)
        raise Failure("no %r on screen:\n%s" % (text, screen()))

    def keys(*k):
        subprocess.run(tm + ["send-keys"] + list(k), check=True)

    def port_holders(path):
        """Processes other than this one with path open."""
        pids = []
        for pid in os.listdir("/proc"):
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            try:
                fds = os.listdir("/proc/%s/fd" % pid)
            except OSError:
                continue
            for fd in fds:
                try:
                    if os.readlink("/proc/%s/fd/%s" % (pid, fd)) == path:
                        pids.append(pid)
                        break
                except OSError:
                    pass
        return pids

    scan = port.scan

    mgr = st.terminal("office-1", MANAGER)
    code = st.demo["terminal"]["code"]
    cred = os.path.join(st.dir, "r1.cred")
    env = dict(os.environ, TERM="xterm")
    # Under ASan the shim comes first in the preload list: tell ASan that
    # is fine (sanitizer builds), keeping the caller's options.
    asan = os.environ.get("ASAN_OPTIONS", "")
    asan = (asan + ":" if asan else "") + "verify_asan_link_order=0"

    log = os.path.join(st.dir, "stash.log")

    def start(line, enrol=True):
        try:
            with open(log) as f:
                opened = f.read().count(": connected")
        except OSError:
            opened = 0
        with open(devfile, "w") as f:
            f.write("# test devices\n%s %s\n" % (line, port.path))
        subprocess.run(tm + ["new-session", "-d", "-x", "80", "-y", "24",
                             "env LD_PRELOAD=%s ASAN_OPTIONS=%s %s --door "
                             "-s 127.0.0.1:%d -t register-1 -C %s %s "
                             "-D %s -l %s -v"
                             % (SHIM, asan, STASH, st.port, cred,
                                "-E " + code if enrol else "", devfile,
                                log)],
                       env=env, check=True)
        wait_for("Stash Demo Dispensary |")  # connected
        wait_for("Staff ID")
        keys("3", "Enter", "3000", "Enter")
        wait_for("Scan the back of the ID")
        # The door shows no device bar: the log says the port is open.
        deadline = time.time() + 30
        while True:
            try:
                with open(log) as f:
                    if f.read().count(": connected") > opened:
                        break
            except OSError:
                pass
            check(time.time() < deadline, "the ID scanner opens")
            time.sleep(0.1)

    try:
        start("id aamva")

        # A new adult from the serial ID scanner: added, OK.
        scan(VA)
        out = wait_for("New customer (from the ID)")
        check("MICHAEL SAMPLE" in out and "1986-06-06" in out and
              "T64235789" in out, "the ID's fields:\n" + out)
        keys("a")
        out = wait_for("ELIGIBLE: Enter")
        check("New customer added" in out and BIG_OK in out,
              "added and OK:\n" + out)
        found = mgr.call("customer.search", {"q": "T64235789"})["customers"]
        check(len(found) == 1 and found[0]["dob"] == "1986-06-06" and
              found[0]["id_doc"]["expires"] == "2034-12-10",
              "created from the serial scan: %r" % found)

        # The same card again, straight from the verdict: returning.
        scan(VA)
        out = wait_for("Returning customer")
        check(", ELIGIBLE" in out and BIG_OK in out, "eligible:\n" + out)

        # Under 21: added, NOT ELIGIBLE.
        keys("Escape")
        wait_for("Scan the back of the ID")
        scan(YOUNG)
        wait_for("New customer (from the ID)")
        keys("a")
        out = wait_for("NOT eligible")
        check(BIG_NOT in out and "21" in out, "under 21:\n" + out)

        # Not an ID: the driver refuses it, nothing is looked up.
        keys("Escape")
        wait_for("Scan the back of the ID")
        scan("@\n\x1e\rANSI 6360200800")
        out = wait_for("Id: ")
        check("Looking the ID up" not in out, "refused:\n" + out)

        # The AIM scanner driver in the id role (idle-gap framing).
        subprocess.run(tm + ["kill-server"], capture_output=True)
        # The old stash gone (no process but this test holds the ID
        # scanner's port) before the next opens it: a scan is read by one.
        wait_until("the first stash let go of the port",
                   lambda: not port_holders(port.path), 30)
        start("id scanner", enrol=False)  # enrolled now
        scan(VA)
        out = wait_for("Returning customer")
        check("MICHAEL SAMPLE" in out and BIG_OK in out,
              "scanner driver:\n" + out)
    finally:
        subprocess.run(tm + ["kill-server"], capture_output=True)
    st.stop()


run(test)
