#!/usr/bin/env python3
# Vehicles and drivers (stashctl vehicle add/list/remove, stashctl staff
# driver): a vehicle's plate, make, model, colour and VIN are checked and
# kept; a removed vehicle is listed no more; only a staff member with the
# driver role has driver's details, and the audit trail says which were
# set, never the licence number itself.
import json
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def test(new_store):
    st = new_store()
    out = st.ctl("vehicle", "add", "7ABC123", "--make", "Toyota", "--model",
                 "Prius", "--colour", "white", "--vin", "JTDKN3DU0A0123456",
                 "--gps")
    check("vehicle:7ABC123" in out, out)
    r = st.ctl("vehicle", "add", "8XYZ999", "--make", "Ford", "--model",
               "Transit", "--colour", "grey", "--vin", "JTDKN3DU0A01234I6",
               check_rc=False)
    check(st.last_rc != 0 and "VIN" in st.last_err, "a VIN with I "
          "refused: %s" % st.last_err)
    r = st.ctl("vehicle", "add", "7ABC123", "--make", "Ford", "--model",
               "Transit", "--colour", "grey", "--vin", "JTDKN3DU0A0123457",
               check_rc=False)
    check(st.last_rc != 0 and "already" in st.last_err, "a plate twice: "
          "%s" % st.last_err)
    vs = [json.loads(l) for l in st.ctl("--json", "vehicle",
                                        "list").splitlines()]
    check(vs == [{"plate": "7ABC123", "make": "Toyota", "model": "Prius",
                  "colour": "white", "vin": "JTDKN3DU0A0123456",
                  "gps": True, "camera": False}], "listed: %r" % vs)

    r = st.ctl("staff", "driver", str(BUDTENDER), "--licence", "D1234567",
               check_rc=False)
    check(st.last_rc != 0 and "only a driver" in st.last_err, "not a "
          "driver: %s" % st.last_err)
    out = st.ctl("staff", "driver", str(DRIVER), "--licence", "D1234567",
                 "--employee", "E-17", "--born", "1990-05-01")
    check("recorded" in out and "D1234567" not in out, out)
    audit = st.ctl("audit", "list", "--limit", "1000")
    check("staff.driver" in audit and "licence" in audit and
          "D1234567" not in audit, "audited without the number")
    st.ctl("vehicle", "remove", "7ABC123")
    check(st.ctl("vehicle", "list").strip() == "", "removed")
    check("whole" in st.ctl("audit", "verify"), "audit whole")


run(test)
