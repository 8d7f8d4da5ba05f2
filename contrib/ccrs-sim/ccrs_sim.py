#!/usr/bin/env python3
# ccrs_sim.py: Washington CCRS files as the state reads them, and the
# state's answers to an upload: for trying a CCRS store's weekly round
# without the state (the demo, a training store) and for the tests
# (tests/ccrs_check.py).
#
#   ccrs_sim.py check FILE...
#       Check each file stash wrote; the first broken rule, with its
#       line, on standard error and exit status 1.
#   ccrs_sim.py answer -l LICENCE -s STATE.json -o DIR FILE...
#       Upload the files in the order given (the state's order: Strain,
#       Area, Product, then Inventory, then the rest) to a stand-in for
#       CCRS that remembers what it holds in STATE.json, and write its
#       answer to each into DIR: the success e-mail or the error CSV,
#       for "stashctl compliance ccrs results". The answers' paths are
#       printed, one a line.
#
# check_file(path) validates one file stash wrote against the rules of the
# LCB's CSV upload (doc/operations.md, "Washington CCRS", has them in
# prose): the name, three preamble rows padded to the header's width, the
# exact header, CRLF line ends, no quoting, MM/DD/YYYY dates no later than
# the submission, Operation Insert/Update/Delete with UpdatedBy/UpdatedDate
# on Update and Delete, six-digit licences, no negative numbers, the
# excise at 37% of price less discount, unique keys. It returns the rows
# as dicts, or raises CcrsError naming the line and the rule.
#
# State is a stateful stand-in for CCRS's processing, to answer an
# uploaded file the way the state does: the success e-mail, an error CSV
# of the refused rows (our columns and ErrorMessage), "Duplicate ..." for
# an Insert of what it already has, "Invalid InventoryExternalIdentifier"
# for a sale or adjustment of a lot it was never told of, "... not found"
# for an Update or Delete of what it does not have.

import argparse
import datetime
import json
import os
import re
import sys

FILES = ["Strain", "Area", "Product", "Inventory", "InventoryTransfer",
         "InventoryAdjustment", "Sale"]
GROUP = {"Strain": 1, "Area": 1, "Product": 1, "Inventory": 2,
         "InventoryTransfer": 3, "InventoryAdjustment": 3, "Sale": 3}
STAMP = ["CreatedBy", "CreatedDate", "UpdatedBy", "UpdatedDate",
         "Operation"]
HEADERS = {
    "Strain": ["LicenseNumber", "Strain", "StrainType", "CreatedBy",
               "CreatedDate"],
    "Area": ["LicenseNumber", "Area", "IsQuarantine",
             "ExternalIdentifier"] + STAMP,
    "Product": ["LicenseNumber", "InventoryCategory", "InventoryType",
                "Name", "Description", "UnitWeightGrams",
                "ExternalIdentifier"] + STAMP,
    "Inventory": ["LicenseNumber", "Strain", "Area", "Product",
                  "InitialQuantity", "QuantityOnHand", "TotalCost",
                  "IsMedical", "ExternalIdentifier"] + STAMP,
    "InventoryTransfer": ["FromLicenseNumber", "ToLicenseNumber",
                          "FromInventoryExternalIdentifier",
                          "ToInventoryExternalIdentifier", "Quantity",
                          "TransferDate", "ExternalIdentifier"] + STAMP,
    "InventoryAdjustment": ["LicenseNumber", "InventoryExternalIdentifier",
                            "AdjustmentReason", "AdjustmentDetail",
                            "Quantity", "AdjustmentDate",
                            "ExternalIdentifier"] + STAMP,
    "Sale": ["LicenseNumber", "SoldToLicenseNumber",
             "InventoryExternalIdentifier", "PlantExternalIdentifier",
             "SaleType", "SaleDate", "Quantity", "UnitPrice", "Discount",
             "SalesTax", "OtherTax", "SaleExternalIdentifier",
             "SaleDetailExternalIdentifier"] + STAMP,
}
KEY = {f: "ExternalIdentifier" for f in FILES}
KEY["Strain"] = "Strain"
KEY["Sale"] = "SaleDetailExternalIdentifier"
REASONS = {"Destruction", "Lost", "Other", "Reconciliation",
           "ReturnedLabSample", "Seizure", "Theft"}
TYPES = {"Usable Cannabis", "Cannabis Mix Packaged", "Cannabis Mix Infused",
         "Solid Edible", "Liquid Edible", "Capsule", "Tincture",
         "Topical Ointment", "Transdermal", "Suppository", "Sample Jar",
         "CO2 Concentrate", "Ethanol Concentrate", "Hydrocarbon Concentrate",
         "Non-Solvent Based Concentrate"}
NAME = re.compile(r"^(%s)_(\d{6})_(\d{14})\.csv$" % "|".join(FILES))
NUMERIC = {"InitialQuantity", "QuantityOnHand", "TotalCost", "Quantity",
           "UnitPrice", "Discount", "SalesTax", "OtherTax",
           "UnitWeightGrams"}
DATES = {"CreatedDate", "UpdatedDate", "TransferDate", "AdjustmentDate",
         "SaleDate"}
LIMITS = {"Strain": 50, "Area": 75, "Name": 75, "CreatedBy": 35,
          "UpdatedBy": 35}


class CcrsError(Exception):
    pass


def date(s, where):
    if not re.match(r"^\d{2}/\d{2}/\d{4}$", s):
        raise CcrsError("%s: %r is not MM/DD/YYYY" % (where, s))
    m, d, y = (int(x) for x in s.split("/"))
    try:
        return datetime.date(y, m, d)
    except ValueError:
        raise CcrsError("%s: %r is no real day" % (where, s))


def cents(s, where):
    if not re.match(r"^\d{1,8}(\.\d{1,2})?$", s):
        raise CcrsError("%s: %r is not a positive decimal amount" %
                        (where, s))
    whole, _, frac = s.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def kind_of(path):
    m = NAME.match(os.path.basename(path))
    if not m:
        raise CcrsError("%s: not named Type_LICENCE_YYYYMMDDhhmmss.csv" %
                        os.path.basename(path))
    return m.group(1), m.group(2)


def check_file(path):
    """Validate one file; return (kind, rows as dicts)."""
    kind, lic = kind_of(path)
    with open(path, "rb") as f:
        data = f.read()
    name = os.path.basename(path)
    if not data.endswith(b"\r\n"):
        raise CcrsError("%s: does not end in CRLF" % name)
    text = data.decode("utf-8")
    lines = text.split("\r\n")[:-1]
    for i, l in enumerate(lines):
        if "\n" in l or "\r" in l:
            raise CcrsError("%s line %d: a bare LF or CR" % (name, i + 1))
        if '"' in l:
            raise CcrsError("%s line %d: quoted" % (name, i + 1))
    header = HEADERS[kind]
    width = len(header)
    if len(lines) < 4:
        raise CcrsError("%s: no preamble and header" % name)
    pre = [l.split(",") for l in lines[:3]]
    for i, (want, cells) in enumerate(zip(["SubmittedBy", "SubmittedDate",
                                           "NumberRecords"], pre)):
        if cells[0] != want or len(cells) != width or \
                any(c != "" for c in cells[2:]):
            raise CcrsError("%s line %d: not %s padded to %d cells" %
                            (name, i + 1, want, width))
    if not 0 < len(pre[0][1]) <= 35:
        raise CcrsError("%s: SubmittedBy empty or over 35" % name)
    submitted = date(pre[1][1], name + " SubmittedDate")
    n = int(pre[2][1])
    if lines[3] != ",".join(header):
        raise CcrsError("%s: header %r is not %r" %
                        (name, lines[3], ",".join(header)))
    body = lines[4:]
    if len(body) != n:
        raise CcrsError("%s: NumberRecords %d but %d rows" %
                        (name, n, len(body)))
    rows, keys = [], set()
    for i, l in enumerate(body):
        where = "%s line %d" % (name, i + 5)
        cells = l.split(",")
        if len(cells) != width:
            raise CcrsError("%s: %d cells, the header has %d" %
                            (where, len(cells), width))
        r = dict(zip(header, cells))
        check_row(kind, lic, r, submitted, where)
        k = r[KEY[kind]]
        if not k or k in keys:
            raise CcrsError("%s: key %r empty or repeated" % (where, k))
        keys.add(k)
        rows.append(r)
    return kind, rows


def check_row(kind, lic, r, submitted, where):
    for c, v in r.items():
        if c in LIMITS and len(v) > LIMITS[c]:
            raise CcrsError("%s: %s over %d characters" %
                            (where, c, LIMITS[c]))
        if c in NUMERIC and v != "" and \
                not re.match(r"^\d{1,8}(\.\d+)?$", v):
            raise CcrsError("%s: %s %r is not a positive number" %
                            (where, c, v))
        if c.endswith("LicenseNumber") and c != "SoldToLicenseNumber" and \
                not re.match(r"^\d{6}$", v):
            raise CcrsError("%s: %s %r is not six digits" % (where, c, v))
    if r.get("LicenseNumber", lic) != lic and kind != "InventoryTransfer":
        raise CcrsError("%s: licence %s, the file's is %s" %
                        (where, r["LicenseNumber"], lic))
    created = date(r["CreatedDate"], where + " CreatedDate")
    if created > submitted:
        raise CcrsError("%s: CreatedDate after the submission" % where)
    for c in DATES - {"CreatedDate", "UpdatedDate"}:
        if c in r and date(r[c], where + " " + c) > submitted:
            raise CcrsError("%s: %s after the submission" % (where, c))
    if kind == "Strain":
        return
    op = r["Operation"]
    if op not in ("Insert", "Update", "Delete"):
        raise CcrsError("%s: Operation %r" % (where, op))
    if op != "Insert":
        if not r["UpdatedBy"] or not r["UpdatedDate"]:
            raise CcrsError("%s: %s without UpdatedBy and UpdatedDate" %
                            (where, op))
        upd = date(r["UpdatedDate"], where + " UpdatedDate")
        if upd < created or upd > submitted:
            raise CcrsError("%s: UpdatedDate out of order" % where)
    if kind == "Area" and r["IsQuarantine"] not in ("TRUE", "FALSE"):
        raise CcrsError("%s: IsQuarantine %r" % (where, r["IsQuarantine"]))
    if kind == "Product":
        if r["InventoryCategory"] != "EndProduct" or \
                r["InventoryType"] not in TYPES:
            raise CcrsError("%s: Invalid InventoryCategory/InventoryType "
                            "combination" % where)
        if float(r["UnitWeightGrams"]) == 0:
            raise CcrsError("%s: UnitWeightGrams is 0" % where)
    if kind == "Inventory":
        if float(r["QuantityOnHand"]) > float(r["InitialQuantity"]):
            raise CcrsError("%s: QuantityOnHand is greater than "
                            "InitialQuantity" % where)
        if cents(r["TotalCost"], where) == 0:
            raise CcrsError("%s: TotalCost is 0" % where)
        if r["IsMedical"] not in ("TRUE", "FALSE"):
            raise CcrsError("%s: IsMedical %r" % (where, r["IsMedical"]))
    if kind == "InventoryTransfer" and \
            r["FromLicenseNumber"] == r["ToLicenseNumber"]:
        raise CcrsError("%s: from and to licences are one" % where)
    if kind == "InventoryAdjustment" and \
            r["AdjustmentReason"] not in REASONS:
        raise CcrsError("%s: Invalid Adjustment Reason %r" %
                        (where, r["AdjustmentReason"]))
    if kind == "Sale":
        if r["SoldToLicenseNumber"] or r["PlantExternalIdentifier"]:
            raise CcrsError("%s: a retail sale names a buyer licence or "
                            "a plant" % where)
        if r["SaleType"] not in ("RecreationalRetail",
                                 "RecreationalMedical"):
            raise CcrsError("%s: SaleType %r" % (where, r["SaleType"]))
        price = cents(r["UnitPrice"], where)
        disc = cents(r["Discount"], where)
        cents(r["SalesTax"], where)
        excise = cents(r["OtherTax"], where)
        want = ((price - disc) * 370 + 500) // 1000
        if excise != want:
            raise CcrsError("%s: Cannabis Excise Tax does not equal 37%% "
                            "of Unit Price (%d, want %d cents)" %
                            (where, excise, want))
        if float(r["Quantity"]) <= 0 and op != "Delete":
            raise CcrsError("%s: Quantity %r" % (where, r["Quantity"]))


def check_order(paths):
    """Files in the order given are in CCRS's upload groups' order."""
    last = 0
    for p in paths:
        g = GROUP[kind_of(p)[0]]
        if g < last:
            raise CcrsError("%s uploaded after a later group" %
                            os.path.basename(p))
        last = g


class State:
    """CCRS's side: what it holds per file kind, and its answers."""

    def __init__(self, licence):
        self.licence = licence
        self.have = {f: set() for f in FILES}

    def save(self, path):
        with open(path + ".new", "w") as f:
            json.dump({"licence": self.licence,
                       "have": {k: sorted(v) for k, v in
                                self.have.items()}}, f)
        os.replace(path + ".new", path)

    @classmethod
    def load(cls, path, licence):
        st = cls(licence)
        if os.path.exists(path):
            with open(path) as f:
                saved = json.load(f)
            if saved.get("licence") != licence:
                raise CcrsError("%s holds licence %s's files, not %s" %
                                (path, saved.get("licence"), licence))
            for k, v in saved.get("have", {}).items():
                if k in st.have:
                    st.have[k] = set(v)
        return st

    def upload(self, path, outdir, refuse=None):
        """Process one uploaded file; write the state's answer into
        outdir and return its path. refuse: {key: message} rows the
        state refuses (as a person's data error would be)."""
        kind, rows = check_file(path)
        name = os.path.basename(path)
        errors = []
        for r in rows:
            k = r[KEY[kind]]
            msg = (refuse or {}).get(k) or self.error(kind, r, k)
            if msg:
                errors.append((r, msg))
                continue
            op = r.get("Operation", "Insert")
            if op == "Delete":
                self.have[kind].discard(k)
            else:
                self.have[kind].add(k)
        if not errors:
            out = os.path.join(outdir, "success-" + name + ".txt")
            with open(out, "w") as f:
                f.write("From: noreply@lcb.wa.gov\nSubject: CCRS Processing "
                        "Successful\n\nThe file %s was processed "
                        "successfully.\n" % name)
            return out
        out = os.path.join(outdir, "%s_%s_%s.csv" % (
            kind, self.licence,
            datetime.datetime.now().strftime("%Y%m%dT%H%M%S")))
        with open(out, "w", newline="") as f:
            cols = HEADERS[kind] + ["ErrorMessage"]
            f.write(",".join(cols) + "\r\n")
            for r, msg in errors:
                f.write(",".join([r[c] for c in HEADERS[kind]] + [msg]) +
                        "\r\n")
        return out

    def error(self, kind, r, k):
        op = r.get("Operation", "Insert")
        if kind == "Strain":
            return "Duplicate Strain/StrainType" if k in self.have[kind] \
                else None
        if kind in ("Sale", "InventoryAdjustment") and \
                r["InventoryExternalIdentifier"] not in \
                self.have["Inventory"]:
            return "Invalid InventoryExternalIdentifier"
        if op == "Insert" and k in self.have[kind]:
            return "Duplicate Sale for Licensee" if kind == "Sale" else \
                "Duplicate External Identifier"
        if op != "Insert" and k not in self.have[kind]:
            return ("SaleDetailExternalIdentifier not found"
                    if kind == "Sale" else "ExternalIdentifier not found")
        return None


def store_dirs(d, licence):
    """A CCRS store's places under d: the directory stashd exports to
    (ccrs-dir), one for exports on demand, one for the state's answers,
    and a stash.conf naming them: (auto, out, mail, conf)."""
    auto, out, mail = (os.path.join(d, x) for x in ("ccrs", "out", "mail"))
    for x in (auto, out, mail):
        os.mkdir(x)
    conf = os.path.join(d, "stash.conf")
    with open(conf, "w") as f:
        f.write("state-system ccrs\nccrs-dir %s\nccrs-licence %s\n"
                "ccrs-submitted-by Store Manager\n" % (auto, licence))
    return auto, out, mail, conf


def main(argv):
    p = argparse.ArgumentParser(prog="ccrs_sim.py", description="Washington "
                                "CCRS files checked, and answered as the "
                                "state would")
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="check files stash wrote")
    c.add_argument("files", nargs="+")
    a = sub.add_parser("answer", help="upload files; write the answers")
    a.add_argument("-l", "--licence", required=True)
    a.add_argument("-s", "--state", required=True,
                   help="what the state holds, kept between runs")
    a.add_argument("-o", "--out", required=True)
    a.add_argument("files", nargs="+")
    args = p.parse_args(argv)
    try:
        if args.cmd == "check":
            for f in args.files:
                kind, rows = check_file(f)
                print("%s: %s, %d row%s" % (f, kind, len(rows),
                                           "" if len(rows) == 1 else "s"))
            return 0
        if not os.path.isdir(args.out):
            raise CcrsError("%s: not a directory" % args.out)
        st = State.load(args.state, args.licence)
        for f in args.files:
            print(st.upload(f, args.out))
            st.save(args.state)
        return 0
    except (CcrsError, OSError, ValueError) as e:
        print("ccrs_sim.py: %s" % e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
