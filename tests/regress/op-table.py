#!/usr/bin/env python3
# doc/protocol.md's op table lists exactly the ops of stashd's op table
# (src/server/op.c), each with the same phase and permission, so the two
# cannot drift apart.
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
    for name, phase, perm in re.findall(
            r'\{\s*"([a-z_.]+)",\s*PHASE_([A-Z]+),\s*([A-Z_0-9|]+),', table):
        if perm == "0":
            p = "none"
        else:
            p = "+".join(perms[x.strip()] for x in perm.split("|"))
        ops[name] = (phase.lower(), p)
    return ops


def doc_ops():
    text = read("doc/protocol.md")
    text = text[text.index("| op | permission | phase |"):]
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
        ops[name] = (cells[-1], perm)
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
        bad.append("%s: op table says %s/%s, doc/protocol.md %s/%s" %
                   (n, code[n][0], code[n][1], doc[n][0], doc[n][1]))
if bad:
    sys.exit("FAIL op-table.py:\n  " + "\n  ".join(bad))
print("PASS op-table.py (%d ops)" % len(code))
