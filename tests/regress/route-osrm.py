#!/usr/bin/env python3
# Road travel times from an OSRM table service (route-url, stash.conf(5);
# doc/protocol.md, "trip.optimise"): a tiny stand-in for OSRM's /table
# answers with road times under which the best tour is not the
# straight-line one, and trip.optimise follows the roads ("roads":true),
# having asked for the depot and the stops as LON,LAT in the trip's order.
# When the service cannot route between two stops (a null), or is down,
# the optimiser falls back to its straight-line estimate ("roads":false)
# and the trip is still optimised. trip.depart asks too: the ETAs told to
# the customers ("etas") are the road times from the departure, each stop
# 5 minutes long; with the service down, straight-line ones. stashctl
# asks the same service (synchronously): `stashctl route --route-url` on
# a problem, and `stashctl trip optimise` with route-url in its
# configuration, each falling back to straight lines when it is down.
import http.server
import json
import os
import sys
import threading
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

PLATE = "7ABC123"
STORE = (34052200, -118243700)
# Three stops east of the store, 2, 4 and 6 km along one street.
EAST = {"o1": -118222000, "o2": -118200300, "o3": -118178600}
TAGS = {"o1": ("FL-BD-1", "1A4060300000000000001003"),
        "o2": ("FL-SD-7", "1A4060300000000000004001"),
        "o3": ("FL-WW-1", "1A4060300000000000007001")}
# The roads make D -> o3 -> o1 -> o2 -> D the quick way round.
ROAD = [("D", "o3"), ("o3", "o1"), ("o1", "o2"), ("o2", "D")]


class Osrm(http.server.BaseHTTPRequestHandler):
    mode = "ok"
    paths = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        Osrm.paths.append(self.path)
        coords = self.path.split("/table/v1/driving/")[1].split("?")[0]
        pts = [tuple(float(x) for x in c.split(",")) for c in
               coords.split(";")]
        names = []
        for lon, lat in pts:
            lon6 = round(lon * 1000000)
            names.append("D" if lon6 == STORE[1] else
                         [k for k, v in EAST.items() if v == lon6][0])
        dur = [[0 if a == b else 60 if (a, b) in ROAD else 5000
                for b in names] for a in names]
        if Osrm.mode == "null":
            dur[1][2] = None
        body = json.dumps({"code": "Ok", "durations": dur}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test(new_store):
    srv = http.server.HTTPServer(("127.0.0.1", 0), Osrm)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    port = srv.server_address[1]
    st = new_store(demo=False)
    ca_delivery_store(st, "C10-0000001-LIC", PLATE)
    st.options = ["store-location=%d,%d" % STORE,
                  "delivery-zones=5000:500,12000:900",
                  "route-url=http://127.0.0.1:%d/" % port]
    st.start()
    t = st.terminal("register-1", MANAGER)
    noon = la_noon_tomorrow()
    now = int(time.time() * 1000000)
    ids = {}
    for i, name in enumerate(sorted(EAST)):
        cust = t.call("customer.create", {
            "type": "adult", "first": "Road", "last": "Stop%d" % i,
            "dob": "1980-01-01", "residence": "CA",
            "id_doc": {"type": "dl", "state": "CA", "number": "NRO%d" % i,
                       "expires": "2031-01-01"},
            "id_scanned": True})["customer"]["id"]
        sku, tag = TAGS[name]
        o = t.call("order.create", {
            "ref": "ro-%d" % i, "customer": cust, "channel": "delivery",
            "window": {"start": now, "end": noon + 6 * 3600 * 1000000},
            "lines": [{"sku": sku, "qty": 1}],
            "address": {"street": "%d Main St" % (i + 1),
                        "city": "Los Angeles", "state": "CA",
                        "zip": "90012", "lat": STORE[0],
                        "lon": EAST[name]}})["order"]
        t.call("order.pack", {"id": o["id"], "tag": tag})
        t.call("order.seal", {"id": o["id"]})
        ids[name] = o["id"]
    tid = t.call("trip.create", {"driver": DRIVER, "vehicle": PLATE,
                                 "orders": [ids[n] for n in sorted(EAST)],
                                 "depart_at": noon})["trip"]["id"]

    def order(r):
        return [o["id"] for o in r["trip"]["orders"]]
    lon = {ids[n]: v for n, v in EAST.items()}

    def straight(r):
        # On one street the shortest tour is out to the far stop and
        # back: twice its distance, whichever order the stops take.
        pts = [STORE[1]] + [lon[i] for i in order(r)] + [STORE[1]]
        return sum(abs(a - b) for a, b in zip(pts, pts[1:])) == \
            2 * (EAST["o3"] - STORE[1])

    # The roads: D -> o3 -> o1 -> o2 -> D.
    r = t.call("trip.optimise", {"id": tid})
    check(r.get("roads") is True, "the road times were used: %r" % r)
    check(order(r) == [ids["o3"], ids["o1"], ids["o2"]] and
          not straight(r), "the roads' tour, not the straight-line one: "
          "%r (ids %r)" % (order(r), ids))
    check(len(Osrm.paths) == 1, "asked once: %r" % Osrm.paths)
    p = Osrm.paths[0]
    check(p.startswith("/table/v1/driving/-118.243700,34.052200;") and
          p.count(";") == 3 and "annotations=duration" in p,
          "the depot first, LON,LAT: %r" % p)

    # stashctl route, asking the service for the problem's road times.
    url = "http://127.0.0.1:%d/" % port
    problem = json.dumps({
        "depot": {"lat": STORE[0] / 1e6, "lon": STORE[1] / 1e6},
        "depart": "2026-06-14T22:00:00Z",
        "stops": [{"id": n, "lat": STORE[0] / 1e6, "lon": EAST[n] / 1e6}
                  for n in sorted(EAST)]})
    out = json.loads(st.ctl("--json", "route", "--route-url", url,
                            input=problem))
    check(out["roads"] is True and out["order"] == ["o3", "o1", "o2"],
          "stashctl route on the roads: %r" % out)
    check(len(Osrm.paths) == 2, "stashctl asked once: %r" % Osrm.paths)

    # stashctl trip optimise, route-url from its configuration: the
    # trip put back in straight order first.
    conf = os.path.join(st.dir, "ctl.conf")
    with open(conf, "w") as f:
        f.write("store-location %d,%d\nroute-url %s\n" % (STORE + (url,)))
    t.call("trip.reorder", {"id": tid,
                            "orders": [ids[n] for n in sorted(EAST)]})
    out = json.loads(st.ctl("--json", "trip", "optimise", str(tid),
                            "--config", conf))
    check([o["id"] for o in out["orders"]] ==
          [ids["o3"], ids["o1"], ids["o2"]],
          "stashctl trip optimise on the roads: %r" % out)
    check(len(Osrm.paths) == 3, "asked once more: %r" % Osrm.paths)

    # No road between two stops: straight lines.
    Osrm.mode = "null"
    r = t.call("trip.optimise", {"id": tid})
    check(r.get("roads") is False and straight(r),
          "straight-line tour without a full table: %r" % r)

    # The service is down: straight lines, at once.
    srv.shutdown()
    srv.server_close()
    r = t.call("trip.optimise", {"id": tid})
    check(r.get("roads") is False and straight(r),
          "straight-line tour with the service down: %r" % r)
    out = json.loads(st.ctl("--json", "route", "--route-url", url,
                            input=problem))
    check(out["roads"] is False and "straight-line estimates" in
          st.last_err, "stashctl route, the service down: %r %r" %
          (out, st.last_err))
    t.call("trip.reorder", {"id": tid,
                            "orders": [ids[n] for n in sorted(EAST)]})
    out = json.loads(st.ctl("--json", "trip", "optimise", str(tid),
                            "--config", conf))
    check("straight-line estimates" in st.last_err and
          out["status"] == "planned", "stashctl trip optimise, the "
          "service down: %r %r" % (out, st.last_err))

    # The service back (the same port): the departure's ETAs on its roads.
    srv = http.server.HTTPServer(("127.0.0.1", port), Osrm)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    Osrm.mode = "ok"
    asked = len(Osrm.paths)
    t.call("trip.load", {"id": tid})
    r = t.call("trip.depart", {"id": tid, "ledger": "CA-L-9"})
    check(r.get("roads") is True and len(Osrm.paths) == asked + 1,
          "the departure asked the roads: %r" % r)
    name = {v: k for k, v in ids.items()}
    stops = ["D"] + [name[i] for i in order(r)]
    at, want = r["trip"]["departed"] // 1000000, []
    for a, b in zip(stops, stops[1:]):
        at += 60 if (a, b) in ROAD else 5000
        want.append(at)
        at += 300
    got = [e // 1000000 if e is not None else None for e in r["etas"]]
    check(got == want, "ETAs on road times: %r, want %r (stops %r)" %
          (got, want, stops))
    srv.shutdown()
    srv.server_close()
    t.close()
    st.stop()   # exits 0: nothing left behind (the sanitizer build)

run(test)
