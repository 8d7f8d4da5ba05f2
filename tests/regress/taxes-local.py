#!/usr/bin/env python3
# The store's local tax file (tax-local, stash.conf(5)): its county, city
# and district taxes are added to the state's from the shipped Colorado
# rule file, each rounded half up once on the sale, shown by label and
# level; a malformed local file, or one under "limits no", stops stashd
# from starting, with the file and line at fault.
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

SRC = os.environ.get("top_srcdir", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))
RULES = os.path.join(SRC, "contrib", "rules")
A = "1A4060300000000000001001"      # Blue Dream 3.5g, 35.00
IDOC = {"type": "dl", "state": "CO", "expires": "2030-01-01"}
LOCAL = """stash-taxes 1
jurisdiction US-CO
verified 2026-11-27
cite "test rates, not a real city's"
tax test_city 5.5% adult "test: a city tax on adult use" level city label "Test city marijuana tax"
tax test_district 0.1% adult,medical "test: a district tax" level district
"""


def write(st, name, text):
    path = os.path.join(st.dir, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def refused(st, options, want):
    """stashd must exit at start, its log naming want."""
    st.options = options
    try:
        st.start()
    except Failure as e:
        check("exited" in str(e), "stashd refused to start: %s" % e)
    else:
        st.stop()
        raise Failure("stashd started with %r" % options)
    with open(os.path.join(st.dir, "stashd.log")) as f:
        log = f.read()
    check(want in log, "the log says %r:\n%s" % (want, log[-2000:]))


def test(new_store):
    st = new_store()
    local = write(st, "taxes-local", LOCAL)
    st.options = ["rules-dir=" + RULES, "tax-local=" + local]
    st.start()
    t = st.terminal("register-1", BUDTENDER)
    lines = [{"tag": A, "qty": 1}]

    # A walk-in: the state's 15% (5.25), the city's 5.5% (1.925, half
    # up to 1.93) and the district's 0.1% (0.035, half up to 0.04).
    q = t.call("sale.quote", {"lines": lines})["quote"]
    taxes = {x["name"]: x for x in q["taxes"]}
    check(sorted(taxes) == ["co_retail_mj_sales", "test_city",
                            "test_district"], "taxes: %r" % q["taxes"])
    check(taxes["co_retail_mj_sales"]["amount"] == 525 and
          taxes["co_retail_mj_sales"]["level"] == "state", "state tax")
    check(taxes["test_city"]["amount"] == 193 and
          taxes["test_city"]["level"] == "city" and
          taxes["test_city"]["label"] == "Test city marijuana tax",
          "city tax: %r" % taxes["test_city"])
    check(taxes["test_district"]["amount"] == 4 and
          taxes["test_district"]["label"] == "test_district" and
          taxes["test_district"]["level"] == "district", "district tax")
    check(q["tax"] == 525 + 193 + 4 and q["total"] == 3500 + q["tax"],
          "quote total: %r" % q)
    s = t.call("sale.commit", {"ref": "l1", "lines": lines,
                "tender": {"cash": 5000}})["sale"]
    check(s["total"] == q["total"] and s["change"] == 5000 - q["total"],
          "charged what was quoted: %r" % s)
    # The committed sale, read back, keeps the labels.
    got = t.call("sale.get", {"id": s["id"]})["sale"]
    check([x.get("label") for x in got["taxes"]] ==
          [x.get("label") for x in s["taxes"]], "labels kept: %r" % got)

    # A patient: the state's 2.9% (1.015 -> 1.02) and the district's;
    # the city's adult-use tax is not theirs.
    pat = t.call("customer.create", {"type": "medical", "first": "Med",
        "last": "Local", "dob": "1970-01-01", "id_scanned": True,
        "id_doc": dict(IDOC, number="ML1"), "residence": "CO",
        "card": {"number": "MCL1", "state": "CO",
                 "expires": "2030-01-01"}})["customer"]
    q = t.call("sale.quote", {"lines": lines,
                              "customer": pat["id"]})["quote"]
    check(sorted(x["name"] for x in q["taxes"]) ==
          ["co_state_sales", "test_district"] and q["tax"] == 102 + 4,
          "medical taxes: %r" % q["taxes"])
    st.stop()

    # A bad line: refused with FILE:LINE, and nothing served.
    bad = write(st, "taxes-bad", LOCAL.replace("5.5%", "5.5"))
    refused(st, ["rules-dir=" + RULES, "tax-local=" + bad],
            "%s:5: a tax rate ends in %%" % bad)
    # Another state's taxes.
    other = write(st, "taxes-other", LOCAL.replace("US-CO", "US-WA"))
    refused(st, ["rules-dir=" + RULES, "tax-local=" + other],
            "%s:2: these taxes are for US-WA" % other)
    # Local taxes without the state's rule file.
    refused(st, ["limits=no", "tax-local=" + local],
            "tax-local %s: the local taxes add to the state's" % local)

    # stashd -n checks the local file against the state it names.
    def check_n(path, want):
        p = subprocess.run([STASHD, "-n", "-f", "/dev/null", "-o", "rules-dir=" + RULES,
                            "-o", "tax-local=" + path],
                           capture_output=True, text=True)
        out = p.stdout + p.stderr
        check((p.returncode == 0) == (want is None) and
              (want is None or want in out),
              "stashd -n with %s: %d %r" % (path, p.returncode, out))
    check_n(local, None)
    check_n(bad, "%s:5: a tax rate ends in %%" % bad)
    check_n(os.path.join(st.dir, "nowhere"), "No such file")


run(test)
