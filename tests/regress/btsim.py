# stash-biotrack-sim for the regress tests: started on a free port, its
# test hooks (/_sim/faults, /_sim/requests, /_sim/state) as methods, and
# a secrets file stashd can read.
import json
import os
import select
import subprocess
import urllib.request
from stashproto import BUILD, check, check_stashd_n

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

    def seed_inventory(self, ours, extra=(), skip=(), change=None):
        """What sync_inventory answers: ours ({tag: (qty, unit)}, see
        our_stock) but skip, change (tag, qty) and the extra rows."""
        rows = []
        for tag, (qty, unit) in ours.items():
            if tag in skip:
                continue
            if change and tag == change[0]:
                qty = change[1]
            # BioTrack's remaining quantity: grams, or units.
            rows.append({"id": tag, "remaining_quantity":
                         "%d.%03d" % divmod(qty, 1000) if unit != "each"
                         else str(qty), "deleted": "0"})
        rows.extend(extra)
        self.admin("POST", "/_sim/inventory", {"rows": rows})

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()
        self.proc.stdout.close()


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
    reference prefix:N, N counting up; its id. settled(): the compliance
    status once nothing is pending, else False."""
    seq = [0]

    def sell(other=None):
        seq[0] += 1
        r = term().call("sale.commit", {
            "ref": "%s:%d" % (prefix, seq[0]),
            "lines": [{"tag": other or tag, "qty": 1}],
            "tender": {"cash": 10**7}})
        return r["sale"]["id"]

    def settled():
        s = term().call("compliance.status")
        return s["pending"] == 0 and s
    return sell, settled


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
