#!/usr/bin/env python3
# stashctl report NAME --svg FILE: a standalone SVG of the report's chart,
# for each kind of chart (--chart bar, stack, line, hbar, spark). Each
# file is well-formed XML (xmllint --noout) and renders (rsvg-convert) to
# a PNG that is not blank: more than one colour among its pixels, read
# here with zlib (no imaging library). The report's title, escaped, is
# the SVG's title; a product name with XML's special characters in it
# comes out escaped, never raw. An unknown chart kind and an unwritable
# file are refused with a reason and nothing written.
import sys, os, re, json, struct, subprocess, zlib
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

A = "1A4060300000000000001001"      # Blue Dream 3.5g
B = "1A4060300000000000003001"      # OG Kush 3.5g, sold each


def png_colours(path):
    """The distinct pixels of a PNG (8-bit RGB or RGBA, not interlaced)."""
    with open(path, "rb") as f:
        data = f.read()
    check(data[:8] == b"\x89PNG\r\n\x1a\n", "a PNG: %r" % data[:8])
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = ihdr
    check(depth == 8 and ctype in (2, 6) and interlace == 0,
          "8-bit RGB(A), not interlaced: %r" % (ihdr,))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    seen = set()
    for y in range(h):
        at = y * (stride + 1)
        ftype, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 0xff
            elif ftype == 2:
                line[i] = (line[i] + b) & 0xff
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xff
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 0xff
        for x in range(0, stride, bpp):
            seen.add(bytes(line[x:x + bpp]))
        prev = line
    return seen


def test(new_store):
    st = new_store()
    sku = st.stock()[B]["sku"]
    st.ctl("product", "set", sku, "--name", "Cake & <Cookies> \"1g\"")
    st.start()
    reg = st.terminal("register-2", BUDTENDER)
    reg.call("sale.commit", {"ref": "s1", "lines": [{"tag": A, "qty": 2},
             {"tag": B, "qty": 1}], "tender": {"cash": 50000}})
    st.stop()

    for kind in ("bar", "stack", "line", "hbar", "spark"):
        svg = os.path.join(st.dir, "r-%s.svg" % kind)
        st.ctl("report", "products", "--by", "product", "--chart", kind,
               "--svg", svg)
        text = open(svg, encoding="utf-8").read()
        p = subprocess.run(["xmllint", "--noout", svg], capture_output=True,
                           text=True)
        check(p.returncode == 0, "%s: well-formed: %s" % (kind, p.stderr))
        check(text.count("<svg ") == 1 and "<title>" in text,
              "%s: one svg with a title" % kind)
        # The name, never raw; in full where every name is shown.
        check("<Cookies>" not in text, "%s: the name escaped" % kind)
        if kind == "hbar":
            check(">Cake &amp; &lt;Cookies&gt; &quot;1g\u2026<" in text,
                  "the name escaped, cut to 20 characters:\n" + text)
        png = svg[:-4] + ".png"
        p = subprocess.run(["rsvg-convert", "-o", png, svg],
                           capture_output=True, text=True)
        check(p.returncode == 0, "%s: rendered: %s" % (kind, p.stderr))
        colours = png_colours(png)
        check(len(colours) > 1, "%s: not blank: %d colour(s)" % (
              kind, len(colours)))

    # Refusals: a chart kind stash does not draw, a file it cannot write.
    bad = os.path.join(st.dir, "bad.svg")
    st.ctl("report", "products", "--chart", "pie", "--svg", bad,
           check_rc=False)
    check(st.last_rc != 0 and "pie" in st.last_err and
          not os.path.exists(bad), "pie refused: %s" % st.last_err)
    st.ctl("report", "products", "--svg", "/nonexistent/dir/r.svg",
           check_rc=False)
    check(st.last_rc != 0 and "/nonexistent/dir/r.svg" in st.last_err,
          "unwritable refused: %s" % st.last_err)


run(test)
