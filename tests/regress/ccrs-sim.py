#!/usr/bin/env python3
# contrib/ccrs-sim/ccrs_sim.py from the command line, as a store trying
# its weekly CCRS round without the state would use it: "check" passes
# the files stashd writes and refuses a broken one (the line and the
# rule, exit 1, nothing else written); "answer" uploads them to the
# stand-in in the state's order and writes its e-mails, which
# "stashctl compliance ccrs results" imports; what the state holds is
# kept between runs in its state file, so the same Inventory file
# uploaded again is answered with the state's "Duplicate" error CSV.
import glob
import os
import subprocess
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
from stashproto import *
import ccrs_check

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
CCRS_SIM = os.path.join(TOP, "contrib", "ccrs-sim", "ccrs_sim.py")
LIC = "412345"


def sim(*args):
    return subprocess.run([sys.executable, CCRS_SIM] + list(args),
                          capture_output=True, text=True, timeout=120)


def test(new_store):
    st = new_store()
    auto, out, mail, conf = ccrs_check.store_dirs(st.dir, LIC)
    st.options = ["state-system=ccrs", "ccrs-dir=" + auto,
                  "ccrs-licence=" + LIC, "ccrs-submitted-by=Store Manager"]
    st.start()
    files = wait_until("the start's CCRS files", lambda: len(glob.glob(
        os.path.join(auto, "*.csv"))) >= 4 and glob.glob(
        os.path.join(auto, "*.csv")))
    files = sorted(files, key=lambda p: ccrs_check.FILES.index(
        ccrs_check.kind_of(p)[0]))

    r = sim("check", *files)
    check(r.returncode == 0 and len(r.stdout.splitlines()) == len(files),
          "the files pass: %r" % (r,))

    # A broken file: a quoted cell, which CCRS does not take.
    inv = [p for p in files if ccrs_check.kind_of(p)[0] == "Inventory"][0]
    bad = os.path.join(st.dir, os.path.basename(inv))
    with open(inv, newline="") as f:
        text = f.read()
    lines = text.split("\r\n")
    lines[4] = '"' + lines[4].replace(",", '",', 1)
    with open(bad, "w", newline="") as f:
        f.write("\r\n".join(lines))
    r = sim("check", bad)
    check(r.returncode == 1 and "line 5" in r.stderr and
          r.stdout == "", "the broken file refused: %r" % (r,))

    state = os.path.join(st.dir, "ccrs-state.json")
    r = sim("answer", "-l", LIC, "-s", state, "-o", mail, *files)
    check(r.returncode == 0, "answered: %r" % (r,))
    answers = r.stdout.split()
    check(len(answers) == len(files) and
          all(os.path.basename(a).startswith("success-") for a in answers),
          "a success e-mail each: %r" % answers)
    for p, a in zip(files, answers):
        st.ctl("compliance", "ccrs", "uploaded", p, "--by", "Jo")
        st.ctl("compliance", "ccrs", "results", a)
    t = st.terminal("office-1", MANAGER)
    check(t.call("compliance.status")["last_contact"] is not None,
          "the e-mails are the state's contact")

    # The state remembers: the Inventory file again is a duplicate.
    r = sim("answer", "-l", LIC, "-s", state, "-o", mail, inv)
    check(r.returncode == 0 and r.stdout.strip().endswith(".csv"),
          "an error CSV: %r" % (r,))
    with open(r.stdout.strip()) as f:
        check("Duplicate External Identifier" in f.read(),
              "the state's words")
    r = sim("answer", "-l", "499999", "-s", state, "-o", mail, inv)
    check(r.returncode == 1 and "412345" in r.stderr,
          "another licence's state refused: %r" % (r,))
    st.stop()


run(test)
