# driverterm.py: the real stash --driver in tmux for the handheld tests
# (driver-offline.py, driver-kill.py): its ID scanner, GPS and receipt
# printer on ptys
# (through tests/sim/ptyshim.so), and a TCP proxy between it and stashd
# that the test cuts and restores.
import os
import select
import subprocess
import sys
import socket
import threading
import time
import tty
from stashproto import *
from drivertrip import *

# Five stops: four adults and Eve, whose ID at the door says she is 19
# (the date of birth on file, from her phone order, said otherwise).
FIVE = STOPS + [("Eve Ember", "FL-WW-1", 1, tag(8))]
FIVE_WHERE = WHERE + [(39740000, -104990000)]


def years_ago(n):
    t = time.gmtime()
    return "%04d-%02d-%02d" % (t.tm_year - n, t.tm_mon, min(t.tm_mday, 28))


FIVE_DOBS = ["1980-02-03", "1981-02-03", "1982-02-03", "1983-02-03",
             "1984-02-03"]
EVE_ID_DOB = years_ago(19)


def aamva(first, last, dob, number, expiry="2031-01-01", state="CO"):
    """An AAMVA payload (one DL subfile) as a card's PDF417 holds it."""
    def mdy(d):
        y, m, dd = d.split("-")
        return m + dd + y
    sub = ("DLDAQ%s\nDCS%s\nDAC%s\nDBB%s\nDBA%s\nDAJ%s\nDCGUSA\r" %
           (number, last.upper(), first.upper(), mdy(dob), mdy(expiry),
            state))
    head = "@\n\x1e\rANSI 636020100101"
    return head + "DL%04d%04d" % (len(head) + 10, len(sub)) + sub


def nmea(body):
    cs = 0
    for c in body.encode():
        cs ^= c
    return "$%s*%02X\r\n" % (body, cs)


def rmc(lat_ud, lon_ud):
    """An RMC sentence for the fix (micro-degrees), now."""
    def dm(v, width):
        v = abs(v)
        deg = v // 1000000
        minutes = (v % 1000000) * 60 / 1000000.0
        return "%0*d%07.4f" % (width, deg, minutes)
    t = time.gmtime()
    return nmea("GPRMC,%02d%02d%02d.00,A,%s,%s,%s,%s,0.0,0.0,%02d%02d%02d,,,A"
                % (t.tm_hour, t.tm_min, t.tm_sec, dm(lat_ud, 2),
                   "N" if lat_ud >= 0 else "S", dm(lon_ud, 3),
                   "E" if lon_ud >= 0 else "W", t.tm_mday, t.tm_mon,
                   t.tm_year % 100))


def five_outcomes(tp, hh):
    """After the five stops synced: Ann, Cat and Dee delivered, Ben and
    Eve failed, each once. The handheld's three sales."""
    mgr, st = tp.mgr, tp.st

    def status(i):
        return mgr.call("order.get", {"id": tp.orders[i]})["order"][
            "status"]
    got = [status(i) for i in range(5)]
    check(got == ["delivered", "failed", "delivered", "delivered",
                  "failed"], "statuses: %r" % got)
    sales = [s for s in st.sales() if s["ref"].startswith(hh.name + "-")]
    check(len(sales) == 3, "three sales, once each: %r" %
          [s["ref"] for s in sales])
    return sales


class Proxy:
    """TCP between the handheld and stashd; cut() drops every connection
    and refuses new ones until restore(); delay (seconds) holds each
    chunk back, for a slow link."""

    def __init__(self, port):
        self.target = port
        self.ls = socket.socket()
        self.ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.ls.bind(("127.0.0.1", 0))
        self.ls.listen(8)
        self.port = self.ls.getsockname()[1]
        self.up = True
        self.delay = 0
        self.pairs = []
        self.lock = threading.Lock()
        self.stop = False
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while not self.stop:
            try:
                c, _ = self.ls.accept()
            except OSError:
                return
            if not self.up:
                c.close()
                continue
            try:
                s = socket.create_connection(("127.0.0.1", self.target))
            except OSError:
                c.close()
                continue
            with self.lock:
                self.pairs.append((c, s))
            threading.Thread(target=self.pump, args=(c, s),
                             daemon=True).start()

    def pump(self, a, b):
        socks = [a, b]
        try:
            while self.up and not self.stop:
                r, _, _ = select.select(socks, [], [], 0.2)
                for x in r:
                    data = x.recv(65536)
                    if not data:
                        raise OSError("closed")
                    if self.delay:
                        time.sleep(self.delay)
                    (b if x is a else a).sendall(data)
        except OSError:
            pass
        for x in socks:
            try:
                x.close()
            except OSError:
                pass

    def cut(self):
        self.up = False
        with self.lock:
            for a, b in self.pairs:
                for x in (a, b):
                    try:
                        x.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
            self.pairs = []

    def restore(self):
        self.up = True

    def close(self):
        self.stop = True
        self.cut()
        self.ls.close()


class Via:
    """The store as the handheld sees it: through the proxy."""

    def __init__(self, st, proxy):
        self.st, self.port, self.dir = st, proxy.port, st.dir

    def ctl(self, *a, **kw):
        return self.st.ctl(*a, **kw)


class Handheld:
    """stash --driver in a pane, its ID scanner and GPS on ptys."""

    def __init__(self, tp, proxy, name="handheld-1", gps=True):
        """gps: whether the GPS sends fixes from the start."""
        self.tp, self.proxy, self.name = tp, proxy, name
        st = tp.st
        self.id_m, id_s = os.openpty()
        self.gps_m, gps_s = os.openpty()
        self.prn_m, prn_s = os.openpty()
        for fd in (id_s, gps_s, prn_s):
            tty.setraw(fd)
        tty.setraw(self.prn_m)
        self.slaves = (id_s, gps_s, prn_s)
        self.devfile = os.path.join(st.dir, name + ".devices")
        with open(self.devfile, "w") as f:
            f.write("id aamva %s\ngps nmea %s\nprinter escpos %s\n" %
                    (os.ttyname(id_s), os.ttyname(gps_s),
                     os.ttyname(prn_s)))
        self.printed = b""
        self.journal = os.path.join(st.dir, name + ".driver")
        self.log = os.path.join(st.dir, name + ".log")
        self.code = st.ctl("terminal", "add", name).splitlines()[0].strip()
        self.pane = None
        self.starts = 0
        self.interval = 2       # --gps-interval
        self.gps_on = gps
        self.where = (39750000, -104999000)
        self.stop = False
        threading.Thread(target=self.gps, daemon=True).start()

    def gps(self):
        """The GPS's sentences twice a second; what the printer got."""
        while not self.stop:
            if self.gps_on:
                try:
                    os.write(self.gps_m, rmc(*self.where).encode())
                except OSError:
                    pass
            while True:
                r, _, _ = select.select([self.prn_m], [], [], 0)
                if not r:
                    break
                try:
                    self.printed += os.read(self.prn_m, 65536)
                except OSError:
                    break
            time.sleep(0.5)

    def start(self):
        """stash --driver (enrolled on its first start), in a new pane."""
        if self.pane is not None:
            self.pane.kill()
        self.starts += 1
        self.pane = p = Pane("drv%s-%d-" % (self.name[-1], self.starts))
        asan = os.environ.get("ASAN_OPTIONS", "")
        cred = os.path.join(self.tp.st.dir, self.name + ".cred")
        cmd = ("env LD_PRELOAD=%s ASAN_OPTIONS=%s %s -s 127.0.0.1:%d -t %s "
               "-C %s %s --driver --journal %s --gps-interval %d -D %s "
               "-l %s -v" % (SHIM, (asan + ":" if asan else "") +
                             "verify_asan_link_order=0", STASH,
                             self.proxy.port, self.name, cred,
                             "" if os.path.exists(cred) else
                             "-E " + self.code, self.journal,
                             self.interval, self.devfile, self.log))
        subprocess.run(p.tm + ["new-session", "-d", "-x", "80", "-y", "24",
                               cmd], env=dict(os.environ, TERM="xterm"),
                       check=True)
        return p

    def pid(self):
        """stash's process id (the pane's command)."""
        out = subprocess.run(self.pane.tm + ["list-panes", "-F",
                                             "#{pane_pid}"],
                             capture_output=True, text=True).stdout
        return int(out.split()[0])

    def login(self):
        p = self.pane
        p.wait_for("Staff ID")
        p.keys(str(DRIVER), "Enter", PINS[DRIVER], "Enter")

    def payload(self, i, dob=None, **kw):
        first, last = FIVE[i][0].split()
        return aamva(first, last, dob or FIVE_DOBS[i], "DL%d" % (1000 + i),
                     **kw)

    def scan(self, i, dob=None, **kw):
        """Stop i's customer's licence on the serial ID scanner."""
        os.write(self.id_m, self.payload(i, dob, **kw).encode("latin-1"))

    def wedge(self, i, dob=None, **kw):
        """The same from a keyboard-wedge scanner (typed into the pane)."""
        self.pane.wedge(self.payload(i, dob, **kw))

    def close(self):
        self.stop = True
        if self.pane is not None:
            self.pane.kill()
        for fd in (self.id_m, self.gps_m, self.prn_m) + self.slaves:
            try:
                os.close(fd)
            except OSError:
                pass
