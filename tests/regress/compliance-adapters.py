#!/usr/bin/env python3
# The compliance dashboard, the exceptions queue, the regulator's
# exception report, the deadlines and "stashctl compliance ..." work the
# same whichever state system a store reports to (issue 16):
# - BioTrack's legacy API and v2024: once BioTrack has answered, the
#   dashboard's and stashctl's "last contact" say when (both read Metrc's
#   only, so a BioTrack store showed "never"); stashctl names the store's
#   state system, as stashd last ran it; a refusal (602; v2024's 422) is
#   an exception in compliance.exceptions and in stashctl's list, and in
#   the exception report with BioTrack's words; retried after the fix it
#   is reported once, and the report says so. A login BioTrack refuses
#   (a wrong password) is BROKEN on the dashboard and in stashctl's
#   status, as Metrc's refused keys are, until the right one is in.
# - CCRS: files go weekly, so the exception report counts an event late
#   by CCRS's week, not the five minutes an API allows: a sale waiting two
#   days for the week's file is no exception, one waiting eight days is,
#   past the 604800-second deadline the dashboard and stashctl both give.
# stashctl runs under faketime (contrib/deps.sh) to look days ahead.
import datetime
import glob
import json
import os
import subprocess
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
import stashproto
from stashproto import *
from btsim import BtSim
import ccrs_check

SRC = os.environ.get("top_srcdir", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))

def libfaketime():
    found = glob.glob("/usr/lib/*/faketime/libfaketimeMT.so.1")
    check(found, "faketime is installed (contrib/deps.sh)")
    return found[0]


def ctl_json(st, *args, at=None):
    """stashctl --json on st's ledger, its clock at at (aware) if given."""
    env = dict(os.environ)
    if at is not None:
        asan = env.get("ASAN_OPTIONS", "")
        env.update(TZ="UTC", LD_PRELOAD=libfaketime(),
                   FAKETIME="@" + at.astimezone(datetime.timezone.utc)
                   .strftime("%Y-%m-%d %H:%M:%S"),
                   ASAN_OPTIONS=(asan + ":" if asan else "") +
                   "verify_asan_link_order=0")
    p = subprocess.run([stashproto.STASHCTL, "-d", st.data, "--json"] +
                       list(args), capture_output=True, text=True, env=env)
    check(p.returncode == 0, "stashctl %s: %s" % (" ".join(args), p.stderr))
    return json.loads(p.stdout)


def days(st):
    """--from yesterday --to tomorrow, store-local: today's events."""
    today = datetime.datetime.now(st.local_time(0).tzinfo).date()
    return ["--from", (today - datetime.timedelta(days=1)).isoformat(),
            "--to", (today + datetime.timedelta(days=1)).isoformat()]


def report(st, at=None):
    return ctl_json(st, "compliance", "exception-report", *days(st), at=at)


def seller(st, t, prefix):
    each = [p for p in st.tags if
            t.call("item.lookup", {"code": p})["product"]["unit"] == "each"
            and t.call("package.get", {"tag": p})["package"]["qty"] >= 4]
    check(each, "a package sold by the unit")
    seq = [0]

    def sell():
        seq[0] += 1
        return t.call("sale.commit", {
            "ref": "%s:%d" % (prefix, seq[0]),
            "lines": [{"tag": each[0], "qty": 1}],
            "tender": {"cash": 10**7}})["sale"]["id"]
    return sell


def biotrack(new_store, sim, name, opts, refuse, words):
    """One BioTrack adapter: refuse(on) turns the simulator's refusals
    on and off; words are in the refusal's message."""
    st = new_store()
    st.options = opts(st)
    st.start()
    t = st.terminal("register-1", MANAGER)
    sell = seller(st, t, name)

    def settled():
        s = t.call("compliance.status")
        return s["pending"] == 0 and s

    s1 = sell()
    s = wait_until("the first sale reported", settled)
    check(s["state_system"] == name and s["last_contact"] is not None,
          "%s: the dashboard's last contact: %r" % (name, s))
    c = wait_until("stashctl sees the state system",
                   lambda: (lambda c: c["state_system"] == name and c)(
                       ctl_json(st, "compliance", "status")))
    check(c["last_contact"] is not None and c["pending"] == 0 and
          c["deadline"] == s["deadline"],
          "%s: stashctl's status as the dashboard's: %r / %r" % (name, c, s))
    r = report(st)
    check(r["state_system"] == name and
          not [e for e in r["events"] if e["subject"] == s1],
          "%s: a sale reported live is no exception: %r" % (name, r))

    # A refusal: an exception everywhere a manager looks.
    refuse(True)
    s2 = sell()
    wait_until("the refusal", lambda: t.call("compliance.status")
               ["exceptions"] == 1)
    refuse(False)
    exc = t.call("compliance.exceptions")["exceptions"]
    check(len(exc) == 1 and exc[0]["subject"] == s2 and
          words in exc[0]["message"], "%s: the queue: %r" % (name, exc))
    listed = ctl_json(st, "compliance", "exceptions")
    check(json.dumps(listed).count(exc[0]["ref"]) >= 1 and
          words in json.dumps(listed), "%s: stashctl's list: %r" %
          (name, listed))
    ev = [e for e in report(st)["events"] if e["subject"] == s2]
    check(len(ev) == 1 and ev[0]["state"] == "exception" and
          words in ev[0]["why"] and ev[0]["reported"] is None,
          "%s: the exception report: %r" % (name, ev))

    # Retried after the fix (from the dashboard, or stashctl): reported
    # once, and the report says when.
    if name == "biotrack":
        st.ctl("compliance", "retry", str(exc[0]["job"]))
    else:
        t.call("compliance.retry", {"job": exc[0]["job"]})
    wait_until("the retried sale reported", settled)
    ev = [e for e in report(st)["events"] if e["subject"] == s2]
    check(len(ev) == 1 and ev[0]["state"] == "done" and
          ev[0]["reported"] is not None and words in ev[0]["why"],
          "%s: reported after the retry: %r" % (name, ev))
    st.stop()
    return st


def login_refused(new_store, name, opts, secrets):
    """A refused login is on the dashboard and stashctl's status as
    Metrc's refused keys are, until the right password is in."""
    st = new_store()
    st.options = opts(st)
    path = [o for o in st.options if o.startswith(secrets + "=")][0]
    path = path.split("=", 1)[1]
    with open(path) as f:
        good = f.read()
    with open(path, "w") as f:
        f.write(good.replace("password ", "password wrong-"))
    st.start()
    t = st.terminal("register-1", MANAGER)
    s = wait_until("the refused login on the dashboard", lambda: (
        lambda s: s["broken"] and s)(t.call("compliance.status")))
    check(secrets in s["broken_reason"], "%s: why: %r" % (name, s))
    c = ctl_json(st, "compliance", "status")
    check(c["broken"] and c["broken_reason"] == s["broken_reason"],
          "%s: stashctl says so too: %r" % (name, c))
    check("BROKEN:" in st.ctl("compliance", "status"), "%s: in words" %
          name)
    st.stop()
    with open(path, "w") as f:
        f.write(good)
    st.start()
    t = st.terminal("register-1", MANAGER)
    seller(st, t, name)()
    s = wait_until("reported after the fix", lambda: (
        lambda s: s["pending"] == 0 and not s["broken"] and s)(
        t.call("compliance.status")))
    check(not ctl_json(st, "compliance", "status")["broken"],
          "%s: stashctl: no longer broken" % name)


def ccrs(new_store):
    st = new_store()
    auto, out, mail, conf = ccrs_check.store_dirs(st.dir, "412345")
    # The demo store's rule file less its deadlines, as Washington's has
    # none: CCRS's week is the deadline.
    rules = os.path.join(st.dir, "rules")
    os.makedirs(rules)
    with open(os.path.join(SRC, "contrib", "rules", "US-CO")) as f:
        text = "".join(l for l in f if not l.startswith("deadline "))
    with open(os.path.join(rules, "US-CO"), "w") as f:
        f.write(text)
    st.options = ["state-system=ccrs", "ccrs-dir=" + auto,
                  "ccrs-licence=412345", "ccrs-submitted-by=Store Manager",
                  "rules-dir=" + rules]
    st.start()
    wait_until("the start's CCRS files",
               lambda: len(glob.glob(os.path.join(auto, "*.csv"))) >= 4)
    t = st.terminal("register-1", MANAGER)
    sid = seller(st, t, "ccrs")()
    s = t.call("compliance.status")
    check(s["state_system"] == "ccrs" and s["pending"] == 1 and
          s["deadline"] == 604800, "the dashboard: %r" % s)
    now = datetime.datetime.now(datetime.timezone.utc)

    # Two days on, the sale waits for the week's file: no exception.
    c = ctl_json(st, "compliance", "status", "--rules-dir", rules,
                 at=now + datetime.timedelta(days=2))
    check(c["state_system"] == "ccrs" and c["deadline"] == s["deadline"],
          "stashctl's deadline is the dashboard's: %r" % c)
    r = report(st, at=now + datetime.timedelta(days=2))
    check(r["state_system"] == "ccrs" and r["deadline"] == 604800 and
          not [e for e in r["events"] if e["subject"] == sid],
          "two days is within CCRS's week: %r" % r)
    # Eight days on it is late, past the week.
    r = report(st, at=now + datetime.timedelta(days=8))
    ev = [e for e in r["events"] if e["subject"] == sid]
    check(len(ev) == 1 and ev[0]["state"] == "pending" and
          ev[0]["past_deadline"], "eight days is past it: %r" % r)


def test(new_store):
    libfaketime()
    sim = BtSim()
    try:
        def faults(f):
            sim.faults({"rate": 1000, "kinds": ["602"]} if f else {})
        biotrack(new_store, sim, "biotrack", lambda st: sim.options(st),
                 faults, "602")

        def faults24(f):
            sim.admin("POST", "/_sim24/faults",
                      {"rate": 1000, "kinds": ["422"]} if f else {})
        biotrack(new_store, sim, "biotrack-v2024", lambda st: [
            "state-system=biotrack-v2024", "biotrack24-url=" + sim.base,
            "biotrack24-secrets=" + sim.secrets24(st.dir),
            "biotrack-interval=1", "biotrack-timeout=5"],
            faults24, "422")
        login_refused(new_store, "biotrack", lambda st: sim.options(st),
                      "biotrack-secrets")
        login_refused(new_store, "biotrack-v2024", lambda st: [
            "state-system=biotrack-v2024", "biotrack24-url=" + sim.base,
            "biotrack24-secrets=" + sim.secrets24(st.dir),
            "biotrack-interval=1", "biotrack-timeout=5"],
            "biotrack24-secrets")
    finally:
        sim.stop()
    ccrs(new_store)


run(test)
