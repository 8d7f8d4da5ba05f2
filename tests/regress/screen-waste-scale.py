#!/usr/bin/env python3
# Waste weighed on the scale, on the real stash's stock screen (F1 on the
# register) in an 80x24 tmux pane: tests/sim/sim-scale on a pty through the
# real libserialport (tests/sim/ptyshim.so preloaded). A manager adjusts a
# bulk package (F3): while the scale moves Enter takes nothing and the
# package is untouched in stashd; once STABLE, Enter takes the scale's
# weight off, and the adjustment stashd records (package.get history) has
# that weight and a note saying it came from the scale. A weight typed
# instead is recorded as typed.
import sys, os, subprocess, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))
SIMSCALE = os.path.join(BUILD, "tests", "sim", "sim-scale")
TAG = "1A4060300000000000002002"    # demo: Gorilla Glue #4 (bulk), 28.35 g


def test(new_store):
    if subprocess.run(["which", "tmux"], capture_output=True).returncode:
        print("SKIP: no tmux")
        sys.exit(77)
    if not (os.path.exists(SHIM) and os.path.exists(SIMSCALE)):
        subprocess.run(["make", "-C", BUILD, "tests/sim/ptyshim.so",
                        "tests/sim/sim-scale"], capture_output=True)
    if not (os.path.exists(SHIM) and os.path.exists(SIMSCALE)):
        print("SKIP: cannot build the pty shim or sim-scale")
        sys.exit(77)
    st = new_store().start()
    pane = Pane("wastescale")
    mgr = st.terminal("office-1", MANAGER)
    start = mgr.call("package.get", {"tag": TAG})
    qty0 = start["package"]["qty"]
    nhist0 = len(start["history"])
    check(qty0 == 28350, "demo package: %r" % start["package"])

    scale = subprocess.Popen([SIMSCALE, "-c", "-m", "-w", "1250"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)
    spty = scale.stdout.readline().strip()
    check(spty.startswith("/dev/"), "sim-scale gave its pty: %r" % spty)

    def tell(cmd):
        scale.stdin.write(cmd + "\n")
        scale.stdin.flush()

    devfile = os.path.join(st.dir, "register-1.devices")
    with open(devfile, "w") as fp:
        fp.write("scale mt-sics %s:9600:8N1\n" % spty)

    screen = pane.text

    wait_for = pane.wait_for

    def scale_line():
        for l in screen().splitlines():
            if l.startswith(" Scale: "):
                return l
        return ""

    keys = pane.keys

    def package():
        return mgr.call("package.get", {"tag": TAG})

    try:
        pane.start(st, "register-1", "-D", devfile, "-l",
                   os.path.join(st.dir, "stash.log"), "-v",
                   code=st.demo["terminal"]["code"], shim=True)
        wait_for("Stash Demo Dispensary |")
        wait_for("Stash Demo Dispensary |")  # connected
        wait_for("Staff ID")
        keys(str(MANAGER), "Enter", PINS[MANAGER], "Enter")
        wait_for("F5 Pay")
        keys("F1")
        wait_for("Stock: scan or type a package tag")
        keys(TAG, "Enter")
        wait_for("qty 28.350 g of")

        # A moving scale: nothing is taken, the package is untouched.
        keys("F3")
        wait_for("(Enter: the scale's weight off):")
        wait_for("Scale: moving")
        for _ in range(4):
            sl = scale_line()
            check("STABLE" not in sl and ("moving" in sl or "settling" in
                  sl), "a moving scale is never STABLE: %r" % sl)
            keys("Enter")
            out = wait_for("Not taken: the scale shows")
            check("weight off):" in out, "still asking for the "
                  "weight:\n" + out)
            # The next try at another reading: wait for the weight shown
            # to change rather than for a fixed time.
            wait_until("the scale shows a new reading",
                       lambda: scale_line() != sl, 30)
        p = package()
        check(p["package"]["qty"] == qty0 and len(p["history"]) == nhist0,
              "motion taken by stashd: %r" % p)

        # The scale settles: Enter takes 1.25 g off.
        tell("m 0")
        wait_for("Scale: 1.25 g  STABLE")
        keys("Enter")
        out = wait_for("Reason:")
        check("Taking off 1.250 g" in out, out)
        keys("damage", "Enter")
        wait_for("Note:")
        keys("dropped jar", "Enter")
        wait_for("qty 27.100 g of")
        p = package()
        check(p["package"]["qty"] == qty0 - 1250, "qty after the scale's "
              "waste: %r" % p["package"])
        adj = [h for h in p["history"] if h.get("kind") != "move" and
               h.get("delta") == -1250]
        check(len(adj) == 1 and adj[0]["reason"] == "damage" and
              adj[0]["note"] == "scale 1.250 g; dropped jar" and
              adj[0].get("weight") == "scale",
              "the adjustment has the scale's weight: %r" % p["history"])

        # Typed instead of weighed: taken, and marked typed.
        tell("w 40000")
        keys("F3")
        wait_for("(Enter: the scale's weight off):")
        keys("--", "-0.5", "Enter")
        out = wait_for("Reason:")
        check("Typed weight" in out, "typed weight flagged:\n" + out)
        keys("damage", "Enter")
        wait_for("Note:")
        keys("Enter")
        wait_for("qty 26.600 g of")
        p = package()
        adj = [h for h in p["history"] if h.get("delta") == -500]
        check(p["package"]["qty"] == qty0 - 1750 and len(adj) == 1 and
              adj[0]["note"] == "typed weight" and
              adj[0].get("weight") == "typed",
              "the typed adjustment is marked typed: %r" % p["history"])
    finally:
        pane.kill()
        scale.kill()
        scale.wait()
    st.stop()


run(test)
