#!/usr/bin/env python3
# The compliance screen (Ctrl-R) names the state system stashd reports to
# and shows what only that system has, in an 80x24 tmux pane, for each
# adapter other than Metrc (screen-compliance.py has Metrc):
# - BioTrack (legacy API 4.0, stash-biotrack-sim): once a sale is
#   reported, "Last contact with the state" is when, not "never" (every
#   adapter records the state's answer in the same place).
# - BioTrack v2024: the licensee's approval, the day it lapses and the
#   days left, with what to do once inside the warning.
# - CCRS: the Sunday this week's files are due, when files were last
#   written and uploaded; the last contact is the state's last answer
#   imported (none before the first upload's e-mail).
import datetime
import glob
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
from stashproto import *
from btsim import BtSim
import ccrs_check


def sell_one(st, t, ref):
    each = [p for p in st.tags if
            t.call("item.lookup", {"code": p})["product"]["unit"] == "each"
            and t.call("package.get", {"tag": p})["package"]["qty"] >= 2]
    check(each, "a package sold by the unit")
    return t.call("sale.commit", {"ref": ref,
                                  "lines": [{"tag": each[0], "qty": 1}],
                                  "tender": {"cash": 10**7}})["sale"]


def dashboard(st, name):
    """The manager's compliance screen; the pane, open on it."""
    pane = Pane(name)
    pane.start(st, "register-1", code=st.demo["terminal"]["code"])
    pane.wait_for("Stash Demo Dispensary |")
    pane.open_drawer(st, "register-1")
    pane.wait_for("Staff ID")
    pane.keys(str(MANAGER), "Enter", PINS[MANAGER], "Enter")
    pane.wait_for("F8 Customer")
    pane.keys("C-r")
    pane.wait_for("Exceptions (")
    return pane


def legacy(st, sim):
    st.options = sim.options(st)
    st.start()
    t = st.terminal("office-1", MANAGER)
    sell_one(st, t, "bt:1")
    wait_until("the sale reported", lambda: t.call("compliance.status")
               ["pending"] == 0)
    s = t.call("compliance.status")
    check(s["state_system"] == "biotrack" and s["last_contact"] is not None,
          "BioTrack's answer is the last contact: %r" % s)
    pane = dashboard(st, "cad-bt")
    try:
        out = pane.wait_for("Compliance: reporting to BioTrack")
        check("Last contact with the state: never" not in out and
              "Last contact with the state: " in out and
              "Integration: working" in out, "legacy:\n" + out)
    finally:
        pane.kill()
    st.stop()


def v2024(st, sim):
    # Approved 90 days ago (a UTC day, as biotrack24-approved is read):
    # 10 days left, inside the 14-day warning.
    approved = (datetime.datetime.now(datetime.timezone.utc).date() -
                datetime.timedelta(days=90)).isoformat()
    st.options = ["state-system=biotrack-v2024", "biotrack24-url=" + sim.base,
                  "biotrack24-secrets=" + sim.secrets24(st.dir),
                  "biotrack24-approved=" + approved, "biotrack-interval=1",
                  "biotrack-timeout=5"]
    st.start()
    t = st.terminal("office-1", MANAGER)
    sell_one(st, t, "b24:1")
    wait_until("the sale reported", lambda: t.call("compliance.status")
               ["pending"] == 0)
    check(t.call("compliance.status")["last_contact"] is not None,
          "v2024's answer is the last contact")
    pane = dashboard(st, "cad-b24")
    try:
        out = pane.wait_for("Compliance: reporting to BioTrack (v2024)")
        flat = " ".join(out.split())
        check("BioTrack approval: lapses" in flat and
              "(10 days left): the licence's admin must approve stash "
              "again in BioTrack before then" in flat and
              "lapses soon" not in flat and
              "Last contact with the state: never" not in out,
              "v2024:\n" + out)
    finally:
        pane.kill()
    st.stop()


def ccrs(st):
    lic = "412345"
    auto, out, mail, conf = ccrs_check.store_dirs(st.dir, lic)
    st.options = ["state-system=ccrs", "ccrs-dir=" + auto,
                  "ccrs-licence=" + lic, "ccrs-submitted-by=Store Manager"]
    st.start()
    first = wait_until("the start's CCRS files",
                       lambda: glob.glob(os.path.join(auto, "*.csv")))
    t = st.terminal("office-1", MANAGER)
    sell_one(st, t, "cc:1")
    s = t.call("compliance.status")
    check(s["ccrs"]["due"] is not None and s["last_contact"] is None,
          "a week due, no answer from the state yet: %r" % s)
    pane = dashboard(st, "cad-ccrs")
    try:
        o = pane.wait_for("Compliance: reporting to CCRS (Washington)")
        check("CCRS: this week's files are due by Sunday %s" %
              s["ccrs"]["due"] in o and "Files last written " in o and
              "last uploaded never" in o and
              "Last contact with the state: never" in o, "ccrs:\n" + o)
        # A person uploads the start's files; the state's e-mails are
        # imported: that is the state's contact.
        state = ccrs_check.State(lic)
        first = wait_until("the start's files written", lambda: len(
            glob.glob(os.path.join(auto, "*.csv"))) >= 4 and
            glob.glob(os.path.join(auto, "*.csv")))
        for p in sorted(first, key=lambda p: ccrs_check.FILES.index(
                ccrs_check.kind_of(p)[0])):
            st.ctl("compliance", "ccrs", "uploaded", p, "--by", "Jo")
            st.ctl("compliance", "ccrs", "results", state.upload(p, mail))
        check(t.call("compliance.status")["last_contact"] is not None,
              "the imported answer is the last contact")
        pane.keys("F5")
        o = pane.wait_for("last uploaded 20")
        check("Last contact with the state: never" not in o,
              "contact shown:\n" + o)
    finally:
        pane.kill()
    st.stop()


def test(new_store):
    need_tmux_and_shim()
    st = new_store()
    sim = BtSim()
    try:
        legacy(st, sim)
    finally:
        sim.stop()
    st = new_store()
    sim = BtSim()
    try:
        v2024(st, sim)
    finally:
        sim.stop()
    ccrs(new_store())


run(test)
