#!/usr/bin/env python3
# The dashboard's "today against the same weekday last week" (issue 15),
# with real sales on both days: stashd runs under faketime (Debian's
# faketime, contrib/deps.sh) at two clock times of the same weekday a week
# ago, one at this very time of day and one late in that evening, and
# makes a sale at each; then the real stashd makes two sales today. The
# dashboard's figures are checked to the cent and the percentage exactly:
# last week's day in all (its Z report), its net sales by this hour (only
# the sale at this time of day: the evening one comes after), and the
# change of today's net against that, rounded half up as stash rounds.
import sys, os, re, glob, datetime
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stashproto
from stashproto import *

A = "1A4060300000000000001001"      # Blue Dream 3.5g, sold each
B = "1A4060300000000000003001"      # OG Kush 3.5g, sold each


def libfaketime():
    """Debian's libfaketime (package faketime), the one for programs
    with threads (stashd's PIN workers): stashd runs under it directly,
    so SIGTERM reaches stashd itself."""
    found = glob.glob("/usr/lib/*/faketime/libfaketimeMT.so.1")
    check(found, "faketime is installed (contrib/deps.sh)")
    return found[0]


def faked(st, when):
    """stashd on st's ledger, its clock starting at when (aware) and
    running on from there. libfaketime reads the time in TZ, which is
    UTC for it (stashd takes its zone from the ledger, never TZ)."""
    wrapper = os.path.join(st.dir, "stashd-faketime")
    asan = os.environ.get("ASAN_OPTIONS", "")
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\nTZ=UTC LD_PRELOAD='%s' FAKETIME='@%s' "
                "ASAN_OPTIONS='%sverify_asan_link_order=0' "
                "exec '%s' \"$@\"\n" % (libfaketime(),
                when.astimezone(datetime.timezone.utc).strftime(
                    "%Y-%m-%d %H:%M:%S"), asan + ":" if asan else "",
                stashproto.STASHD))
    os.chmod(wrapper, 0o755)
    real = stashproto.STASHD
    stashproto.STASHD = wrapper
    try:
        st.start()
    finally:
        stashproto.STASHD = real


def sell(st, ref, lines):
    """A cash sale on register-2, its drawer opened the first time."""
    reg = st.terminal("register-2", BUDTENDER, drawer=False)
    try:
        reg.call("drawer.report")
    except ProtoError:
        open_drawer(reg)
    s = reg.call("sale.commit", {"ref": ref, "lines": lines,
                                 "tender": {"cash": 100000}})["sale"]
    reg.close()
    return s


def net_by_hour(mgr, date):
    rt = mgr.call("report.run", {"name": "hours", "by": "hour",
                                 "from": date, "to": date})
    cols = [c["name"] for c in rt["columns"]]
    out = {}
    for r in rt["rows"]:
        out[int(r[cols.index("hour")][:2])] = r[cols.index("net")]
    return out


def test(new_store):
    libfaketime()
    st = new_store()
    tz = st.local_time(0).tzinfo
    now = datetime.datetime.now(tz)
    last = (now.date() - datetime.timedelta(days=7))
    # The same time of day a week ago, and 23:50 that evening (after this
    # hour unless it is now past 23:00).
    t1 = datetime.datetime.combine(last, now.time().replace(
        microsecond=0), tz) - datetime.timedelta(minutes=1)
    if t1.date() != last:
        t1 = datetime.datetime.combine(last, datetime.time(0, 0, 5), tz)
    t2 = datetime.datetime.combine(last, datetime.time(23, 50), tz)

    faked(st, t1)
    l1 = sell(st, "lw1", [{"tag": A, "qty": 2}])
    st.stop()
    faked(st, t2)
    l2 = sell(st, "lw2", [{"tag": B, "qty": 1}])
    st.stop()
    check(st.local_time(l1["time"]).date() == last and
          st.local_time(l2["time"]).date() == last,
          "last week's sales on last week's day: %s %s" % (
              st.local_time(l1["time"]), st.local_time(l2["time"])))

    st.start()
    s1 = sell(st, "td1", [{"tag": A, "qty": 1}])
    s2 = sell(st, "td2", [{"tag": A, "qty": 1}, {"tag": B, "qty": 1}])
    today = st.local_time(s1["time"]).date()
    check(today - last == datetime.timedelta(days=7),
          "today is a week after the faked day")

    mgr = st.terminal("office-1", MANAGER, drawer=False)
    zl = mgr.call("report.z", {"date": last.isoformat()})
    zt = mgr.call("report.z", {"date": today.isoformat()})
    check(zl["store"]["sales"] == 2 and
          zl["store"]["total"] == l1["total"] + l2["total"] and
          zt["store"]["sales"] == 2 and
          zt["store"]["total"] == s1["total"] + s2["total"],
          "the Z reports hold each day's sales: %r %r" % (zl["store"],
                                                        zt["store"]))
    hl = net_by_hour(mgr, last.isoformat())
    ht = net_by_hour(mgr, today.isoformat())
    h1 = st.local_time(l1["time"]).hour
    check(set(h for h in hl if hl[h]) <= {h1, 23} and hl[h1] > 0 and
          hl[23] > 0, "last week's net by hour: %r" % hl)
    now_net = sum(ht.values())
    check(now_net > 0, "today's net: %r" % ht)

    pane = Pane("lastweek", size=(132, 43))
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        pane.login(MANAGER, ("F1", "Stock: scan or type a package tag"))
        pane.keys("C-b")
        out = pane.wait_for("net by ")
        out = pane.wait_for("asking stashd", gone=True)
        line = [l for l in out.splitlines() if "Last " in l and
                "all day" in l]
        check(len(line) == 1, "the last-week row:\n" + out)
        line = line[0]
        m = re.search(r"net by (\d\d):59", line)
        check(m is not None, "the hour of the comparison: %r" % line)
        hour = int(m.group(1))
        then = sum(v for h, v in hl.items() if h <= hour)
        # Unless the test ran past 23:00, the evening sale is after.
        check(hour == 23 or then == hl[h1],
              "only the sale by this hour counts: %r by %d" % (hl, hour))
        pct = (abs(now_net - then) * 100 + then // 2) // then
        want = "%-16s%s in 2 sales all day (%s), %s net by %02d:59" \
               "  %s%d%%" % ("Last " + now.strftime("%a"), cents(zl["store"]
               ["total"]), last.isoformat(), cents(then), hour,
               "+" if now_net >= then else "-", pct)
        check(want in line, "the row says\n %r\nnot\n %r" % (line, want))
        check("Today so far    %s in 2 sales" % cents(zt["store"]
              ["total"]) in out, "today's row:\n" + out)
    finally:
        pane.kill()
    st.stop()


run(test)
