#!/usr/bin/env python3
# The door queue on two real stash terminals in 80x24 tmux panes against a
# real stashd on the demo ledger: a door station (stash --door, terminal
# door-1) and a register (register-1), plus a protocol terminal. The door
# finds an eligible customer and Enter puts them in the queue with a
# ticket; the register's queue view (F11), already open, shows them within
# a second of the queue event; F2 calls the one waiting longest and the
# register's customer panel shows them, as after F8; the door's queue
# empties. A customer added from another terminal shows up live too. An
# under-21 customer is NOT ELIGIBLE at the door, Enter
# does not queue them, and queue.add refuses them.
import sys, os, subprocess, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))
IDOC = {"type": "dl", "state": "CO", "expires": "2031-01-01"}


def person(t, first, last, dob, number):
    return t.call("customer.create", {
        "type": "adult", "first": first, "last": last, "dob": dob,
        "id_doc": dict(IDOC, number=number), "residence": "CO",
        "id_scanned": True})["customer"]


def test(new_store):
    st = new_store().start()
    sock = "queue%d" % os.getpid()
    tm = ["tmux", "-L", sock, "-f", "/dev/null"]

    def screen(s):
        return subprocess.run(tm + ["capture-pane", "-p", "-t", s],
                              capture_output=True, text=True).stdout

    def wait_for(s, text, timeout=30, gone=False):
        deadline = time.time() + timeout
        while time.time() < deadline:
            out = screen(s)
            if (text in out) != gone:
                if os.environ.get("SHOW"):
                    print("--- %s: %s\n%s" % (s, text, out))
                return out
            time.sleep(0.05)
        raise Failure("%s: %s %r on screen:\n%s" % (
            s, "still" if gone else "no", text, screen(s)))

    def keys(s, *k):
        subprocess.run(tm + ["send-keys", "-t", s] + list(k), check=True)

    mgr = st.terminal("office-1", MANAGER)
    ann = person(mgr, "Ann", "Zabriskie", "1990-02-03", "CO-ANN-1")
    bea = person(mgr, "Bea", "Quill", "1980-08-08", "CO-BEA-3")
    kid = person(mgr, "Yuri", "Young", "2008-06-01", "CO-YNG-1")

    rcode = st.demo["terminal"]["code"]
    dcode = st.ctl("terminal", "add", "door-1").splitlines()[0].strip()
    env = dict(os.environ, TERM="xterm")
    try:
        subprocess.run(tm + ["new-session", "-d", "-s", "door", "-x", "80",
                             "-y", "24",
                             "%s --door -s 127.0.0.1:%d -t door-1 -C %s -E %s"
                             % (STASH, st.port, os.path.join(st.dir, "d.cred"),
                                dcode)], env=env, check=True)
        subprocess.run(tm + ["new-session", "-d", "-s", "reg", "-x", "80",
                             "-y", "24",
                             "%s -s 127.0.0.1:%d -t register-1 -C %s -E %s"
                             % (STASH, st.port, os.path.join(st.dir, "r.cred"),
                                rcode)], env=env, check=True)
        for s in ("door", "reg"):
            wait_for(s, "Stash Demo Dispensary |")  # connected
            wait_for(s, "Staff ID")
            keys(s, "3", "Enter", "3000", "Enter")
        wait_for("door", "Scan the back of the ID")
        wait_for("door", "Queue: nobody waiting")
        wait_for("reg", "F8 Customer")

        # The register opens its queue view first: nobody yet.
        keys("reg", "F11")
        wait_for("reg", "Nobody is waiting")

        # The door: an eligible customer, Enter puts them in the queue.
        keys("door", "CO-ANN-1", "Enter")
        out = wait_for("door", "ELIGIBLE: Enter puts them in the queue")
        check("Put in the queue" in out, "door keys:\n" + out)
        keys("door", "Enter")
        out = wait_for("door", "is in the queue")
        q = mgr.call("queue.list")
        check(len(q["waiting"]) == 1 and
              q["waiting"][0]["customer"] == ann["id"], "queued: %r" % q)
        ticket = q["waiting"][0]["ticket"]
        check("In the queue: Ann Z., ticket" in out and
              ("Ticket %d: Ann Z." % ticket) in out, "ticket:\n" + out)
        out = wait_for("door", "Queue: 1 waiting")
        check("Ann Z." in out and "just now" in out, "door queue:\n" + out)

        # The register's view, open all along, shows them with no key
        # pressed there: stashd pushes queue changes to every view.
        out = wait_for("reg", "Ann Z.")
        check("1 waiting" in out and "#%d" % ticket in out,
              "register queue:\n" + out)

        # Another terminal checks Bea in: every view gets the event.
        mgr.call("queue.add", {"customer": bea["id"]})
        out = wait_for("reg", "Bea Q.")
        check(out.index("Ann Z.") < out.index("Bea Q."), "oldest first")
        wait_for("door", "Queue: 2 waiting")

        # Call next: Ann (waiting longest) is attached at the register.
        keys("reg", "F2")
        out = wait_for("reg", "Customer: Ann Zabriskie, adult")
        wait_for("reg", "ELIGIBLE")
        q = mgr.call("queue.list")
        check([e["customer"] for e in q["waiting"]] == [bea["id"]],
              "Bea still waiting: %r" % q)
        check(any(e["ticket"] == ticket and e["status"] == "called" and
                  e["terminal"] == "register-1" for e in q["recent"]),
              "Ann called by register-1: %r" % q["recent"])
        out = wait_for("door", "Queue: 1 waiting")
        lst = out[out.index("Queue: 1 waiting"):out.index("ID number:")]
        check("Ann Z." not in lst and "Bea Q." in lst, "door:\n" + out)

        # The queue view again: Bea; Enter calls the one picked.
        keys("reg", "F11")
        out = wait_for("reg", "Bea Q.")
        check("Ann Z." not in out, "Ann gone:\n" + out)
        keys("reg", "Enter")
        wait_for("reg", "Customer: Bea Quill, adult")
        wait_for("door", "Queue: nobody waiting")

        # Under 21: NOT ELIGIBLE at the door; Enter does not queue them.
        keys("door", "CO-YNG-1", "Enter")
        out = wait_for("door", "NOT eligible")
        check("Put in the queue" not in out, "no queue key:\n" + out)
        keys("door", "Enter")
        wait_for("door", "Scan the back of the ID")
        # A negative check: the kid is never queued, so there is nothing
        # to wait for. The pause gives a wrong queue.add time to land; a
        # late one would let the check pass wrongly, never fail wrongly.
        time.sleep(0.3)
        q = mgr.call("queue.list")
        check(all(e["customer"] != kid["id"] for e in
                  q["waiting"] + q["recent"]), "the kid never queued: %r" % q)
        mgr.expect_error("eligibility", "queue.add", {"customer": kid["id"]})
        check("Yuri" not in screen("reg"), "not on the register")
    finally:
        subprocess.run(tm + ["kill-server"], capture_output=True)
    st.stop()


run(test)
