#!/usr/bin/env python3
# Customer notifications, end to end: stashctl notify send writes jobs
# through notify_enqueue (as orders will), the real stashd sends them with
# libcurl to a real SMTP server (aiosmtpd, Debian's python3-aiosmtpd) and
# to a webhook receiver here that checks the HMAC-SHA256 signature:
#  - each notification arrives once, mail and webhook alike;
#  - a 500 from the webhook is retried and then done; a 400 is an
#    exception; SMTP refusing the recipient is an exception;
#  - a job written and then stashd killed -9 before it sent it arrives
#    once after the restart;
#  - stashd killed -9 after the receiver took the send but before stashd
#    committed "done": the same X-Stash-Id (and the same body) arrives a
#    second time and the receiver drops it; mail likewise arrives twice
#    with the same id (SMTP has no idempotency: the documented window);
#  - no customer's address, phone or first name in stashd's log.
import hashlib
import hmac
import http.server
import json
import os
import signal
import socket
import sys
import threading
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stashproto import *

try:
    from aiosmtpd.controller import Controller
except ImportError:
    # Debian's package, when python3 is not Debian's own.
    sys.path.append("/usr/lib/python3/dist-packages")
    from aiosmtpd.controller import Controller

SECRET = b"s3cret-for-the-webhook-test"
FIRST = "Zelphine"          # a name found nowhere else in the log
lock = threading.Lock()
posts = []                  # (id, body bytes, signature ok, event json)
mails = []                  # (rcpt list, message text)
behaviour = {"killer": None}   # what to kill, set by the test


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Hook(http.server.BaseHTTPRequestHandler):
    seen = {}

    def log_message(self, *a):
        pass

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        sig = self.headers.get("X-Stash-Signature", "")
        want = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        nid = self.headers.get("X-Stash-Id", "")
        ev = json.loads(body)
        with lock:
            posts.append((nid, body, hmac.compare_digest(sig, want), ev))
            Hook.seen[nid] = Hook.seen.get(nid, 0) + 1
            times = Hook.seen[nid]
        phone = ev.get("phone", "")
        if phone == "+15555550999" and times == 1:
            # Took it, then stashd dies before it hears back.
            behaviour["killer"]()
            self.close_connection = True
            return
        code = 200
        if phone == "+15555550400":
            code = 400
        elif phone == "+15555550500" and times == 1:
            code = 500
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()


class Smtp:
    async def handle_RCPT(self, server, session, envelope, address, opts):
        if address.startswith("refuse"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        text = envelope.content.decode("utf-8", "replace")
        with lock:
            mails.append((list(envelope.rcpt_tos), text))
            times = sum(1 for r, _ in mails if r == envelope.rcpt_tos)
        if envelope.rcpt_tos == ["kill@example.org"] and times == 1:
            # Took the message; stashd dies before the 250 reaches it.
            behaviour["killer"]()
        return "250 Message accepted"


def header(text, name):
    for line in text.split("\r\n"):
        if line.lower().startswith(name.lower() + ":"):
            return line.split(":", 1)[1].strip()
    return None


def posts_for(phone):
    with lock:
        return [p for p in posts if p[3].get("phone") == phone]


def mails_to(addr):
    with lock:
        return [m for m in mails if m[0] == [addr]]


def status(st):
    return json.loads(st.ctl("--json", "notify", "status"))


def send(st, order, event, *more):
    out = json.loads(st.ctl("--json", "notify", "send", "--order",
                            str(order), "--event", event, *more))
    return out


def restart_after_kill(st):
    wait_until("stashd to die", lambda: st.proc.poll() is not None)
    st.proc = None
    st.start()


def test(new_store):
    smtp_port = free_port()
    ctl = Controller(Smtp(), hostname="127.0.0.1", port=smtp_port)
    ctl.start()
    web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    try:
        run_all(new_store, smtp_port, web.server_address[1])
    finally:
        web.shutdown()
        ctl.stop()


def run_all(new_store, smtp_port, web_port):
    st = new_store(flags=["-vv"])
    secret = os.path.join(st.dir, "webhook.secret")
    with open(secret, "wb") as f:
        f.write(SECRET + b"\n")
    os.chmod(secret, 0o600)
    base = ["smtp-url=smtp://127.0.0.1:%d" % smtp_port,
            "smtp-from=orders@greenleaf.example",
            "webhook-url=http://127.0.0.1:%d/hook" % web_port,
            "webhook-secret=" + secret,
            "notify-retry=1", "notify-retry-max=2"]
    behaviour["killer"] = lambda: os.kill(st.proc.pid, signal.SIGKILL)

    # A secret others can read is refused at start, naming the file.
    os.chmod(secret, 0o644)
    st.options = base + ["notify-interval=1"]
    try:
        st.start()
        raise Failure("stashd started with a world-readable secret")
    except Failure as e:
        check("stashd exited" in str(e), str(e))
    st.proc = None
    os.chmod(secret, 0o600)
    with open(os.path.join(st.dir, "stashd.log")) as f:
        check("chmod 600" in f.read(), "the refusal says what to do")

    st.start()

    # 1. Once each, by mail and by webhook, signed.
    out = send(st, 1, "packed", "--email", "ann@example.org", "--phone",
               "+15555550100", "--first", FIRST)
    check(out["written"] == 2, "two jobs: %r" % out)
    wait_until("the mail", lambda: len(mails_to("ann@example.org")) == 1)
    wait_until("the webhook", lambda: len(posts_for("+15555550100")) == 1)
    wait_until("both done", lambda: status(st)["done"] == 2)
    nid, body, sig_ok, ev = posts_for("+15555550100")[0]
    check(sig_ok, "the webhook's signature checks out")
    check(nid == ev["id"] and nid.startswith("stash-402R-00042-n-"),
          "X-Stash-Id is the body's id: %s" % nid)
    check(ev["event"] == "packed" and ev["order"] == 1 and
          ev["first_name"] == FIRST, "webhook body: %r" % ev)
    text = mails_to("ann@example.org")[0][1]
    check(header(text, "X-Stash-Id").startswith("stash-402R-00042-n-"),
          "the mail carries its id")
    check(header(text, "X-Stash-Id") != nid, "one id per channel")
    check("Hi %s, your order 1 from" % FIRST in text and "packed" in text,
          "the mail's text: %s" % text)

    # No consent: nothing written, nothing sent.
    out = send(st, 2, "confirmed", "--email", "noconsent@example.org",
               "--no-consent")
    check(out["written"] == 0, "no consent, no job")

    # 2. A 500 is tried again, then done; a 400 is an exception.
    send(st, 3, "out-for-delivery", "--phone", "+15555550500", "--eta",
         "30")
    send(st, 4, "delivered", "--phone", "+15555550400")
    wait_until("the retry", lambda: len(posts_for("+15555550500")) == 2)
    p = posts_for("+15555550500")
    check(p[0][0] == p[1][0] and p[0][1] == p[1][1],
          "the retry is the same id and the same bytes")
    check(p[1][3]["eta"] is not None, "the ETA is sent")

    def exc():
        return json.loads(st.ctl("--json", "notify", "exceptions"))
    wait_until("the 400's exception", lambda: len(exc()) == 1)
    e = exc()[0]
    check(e["channel"] == "webhook" and e["order"] == 4 and
          "HTTP 400" in e["message"], "exception: %r" % e)

    # 3. SMTP refusing the recipient: an exception too.
    send(st, 5, "confirmed", "--email", "refuse@example.org")
    wait_until("the refused mail's exception", lambda: len(exc()) == 2)
    e = [x for x in exc() if x["channel"] == "mail"][0]
    check(e["order"] == 5 and "recipient" in e["message"] and
          "550" in e["message"], "mail exception: %r" % e)
    check("refuse@" not in json.dumps(exc()), "no address in exceptions")
    wait_until("the 500 done", lambda: status(st)["pending"] == 0)

    # 4. Written, stashd killed -9 before it sent it: once after restart.
    # With a one-hour tick stashd does not look for what stashctl wrote.
    st.stop()
    st.options = base + ["notify-interval=3600"]
    st.start()
    send(st, 6, "arriving-soon", "--phone", "+15555550600", "--email",
         "bea@example.org", "--eta", "5")
    st.kill9()
    check(posts_for("+15555550600") == [] and
          mails_to("bea@example.org") == [], "nothing sent before the kill")
    st.options = base + ["notify-interval=1"]
    st.start()
    wait_until("the webhook after restart",
               lambda: len(posts_for("+15555550600")) == 1)
    wait_until("the mail after restart",
               lambda: len(mails_to("bea@example.org")) == 1)

    # 5. Taken by the receiver, stashd killed before it committed "done".
    send(st, 7, "out-for-delivery", "--phone", "+15555550999", "--eta",
         "20")
    wait_until("the first send", lambda: len(posts_for("+15555550999")) >= 1)
    restart_after_kill(st)
    wait_until("the second send",
               lambda: len(posts_for("+15555550999")) == 2)
    p = posts_for("+15555550999")
    check(p[0][0] == p[1][0], "the same X-Stash-Id: %s %s" % (p[0][0],
                                                              p[1][0]))
    check(p[0][1] == p[1][1] and p[0][2] and p[1][2],
          "the same signed bytes")
    check(len({x[0] for x in p}) == 1, "the receiver keeps one")

    send(st, 8, "delivered", "--email", "kill@example.org")
    wait_until("the first mail", lambda: len(mails_to("kill@example.org")) >= 1)
    restart_after_kill(st)
    wait_until("the mail again", lambda: len(mails_to("kill@example.org")) == 2)
    m = mails_to("kill@example.org")
    check(header(m[0][1], "X-Stash-Id") == header(m[1][1], "X-Stash-Id") and
          header(m[0][1], "Message-ID") == header(m[1][1], "Message-ID"),
          "the mail's second copy has the same ids")

    # 6. After one more round trip, nothing done went again.
    send(st, 9, "failed", "--phone", "+15555550901", "--email",
         "last@example.org")
    wait_until("the last webhook", lambda: len(posts_for("+15555550901")) == 1)
    wait_until("the last mail", lambda: len(mails_to("last@example.org")) == 1)
    wait_until("all settled", lambda: status(st)["pending"] == 0)
    s = status(st)
    check(s["exceptions"] == 2, "two exceptions: %r" % s)
    with lock:
        by_id = {}
        for p in posts:
            by_id[p[0]] = by_id.get(p[0], 0) + 1
        ok = all(p[2] for p in posts)
    twice = [i for i, n in by_id.items() if n > 1]
    check(ok, "every webhook was signed with the secret")
    check(len(twice) == 2, "only the 500 and the killed send went twice: "
          "%r" % by_id)
    check(len(posts_for("+15555550400")) == 1, "the 400 was not retried")
    for a in ("ann@example.org", "bea@example.org", "last@example.org"):
        check(len(mails_to(a)) == 1, "one mail to " + a)
    check(mails_to("noconsent@example.org") == [], "no mail without consent")

    # 7. No customer's address, phone or name in the log.
    st.stop()
    with open(os.path.join(st.dir, "stashd.log")) as f:
        log = f.read()
    check("notify: " in log and " sent (" in log, "the drain logged")
    for pii in ("ann@", "bea@", "kill@", "refuse@", "last@", "example.org",
                "5555550", FIRST):
        check(pii not in log, "%s in stashd's log" % pii)


run(test)
