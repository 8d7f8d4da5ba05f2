# stash-biotrack-sim for the regress tests: started on a free port, its
# test hooks (/_sim/faults, /_sim/requests, /_sim/state) as methods, and
# a secrets file stashd can read.
import json
import os
import select
import subprocess
import urllib.request
from stashproto import ADMIN, BUILD, PINS, check

BTSIM = os.path.join(BUILD, "stash-biotrack-sim")


class BtSim:
    def __init__(self):
        self.proc = subprocess.Popen([BTSIM, "-l", "127.0.0.1:0"],
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        r, _, _ = select.select([self.proc.stdout], [], [], 60)
        check(r, "the BioTrack simulator started")
        self.start = json.loads(self.proc.stdout.readline())
        self.base = "http://" + self.start["listen"]
        self.url = self.base + "/serverjson.asp"

    def admin(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data,
                                     method=method)
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read() or b"null")

    def faults(self, f):
        return self.admin("POST", "/_sim/faults", f)

    def requests(self):
        return self.admin("GET", "/_sim/requests")["requests"]

    def state(self):
        return self.admin("GET", "/_sim/state")

    def applied(self, action):
        return [q for q in self.requests() if q["action"] == action and
                q["applied"]]

    def secrets(self, d):
        """A 0600 secrets file with the simulator's login, in d."""
        path = os.path.join(d, "biotrack.secrets")
        with open(path, "w") as f:
            f.write("ubi %s\nusername %s\npassword %s\n" % (
                self.start["ubi"], self.start["username"],
                self.start["password"]))
        os.chmod(path, 0o600)
        return path

    def secrets24(self, d):
        """A 0600 biotrack24-secrets file with the v2024 surface's login
        (ubi, license, username, password), in d."""
        path = os.path.join(d, "biotrack24.secrets")
        with open(path, "w") as f:
            f.write("ubi %s\nlicense %s\nusername %s\npassword %s\n" % (
                self.start["ubi"], self.start["license"],
                self.start["username"], self.start["password"]))
        os.chmod(path, 0o600)
        return path

    def options(self, st, *extra):
        """stashd's options to report to this simulator, a secrets file
        in st's folder, looking at the outbox every second."""
        return ["state-system=biotrack", "biotrack-url=" + self.url,
                "biotrack-secrets=" + self.secrets(st.dir),
                "biotrack-interval=1", "biotrack-timeout=5"] + list(extra)

    def options24(self, st, *extra):
        """stashd's options to report to this simulator's v2024 surface
        (a secrets file in st's folder), looking every second."""
        return ["state-system=biotrack-v2024", "biotrack24-url=" + self.base,
                "biotrack24-secrets=" + self.secrets24(st.dir),
                "biotrack-interval=1", "biotrack-timeout=5"] + list(extra)

    def admin24(self, method, path, body=None):
        return self.admin(method, "/_sim24/" + path, body)

    def faults24(self, f):
        return self.admin24("POST", "faults", f)

    def requests24(self):
        return self.admin24("GET", "requests")["requests"]

    def state24(self):
        return self.admin24("GET", "state")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()
        self.proc.stdout.close()


def products(mgr, tags):
    """The first product sold by the unit and the first sold by weight
    among the packages tags, as item.lookup gives them."""
    each = weighed = None
    for p in tags:
        pr = mgr.call("item.lookup", {"code": p})["product"]
        if pr["unit"] == "each" and each is None:
            each = pr
        elif pr["unit"] != "each" and weighed is None:
            weighed = pr
    check(each and weighed, "a product of each kind")
    return each, weighed


def stocked(mgr, tags):
    """{tag: (qty, unit)} of the packages tags with stock."""
    ours = {}
    for p in tags:
        pk = mgr.call("package.get", {"tag": p})["package"]
        unit = mgr.call("item.lookup", {"code": p})["product"]["unit"]
        if pk["qty"] > 0:
            ours[p] = (pk["qty"], unit)
    check(len(ours) >= 3, "packages with stock")
    return ours


def remaining(qty, unit):
    """BioTrack's remaining quantity of ours: grams, or units."""
    return "%d.%03d" % divmod(qty, 1000) if unit != "each" else str(qty)


def inventory_rows(ours, row, extra=(), skip=(), change=None):
    """The state's inventory rows of ours (stocked) as row(tag, figure)
    makes them, leaving out skip, change=(tag, qty) changed, and extra
    rows after."""
    rows = []
    for tag, (qty, unit) in ours.items():
        if tag in skip:
            continue
        if change and tag == change[0]:
            qty = change[1]
        rows.append(row(tag, remaining(qty, unit)))
    rows.extend(extra)
    return rows


def reconcile_same(mgr, ours):
    """compliance.reconcile with the state's figures those of ours: every
    package compared, no difference."""
    r = mgr.call("compliance.reconcile")
    check(r["packages"] == len(ours) and r["compared"] == len(ours),
          "every package compared: %r" % {k: r[k] for k in
                                           ("packages", "compared")})
    check(r["differences"] == [], "none: %r" % r["differences"])


def reconcile_differ(mgr, ours, seed, row):
    """The state's inventory seeded (seed(extra, skip, change)) with one
    package's figure changed (B, sold by the unit), one not there (C),
    one there but deleted (D) and a 16-digit barcode we never had, as
    row(tag, figure, deleted) makes a row: compliance.reconcile finds each
    as the difference it is. The differences, {(tag, kind)}."""
    tags = sorted(ours)
    eaches = [t for t in tags if ours[t][1] == "each"]
    check(eaches, "a package sold by the unit")
    B = eaches[0]
    C = [t for t in tags if t != B][0]
    D = [t for t in tags if t not in (B, C)][0]
    stranger = "000000006033571320007999"
    seed(extra=[row(D, "1", True), row("6033571320007999", "2", False)],
         skip=(C, D), change=(B, ours[B][0] - 1))
    want = {(B, "quantity"), (C, "not-at-state"), (D, "not-at-state"),
            (stranger, "not-here")}
    r = mgr.call("compliance.reconcile")
    by = {(d["tag"], d["kind"]): d for d in r["differences"]}
    check(set(by) == want, "the differences: %r" % r["differences"])
    d = by[(B, "quantity")]
    check(d["ours"] == ours[B][0] and d["state"] == ours[B][0] - 1 and
          d["unexplained"] == -1 and d["unit"] == "each",
          "B differs by one: %r" % d)
    return want, B


def check_inbound(rcv, number, supplier, each, weighed):
    """The manifest made of an inbound transfer of the simulator's two
    items (6033571320007909, 453.5 g of weighed; 6033573300000126, three
    of each): BioTrack's barcodes kept as tags, grams as mg, matched to
    our products by name. Its intake.get."""
    m = rcv.call("intake.get", {"manifest": number})["manifest"]
    check(m["supplier"] == supplier, "the sender: %r" % m["supplier"])
    lines = {l["tag"]: l for l in m["lines"]}
    check(set(lines) == {"000000006033571320007909",
                         "000000006033573300000126"},
          "BioTrack's barcodes as tags: %r" % list(lines))
    w = lines["000000006033571320007909"]
    e = lines["000000006033573300000126"]
    check(w["sku"] == weighed["sku"] and w["shipped"] == 453500,
          "grams as mg, matched by name in any case: %r" % w)
    check(e["sku"] == each["sku"] and e["shipped"] == 3, "units: %r" % e)
    return m


def destroy(t, tag):
    """One of the package tag destroyed, witnessed, at terminal t."""
    t.call("package.adjust", {"tag": tag, "delta": -1,
                              "reason": "destruction", "note": "dropped",
                              "witness": {"staff": ADMIN,
                                          "pin": PINS[ADMIN]}})


def with_sim(body):
    """A test function for stashproto.run: a new store and a simulator,
    body(st, sim), the simulator stopped after."""
    def test(new_store):
        st = new_store()
        sim = BtSim()
        try:
            body(st, sim)
        finally:
            sim.stop()
    return test
