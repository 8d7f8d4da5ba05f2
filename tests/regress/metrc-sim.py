#!/usr/bin/env python3
# stash-metrc-sim: keys and licences, receipts (create, get, external lookup,
# void), planned deliveries (create, edit, complete with returns, void) and
# retailer deliveries (stock on board, depart, a sale per stop, restock,
# end), each with its refusals and faults, a sale reported both ways
# refused, the 10-object limit, paging, Metrc's 400 shapes, every fault kind,
# holds and recalls, state across a restart, --seed demo against the
# demo store of stashctl, one simulator a state file (locked), the query
# parameters each endpoint takes and the
# shapes the two v2 descriptions disagree on (/_sim/shape). Quantities are compared as exact decimals.
import base64
import http.client
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

BUILD = os.environ.get("top_builddir", os.getcwd())
SIM = os.path.join(BUILD, "stash-metrc-sim")
STASHCTL = os.environ.get("STASHCTL", os.path.join(BUILD, "stashctl"))
LIC = "402R-00042"
OTHER = "402R-00043"
PREFIX = "1A40603000000000000"
BULK = PREFIX + "02001"       # Gorilla Glue #4 (bulk), 453.592 g
EACH = PREFIX + "01002"       # Blue Dream 3.5g, 40 each


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


class Sim:
    def __init__(self, state, seed=None, faults=None):
        args = [SIM, "-l", "127.0.0.1:0", "-s", state]
        if seed:
            args += ["--seed", seed]
        if faults:
            args += ["-f", json.dumps(faults)]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        r, _, _ = select.select([self.proc.stdout], [], [], 10)
        check(r, "the simulator printed its start line")
        self.start = json.loads(self.proc.stdout.readline())
        host, port = self.start["listen"].rsplit(":", 1)
        self.host, self.port = host, int(port)
        self.keys = (self.start["vendor_key"], self.start["user_key"])

    def request(self, method, path, body=None, keys=None, lic=LIC,
                timeout=10, raw=None):
        if lic is not None:
            path += ("&" if "?" in path else "?") + "licenseNumber=" + lic
        keys = self.keys if keys is None else keys
        h = {"Accept": "application/json"}
        if keys:
            tok = base64.b64encode(("%s:%s" % keys).encode()).decode()
            h["Authorization"] = "Basic " + tok
        data = raw
        if body is not None:
            data = dumps(body).encode()
        if data is not None:
            h["Content-Type"] = "application/json"
        c = http.client.HTTPConnection(self.host, self.port,
                                       timeout=timeout)
        try:
            c.request(method, path, body=data, headers=h)
            resp = c.getresponse()
            return resp.status, resp, resp.read()
        finally:
            c.close()

    def call(self, method, path, body=None, want=200, **kw):
        st, resp, data = self.request(method, path, body, **kw)
        check(st == want, "%s %s: want %d, got %d %s" % (method, path, want,
                                                         st, data[:300]))
        if not data:
            return None
        return json.loads(data, parse_float=Decimal)

    def admin(self, method, path, body=None, want=200):
        return self.call(method, "/_sim/" + path, body, want=want,
                         lic=None, keys=())

    def faults(self, **f):
        return self.admin("POST", "faults", f)

    def package(self, label, lic=LIC):
        return self.call("GET", "/packages/v2/" + label, lic=lic)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        err = self.proc.stderr.read().decode(errors="replace")
        self.proc.stdout.close()
        self.proc.stderr.close()
        # Built with sanitizers, any report fails the test.
        check("Sanitizer" not in err and "runtime error" not in err,
              "sanitizer report:\n" + err[-3000:])
        return err


def receipt(ext, label=BULK, qty="3.5", uom="Grams", amount="35.00",
            when="2026-11-26T14:03:00.000"):
    # Decimals go out as JSON numbers, written exactly.
    return {"SalesDateTime": when, "ExternalReceiptNumber": ext,
            "SalesCustomerType": "Consumer",
            "Transactions": [{"PackageLabel": label,
                              "Quantity": Decimal(qty),
                              "UnitOfMeasure": uom,
                              "TotalAmount": Decimal(amount)}]}


def dumps(body):
    # json cannot write a Decimal; write it from its exact text instead.
    marked = json.dumps(body, default=lambda o: "@@%s@@" % o)
    return marked.replace('"@@', "").replace('@@"', "")


def test_auth(s):
    fac = s.call("GET", "/facilities/v2", lic=None)
    check([f["License"]["Number"] for f in fac] == [LIC, OTHER],
          "facilities list both licences: %s" % fac)
    st, _, body = s.request("GET", "/facilities/v2", keys=(), lic=None)
    check(st == 401, "no credentials: 401, got %d" % st)
    st, _, body = s.request("GET", "/facilities/v2",
                            keys=(s.keys[0], "wrong"), lic=None)
    check(st == 401 and "Message" in json.loads(body),
          "a wrong user key: 401 {Message}")
    st, _, body = s.request("GET", "/facilities/v2",
                            keys=("wrong", s.keys[1]), lic=None)
    check(st == 401, "a wrong vendor key: 401")
    st, resp, body = s.request("GET", "/facilities/v2",
                               keys=(s.start["v1_vendor_key"], s.keys[1]),
                               lic=None)
    check(st == 401 and body == b"The provided API key is only valid for "
          b"V1 API endpoints." and resp.getheader("Content-Type").
          startswith("text/plain"), "a v1-only key: 401 text/plain %r"
          % body)


def test_licence(s):
    s.call("GET", "/packages/v2/active", want=400, lic=None)
    m = s.call("GET", "/packages/v2/active", want=401, lic="999R-00001")
    check("999R-00001" in m["Message"], "unknown licence named: %s" % m)
    # A package of the other store: 401 under our licence, fine under its.
    other = PREFIX + "99001"
    s.call("GET", "/packages/v2/" + other, want=401)
    check(s.package(other, lic=OTHER)["Label"] == other, "other's package")
    s.call("GET", "/packages/v2/" + "F" * 24, want=404)
    s.call("GET", "/nosuch/v2/thing", want=404)
    s.call("DELETE", "/facilities/v2", want=405, lic=None)


def test_receipts(s):
    before = s.package(BULK)["Quantity"]
    check(before == Decimal("453.592"), "bulk package starts at 453.592 g: "
          "%s" % before)
    r = s.call("POST", "/sales/v2/receipts", [receipt("pos-r1")])
    check(r["Warnings"] is None and len(r["Ids"]) == 1, "POST result %s" % r)
    rid = r["Ids"][0]
    got = s.call("GET", "/sales/v2/receipts/%d" % rid)
    check(got["ExternalReceiptNumber"] == "pos-r1", "receipt by id")
    check(got["SalesDateTime"] == "2026-11-26T14:03:00.000",
          "SalesDateTime kept as local time: %s" % got["SalesDateTime"])
    t = got["Transactions"][0]
    check(t["QuantitySold"] == Decimal("3.5") and
          t["TotalPrice"] == Decimal("35"), "exact decimals: %s" % t)
    check(s.package(BULK)["Quantity"] == Decimal("450.092"),
          "3.5 g taken from the package exactly")
    ext = s.call("GET", "/sales/v2/receipts/external/pos-r1")
    check(ext["Id"] == rid, "external number lookup")
    s.call("GET", "/sales/v2/receipts/external/pos-r1", want=401, lic=OTHER)
    s.call("GET", "/sales/v2/receipts/external/pos-none", want=404)
    # licenseNumber is optional on the external lookup (both v2
    # descriptions): without it, every facility of the user is searched.
    ext = s.call("GET", "/sales/v2/receipts/external/pos-r1", lic=None)
    check(ext["Id"] == rid, "external number lookup without a licence")
    s.call("GET", "/sales/v2/receipts/%d" % rid, want=401, lic=OTHER)
    active = s.call("GET", "/sales/v2/receipts/active")
    check(rid in [x["Id"] for x in active["Data"]], "receipt is active")
    # Update: 1.25 g instead.
    upd = receipt("pos-r1", qty="1.25", amount="12.50")
    upd["Id"] = rid
    s.call("PUT", "/sales/v2/receipts", [upd])
    check(s.package(BULK)["Quantity"] == Decimal("452.342"),
          "an update gives back the old quantity and takes the new")
    # Void: archived, stock back.
    s.call("DELETE", "/sales/v2/receipts/%d" % rid)
    got = s.call("GET", "/sales/v2/receipts/%d" % rid)
    check(got["ArchivedDate"] is not None, "voided receipt is archived")
    check(s.package(BULK)["Quantity"] == before, "void gives stock back")
    s.call("DELETE", "/sales/v2/receipts/%d" % rid, want=400)
    inactive = s.call("GET", "/sales/v2/receipts/inactive")
    check(rid in [x["Id"] for x in inactive["Data"]], "voided is inactive")
    s.call("GET", "/sales/v2/receipts/active?salesDateStart=2026-11-26&"
           "lastModifiedStart=2026-11-26T00:00:00Z", want=400)
    days = s.call("GET", "/sales/v2/receipts/inactive?salesDateStart="
                  "2026-11-26&salesDateEnd=2026-11-26")
    check(days["Total"] == 1, "salesDate filter: %s" % days["Total"])


def test_limits(s):
    each = s.package(EACH)["Quantity"]
    ten = [receipt("pos-l%d" % i, EACH, "1", "Each", "35") for i in range(10)]
    r = s.call("POST", "/sales/v2/receipts", ten)
    check(len(r["Ids"]) == 10 and r["Ids"] == sorted(r["Ids"]),
          "10 objects accepted, Ids in posting order")
    eleven = ten + [receipt("pos-l10", EACH, "1", "Each", "35")]
    m = s.call("POST", "/sales/v2/receipts", eleven, want=413)
    check("10" in m["Message"], "413 says the limit: %s" % m)
    check(s.package(EACH)["Quantity"] == each - 10, "413 applied nothing")


def test_paging(s):
    all_ = s.call("GET", "/packages/v2/active")
    n = all_["Total"]
    check(n == len(all_["Data"]) and n >= 30, "unpaged: everything")
    p1 = s.call("GET", "/packages/v2/active?pageSize=20&pageNumber=1")
    p2 = s.call("GET", "/packages/v2/active?pageSize=20&pageNumber=2")
    for k in ("Data", "Total", "TotalRecords", "PageSize", "RecordsOnPage",
              "Page", "CurrentPage", "TotalPages"):
        check(k in p1, "wrapper has %s" % k)
    check(p1["RecordsOnPage"] == 20 and p1["TotalPages"] == (n + 19) // 20
          and p2["Page"] == 2 and p1["Total"] == n, "page 1 of 20")
    labels = [x["Label"] for x in p1["Data"] + p2["Data"]]
    check(labels == [x["Label"] for x in all_["Data"]][:len(labels)] and
          len(set(labels)) == len(labels), "pages do not overlap")
    m = s.call("GET", "/packages/v2/active?pageSize=21", want=400)
    check("pageSize" in m["Message"], "pageSize > 20 refused: %s" % m)


def test_errors(s):
    bad = receipt("pos-e1", BULK, "1", "Each", "10",
                  when="2026-11-26T14:03:00-07:00")
    bad["SalesCustomerType"] = "Tourist"
    st, _, body = s.request("POST", "/sales/v2/receipts", [bad])
    check(st == 400, "invalid receipt: 400")
    errs = json.loads(body)
    check(isinstance(errs, list) and len(errs) >= 3 and
          all(isinstance(e.get("message"), str) for e in errs),
          "400 is an array of {message}: %s" % errs)
    check(any("SalesDateTime" in e["message"] for e in errs),
          "names SalesDateTime")
    check(any("Grams" in e["message"] for e in errs), "names the unit")
    s.call("GET", "/sales/v2/receipts/external/pos-e1", want=404)
    st, _, body = s.request("POST", "/sales/v2/receipts", raw=b"[{")
    check(st == 400 and "Message" in json.loads(body), "bad JSON: "
          "{Message}")
    st, _, body = s.request("POST", "/sales/v2/receipts",
                            raw=b'[{"Transactions":[{"Quantity":1e400}]}]')
    check(st == 400, "an exponent is not a Metrc decimal")
    # More than the package holds.
    big = receipt("pos-e2", EACH, "100000", "Each", "1")
    m = s.call("POST", "/sales/v2/receipts", [big], want=400)
    check("remain" in m[0]["message"], "over-selling refused: %s" % m)
    # Adjustments: reasons, notes, signed exact deltas.
    reasons = s.call("GET", "/packages/v2/adjust/reasons")["Data"]
    check("Scale Variance" in [r["Name"] for r in reasons], "reasons")
    adj = {"Label": BULK, "Quantity": Decimal("-0.125"),
           "UnitOfMeasure": "Grams", "AdjustmentReason": "Entry Error",
           "AdjustmentDate": "2026-11-26"}
    s.call("POST", "/packages/v2/adjust", [adj], want=400)
    adj["ReasonNote"] = "weighed wrong"
    before = s.package(BULK)["Quantity"]
    s.call("POST", "/packages/v2/adjust", [adj])
    check(s.package(BULK)["Quantity"] == before - Decimal("0.125"),
          "adjustment applied exactly")
    hist = s.call("GET", "/packages/v2/adjustments")["Data"]
    check(hist[-1]["AdjustmentQuantity"] == Decimal("-0.125"), "history")
    # The record Metrc returns has no Id of its own; the list takes no
    # lastModified window and pages with the v2 wrapper.
    check("Id" not in hist[-1] and hist[-1]["PackageLabel"] == BULK and
          hist[-1]["AdjustmentNote"] == "weighed wrong" and
          hist[-1]["AdjustmentDate"].startswith("2026-11-26") and
          hist[-1]["AdjustmentReasonName"] == "Entry Error",
          "adjustment record as the spec has it: %s" % hist[-1])
    s.call("GET", "/packages/v2/adjustments?lastModifiedStart="
           "2026-01-01T00:00:00Z", want=400)
    pg = s.call("GET", "/packages/v2/adjustments?pageSize=1&pageNumber=1")
    check(pg["TotalPages"] == len(hist) and pg["RecordsOnPage"] == 1,
          "adjustments paged: %s" % pg)
    # Moves: PUT /packages/v2/location with a location of the facility.
    locs = [x["Name"] for x in s.call("GET", "/locations/v2/active")["Data"]]
    check("Vault" in locs, "locations: %s" % locs)
    s.call("PUT", "/packages/v2/location", [{"Label": BULK, "Location":
           "Vault", "MoveDate": "2026-11-26"}])
    check(s.package(BULK)["LocationName"] == "Vault", "moved")
    s.call("PUT", "/packages/v2/location", [{"Label": BULK, "Location":
           "Attic", "MoveDate": "2026-11-26"}], want=400)
    check(s.package(BULK)["LocationName"] == "Vault", "a refused move "
          "changes nothing")


def test_faults(s):
    # 503 once, then normal.
    s.faults(status=503, fail_next=1)
    s.call("GET", "/facilities/v2", want=503, lic=None)
    s.call("GET", "/facilities/v2", lic=None)
    # 429 with and without Retry-After.
    s.faults(status=429, retry_after=2)
    st, resp, _ = s.request("GET", "/facilities/v2", lic=None)
    check(st == 429 and resp.getheader("Retry-After") == "2",
          "429 with Retry-After: 2")
    s.faults(status=429)
    st, resp, _ = s.request("GET", "/facilities/v2", lic=None)
    check(st == 429 and resp.getheader("Retry-After") is None,
          "429 without Retry-After")
    # 500 at a rate, deterministic from the seed, only on one path.
    runs = []
    for _ in range(2):
        s.faults(status=500, fail_rate=Decimal("0.5"), seed=7,
                 path="/unitsofmeasure/")
        runs.append([s.request("GET", "/unitsofmeasure/v2/active",
                               lic=None)[0] for _ in range(20)])
        s.call("GET", "/facilities/v2", lic=None)
    check(runs[0] == runs[1] and 200 in runs[0] and 500 in runs[0],
          "a seeded fail_rate repeats: %s" % runs)
    # Connection reset: nothing applied.
    s.faults(reset=True, fail_next=1)
    try:
        s.request("POST", "/sales/v2/receipts", [receipt("pos-reset")])
        check(False, "the connection was reset")
    except ConnectionResetError as e:
        check(not isinstance(e, http.client.RemoteDisconnected),
              "a TCP reset, not a clean close")
    s.call("GET", "/sales/v2/receipts/external/pos-reset", want=404)
    # Timeout after the POST was applied: the receipt exists.
    s.faults(timeout_after_apply=True, fail_next=1)
    try:
        s.request("POST", "/sales/v2/receipts", [receipt("pos-tmo")],
                  timeout=1)
        check(False, "the client timed out")
    except socket.timeout:
        pass
    got = s.call("GET", "/sales/v2/receipts/external/pos-tmo")
    check(got["ExternalReceiptNumber"] == "pos-tmo",
          "timed-out POST was applied")
    # Malformed JSON (applied too).
    s.faults(malformed=True, fail_next=1)
    st, _, body = s.request("POST", "/sales/v2/receipts",
                            [receipt("pos-mal")])
    try:
        json.loads(body)
        check(False, "malformed body: %r" % body)
    except ValueError:
        pass
    s.call("GET", "/sales/v2/receipts/external/pos-mal")
    # The v1-only key as a fault.
    s.faults(v1_key=True, fail_next=1)
    st, _, body = s.request("GET", "/facilities/v2", lic=None)
    check(st == 401 and b"only valid for V1" in body, "v1 key fault")
    # Latency.
    s.faults(latency_ms=300)
    t0 = time.monotonic()
    s.call("GET", "/facilities/v2", lic=None)
    check(time.monotonic() - t0 >= 0.29, "latency applied")
    s.faults()
    check(s.admin("GET", "faults")["status"] == 0, "faults cleared")
    s.admin("POST", "faults", {"bogus": 1}, want=400)
    # The request log saw all of it.
    log = s.admin("GET", "requests")
    tmo = [e for e in log if e["fault"] == "timeout"]
    check(len(tmo) == 1 and tmo[0]["applied"] and
          "pos-tmo" in tmo[0]["body"], "log records the timeout: %s" % tmo)
    check(any(e["fault"] == "reset" and not e["applied"] for e in log),
          "log records the reset")
    check(any(e["status"] == 429 for e in log), "log records the 429")


def test_hold(s):
    s.admin("POST", "hold", {"label": EACH})
    p = s.package(EACH)
    check(p["IsOnHold"] and not p["IsOnRecall"], "put on hold: %s" % p)
    onhold = s.call("GET", "/packages/v2/onhold")["Data"]
    check([x["Label"] for x in onhold] == [EACH], "listed on hold")
    m = s.call("POST", "/sales/v2/receipts",
               [receipt("pos-h1", EACH, "1", "Each", "35")], want=400)
    check("on hold" in m[0]["message"], "cannot sell on hold: %s" % m)
    s.admin("POST", "hold", {"label": EACH, "release": True})
    s.admin("POST", "hold", {"label": EACH, "recalled": True})
    check(s.package(EACH)["IsOnRecall"], "recalled")
    s.call("POST", "/sales/v2/receipts",
           [receipt("pos-h2", EACH, "1", "Each", "35")], want=400)
    s.admin("POST", "hold", {"label": EACH, "release": True})
    s.admin("POST", "hold", {"label": "F" * 24}, want=400)


def test_reasons(s):
    """Adjustment reasons are each licence's own."""
    names = [r["Name"] for r in
             s.call("GET", "/packages/v2/adjust/reasons")["Data"]]
    check("Damage" in names and "Expired Product" not in names,
          "the default list: %r" % names)
    got = s.admin("POST", "reasons", {"license": LIC, "reasons": [
        {"Name": "Expired Product", "RequiresNote": True}]})
    check(got == [{"Name": "Expired Product", "RequiresNote": True}],
          "set: %r" % got)
    r = s.call("GET", "/packages/v2/adjust/reasons")["Data"]
    check([x["Name"] for x in r] == ["Expired Product"] and
          r[0]["RequiresNote"] is True, "the licence's list: %r" % r)
    other = [x["Name"] for x in s.call("GET", "/packages/v2/adjust/reasons",
                                       lic=OTHER)["Data"]]
    check(other == names, "the other licence keeps its own: %r" % other)
    adj = {"Label": EACH, "Quantity": -1, "UnitOfMeasure": "Each",
           "AdjustmentDate": "2026-01-02", "ReasonNote": "n"}
    m = s.call("POST", "/packages/v2/adjust",
               [dict(adj, AdjustmentReason="Damage")], want=400)
    check("is not one of" in m[0]["message"], "Damage refused: %r" % m)
    m = s.call("POST", "/packages/v2/adjust",
               [dict(adj, AdjustmentReason="expired product")], want=400)
    check("is not one of" in m[0]["message"], "spelled as the state does")
    s.call("POST", "/packages/v2/adjust",
           [dict(adj, AdjustmentReason="Expired Product", ReasonNote="")],
           want=400)
    s.call("POST", "/packages/v2/adjust",
           [dict(adj, AdjustmentReason="Expired Product")])
    s.admin("POST", "reasons", {"license": LIC, "reasons": None})
    back = [x["Name"] for x in
            s.call("GET", "/packages/v2/adjust/reasons")["Data"]]
    check(back == names, "the default again: %r" % back)
    s.admin("POST", "reasons", {"license": "nope", "reasons": []}, want=400)


def test_transfers(s):
    inc = s.call("GET", "/transfers/v2/incoming")["Data"]
    check(len(inc) == 1 and inc[0]["PackageCount"] == 2, "one transfer")
    # These two take no licenseNumber (the v2 descriptions give none).
    s.call("GET", "/transfers/v2/%d/deliveries" % inc[0]["Id"], want=400)
    dels = s.call("GET", "/transfers/v2/%d/deliveries" % inc[0]["Id"],
                  lic=None)
    did = dels["Data"][0]["Id"]
    check(did == inc[0]["DeliveryId"], "delivery id")
    s.call("GET", "/transfers/v2/deliveries/%d/packages" % did, want=400)
    pk = s.call("GET", "/transfers/v2/deliveries/%d/packages" % did,
                lic=None)["Data"]
    check(pk[0]["ShipmentPackageState"] == "Shipped" and
          pk[0]["ReceivedQuantity"] is None, "not yet received")
    check(pk[0]["ProductionBatchNumber"] == "BD-2412-01" and
          "Batch" not in pk[0], "batch as ProductionBatchNumber: %s" % pk[0])
    s.admin("POST", "receive", {"deliveryId": did})
    p = s.package(pk[1]["PackageLabel"])
    check(p["Quantity"] == Decimal("453.592") and p["ReceivedDateTime"],
          "received package in stock: %s" % p)
    # Patients, caregivers, lab results.
    st = s.call("GET", "/patients/v2/statuses/CO-PAT-0001")
    check(st[0]["Active"] and st[0]["FlowerOuncesAvailable"] ==
          Decimal("2"), "patient status: %s" % st)
    check(isinstance(st[0]["PurchaseAmountDays"], Decimal) and
          st[0]["PurchaseAmountDays"] == Decimal("31"),
          "PurchaseAmountDays is a number: %s" % st)
    cg = s.call("GET", "/caregivers/v2/status/CO-CG-0001")
    check(cg["Patients"] == ["CO-PAT-0001"], "caregiver status")
    s.call("GET", "/patients/v2/statuses/CO-PAT-9999", want=404)
    lab = s.call("GET", "/labtests/v2/results?packageId=%d" %
                 s.package(EACH)["Id"])["Data"]
    check(lab[0]["OverallPassed"] and lab[0]["TestResultLevel"] ==
          Decimal("22"), "lab result: %s" % lab)
    # A patient sale needs an active patient.
    pr = receipt("pos-p1", EACH, "1", "Each", "35")
    pr["SalesCustomerType"] = "Patient"
    pr["PatientLicenseNumber"] = "CO-PAT-0002"
    s.call("POST", "/sales/v2/receipts", [pr], want=400)
    pr["PatientLicenseNumber"] = "CO-PAT-0001"
    s.call("POST", "/sales/v2/receipts", [pr])


OGK = PREFIX + "03001"        # OG Kush 3.5g, 30 each
SD = PREFIX + "04001"         # Sour Diesel 7g, 12 each

# The field names of the public v2 descriptions (POST /sales/v2/deliveries),
# every one of them sent.
DRIVER = {"DriverEmployeeId": "E-7", "DriverName": "Jo Driver",
          "DriversLicenseNumber": "D1234567",
          "PhoneNumberForQuestions": "+1-303-555-0100",
          "VehicleMake": "Toyota", "VehicleModel": "Prius",
          "VehicleLicensePlateNumber": "ABC123"}
ADDRESS = {"RecipientName": "A. Customer",
           "RecipientAddressStreet1": "1 Main St",
           "RecipientAddressStreet2": "Apt 2",
           "RecipientAddressCity": "Denver", "RecipientAddressCounty":
           "Denver", "RecipientAddressState": "CO",
           "RecipientAddressPostalCode": "80202", "RecipientZoneId": None}


def txn(label, qty, uom, amount):
    return {"PackageLabel": label, "Quantity": Decimal(qty),
            "UnitOfMeasure": uom, "TotalAmount": Decimal(amount)}


def delivery(when, txns):
    d = {"TransporterFacilityLicenseNumber": None, "SalesDateTime": when,
         "SalesCustomerType": "Consumer", "PatientLicenseNumber": None,
         "ConsumerId": None, "PlannedRoute": "I-25 N, exit 213",
         "EstimatedDepartureDateTime": "2026-11-26T15:00:00.000",
         "EstimatedArrivalDateTime": "2026-11-26T15:30:00.000",
         "Transactions": txns}
    d.update(DRIVER)
    d.update(ADDRESS)
    return d


# The delivery lists take no lookup without a lastModified window.
WINDOW = "?lastModifiedStart=2000-01-01T00:00:00Z&" \
    "lastModifiedEnd=2100-01-01T00:00:00Z"


def active_ids(s, path):
    return [x["Id"] for x in s.call("GET", path + "/active" +
                                    WINDOW)["Data"]]


def unbounded_refused(s, path):
    """A delivery list asked without a window (or half of one) is
    refused, as a real Metrc may."""
    for q in ("", "?lastModifiedStart=2026-11-26T00:00:00Z"):
        m = s.call("GET", path + q, want=400)
        check("lastModifiedStart and lastModifiedEnd are required" in
              json.dumps(m), "%s%s refused: %r" % (path, q, m))


def test_deliveries(s):
    """Planned deliveries: create, update, complete (accepted and
    returned with reasons), void, the lists, the return reasons, what
    each refuses, a sale reported twice, and faults on them."""
    bulk, each = s.package(BULK)["Quantity"], s.package(EACH)["Quantity"]
    d = delivery("2026-11-26T14:40:00.000",
                 [txn(BULK, "7", "Grams", "70"), txn(EACH, "2", "Each", "70")])
    did = s.call("POST", "/sales/v2/deliveries", [d])["Ids"][0]
    check(s.package(BULK)["Quantity"] == bulk - 7 and
          s.package(EACH)["Quantity"] == each - 2, "a delivery takes stock")
    got = s.call("GET", "/sales/v2/deliveries/%d" % did)
    for k in ("DriverEmployeeId", "DriverName", "DriversLicenseNumber",
              "VehicleMake", "VehicleModel", "VehicleLicensePlateNumber",
              "RecipientAddressStreet2", "RecipientAddressCounty",
              "PlannedRoute"):
        check(got[k] == d[k], "delivery keeps %s: %s" % (k, got.get(k)))
    check(got["SalesDateTime"] == d["SalesDateTime"] and
          got["EstimatedArrivalDateTime"] == "2026-11-26T15:30:00.000" and
          got["DeliveryNumber"] and got["SalesDeliveryState"] == "InTransit"
          and got["CompletedDateTime"] is None and
          [t["PackageLabel"] for t in got["Transactions"]] == [BULK, EACH],
          "delivery as read back: %s" % got)
    check(did in active_ids(s, "/sales/v2/deliveries"), "delivery active")
    for w in ("active", "inactive"):
        unbounded_refused(s, "/sales/v2/deliveries/" + w)
    s.call("GET", "/sales/v2/deliveries/%d" % did, want=401, lic=OTHER)

    # Refused, each naming what is wrong, and nothing applied.
    def refused(body, words, path="/sales/v2/deliveries", method="POST"):
        m = s.call(method, path, body, want=400)
        text = " ".join(x["message"] for x in m)
        for w in words:
            check(w in text, "%s %s refused naming %r: %s" % (method, path,
                                                             w, text))
    for k in ("DriverName", "DriversLicenseNumber", "DriverEmployeeId",
              "VehicleMake", "VehicleModel", "VehicleLicensePlateNumber",
              "RecipientAddressStreet1"):
        bad = delivery("2026-11-26T14:41:00.000", [txn(EACH, "1", "Each",
                                                       "35")])
        bad[k] = None if k != "DriverName" else ""
        refused([bad], [k])
    bad = delivery("2026-11-26T14:41:00.000", [txn(EACH, "1", "Each", "35")])
    bad["EstimatedArrivalDateTime"] = "2026-11-26T22:30:00Z"
    refused([bad], ["EstimatedArrivalDateTime", "local time"])
    bad = delivery("2026-11-26T14:41:00-07:00",
                   [txn(EACH, "1", "Each", "35")])
    refused([bad], ["SalesDateTime"])
    refused([delivery("2026-11-26T14:41:00.000",
                      [txn("1A4060300000000000099999", "1", "Each", "1")])],
            ["does not exist"])
    other = s.call("GET", "/packages/v2/active", lic=OTHER)["Data"][0]
    refused([delivery("2026-11-26T14:41:00.000",
                      [txn(other["Label"], "1",
                           other["UnitOfMeasureName"], "1")])],
            ["not on this license"])
    refused([delivery("2026-11-26T14:41:00.000",
                      [txn(EACH, "1000", "Each", "35")])], ["only"])
    refused([delivery("2026-11-26T14:41:00.000",
                      [txn(EACH, "1", "Grams", "35")])], ["UnitOfMeasure"])
    check(s.package(EACH)["Quantity"] == each - 2, "refusals take nothing")

    # One sale, two reports: a receipt of the delivery's sale is refused,
    # and a delivery of a receipt's.
    rc = receipt("pos-twice", BULK, "7", "Grams", "70",
                 "2026-11-26T14:40:00.000")
    rc["Transactions"].append(txn(EACH, "2", "Each", "70"))
    refused([rc], ["already reported as delivery %d" % did],
            "/sales/v2/receipts")
    rid = s.call("POST", "/sales/v2/receipts",
                 [receipt("pos-once", EACH, "1", "Each", "35",
                          "2026-11-26T14:45:00.000")])["Ids"][0]
    refused([delivery("2026-11-26T14:45:00.000",
                      [txn(EACH, "1", "Each", "35")])],
            ["already reported as receipt %d" % rid])
    s.call("DELETE", "/sales/v2/receipts/%d" % rid)

    # Update: 5 g instead of 7.
    upd = delivery("2026-11-26T14:40:00.000",
                   [txn(BULK, "5", "Grams", "50"), txn(EACH, "2", "Each",
                                                      "70")])
    upd["Id"] = did
    s.call("PUT", "/sales/v2/deliveries", [upd])
    check(s.package(BULK)["Quantity"] == bulk - 5, "update re-takes stock")
    upd["Id"] = 999999
    refused([upd], ["no delivery with Id 999999"], method="PUT")

    # Return reasons as the descriptions list them.
    rr = s.call("GET", "/sales/v2/deliveries/returnreasons")["Data"]
    check({"Name", "RequiresNote", "RequiresWasteWeight"} <= set(rr[0]) and
          "Spoilage" in [x["Name"] for x in rr], "return reasons: %s" % rr)

    # Complete: refusals first.
    def comp(**kw):
        c = {"Id": did, "ActualArrivalDateTime": "2026-11-26T15:25:00.000",
             "PaymentType": None, "AcceptedPackages": [EACH],
             "ReturnedPackages": [{"Label": BULK, "ReturnQuantityVerified":
                                   Decimal("1.5"), "ReturnUnitOfMeasure":
                                   "Grams", "ReturnReason": "Spoilage",
                                   "ReturnReasonNote": ""}]}
        c.update(kw)
        return c
    ret = comp()["ReturnedPackages"][0]
    cpath = "/sales/v2/deliveries/complete"
    refused([comp(ReturnedPackages=[dict(ret, ReturnReason="Lost")])],
            ["ReturnReason \"Lost\""], cpath, "PUT")
    refused([comp(ReturnedPackages=[dict(ret, ReturnReason="Other")])],
            ["requires a ReturnReasonNote"], cpath, "PUT")
    refused([comp(ReturnedPackages=[dict(ret, ReturnUnitOfMeasure="Each")])],
            ["ReturnUnitOfMeasure"], cpath, "PUT")
    refused([comp(ReturnedPackages=[dict(ret, ReturnQuantityVerified=
                                         Decimal("6"))])],
            ["ReturnQuantityVerified"], cpath, "PUT")
    refused([comp(ActualArrivalDateTime="2026-11-26T22:25:00Z")],
            ["ActualArrivalDateTime"], cpath, "PUT")
    refused([comp(AcceptedPackages=[])], ["listed once"], cpath, "PUT")
    refused([comp(AcceptedPackages=[EACH, BULK])], ["listed once"], cpath,
            "PUT")
    check(did in active_ids(s, "/sales/v2/deliveries"), "still active")
    # A reset connection applies nothing; a timeout after applying does.
    s.faults(reset=True, fail_next=1, path=cpath)
    try:
        s.request("PUT", cpath, [comp()])
        check(False, "the connection was reset")
    except ConnectionResetError:
        pass
    check(did in active_ids(s, "/sales/v2/deliveries"),
          "a reset complete applied nothing")
    s.faults(timeout_after_apply=True, fail_next=1, path=cpath)
    try:
        s.request("PUT", cpath, [comp()], timeout=1)
        check(False, "the client timed out")
    except socket.timeout:
        pass
    s.faults()
    got = s.call("GET", "/sales/v2/deliveries/%d" % did)
    check(got["SalesDeliveryState"] == "Returned" and
          got["ActualArrivalDateTime"] == "2026-11-26T15:25:00.000" and
          got["CompletedDateTime"] is not None, "completed: %s" % got)
    # Net: the accepted quantities gone, 1.5 g of the 5 g back.
    check(s.package(BULK)["Quantity"] == bulk - Decimal("3.5") and
          s.package(EACH)["Quantity"] == each - 2,
          "accepted deducted, returned back in stock")
    check(did not in active_ids(s, "/sales/v2/deliveries") and
          did in [x["Id"] for x in s.call(
              "GET", "/sales/v2/deliveries/inactive" + WINDOW)["Data"]],
          "completed is inactive")
    refused([comp()], ["already completed"], cpath, "PUT")
    upd["Id"] = did
    refused([upd], ["cannot be edited"], method="PUT")
    s.call("DELETE", "/sales/v2/deliveries/%d" % did, want=400)

    # Void: stock back, inactive, not twice.
    d2 = delivery("2026-11-26T16:00:00.000", [txn(OGK, "3", "Each", "90")])
    ogk = s.package(OGK)["Quantity"]
    # A timed-out POST was applied: found again by what it carries back.
    s.faults(timeout_after_apply=True, fail_next=1,
             path="/sales/v2/deliveries")
    try:
        s.request("POST", "/sales/v2/deliveries", [d2], timeout=1)
        check(False, "the client timed out")
    except socket.timeout:
        pass
    s.faults()
    found = [x for x in s.call("GET", "/sales/v2/deliveries/active" +
                               WINDOW)["Data"]
             if x["SalesDateTime"] == d2["SalesDateTime"] and
             [t["PackageLabel"] for t in x["Transactions"]] == [OGK]]
    check(len(found) == 1 and s.package(OGK)["Quantity"] == ogk - 3,
          "a timed-out delivery POST was applied once: %s" % found)
    d2id = found[0]["Id"]
    s.call("DELETE", "/sales/v2/deliveries/%d" % d2id)
    check(s.package(OGK)["Quantity"] == ogk, "void gives stock back")
    check(s.call("GET", "/sales/v2/deliveries/%d" % d2id)["VoidedDate"],
          "voided")
    s.call("DELETE", "/sales/v2/deliveries/%d" % d2id, want=400)
    s.faults(status=503, fail_next=1, path="/sales/v2/deliveries")
    s.call("POST", "/sales/v2/deliveries", [d2], want=503)
    check(s.package(OGK)["Quantity"] == ogk, "a 503 applies nothing")


def retailer(when, pkgs, dests=None):
    r = {"DateTime": when, "EstimatedDepartureDateTime":
         "2026-11-27T09:00:00.000", "Destinations": dests, "Packages":
         [{"DateTime": when, "PackageLabel": l, "Quantity": Decimal(q),
           "UnitOfMeasure": u, "TotalPrice": Decimal(p)}
          for l, q, u, p in pkgs]}
    r.update(DRIVER)
    r.pop("PhoneNumberForQuestions")
    return r


def stop_sale(rid, when, txns):
    st = {"RetailerDeliveryId": rid, "SalesDateTime": when,
          "SalesCustomerType": "Consumer", "PatientLicenseNumber": None,
          "ConsumerId": None, "PhoneNumberForQuestions": None,
          "PlannedRoute": None, "EstimatedDepartureDateTime": None,
          "EstimatedArrivalDateTime": "2026-11-27T10:00:00.000",
          "Transactions": txns}
    st.update(ADDRESS)
    return st


def test_retailer(s):
    """Retailer (dynamic) deliveries: create with stock on board, depart,
    a sale per stop, restock, end; each refusal; faults."""
    base = "/sales/v2/deliveries/retailer"
    each, ogk, sd = (s.package(x)["Quantity"] for x in (EACH, OGK, SD))

    def refused(path, body, words):
        m = s.call("POST", path, body, want=400)
        text = " ".join(x["message"] for x in m)
        for w in words:
            check(w in text, "%s refused naming %r: %s" % (path, w, text))

    body = retailer("2026-11-27T08:30:00.000",
                    [(EACH, "10", "Each", "350"), (OGK, "5", "Each", "150")],
                    dests=[dict(ADDRESS, SalesCustomerType="Consumer",
                                EstimatedArrivalDateTime=
                                "2026-11-27T10:00:00.000",
                                Transactions=[txn(EACH, "1", "Each", "35")])])
    for k in ("DriverEmployeeId", "DriverName", "DriversLicenseNumber",
              "VehicleMake", "VehicleModel", "VehicleLicensePlateNumber"):
        refused(base, [dict(body, **{k: None})], [k])
    refused(base, [dict(body, DateTime="2026-11-27T15:30:00Z")],
            ["DateTime"])
    refused(base, [dict(body, EstimatedDepartureDateTime="tomorrow")],
            ["EstimatedDepartureDateTime"])
    refused(base, [dict(body, Packages=[])], ["Packages"])
    refused(base, [retailer("2026-11-27T08:30:00.000",
                            [(EACH, "1000", "Each", "1")])], ["only"])
    refused(base, [retailer("2026-11-27T08:30:00.000",
                            [("1A4060300000000000099999", "1", "Each",
                              "1")])], ["does not exist"])
    refused(base, [retailer("2026-11-27T08:30:00.000",
                            [(EACH, "1", "Grams", "1")])], ["UnitOfMeasure"])
    rid = s.call("POST", base, [body])["Ids"][0]
    check(s.package(EACH)["Quantity"] == each,
          "stock on board is still the store's")
    refused(base, [retailer("2026-11-27T08:31:00.000",
                            [(EACH, "1", "Each", "35")])],
            ["already on retailer delivery %d" % rid])
    got = s.call("GET", base + "/%d" % rid)
    check(got["RetailerDeliveryState"] == "Undesignated" and
          got["ActualDepartureDateTime"] is None and got["DateTime"] ==
          "2026-11-27T08:30:00.000" and got["VehicleInfo"] ==
          "Toyota Prius ABC123" and got["TotalPackages"] == 2 and
          got["TotalPrice"] == Decimal("500") and
          {p["PackageLabel"]: p["Quantity"] for p in got["Packages"]} ==
          {EACH: 10, OGK: 5}, "retailer delivery read back: %s" % got)
    check(rid in active_ids(s, base), "retailer delivery active")
    for w in ("active", "inactive"):
        unbounded_refused(s, base + "/" + w)
    s.call("GET", base + "/%d" % rid, want=401, lic=OTHER)

    sale = stop_sale(rid, "2026-11-27T10:05:00.000",
                     [txn(EACH, "3", "Each", "105")])
    refused(base + "/sale", [sale], ["has not departed"])
    s.call("POST", base + "/depart", [{"RetailerDeliveryId": rid}])
    refused(base + "/depart", [{"RetailerDeliveryId": rid}],
            ["already departed"])
    refused(base + "/depart", [{"RetailerDeliveryId": 999999}],
            ["no retailer delivery"])
    check(s.call("GET", base + "/%d" % rid)["ActualDepartureDateTime"],
          "departed")
    refused(base + "/sale", [dict(sale, RecipientAddressCity=None)],
            ["RecipientAddressCity"])
    refused(base + "/sale", [dict(sale, SalesDateTime=
                                  "2026-11-27T17:05:00Z")],
            ["SalesDateTime"])
    refused(base + "/sale", [stop_sale(rid, "2026-11-27T10:05:00.000",
                                       [txn(SD, "1", "Each", "30")])],
            ["not on board"])
    refused(base + "/sale", [stop_sale(rid, "2026-11-27T10:05:00.000",
                                       [txn(EACH, "11", "Each", "30")])],
            ["on board"])
    # A timed-out sale was applied: the stop is there to be found.
    s.faults(timeout_after_apply=True, fail_next=1, path=base + "/sale")
    try:
        s.request("POST", base + "/sale", [sale], timeout=1)
        check(False, "the client timed out")
    except socket.timeout:
        pass
    s.faults()
    got = s.call("GET", base + "/%d" % rid)
    check(len(got["Destinations"]) == 1 and
          got["Destinations"][0]["SalesDateTime"] == sale["SalesDateTime"]
          and got["TotalPriceSold"] == Decimal("105"),
          "the sale is a stop of the delivery: %s" % got["Destinations"])
    check(s.package(EACH)["Quantity"] == each - 3, "a stop's sale takes "
          "stock")
    check({p["PackageLabel"]: p["Quantity"] for p in got["Packages"]}[EACH]
          == 7, "7 left on board")
    rc = receipt("pos-stop", EACH, "3", "Each", "105", sale["SalesDateTime"])
    m = s.call("POST", "/sales/v2/receipts", [rc], want=400)
    check("retailer delivery %d" % rid in m[0]["message"],
          "a stop's sale is not also a receipt: %s" % m)
    refused(base + "/sale", [stop_sale(rid, "2026-11-27T10:30:00.000",
                                       [txn(EACH, "8", "Each", "30")])],
            ["only 7.0 are on board"])

    # Restock: Sour Diesel on, OG Kush off.
    rs = {"RetailerDeliveryId": rid, "DateTime": "2026-11-27T12:00:00.000",
          "EstimatedDepartureDateTime": "2026-11-27T12:15:00.000",
          "Destinations": None, "Packages": [
              {"PackageLabel": SD, "Quantity": Decimal("2"),
               "UnitOfMeasure": "Each", "TotalPrice": Decimal("60"),
               "RemoveCurrentPackage": False},
              {"PackageLabel": OGK, "Quantity": Decimal("5"),
               "UnitOfMeasure": "Each", "TotalPrice": Decimal("150"),
               "RemoveCurrentPackage": True}]}
    bad = json.loads(dumps(rs), parse_float=Decimal)
    bad["Packages"][0]["Quantity"] = Decimal("100")
    refused(base + "/restock", [bad], ["only"])
    bad["Packages"][0]["Quantity"] = Decimal("2")
    bad["DateTime"] = "2026-11-27T19:00:00Z"
    refused(base + "/restock", [bad], ["DateTime"])
    s.call("POST", base + "/restock", [rs])
    got = s.call("GET", base + "/%d" % rid)
    check(got["Leg"] == 2 and got["RestockDateTime"] and
          {p["PackageLabel"]: p["Quantity"] for p in got["Packages"]} ==
          {EACH: 7, SD: 2}, "restocked: %s" % got)
    refused(base + "/sale", [stop_sale(rid, "2026-11-27T12:30:00.000",
                                       [txn(OGK, "1", "Each", "30")])],
            ["not on board"])

    # End: every package on board, with what is left.
    end = {"RetailerDeliveryId": rid,
           "ActualArrivalDateTime": "2026-11-27T17:00:00.000",
           "Packages": [{"Label": EACH, "EndQuantity": Decimal("7"),
                         "EndUnitOfMeasure": "Each"},
                        {"Label": SD, "EndQuantity": Decimal("2"),
                         "EndUnitOfMeasure": "Each"}]}
    refused(base + "/end", [dict(end, Packages=end["Packages"][:1])],
            ["%s on board must be listed once" % SD])
    bad = json.loads(dumps(end), parse_float=Decimal)
    bad["Packages"][0]["EndQuantity"] = Decimal("6")
    refused(base + "/end", [bad], ["EndQuantity of %s must be 7.0," % EACH])
    bad["Packages"][0]["EndQuantity"] = Decimal("7")
    bad["Packages"][0]["EndUnitOfMeasure"] = "Grams"
    refused(base + "/end", [bad], ["EndUnitOfMeasure"])
    refused(base + "/end", [dict(end, ActualArrivalDateTime="5pm")],
            ["ActualArrivalDateTime"])
    s.faults(status=500, fail_next=1, path=base)
    s.call("POST", base + "/end", [end], want=500)
    check(rid in active_ids(s, base), "a 500 ended nothing")
    s.call("POST", base + "/end", [end])
    check(rid not in active_ids(s, base) and
          rid in [x["Id"] for x in s.call("GET", base + "/inactive" +
                                          WINDOW)["Data"]],
          "ended is inactive")
    check(s.call("GET", base + "/%d" % rid)["RetailerDeliveryState"] ==
          "Completed", "completed")
    refused(base + "/sale", [stop_sale(rid, "2026-11-27T17:30:00.000",
                                       [txn(EACH, "1", "Each", "35")])],
            ["is ended"])
    check(s.package(EACH)["Quantity"] == each - 3 and
          s.package(OGK)["Quantity"] == ogk and
          s.package(SD)["Quantity"] == sd, "only the sale left the store")
    s.call("DELETE", base + "/%d" % rid, want=400)
    # Void: one that sold nothing.
    r2 = s.call("POST", base, [retailer("2026-11-27T18:00:00.000",
                                        [(EACH, "1", "Each", "35")])])["Ids"][0]
    s.call("DELETE", base + "/%d" % r2)
    check(s.call("GET", base + "/%d" % r2)["VoidedDate"], "voided")
    s.call("DELETE", base + "/%d" % r2, want=400)
    s.call("GET", base + "/999999", want=404)


def test_journal(tmp):
    """Changes go to the journal, synced before the reply; the state file
    is not rewritten for each one, and a kill -9 loses nothing answered."""
    state = os.path.join(tmp, "journal.json")
    journal = state + ".journal"
    s = Sim(state, seed="demo")
    st0 = os.stat(state)
    before = s.package(BULK)["Quantity"]
    ids = []
    for k in range(5):
        r = s.call("POST", "/sales/v2/receipts", [receipt("pos-j%d" % k,
                                                          qty="1.5")])
        ids.append(r["Ids"][0])
    s.call("DELETE", "/sales/v2/receipts/%d" % ids[0])
    s.admin("POST", "hold", {"label": EACH})
    st1 = os.stat(state)
    check((st1.st_ino, st1.st_mtime_ns, st1.st_size) ==
          (st0.st_ino, st0.st_mtime_ns, st0.st_size),
          "the state file is not rewritten for each change")
    with open(journal) as f:
        lines = f.read().splitlines()
    check(len(lines) == 7, "one journal line a change: %d" % len(lines))
    check(all(s.keys[0] not in x and s.keys[1] not in x for x in lines),
          "no keys in the journal")
    left = s.package(BULK)["Quantity"]
    check(left == before - Decimal("6.0"), "4 live receipts of 1.5 g")
    # Killed: what was answered is there after a restart.
    s.proc.kill()
    s.proc.wait()
    s.stop()
    # A torn append (no newline) was never answered: dropped.
    with open(journal, "a") as f:
        f.write('{"n":99,"t":1,"m":"POST","u":"/sales/v2/rec')
    s = Sim(state)
    check(s.package(BULK)["Quantity"] == left, "stock after kill -9")
    check(s.package(EACH)["IsOnHold"] is True, "hold after kill -9")
    for k, rid in enumerate(ids):
        got = s.call("GET", "/sales/v2/receipts/external/pos-j%d" % k)
        check(got["Id"] == rid, "receipt %d kept with its Id" % k)
        check((got["ArchivedDate"] is not None) == (k == 0),
              "the void kept: %s" % got["ArchivedDate"])
    check(os.path.getsize(journal) == 0, "compacted at start")
    r = s.call("POST", "/sales/v2/receipts", [receipt("pos-j9")])
    check(r["Ids"][0] > max(ids), "Ids go on from the journal's")
    err = s.stop()
    check("cut short" in err, "the torn line is reported: %s" % err[-500:])
    check(os.path.getsize(journal) == 0, "compacted at exit")
    s = Sim(state)
    s.call("GET", "/sales/v2/receipts/external/pos-j9")
    s.stop()


def test_lock(tmp):
    """Two simulators on one state file would compact over each other's
    changes: the second is refused, with --seed or without, and writes
    nothing; the first goes on, and once it stops the file is free."""
    state = os.path.join(tmp, "lock.json")
    s = Sim(state, seed="demo")
    try:
        r = s.call("POST", "/sales/v2/receipts", [receipt("pos-lock")])
        with open(state) as f:
            before = f.read()
        for extra in (["--seed", "demo"], []):
            p = subprocess.Popen([SIM, "-l", "127.0.0.1:0", "-s", state] +
                                 extra, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
            try:
                out, err = p.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                out, err = p.communicate()
            check(p.returncode == 1 and b"in use by another" in err and
                  out == b"", "a second simulator on %s is refused: "
                  "rc %d, %s %s" % (state, p.returncode, out, err))
        with open(state) as f:
            check(f.read() == before, "the refused one wrote nothing")
        got = s.call("GET", "/sales/v2/receipts/external/pos-lock")
        check(got["Id"] == r["Ids"][0],
              "the first one still has its receipt")
    finally:
        s.stop()
    s = Sim(state)
    s.call("GET", "/sales/v2/receipts/external/pos-lock")
    s.stop()


def test_demo_matches(tmp, s):
    if not os.access(STASHCTL, os.X_OK):
        return
    ddir = os.path.join(tmp, "demo")
    out = subprocess.run([STASHCTL, "-d", ddir, "--json", "demo"],
                         check=True, capture_output=True).stdout
    demo = json.loads(out)
    check(demo["store"]["licence"] in s.start["licenses"],
          "the sim serves the demo licence")
    check(demo["store"]["licence"] == LIC, "demo licence %s" % LIC)
    pk = {p["Label"]: p for p in s.call("GET", "/packages/v2/active")["Data"]}
    for p in demo["packages"]:
        check(p["tag"] in pk, "demo tag %s in the sim" % p["tag"])
        want = (Decimal(p["qty"]) / 1000 if p["unit"] != "each"
                else Decimal(p["qty"]))
        got = pk[p["tag"]]
        check(got["Quantity"] == want, "%s: %s, demo %s" %
              (p["tag"], got["Quantity"], want))
        check(got["UnitOfMeasureName"] == ("Each" if p["unit"] == "each"
              else "Grams"), "%s unit" % p["tag"])


def test_spec(s):
    """Where the sim follows the two v2 descriptions (see
    stash-metrc-sim(1), FIDELITY): the query parameters each endpoint
    takes, licences where optional, filters, and the shapes on which the
    descriptions disagree, switched by /_sim/shape."""
    # A parameter the endpoint does not list is refused, by name.
    for path, lic, bad in [("/facilities/v2", None, "pageSize=5"),
                           ("/unitsofmeasure/v2/active", None, "pageSize=5"),
                           ("/packages/v2/adjust/reasons", LIC,
                            "lastModifiedStart=2024-01-01T00:00:00Z"),
                           ("/packages/v2/" + EACH, LIC, "pageSize=5"),
                           ("/sales/v2/receipts/external/x", LIC,
                            "pageNumber=1"),
                           ("/labtests/v2/results", LIC, "packageId=1&x=1")]:
        m = s.call("GET", path + "?" + bad, want=400, lic=lic)
        name = bad.split("&")[-1].split("=")[0]
        check(name in m["Message"], "%s?%s names %s: %s" % (path, bad,
                                                           name, m))
    # Those listed are taken: paging and windows on the lists.
    s.call("GET", "/transfers/v2/incoming?pageSize=5&lastModifiedStart="
           "2024-01-01T00:00:00Z")
    s.call("GET", "/sales/v2/deliveries/returnreasons?pageSize=2")
    # GET /items/v2/{id}: licenseNumber is optional, and a window filters
    # /items/v2/active (its seed time is "now").
    items = s.call("GET", "/items/v2/active")["Data"]
    check(len(items) > 0, "items listed")
    iid = str(items[0]["Id"])
    check(s.call("GET", "/items/v2/" + iid, lic=None)["Id"] == items[0]["Id"],
          "an item without a licence")
    s.call("GET", "/items/v2/" + iid, want=401, lic=OTHER)
    w = s.call("GET", "/items/v2/active?lastModifiedStart="
               "2099-01-01T00:00:00Z")
    check(w["Data"] == [] and w["Total"] == 0, "no item modified in 2099")
    w = s.call("GET", "/items/v2/active?lastModifiedEnd="
               "2099-01-01T00:00:00Z")
    check(len(w["Data"]) == len(items), "every item before 2099")
    s.call("GET", "/items/v2/active?salesDateStart=2024-01-01", want=400)
    w = s.call("GET", "/locations/v2/active?lastModifiedStart="
               "2099-01-01T00:00:00Z")
    check(w["Data"] == [], "no location modified in 2099")
    check(len(s.call("GET", "/locations/v2/active")["Data"]) > 0,
          "locations listed")

    # The shapes the descriptions disagree on: bare by default
    # (ThunkMetrc), the list wrapper when switched (OpenMetrc).
    rid = s.call("POST", "/sales/v2/receipts",
                 [receipt("pos-shape", label=EACH, qty="1", uom="Each",
                          amount="10.00")])["Ids"][0]
    check(s.admin("GET", "shape") == {"wrapped": False}, "bare by default")
    bare = {"/unitsofmeasure/v2/active": None,
            "/sales/v2/customertypes": None,
            "/transfers/v2/deliveries/packages/states": None,
            "/sales/v2/receipts/external/pos-shape": LIC}
    for path, lic in bare.items():
        got = s.call("GET", path, lic=lic)
        if "external" in path:
            check(got["Id"] == rid, "bare lookup: one receipt: %s" % got)
        else:
            check(isinstance(got, list) and len(got) > 0,
                  "%s bare: %s" % (path, got))
    s.call("GET", "/sales/v2/receipts/external/pos-noshape", want=404)
    s.admin("POST", "shape", {"wrapped": "yes"}, want=400)
    check(s.admin("POST", "shape", {"wrapped": True}) == {"wrapped": True},
          "switched to wrapped")
    for path, lic in bare.items():
        got = s.call("GET", path, lic=lic)
        check(isinstance(got, dict) and got["Total"] == len(got["Data"]) and
              got["TotalPages"] == 1 and len(got["Data"]) > 0,
              "%s wrapped: %s" % (path, got))
        if "external" in path:
            check(got["Data"][0]["Id"] == rid, "wrapped lookup")
    got = s.call("GET", "/sales/v2/receipts/external/pos-noshape")
    check(got["Data"] == [] and got["Total"] == 0,
          "wrapped lookup of an unknown number: an empty page: %s" % got)
    s.call("GET", "/sales/v2/receipts/external/pos-shape", want=401,
           lic=OTHER)
    s.admin("POST", "shape", {"wrapped": False})
    s.call("DELETE", "/sales/v2/receipts/%d" % rid)


def main():
    if not os.access(SIM, os.X_OK):
        print("SKIP: %s not built" % SIM)
        sys.exit(77)
    tmp = tempfile.mkdtemp(prefix="metrc-sim.")
    state = os.path.join(tmp, "sim.json")
    s = None
    try:
        s = Sim(state, seed="demo")
        check(s.start["licenses"] == [LIC, OTHER] and s.port > 0,
              "start line: %s" % s.start)
        test_demo_matches(tmp, s)
        test_auth(s)
        test_licence(s)
        test_receipts(s)
        test_limits(s)
        test_paging(s)
        test_errors(s)
        test_hold(s)
        test_reasons(s)
        test_faults(s)
        test_transfers(s)
        test_deliveries(s)
        test_retailer(s)
        test_spec(s)
        each = s.package(EACH)["Quantity"]
        s.stop()

        # The state survives a restart (no --seed: the file is loaded).
        s = Sim(state)
        check(s.start["seed"] == "demo", "restart keeps the seed")
        check(s.package(EACH)["Quantity"] == each, "stock kept")
        s.call("GET", "/sales/v2/receipts/external/pos-tmo")
        check(not os.path.exists(state + ".tmp"), "no temporary file left")
        log = s.admin("GET", "requests")
        check([e["seq"] for e in log] == [1, 2] and
              log[1]["uri"].startswith("/sales/v2/receipts/external/"),
              "the log starts afresh: %s" % log)
        # Reset goes back to the seed.
        s.admin("POST", "reset")
        s.call("GET", "/sales/v2/receipts/external/pos-tmo", want=404)
        s.stop()

        test_journal(tmp)
        test_lock(tmp)

        # Faults from the command line; a bad state file is refused.
        s = Sim(state, faults={"status": 503})
        s.call("GET", "/facilities/v2", want=503, lic=None)
        s.stop()
        s = None
        with open(state, "w") as f:
            f.write("{not json")
        p = subprocess.run([SIM, "-l", "127.0.0.1:0", "-s", state],
                           capture_output=True, timeout=10)
        check(p.returncode != 0 and b"--seed" in p.stderr,
              "a broken state file is refused: %s" % p.stderr)
    except (Failure, OSError, ValueError, KeyError, IndexError) as e:
        print("FAIL metrc-sim.py: %s: %s" % (type(e).__name__, e))
        if s is not None:
            try:
                sys.stdout.write(s.stop()[-3000:])
            except Failure as f:
                print(f)
        shutil.rmtree(tmp, ignore_errors=True)
        sys.exit(1)
    shutil.rmtree(tmp, ignore_errors=True)
    print("PASS metrc-sim.py")


main()
