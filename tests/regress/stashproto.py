# stashproto.py: a small terminal for regress tests. It speaks the NDJSON
# protocol of doc/protocol.md to a real stashd and starts/stops stashd on a
# temporary ledger. No test here talks to a fake: everything is the real
# programs built in this tree.
#
# Waits are on conditions, never fixed sleeps, and their deadlines are
# generous (30-60 s for what takes well under a second): a sanitizer build
# on a loaded two-core machine is many times slower, and a deadline only
# bounds how long a failing test takes, never how fast a passing one is.

import datetime
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import tty
import urllib.request
from zoneinfo import ZoneInfo

# The tests' "today" is the demo store's (stashctl demo and new_store are
# in America/Denver): from midnight UTC until the store's own midnight the
# machine's date is a day ahead of the store's, and a date a test builds
# from datetime.date.today() ("a year from today") would fall outside what
# stashd, counting in the store's zone, allows. stashd and stashctl take
# their zone from the ledger, never from TZ.
os.environ["TZ"] = "America/Denver"
time.tzset()

BUILD = os.environ.get("top_builddir", os.getcwd())
STASHD = os.environ.get("STASHD", os.path.join(BUILD, "stashd"))
STASHCTL = os.environ.get("STASHCTL", os.path.join(BUILD, "stashctl"))

# The demo store's staff (stashctl demo): id -> PIN.
ADMIN, MANAGER, BUDTENDER, AUDITOR, RECEIVER, DRIVER = 1, 2, 3, 4, 5, 6
PINS = {1: "1000", 2: "2000", 3: "3000", 4: "4000", 5: "5000", 6: "6000"}


SIM = os.path.join(BUILD, "stash-metrc-sim")
SHIM = os.path.join(BUILD, "tests", "sim", "ptyshim.so")
LIC = "402R-00042"      # the demo store's licence (stashctl demo, sim --seed)


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


class ProtoError(Exception):
    def __init__(self, code, message):
        super().__init__("%s: %s" % (code, message))
        self.code = code
        self.message = message


class Terminal:
    """One connection to stashd."""

    def __init__(self, port, host="127.0.0.1", timeout=60):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""
        self.next_id = 1
        self.events = []

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send_raw(self, data):
        self.sock.sendall(data)

    def read_frame(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("stashd closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def send(self, op, args=None):
        rid = self.next_id
        self.next_id += 1
        req = {"id": rid, "op": op}
        if args is not None:
            req["args"] = args
        self.sock.sendall((json.dumps(req) + "\n").encode())
        return rid

    def wait(self, rid):
        while True:
            f = self.read_frame()
            if "event" in f:
                self.events.append(f)
                continue
            check(f.get("id") == rid,
                  "reply out of order: wanted %d, got %r" % (rid, f))
            if "error" in f:
                raise ProtoError(f["error"]["code"], f["error"]["message"])
            return f["result"]

    def call(self, op, args=None):
        return self.wait(self.send(op, args))

    def expect_error(self, code, op, args=None):
        try:
            r = self.call(op, args)
        except ProtoError as e:
            check(e.code == code, "%s: wanted error %s, got %s (%s)" %
                  (op, code, e.code, e.message))
            return e.message
        raise Failure("%s: wanted error %s, got success %r" % (op, code, r))

    def wait_event(self, kind, timeout=30):
        deadline = time.time() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e.get("event") == kind:
                    return self.events.pop(i)
            left = deadline - time.time()
            check(left > 0, "no %s event within %ss" % (kind, timeout))
            self.sock.settimeout(left)
            try:
                f = self.read_frame()
            except socket.timeout:
                raise Failure("no %s event within %ss" % (kind, timeout))
            finally:
                self.sock.settimeout(60)
            self.events.append(f)


DRAWER_FLOAT = 20000


def open_drawer(t, float_cents=DRAWER_FLOAT):
    """Open a cash drawer on t's register (logged in) with a float; none
    when one is open already, the register is card-only, or the staff
    member may not sell (then there is no cash to take). The drawer, or
    None."""
    try:
        return t.call("drawer.open", {"float": float_cents})["drawer"]
    except ProtoError as e:
        if e.code in ("conflict", "tender", "permission"):
            return None
        raise


class Store:
    """A demo ledger in a temporary directory and the stashd serving it."""

    def __init__(self, demo=True, options=(), flags=()):
        self.dir = tempfile.mkdtemp(prefix="stash-regress-")
        self.flags = list(flags)    # e.g. ["-vv"]: stashd's own flags
        self.data = os.path.join(self.dir, "data")
        self.proc = None
        self.port = None
        self.options = list(options)
        self.creds = {}
        self.log = open(os.path.join(self.dir, "stashd.log"), "ab")
        if demo:
            out = self.ctl("--json", "demo")
            self.demo = json.loads(out)
            self.tags = [p["tag"] for p in self.demo["packages"]]

    def ctl(self, *args, check_rc=True, input=None):
        p = subprocess.run([STASHCTL, "-d", self.data] + list(args),
                           capture_output=True, text=True, input=input)
        if check_rc and p.returncode != 0:
            raise Failure("stashctl %s failed (%d): %s" %
                          (" ".join(args), p.returncode, p.stderr.strip()))
        self.last_rc = p.returncode
        self.last_err = p.stderr
        return p.stdout

    def start(self):
        portfile = os.path.join(self.dir, "port")
        if os.path.exists(portfile):
            os.unlink(portfile)
        argv = [STASHD, "-f", "/dev/null", "-d", self.data,
                "-l", "127.0.0.1:%d" % (self.port or 0), "-P", portfile]
        argv += self.flags
        for o in self.options:
            argv += ["-o", o]
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=self.log)
        deadline = time.time() + 60
        while not os.path.exists(portfile):
            if self.proc.poll() is not None:
                raise Failure("stashd exited with %d; log in %s" %
                              (self.proc.returncode, self.dir))
            check(time.time() < deadline, "stashd did not start")
            time.sleep(0.02)
        with open(portfile) as f:
            self.port = int(f.read())
        return self

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            rc = self.proc.wait(timeout=60)
            check(rc == 0, "stashd exited %d after SIGTERM" % rc)
        self.proc = None

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc = None

    def cleanup(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        if os.environ.get("KEEP") is None:
            shutil.rmtree(self.dir, ignore_errors=True)

    def enrol(self, name):
        """Add a terminal with stashctl and enrol it over the protocol."""
        if name == "register-1" and "terminal" in getattr(self, "demo", {}):
            code = self.demo["terminal"]["code"]
        else:
            code = self.ctl("terminal", "add", name).splitlines()[0].strip()
        t = Terminal(self.port)
        cred = t.call("enroll", {"terminal": name, "code": code})["credential"]
        t.close()
        self.creds[name] = cred
        return cred

    def terminal(self, name="register-1", staff=None, pin=None, drawer=True):
        """A connected terminal past hello, logged in if staff is given.
        Cash needs a drawer open on the register, so with staff (and
        drawer) one is opened (open_drawer) unless one is open already."""
        if name not in self.creds:
            self.enrol(name)
        t = Terminal(self.port)
        t.call("hello", {"version": 1, "terminal": name,
                         "credential": self.creds[name]})
        if staff is not None:
            t.call("login", {"staff": staff,
                             "pin": pin if pin is not None else PINS[staff]})
            if drawer:
                open_drawer(t)
        return t

    def stock(self):
        return {p["tag"]: p for p in json.loads(self.ctl("--json", "stock",
                                                         "list"))}

    def local_time(self, t):
        """A UTC microsecond time in the store's zone (a datetime)."""
        import datetime
        from zoneinfo import ZoneInfo
        tz = ZoneInfo(json.loads(self.ctl("--json", "info"))["tz"])
        return datetime.datetime.fromtimestamp(t / 1e6, tz)

    def sales(self):
        return json.loads(self.ctl("--json", "sales", "list", "--limit",
                                   "100000"))


class Sim:
    """stash-metrc-sim on a free port (or port), seeded like the demo."""

    def __init__(self, state, port=0, seed=True, log=None):
        """log: a file the simulator's -v log is written to."""
        argv = [SIM, "-l", "127.0.0.1:%d" % port, "-s", state]
        if seed:
            argv += ["--seed", "demo"]
        err = subprocess.DEVNULL
        if log is not None:
            argv.append("-v")
            err = open(log, "ab")
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE,
                                     stderr=err)
        if log is not None:
            err.close()
        r, _, _ = select.select([self.proc.stdout], [], [], 60)
        check(r, "the simulator started")
        self.start = json.loads(self.proc.stdout.readline())
        self.url = "http://" + self.start["listen"]
        self.port = int(self.start["listen"].rsplit(":", 1)[1])

    def admin(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data,
                                     method=method)
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read() or b"null")

    def faults(self, f):
        self.admin("POST", "/_sim/faults", f)

    def requests(self):
        r = self.admin("GET", "/_sim/requests")
        return r["requests"] if isinstance(r, dict) else r

    def posts(self, ref, applied=None):
        """POSTs of receipts naming ref (applied or not, if given)."""
        n = 0
        for q in self.requests():
            if q["method"] != "POST" or \
                    not q["uri"].startswith("/sales/v2/receipts"):
                continue
            if ref not in (q.get("body") or ""):
                continue
            if applied is None or bool(q.get("applied")) == applied:
                n += 1
        return n

    def calls(self, method, path, applied=None):
        """Requests of method to path (no query), applied or not if
        given."""
        return [q for q in self.requests() if q["method"] == method and
                q["uri"].split("?")[0] == path and
                (applied is None or bool(q.get("applied")) == applied)]

    def lookups(self, ref):
        return sum(1 for q in self.requests() if q["method"] == "GET" and
                   ("/external/" + ref) in q["uri"])

    def qty(self, tag):
        """A package's quantity at the state, or None."""
        for p in self.admin("GET", "/_sim/state")["packages"]:
            if p["Label"] == tag:
                return p["Quantity"]
        return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()


def la_noon_tomorrow():
    """Noon tomorrow in Los Angeles, UTC microseconds: a departure
    California's delivery hours allow whenever the test runs."""
    la = ZoneInfo("America/Los_Angeles")
    day = datetime.datetime.now(la).date() + datetime.timedelta(days=1)
    return int(datetime.datetime.combine(day, datetime.time(12, 0),
                                         tzinfo=la).timestamp() * 1000000)


def ca_delivery_store(st, licence=LIC, plate="7ABC123"):
    """A California store (a ledger made with demo=False) with the demo
    catalogue, a vehicle with GPS and DRIVER's licence and employee ID:
    what the delivery tests start from."""
    st.ctl("init", "--licence", licence, "--state", "CA", "--tz",
           "America/Los_Angeles", "--name", "Stash LA", "--admin-name",
           "Ada Admin", "--admin-pin", "1000")
    st.demo = json.loads(st.ctl("--json", "demo"))
    st.ctl("vehicle", "add", plate, "--make", "Toyota", "--model", "Prius",
           "--colour", "white", "--vin", "JTDKN3DU0A0123456", "--gps")
    st.ctl("staff", "driver", str(DRIVER), "--licence", "D1234567",
           "--employee", "E-17", "--born", "1990-05-01")


def with_sim(new_store, body):
    """body(st, sim) on a store made without the demo and a simulator
    beside it, stopped whatever happens."""
    st = new_store(demo=False)
    sim = Sim(os.path.join(st.dir, "sim.json"))
    try:
        body(st, sim)
    finally:
        sim.stop()


def outbox_drained(t):
    """Nothing pending in the compliance outbox, and no exception."""
    s = t.call("compliance.status")
    return s["pending"] == 0 and s["exceptions"] == 0


def retailer_store(st, sim, *extra, plate="7ABC123"):
    """ca_delivery_store reporting to the simulator, trips as Metrc
    retailer (dynamic) deliveries (extra: more options), started."""
    ca_delivery_store(st, LIC, plate)
    report_to(st, sim, "metrc-reconcile=0", "metrc-transfers=0",
              "metrc-locations=floor=Sales Floor;vault=Vault;"
              "express=Express;quarantine=Quarantine;vehicle:%s=Vault" %
              plate, *extra)
    st.options += ["store-location=34052200,-118243700",
                   "delivery-zones=5000:500,12000:900",
                   "metrc-delivery=retailer"]
    st.start()


def ca_delivery_orders(t, stops, noon, first=0):
    """For each (sku, tag) of stops, an adult Californian "Stop NumberI"
    and a sealed delivery order of one sku packed from package tag, to
    I+1 Main St in Los Angeles, due by six hours after noon, I counting
    from first: the orders."""
    now = int(time.time() * 1000000)
    orders = []
    for i, (sku, tag) in enumerate(stops, first):
        cust = t.call("customer.create", {
            "type": "adult", "first": "Stop", "last": "Number%d" % i,
            "dob": "1980-01-01", "residence": "CA",
            "id_doc": {"type": "dl", "state": "CA", "number": "NRD%d" % i,
                       "expires": "2031-01-01"},
            "id_scanned": True})["customer"]["id"]
        o = t.call("order.create", {
            "ref": "rd-%d" % i, "customer": cust, "channel": "delivery",
            "window": {"start": now, "end": noon + 6 * 3600 * 1000000},
            "lines": [{"sku": sku, "qty": 1}],
            "address": {"street": "%d Main St" % (i + 1),
                        "city": "Los Angeles", "state": "CA",
                        "zip": "90012", "lat": 34050000 + (i % 4) * 1000,
                        "lon": -118260000}})["order"]
        t.call("order.pack", {"id": o["id"], "tag": tag})
        t.call("order.seal", {"id": o["id"]})
        orders.append(o)
    return orders


def report_to(st, sim, *extra):
    """Point the store's stashd at the simulator: keys in a 0600 file."""
    secrets = os.path.join(st.dir, "metrc.secrets")
    with open(secrets, "w") as f:
        f.write("vendor-key %s\nuser-key %s\n" %
                (sim.start["vendor_key"], sim.start["user_key"]))
    os.chmod(secrets, 0o600)
    st.options = ["metrc-url=" + sim.url, "metrc-secrets=" + secrets,
                  "metrc-interval=1", "metrc-timeout=2"] + list(extra)
    return secrets


STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))


class Sink:
    """A network printer (receipt or label, raw TCP): keeps every byte
    sent to it."""

    def __init__(self):
        self.srv = socket.socket()
        self.srv.bind(("127.0.0.1", 0))
        self.srv.listen(4)
        self.port = self.srv.getsockname()[1]
        self.data = b""
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                c, _ = self.srv.accept()
            except OSError:
                return
            threading.Thread(target=self.read, args=(c,),
                             daemon=True).start()

    def read(self, c):
        while True:
            b = c.recv(4096)
            if not b:
                return
            self.data += b


def devices_file(st, terminal, *lines):
    """A devices file for stash -D (doc/stash.1, DEVICES) in st's
    directory, one device a line: its path."""
    path = os.path.join(st.dir, terminal + ".devices")
    with open(path, "w") as f:
        f.write("".join(l + "\n" for l in lines))
    return path


class Pane:
    """The real stash in a detached tmux pane, 80x24 unless size says
    (cols, rows): started, read, typed into, killed. One tmux server per
    pane (-L name + pid)."""

    def __init__(self, name, timeout=30, size=(80, 24)):
        self.tm = ["tmux", "-L", "%s%d" % (name, os.getpid()), "-f",
                   "/dev/null"]
        self.timeout = timeout
        self.size = size

    def start(self, st, terminal, *args, code=None, shim=False, env=None):
        """stash enrolled as terminal (a new one-time code unless code is
        given) against st, with args; shim: with tests/sim/ptyshim.so
        preloaded, so its serial devices are ptys (under ASan, told not to
        mind the preload)."""
        prefix = ""
        if shim:
            asan = os.environ.get("ASAN_OPTIONS", "")
            prefix = "env LD_PRELOAD=%s ASAN_OPTIONS=%s " % (
                SHIM, (asan + ":" if asan else "") +
                "verify_asan_link_order=0")
        if code is None:
            code = st.ctl("terminal", "add", terminal).splitlines()[0].strip()
        self.cred = cred = os.path.join(st.dir, terminal + ".cred")
        cmd = "%s%s -s 127.0.0.1:%d -t %s -C %s -E %s" % (
            prefix, STASH, st.port, terminal, cred, code)
        if args:
            cmd += " " + " ".join(args)
        subprocess.run(self.tm + ["new-session", "-d", "-x",
                                  str(self.size[0]), "-y",
                                  str(self.size[1]), cmd],
                       env=dict(env or os.environ, TERM="xterm"),
                       check=True)
        return self

    def text(self):
        return subprocess.run(self.tm + ["capture-pane", "-p"],
                              capture_output=True, text=True).stdout

    def wait_for(self, text, timeout=None, gone=False):
        """The screen once text is on it (or, gone, off it)."""
        deadline = time.time() + (timeout or self.timeout)
        while time.time() < deadline:
            out = self.text()
            if (text in out) != gone:
                out = self.settled(out, deadline)
                if (text in out) == gone:
                    continue
                if os.environ.get("SHOW"):
                    print("--- %s\n%s" % (text, out))
                return out
            time.sleep(0.1)
        raise Failure("%s %r on screen:\n%s" % ("still" if gone else "no",
                                                text, self.text()))

    def settled(self, out, deadline):
        """The screen once two captures 50 ms apart agree. ncurses may
        hand a full repaint to tmux in more than one write, and a capture
        between them holds the top of the new screen over the bottom of
        the old one."""
        while time.time() < deadline:
            time.sleep(0.05)
            again = self.text()
            if again == out:
                break
            out = again
        return out

    def wait_for_all(self, texts, timeout=None):
        """The screen once every one of texts is on it. A long list can
        reach tmux in more than one write, so a capture may hold only
        its first rows."""
        deadline = time.time() + (timeout or self.timeout)
        while time.time() < deadline:
            out = self.text()
            if all(t in out for t in texts):
                return self.settled(out, deadline)
            time.sleep(0.1)
        raise Failure("not all of %r on screen:\n%s" % (texts, self.text()))

    def wait_total(self, timeout=None):
        """The register's screen once stashd's total for the cart is on
        it: until the quote comes back the screen says "+ tax", and Enter
        would only ask for it again."""
        deadline = time.time() + (timeout or self.timeout)
        while time.time() < deadline:
            out = self.text()
            if "TOTAL " in out and " + tax" not in out:
                return self.settled(out, deadline)
            time.sleep(0.1)
        raise Failure("no total from stashd on screen:\n%s" % self.text())

    def keys(self, *k):
        subprocess.run(self.tm + ["send-keys"] + list(k), check=True)

    def login(self, staff, then=None):
        """Log staff in at the login screen; then: keys to press once
        the register is up, waiting for what the last one shows (e.g.
        ("F1", "Stock: scan")). The screen."""
        self.wait_for("Staff ID")
        self.keys(str(staff), "Enter", PINS[staff], "Enter")
        out = self.wait_for("F5 Pay")
        if then is not None:
            self.keys(then[0])
            out = self.wait_for(then[1])
        return out

    def wedge(self, payload):
        """A keyboard-wedge scanner's burst: one send-keys, control
        characters as the keys a wedge scanner sends for them."""
        argv, lit = [], ""
        for c in payload:
            ctl = {"\n": "C-j", "\r": "C-m", "\x1e": "C-^"}.get(c)
            if ctl is None:
                lit += c
                continue
            if lit:
                argv.append(lit)
                lit = ""
            argv.append(ctl)
        if lit:
            argv.append(lit)
        self.keys(*argv)

    def open_drawer(self, st, terminal, staff=2, float_cents=DRAWER_FLOAT):
        """Open a cash drawer on the register this stash is (cash needs
        one): call once the screen shows it connected."""
        return open_drawer_as(st, terminal, self.cred, staff, float_cents)

    def kill(self):
        subprocess.run(self.tm + ["kill-server"], capture_output=True)


def open_drawer_as(st, terminal, cred_path, staff=2,
                   float_cents=DRAWER_FLOAT):
    """Open a cash drawer on terminal over the protocol, with the
    credential a real stash enrolled with (in cred_path): a screen test's
    register then takes cash."""
    cred = wait_until("the credential " + cred_path,
                      lambda: os.path.exists(cred_path) and
                      open(cred_path).read().strip())
    t = Terminal(st.port)
    try:
        t.call("hello", {"version": 1, "terminal": terminal,
                         "credential": cred})
        t.call("login", {"staff": staff, "pin": PINS[staff]})
        d = open_drawer(t, float_cents)
        t.call("logout")
    finally:
        t.close()
    return d


def cents(v):
    """Cents as a screen shows money: 16675 -> "$166.75"."""
    return "%s$%d.%02d" % ("-" if v < 0 else "", abs(v) // 100, abs(v) % 100)


def need_tmux_and_shim():
    """Skip (77) without tmux or the pty shim (built if it can be)."""
    if subprocess.run(["which", "tmux"], capture_output=True).returncode:
        print("SKIP: no tmux")
        sys.exit(77)
    if not os.path.exists(SHIM):
        subprocess.run(["make", "-C", BUILD, "tests/sim/ptyshim.so"],
                       capture_output=True)
    if not os.path.exists(SHIM):
        print("SKIP: cannot build the pty shim")
        sys.exit(77)


# tests/unit/test-dev-aamva.c VA, DBA 12102024 -> 12102034.
AAMVA_VA = (
    "@\n\x1e\rANSI 636000100102DL00410278ZV03190008DLDAQT64235789\n"
    "DCSSAMPLE\nDDEN\nDACMICHAEL\nDDFN\nDADJOHN\nDDGN\nDCUJR\nDCAD\n"
    "DCBK\nDCDPH\nDBD06062019\nDBB06061986\nDBA12102034\nDBC1\n"
    "DAU068 in\nDAYBRO\nDAG2300 WEST BROAD STREET\nDAIRICHMOND\nDAJVA\n"
    "DAK232690000  \nDCF2424244747474786102204\nDCGUSA\nDCK123456789\n"
    "DDAF\nDDB06062018\nDDC06062020\nDDD1\rZVZVA01\r")
# The same card for someone else born in 2010 (same lengths).
AAMVA_YOUNG = AAMVA_VA.replace("T64235789", "T64235790").replace(
    "DBB06061986", "DBB06062010").replace("MICHAEL", "MICHAEM")


class IdPort:
    """A serial ID scanner on a raw pty: path is the port for a device
    file (stash opens it through ptyshim.so), scan() writes a payload in
    one burst, as the scanner sends a card."""

    def __init__(self):
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)

    def scan(self, payload):
        os.write(self.master, payload.encode("latin-1"))


def wait_until(what, fn, timeout=60):
    deadline = time.time() + timeout
    while True:
        v = fn()
        if v:
            return v
        check(time.time() < deadline, "timed out waiting for " + what)
        time.sleep(0.2)


def run(test):
    """Run test(store_factory) and report; exit 0 pass, 1 fail."""
    stores = []

    def factory(**kw):
        s = Store(**kw)
        stores.append(s)
        return s
    name = os.path.basename(sys.argv[0])
    try:
        test(factory)
    except Exception as e:
        # Any exception fails the test (a tmux call that failed, a
        # KeyError in a reply...), and no stashd is left running.
        what = "" if isinstance(e, (Failure, AssertionError)) else \
            type(e).__name__ + ": "
        print("FAIL %s: %s%s" % (name, what, e))
        for s in stores:
            try:
                with open(os.path.join(s.dir, "stashd.log")) as f:
                    sys.stdout.write(f.read()[-3000:])
            except OSError:
                pass
        for s in stores:
            s.cleanup()
        sys.exit(1)
    except BaseException:
        for s in stores:
            s.cleanup()
        raise
    for s in stores:
        s.cleanup()
    print("PASS %s" % name)
    sys.exit(0)


def check_stashd_n(st, want, *opts):
    """stashd -n on st's ledger with -o opts: it passes (want None) or
    fails saying want. Returns what it printed."""
    argv = [STASHD, "-n", "-f", "/dev/null", "-d", st.data]
    for o in opts:
        argv += ["-o", o]
    p = subprocess.run(argv, capture_output=True, text=True)
    text = p.stdout + p.stderr
    check((p.returncode == 0) == (want is None) and
          (want is None or want in text),
          "stashd -n %s: %d %r" % (" ".join(opts), p.returncode, text))
    return text
