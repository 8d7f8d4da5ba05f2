# stash-biotrack-sim for the regress tests: started on a free port, its
# test hooks (/_sim/faults, /_sim/requests, /_sim/state) as methods, and
# a secrets file stashd can read.
import json
import os
import select
import subprocess
import urllib.request
from stashproto import ADMIN, BUILD, PINS, check, check_stashd_n, \
    wait_until

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

    def seed_inventory(self, ours, **kw):
        """What sync_inventory answers: the rows of ours ({tag: (qty,
        unit)}, see our_stock) as inventory_rows(**kw) makes them."""
        self.admin("POST", "/_sim/inventory", {"rows": inventory_rows(
            ours, lambda tag, f: row(tag, f, False), **kw)})

    def seed_inventory24(self, ours, **kw):
        """What GET /v1/inventory answers: likewise, v2024's rows."""
        self.admin24("POST", "inventory", {"rows": inventory_rows(
            ours, lambda tag, f: row24(tag, f, False), **kw)})

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


def remaining(qty, unit):
    """BioTrack's remaining quantity of ours: grams, or units."""
    return "%d.%03d" % divmod(qty, 1000) if unit != "each" else str(qty)


def row(tag, figure, deleted):
    """A row of sync_inventory's (legacy)."""
    return {"id": tag, "remaining_quantity": figure,
            "deleted": "1" if deleted else "0"}


def row24(tag, figure, deleted):
    """A row of GET /v1/inventory's (v2024)."""
    return {"Barcode": tag, "RemainingAmount": figure, "Deleted": deleted}


def inventory_rows(ours, row, extra=(), skip=(), change=None):
    """The state's inventory rows of ours (our_stock) as row(tag, figure)
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
    """The state's inventory seeded (seed(ours, extra=, skip=, change=):
    BtSim.seed_inventory or seed_inventory24) with one
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
    seed(ours, extra=[row(D, "1", True), row("6033571320007999", "2", False)],
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


def settled(t):
    """The compliance status at terminal t once nothing is pending, else
    False."""
    s = t.call("compliance.status")
    return s["pending"] == 0 and s


def take_in(rcv, mgr, number):
    """Manifest number (check_inbound's two items) taken in whole at
    terminal rcv and closed; back once nothing is pending at mgr (its
    receipt reported)."""
    for tag, qty in (("000000006033571320007909", 453500),
                     ("000000006033573300000126", 3)):
        rcv.call("intake.scan", {"manifest": number, "tag": tag,
                                 "qty": qty})
    rcv.call("intake.close", {"manifest": number})
    wait_until("%s's receipt reported" % number, lambda: settled(mgr))


def destroy(t, tag):
    """One of the package tag destroyed, witnessed, at terminal t."""
    t.call("package.adjust", {"tag": tag, "delta": -1,
                              "reason": "destruction", "note": "dropped",
                              "witness": {"staff": ADMIN,
                                          "pin": PINS[ADMIN]}})


def check_n(st, sim, want, *opts):
    """stashd -n with opts says want (None: nothing wrong), and never the
    simulator's password."""
    text = check_stashd_n(st, want, *opts)
    check(sim.start["password"] not in text, "no password echoed")
    return text


def unit_packages(t, st, qty):
    """st's packages sold by the unit holding qty or more, asked at t."""
    return [p for p in st.tags if
            t.call("item.lookup", {"code": p})["product"]["unit"] == "each"
            and t.call("package.get", {"tag": p})["package"]["qty"] >= qty]


def seller(term, prefix, tag):
    """sell(other=None): a cash sale of one unit of tag (or other) at the
    terminal term() returns (the test's, again after a restart), its
    reference prefix:N, N counting up; its id. done(): settled at
    term()."""
    seq = [0]

    def sell(other=None):
        seq[0] += 1
        r = term().call("sale.commit", {
            "ref": "%s:%d" % (prefix, seq[0]),
            "lines": [{"tag": other or tag, "qty": 1}],
            "tender": {"cash": 10**7}})
        return r["sale"]["id"]

    def done():
        return settled(term())
    return sell, done


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


def our_stock(t, tags):
    """{tag: (qty, unit)} of the packages among tags with stock, as the
    terminal t reads them."""
    ours = {}
    for p in tags:
        pk = t.call("package.get", {"tag": p})["package"]
        unit = t.call("item.lookup", {"code": p})["product"]["unit"]
        if pk["qty"] > 0:
            ours[p] = (pk["qty"], unit)
    return ours
