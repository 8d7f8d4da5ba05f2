#!/usr/bin/env python3
# TLS: stashd refuses a non-loopback address without TLS (unless told it
# is a closed test network), serves TLS with a certificate, and a plain
# client gets nowhere on a TLS port. The stash terminal verifies the
# server's certificate by fingerprint or CA file and refuses a wrong one.
import sys, os, ssl, socket, subprocess, json, hashlib, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

STASH = os.environ.get("STASH", os.path.join(BUILD, "stash"))


def test(new_store):
    st = new_store()
    # Non-loopback without TLS: refused with a reason.
    p = subprocess.run([STASHD, "-f", "/dev/null", "-d", st.data, "-l",
                        "0.0.0.0:0"], capture_output=True, text=True,
                       timeout=20)
    check(p.returncode != 0 and "TLS" in p.stderr,
          "plain non-loopback refused: %r" % p.stderr)

    crt = os.path.join(st.dir, "server.crt")
    key = os.path.join(st.dir, "server.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out",
                    crt], check=True, capture_output=True)
    # A key that does not match is refused.
    other = os.path.join(st.dir, "other.key")
    subprocess.run(["openssl", "genpkey", "-algorithm", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-out", other], check=True,
                   capture_output=True)
    p = subprocess.run([STASHD, "-f", "/dev/null", "-d", st.data, "-l",
                        "127.0.0.1:0", "-o", "tls-cert=" + crt, "-o",
                        "tls-key=" + other], capture_output=True, text=True,
                       timeout=20)
    check(p.returncode != 0 and "does not match" in p.stderr,
          "mismatched key refused: %r" % p.stderr)

    st.options = ["tls-cert=" + crt, "tls-key=" + key]
    st.start()
    ctx = ssl.create_default_context(cafile=crt)
    raw = socket.create_connection(("127.0.0.1", st.port), timeout=10)
    s = ctx.wrap_socket(raw, server_hostname="127.0.0.1")
    code = st.demo["terminal"]["code"]
    s.sendall((json.dumps({"id": 1, "op": "enroll", "args": {
        "terminal": "register-1", "code": code}}) + "\n").encode())
    buf = b""
    while b"\n" not in buf:
        chunk = s.recv(4096)
        check(chunk, "TLS connection closed")
        buf += chunk
    r = json.loads(buf.split(b"\n")[0])
    check("result" in r and len(r["result"]["credential"]) == 64,
          "enrol over TLS: %r" % r)
    cred = r["result"]["credential"]
    s.close()

    # Plain text on the TLS port gets no reply.
    t = socket.create_connection(("127.0.0.1", st.port), timeout=5)
    t.sendall(b'{"id":1,"op":"ping"}\n')
    try:
        data = t.recv(4096)
        check(b'"result"' not in data, "plain request answered on TLS port")
    except (socket.timeout, ConnectionResetError):
        pass
    t.close()

    # The terminal checks the server: a wrong pin is refused, the right
    # fingerprint and the CA file are accepted (it then waits at login, so
    # it is stopped by the timeout, having not exited with an error).
    credfile = os.path.join(st.dir, "register-1.cred")
    with open(credfile, "w") as f:
        f.write(cred + "\n")
    os.chmod(credfile, 0o600)
    der = ssl.PEM_cert_to_DER_cert(open(crt).read())
    fp = hashlib.sha256(der).hexdigest()
    base = [STASH, "-s", "127.0.0.1:%d" % st.port, "-t", "register-1",
            "-C", credfile]
    env = dict(os.environ, TERM="xterm")
    sock = "tls%d" % os.getpid()

    def screen_of(extra, want, avoid=None):
        subprocess.run(["tmux", "-L", sock, "kill-server"],
                       capture_output=True)
        subprocess.run(["tmux", "-L", sock, "new-session", "-d", "-x", "80",
                        "-y", "24", " ".join(base + extra)], env=env,
                       timeout=10, check=True)
        out = ""
        try:
            deadline = time.time() + 60
            while time.time() < deadline:
                time.sleep(0.1)
                out = subprocess.run(["tmux", "-L", sock, "capture-pane",
                                      "-p"], capture_output=True,
                                     text=True).stdout
                check(avoid is None or avoid not in out,
                      "stash %s: %r on screen:\n%s" % (extra, avoid, out))
                if want in out:
                    return out
            raise Failure("stash %s: no %r on screen:\n%s" %
                          (extra, want, out))
        finally:
            subprocess.run(["tmux", "-L", sock, "kill-server"],
                           capture_output=True)

    # A wrong pin: the terminal says so and stays unconnected.
    out = screen_of(["--fingerprint", "00" * 32], "does not match the pinned")
    check("(not connected)" in out, "wrong pin: not connected:\n" + out)
    # The right fingerprint, or the CA file: the login screen.
    screen_of(["--fingerprint", fp], "Stash Demo Dispensary")
    screen_of(["--ca", crt], "Stash Demo Dispensary")
    st.stop()


run(test)
