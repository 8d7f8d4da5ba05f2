#!/usr/bin/env python3
# doc/protocol.md's op table lists exactly the ops of stashd's op table
# (src/server/op.c), each with the same phase, permission and approval (the
# approve column: its permissions, and whether only in some cases, "if",
# and only the session's own, "own"), so the two cannot drift apart.
import os, re, sys

src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def read(path):
    with open(os.path.join(src, path)) as f:
        return f.read()


def code_ops():
    perms = dict(re.findall(r'\{\s*(PERM_[A-Z_]+),\s*"([a-z.]+)"\s*\}',
                            read("src/lib/perm.c")))
    text = read("src/server/op.c")
    table = text[text.index("op_table[] = {"):]
    table = table[:table.index("};")]
    ops = {}
    for name, phase, perm, approve, flags in re.findall(
            r'\{\s*"([a-z_.]+)",\s*PHASE_([A-Z]+),\s*([A-Z_0-9|]+),'
            r'\s*([A-Z_0-9|\s]+),\s*([A-Z_0-9|\s]+),\s*op_', table):
        if perm == "0":
            p = "none"
        else:
            p = "+".join(perms[x.strip()] for x in perm.split("|"))
        flags = [x.strip() for x in flags.split("|")]
        if approve.strip() == "0":
            a = ("none",)
        else:
            a = (tuple(sorted(perms[x.strip()] for x in approve.split("|"))),
                 "OP_APPROVE_IF" in flags, "OP_APPROVE_OWN" in flags)
        ops[name] = (phase.lower(), p, a)
    return ops


def doc_approve(cell):
    if cell == "none":
        return ("none",)
    m = re.match(r"((?:if|own)(?:,\s*(?:if|own))*):\s*(.*)$", cell)
    words, rest = (m.group(1), m.group(2)) if m else ("", cell)
    names = re.findall(r"`([a-z.]+)`", rest)
    if not names or re.sub(r"`[a-z.]+`|\s", "", rest):
        sys.exit("FAIL op-table.py: approve cell %r is not permission "
                 "names in backquotes" % cell)
    return (tuple(sorted(names)), "if" in words, "own" in words)


def doc_ops():
    text = read("doc/protocol.md")
    text = text[text.index("| op | permission | approve | phase |"):]
    ops = {}
    for line in text.splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        name = cells[0].strip("`")
        m = re.match(r"`([a-z.]+)`", cells[1])
        perm = m.group(1) if m else cells[1].split()[0]
        if name in ops:
            sys.exit("FAIL op-table.py: %s twice in doc/protocol.md" % name)
        ops[name] = (cells[-1], perm, doc_approve(cells[2]))
    return ops


code, doc = code_ops(), doc_ops()
bad = []
if len(code) < 40:
    bad.append("only %d ops read from op.c: the parser is wrong" % len(code))
for n in sorted(set(code) - set(doc)):
    bad.append("%s is served but missing from doc/protocol.md" % n)
for n in sorted(set(doc) - set(code)):
    bad.append("%s is documented but not in the op table" % n)
for n in sorted(set(code) & set(doc)):
    if code[n] != doc[n]:
        bad.append("%s: op table says %s/%s/%s, doc/protocol.md %s/%s/%s" %
                   ((n,) + code[n] + doc[n]))
if not any(a != ("none",) for _, _, a in code.values()):
    bad.append("no op declares an approval: the parser is wrong")
if bad:
    sys.exit("FAIL op-table.py:\n  " + "\n  ".join(bad))
print("PASS op-table.py (%d ops)" % len(code))
