#!/usr/bin/env python3
# package.move reaches BioTrack, on both surfaces of stash-biotrack-sim:
# legacy inventory_move {data:[{barcodeid, room}]} and v2024 PUT
# /v1/inventory/move {Barcode, RoomID}. The state's rooms are read first
# (sync_inventory_room, GET /v1/inventory/room) and matched by name to our
# location (vault -> Vault), or biotrack-rooms maps it (by a room's name
# or its number), which stashd -n checks. A move to a location with no
# room is an exception naming the setting to add, with nothing sent; rooms
# that cannot be read (a 500) make the move wait, not fail; once
# stashd runs with it, stashctl compliance retry sends it, with the room
# of where the package is now. Faults: a legacy answer lost after the
# state applied the move is recovered by nonce_replay (one move at the
# state); on v2024 a 500 (not applied) is sent again once, and a lost
# answer is sent again as it is, since v2024 cannot look a move up (the
# second sets the same room: the package ends in the vault, no exception).
# A load into a vehicle biotrack-rooms does not map is done unreported.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *
from btsim import BtSim


def surface_opts(st, sim, legacy, rooms):
    if legacy:
        return sim.options(st, "biotrack-transfers=0",
                           "biotrack-rooms=" + rooms)
    return ["state-system=biotrack-v2024", "biotrack24-url=" + sim.base,
            "biotrack24-secrets=" + sim.secrets24(st.dir),
            "biotrack-interval=1", "biotrack-timeout=5",
            "biotrack-rooms=" + rooms]


def run_one(st, sim, legacy):
    name = "legacy" if legacy else "v2024"
    vault, sfloor = (101, 102) if legacy else (201, 202)
    # floor by a room's name (legacy) or its number (v2024).
    floor_map = "floor=Sales Floor" if legacy else "floor=%d" % sfloor
    bad = surface_opts(st, sim, legacy, "nowhere=5")
    check_stashd_n(st, "biotrack-rooms", *bad)
    check_stashd_n(st, "not one of our locations", *bad)
    check_stashd_n(st, None, *surface_opts(st, sim, legacy, floor_map))

    st.options = surface_opts(st, sim, legacy, floor_map)
    st.start()
    t = st.terminal("register-1", MANAGER)
    A = [p for p in st.tags if t.call("package.get", {"tag": p})
         ["package"]["location"] == "floor"][0]

    def admin(path, body=None):
        pre = "/_sim/" if legacy else "/_sim24/"
        return sim.admin("POST" if body is not None else "GET", pre + path,
                         body)

    def moves():
        out = []
        for m in admin("state")["moves"]:
            if legacy:
                check(len(m["barcodeid"]) in (16, 24), "a barcode: %r" % m)
                if A.endswith(m["barcodeid"]):
                    out.append(int(m["room"]))
            elif m["Barcode"] == A:
                out.append(m["RoomID"])
        return out

    def room_reads():
        reqs = admin("requests")["requests"]
        if legacy:
            return len([q for q in reqs
                        if q["action"] == "sync_inventory_room"])
        return len([q for q in reqs if q["path"] == "/v1/inventory/room"])

    def settled():
        s = t.call("compliance.status")
        return s["pending"] == 0 and s

    def move(to):
        t.call("package.move", {"tag": A, "to": to})

    def logged_in():
        reqs = admin("requests")["requests"]
        return [q for q in reqs if q["applied"] and
                q.get("action", q.get("path")) in ("login",
                                                   "/v1/user/login")]

    # The rooms cannot be read at first (a 500): the move waits, no
    # exception, and goes once they are read (a minute later). By name:
    # our vault is the state's Vault.
    wait_until(name + ": logged in", logged_in)
    admin("faults", {"status": 500, "count": 1})
    move("vault")
    wait_until(name + ": the rooms refused", lambda: room_reads() == 1)
    wait_until(name + ": the move to the vault", lambda: settled() and
               moves() == [vault], 240)
    check(room_reads() == 2, "%s: the rooms read again: %d" %
          (name, room_reads()))
    with open(os.path.join(st.dir, "stashd.log")) as f:
        check("rooms could not be read" in f.read(),
              "%s: the wait is logged" % name)
    check(t.call("compliance.status")["exceptions"] == 0, "no exception")
    # By biotrack-rooms.
    move("floor")
    wait_until(name + ": back on the floor", lambda: settled() and
               moves() == [vault, sfloor])
    check(room_reads() == 2, "%s: the rooms kept, not read again" % name)

    # No room for the quarantine: an exception that says what to set;
    # nothing sent.
    move("quarantine")
    wait_until(name + ": the move is an exception", lambda:
               t.call("compliance.status")["exceptions"] == 1)
    e = t.call("compliance.exceptions")["exceptions"]
    check(len(e) == 1 and e[0]["kind"] == "location", "one: %r" % e)
    msg = e[0]["message"]
    check("quarantine=ROOM" in msg and "biotrack-rooms" in msg and
          "compliance retry" in msg and ("%d Vault" % vault) in msg,
          "%s: it says what to add: %s" % (name, msg))
    check(moves() == [vault, sfloor], "nothing sent: %r" % moves())

    # The setting added, stashd restarted, the job retried: sent once.
    st.stop()
    st.options = surface_opts(st, sim, legacy, floor_map + ";quarantine=" +
                              ("Vault" if legacy else str(vault)))
    st.start()
    t = st.terminal("register-1", MANAGER)
    st.ctl("compliance", "retry", str(e[0]["job"]))
    wait_until(name + ": the retried move", lambda: settled() and
               moves() == [vault, sfloor, vault])
    check(t.call("compliance.status")["exceptions"] == 0, "none left")

    # A load into a vehicle the settings do not map is not a room move
    # (BioTrack follows deliveries on manifests): done, unreported, with
    # why; no exception a manager could not clear, nothing sent.
    move("vehicle:TEST1")
    wait_until(name + ": the load settled", settled)
    check(t.call("compliance.status")["exceptions"] == 0 and
          moves() == [vault, sfloor, vault], "%s: a load is no move: %r" %
          (name, moves()))

    # Faults.
    move("floor")
    if legacy:
        # The answer lost after the state applied it: nonce_replay.
        sim.faults({"lose": 1})
        wait_until("the lost move settled", lambda: settled() and
                   len(moves()) == 4)
        check(moves()[-1] == sfloor, "on the floor: %r" % moves())
        reqs = sim.requests()
        moved = [q for q in reqs if q["action"] == "inventory_move" and
                 q["applied"]]
        check(len(moved) == 4, "applied once each: %r" % moved)
        check(any(q["action"] == "nonce_replay" for q in reqs),
              "asked for by nonce_replay")
    else:
        wait_until("on the floor", lambda: settled() and len(moves()) == 4)
        # A 500: nothing applied, sent again once.
        admin("faults", {"status": 500, "count": 1})
        move("vault")
        wait_until("after the 500", lambda: settled() and
                   len(moves()) == 5)
        check(moves()[-1] == vault, "in the vault: %r" % moves())
        # Lost after it was applied: no lookup for a move, sent again as
        # it is: the same room twice, nothing else.
        admin("faults", {"lose": 1})
        move("floor")
        wait_until("after the lost answer", lambda: settled() and
                   len(moves()) == 7)
        check(moves()[-2:] == [sfloor, sfloor], "the floor twice, the "
              "state's room right: %r" % moves())
    s = t.call("compliance.status")
    check(s["exceptions"] == 0, "%s: no exception: %r" % (name, s))
    st.stop()


def test(new_store):
    for legacy in (True, False):
        st = new_store()
        sim = BtSim()
        try:
            run_one(st, sim, legacy)
        finally:
            sim.stop()


run(test)
