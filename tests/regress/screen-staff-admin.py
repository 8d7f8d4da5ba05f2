#!/usr/bin/env python3
# An admin at the console, in an 80x24 tmux pane: on the staff screen (^T)
# F3 adds a member and shows their one-time PIN once, F6 locks and unlocks
# them; F9 opens the store settings, where a bad value is refused with the
# rule it breaks and a good one is in force at once (the other terminal
# is told). F8 opens the roles, where a new one's permissions are ticked
# and saved. The new member's first login asks for their own PIN, twice.
# (tests/unit/test-receipt.c checks the receipt footer printed.)
import json, re, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *


def staff_of(st, name):
    for s in json.loads(st.ctl("--json", "staff", "list")):
        if s["name"] == name:
            return s
    raise Failure("no staff member %s" % name)


def test(new_store):
    st = new_store().start()
    bud = st.terminal("register-2", BUDTENDER)
    pane = Pane("staffadm")
    wait_for, keys = pane.wait_for, pane.keys
    try:
        pane.start(st, "register-1", code=st.demo["terminal"]["code"])
        wait_for("Staff ID")
        keys(str(ADMIN), "Enter", PINS[ADMIN], "Enter")
        wait_for("F5 Pay")
        keys("F1")
        wait_for("Stock: scan or type a package tag")
        keys("C-t")
        wait_for("budtender")

        # F3: a new member, their one-time PIN shown once.
        keys("F3")
        wait_for("New staff member's name:")
        keys("Pat Doe", "Enter")
        wait_for("Role for Pat Doe:")
        keys("budtender", "Enter")
        out = wait_for("one-time PIN")
        m = re.search(r"Pat Doe \(staff (\d+)\): one-time PIN (\d{6})", out)
        check(m is not None, "the PIN shown:\n" + out)
        new, otp = int(m.group(1)), m.group(2)
        s = staff_of(st, "Pat Doe")
        check(s["id"] == new and s["role"] == "budtender" and
              s["pin_change"], "stashd has them: %r" % s)
        out = wait_for("one-time PIN", timeout=30)
        check("Pat Doe" in out, "listed:\n" + out)

        # F6 on the new member (selected after the add): lock, unlock.
        keys("F6")
        wait_for("Pat Doe is locked")
        check(not staff_of(st, "Pat Doe")["active"], "not locked")
        out = wait_for("locked by an admin")
        keys("F6")
        wait_for("Pat Doe may log in again")
        check(staff_of(st, "Pat Doe")["active"], "not unlocked")
        audit = st.ctl("audit", "list", "--limit", "3")
        check("staff.lock" in audit and "staff.unlock" in audit and
              "staff %d" % new in audit, "audited: " + audit)

        # F9: the settings; a bad senior age is refused with its rule.
        keys("F9")
        out = wait_for("senior-age")
        check("receipt-footer" in out and "stash.conf" in out,
              "settings listed:\n" + out)
        keys("Down", "Down", "Down", "Down")    # senior-age
        keys("Enter")
        wait_for("senior-age:")
        keys("200", "Enter")
        out = wait_for("150")
        check("senior-age" in out, "refused with the rule:\n" + out)
        check(bud.call("settings.get")["settings"][4]["value"] == "65",
              "a refused value was kept")
        keys("Up", "Up", "Up", "Up")            # receipt-footer
        keys("Enter")
        wait_for("receipt-footer:")
        keys("Thanks for visiting", "Enter")
        wait_for("Saved: in force now")
        out = wait_for("Thanks for visiting")
        check("ledger" in out, "its source:\n" + out)
        got = {x["key"]: x for x in bud.call("settings.get")["settings"]}
        check(got["receipt-footer"]["value"] == "Thanks for visiting" and
              got["receipt-footer"]["source"] == "ledger",
              "stashd has it: %r" % got["receipt-footer"])
        check(bud.wait_event("settings")["key"] == "receipt-footer",
              "the other terminal was told")

        # F8: the roles; a new one with its permissions ticked.
        keys("Escape")
        wait_for("budtender")
        keys("F8")
        out = wait_for("auditor")
        check("built-in" in out, "roles listed:\n" + out)
        keys("F3")
        wait_for("New role's name:")
        keys("floor-lead", "Enter")
        out = wait_for("Permissions of floor-lead")
        check("[ ] sale" in out and "[ ] void" in out,
              "a new role has no ticks:\n" + out)
        keys("Space", "Down", "Down", "Space")  # sale, void
        out = wait_for("[x] void")
        check("[x] sale" in out and "[ ] sale.read" in out,
              "ticked:\n" + out)
        keys("F2")
        wait_for("Role floor-lead saved")
        out = wait_for("floor-lead")
        check("defined" in out, "listed:\n" + out)
        lst = json.loads(st.ctl("--json", "role", "list"))
        fl = [r for r in lst if r["name"] == "floor-lead"]
        check(fl and fl[0]["perms"] == "sale,void", "stashd has it: %r" % lst)

        # The new member's first login: their own PIN, twice.
        keys("Escape")
        wait_for("budtender")
        keys("F10")
        wait_for("Staff ID")
        keys(str(new), "Enter", otp, "Enter")
        wait_for("New PIN:")
        keys("2468", "Enter", "1357", "Enter")
        wait_for("The two new PINs differ")
        keys("2468", "Enter", "2468", "Enter")
        wait_for("F5 Pay")
        check(not staff_of(st, "Pat Doe")["pin_change"],
              "the one-time PIN is still theirs")
        t = st.terminal("register-3")
        t.call("login", {"staff": new, "pin": "2468"})
        t.close()
    finally:
        pane.kill()
    st.stop()


run(test)
