#!/usr/bin/env python3
"""PUBLISH a presence status over UDP or TCP, shaped like Linphone 5.1's, for manual interop runs.

Publishes what linphonec cannot (it has no command to change its status): away, busy,
offline, as a second publication next to the softphone's own. Keeps the entity-tag between
runs in a state file, so each status change is a modification (SIP-If-Match) of the same
publication, as a softphone does. It answers no digest challenge: in a domain that
authenticates it gets 401.

  publish.py --aor sip:bob@example.com --server 127.0.0.1:5060 away
  publish.py --transport tcp --local 127.0.0.1:0 ... away   (one connection per PUBLISH)
  statuses: online, away, busy, offline (a closed tuple), remove (Expires: 0)
"""
import argparse, json, os, random, re, socket, string, sys, tempfile, time

ACTIVITY = {"away": "away", "busy": "busy"}


def token(n=10):
    return "".join(random.choice(string.ascii_letters + string.digits) for _ in range(n))


def pidf(aor, status):
    basic = "closed" if status == "offline" else "open"
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    person = ""
    if status in ACTIVITY:
        person = (' <dm:person id="p%s">\n  <rpid:activities>\n   <rpid:%s/>\n  </rpid:activities>\n'
                  '  <dm:timestamp>%s</dm:timestamp>\n </dm:person>\n' % (token(6).lower(), ACTIVITY[status], now))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<presence xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" '
            'xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="%s" xmlns="urn:ietf:params:xml:ns:pidf">\n'
            ' <tuple id="t%s">\n  <status>\n   <basic>%s</basic>\n  </status>\n'
            '  <contact priority="0.8">%s</contact>\n  <timestamp>%s</timestamp>\n </tuple>\n%s</presence>\n'
            % (aor, token(5).lower(), basic, aor, now, person))


def tcp_exchange(s, request, call_id, timeout=16):
    """Sends the request once on the connection; returns its final answer's head, or None."""
    s.sendall(request)
    buf = b""
    deadline = time.time() + timeout
    while time.time() < deadline:
        buf = buf.lstrip(b"\r\n")  # keep-alives between messages (RFC 5626 §3.5.1)
        end = buf.find(b"\r\n\r\n")
        if end >= 0:
            head = buf[:end].decode("utf-8", "replace")
            length = re.search(r"^(?:Content-Length|l)[ \t]*:[ \t]*(\d+)", head, re.I | re.M)
            total = end + 4 + (int(length.group(1)) if length else 0)
            if len(buf) >= total:
                buf = buf[total:]
                if head.startswith("SIP/2.0 ") and "Call-ID: %s" % call_id in head \
                        and not head.startswith("SIP/2.0 1"):
                    return head
                continue
        try:
            data = s.recv(65535)
        except socket.timeout:
            continue
        if not data:
            return None
        buf += data
    return None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("status", choices=["online", "away", "busy", "offline", "refresh", "remove"])
    p.add_argument("--aor", default="sip:bob@example.com")
    p.add_argument("--server", default="127.0.0.1:5060", help="Herald's SIP address, host:port")
    p.add_argument("--local", default="127.0.0.1:0", help="local address, host:port")
    p.add_argument("--transport", choices=["udp", "tcp"], default="udp")
    p.add_argument("--expires", type=int, default=600)
    p.add_argument("--state", default=None, help="file keeping the entity-tag (default: in the temporary directory)")
    p.add_argument("--same-call-id", action="store_true", help="reuse the Call-ID of the last PUBLISH")
    p.add_argument("--no-content-length", action="store_true", help="leave Content-Length out (allowed over UDP)")
    p.add_argument("--empty-supported", action="store_true", help="add an empty Supported header")
    a = p.parse_args()
    tcp = a.transport == "tcp"
    if tcp and a.no_content_length:
        p.error("--no-content-length: over TCP a message needs its Content-Length (RFC 3261 §18.3)")

    state_file = a.state or os.path.join(tempfile.gettempdir(),
                                         ".publish-%s.json" % re.sub(r"\W", "_", a.aor))
    state = json.load(open(state_file)) if os.path.exists(state_file) else {}
    host, port = a.server.rsplit(":", 1)
    lhost, lport = a.local.rsplit(":", 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if tcp else socket.SOCK_DGRAM)
    s.bind((lhost, int(lport)))
    s.settimeout(0.5)
    if tcp:
        s.settimeout(5)
        s.connect((host, int(port)))
        s.settimeout(0.5)
    me = s.getsockname()

    body = "" if a.status in ("refresh", "remove") else pidf(a.aor, a.status)
    call_id = state.get("call_id") if a.same_call_id and state.get("call_id") else token(16)
    cseq = state.get("cseq", 0) + 1 if call_id == state.get("call_id") else 1
    etag = state.get("etag")
    if a.status in ("refresh", "remove") and not etag:
        sys.exit("no entity-tag known: publish a status first")
    lines = [
        "PUBLISH %s SIP/2.0" % a.aor,
        "Via: SIP/2.0/%s %s:%d;branch=z9hG4bK.%s;rport" % (a.transport.upper(), me[0], me[1], token()),
        "From: <%s>;tag=%s" % (a.aor, token(8)),
        "To: <%s>" % a.aor,
        "CSeq: %d PUBLISH" % cseq,
        "Call-ID: %s" % call_id,
        "Max-Forwards: 70",
        "Event: presence",
        "Expires: %d" % (0 if a.status == "remove" else a.expires),
        "User-Agent: herald-interop-publisher",
    ]
    if a.empty_supported:
        lines.append("Supported:")
    if etag:
        lines.append("SIP-If-Match: %s" % etag)
    if body:
        lines.append("Content-Type: application/pidf+xml")
    if not a.no_content_length:
        lines.append("Content-Length: %d" % len(body.encode()))
    request = ("\r\n".join(lines) + "\r\n\r\n" + body).encode()

    if tcp:
        answer = tcp_exchange(s, request, call_id)
    else:
        answer = None
        for wait in (0.5, 1, 2, 4, 4, 4):  # RFC 3261 Timer E over UDP, about 16 s in all
            s.sendto(request, (host, int(port)))
            deadline = time.time() + wait
            while time.time() < deadline:
                try:
                    data, _ = s.recvfrom(65535)
                except socket.timeout:
                    continue
                text = data.decode("utf-8", "replace")
                if "Call-ID: %s" % call_id in text and not text.startswith("SIP/2.0 1"):
                    answer = text
                    break
            if answer:
                break
    if not answer:
        sys.exit("no answer from %s" % a.server)
    first = answer.split("\r\n", 1)[0]
    print(first)
    tag = re.search(r"^SIP-ETag:\s*(\S+)", answer, re.I | re.M)
    if first.startswith("SIP/2.0 2") and a.status != "remove" and tag:
        state["etag"] = tag.group(1)
    elif first.startswith("SIP/2.0 2") or " 412 " in first:
        state.pop("etag", None)
    state.update(call_id=call_id, cseq=cseq)
    json.dump(state, open(state_file, "w"))
    if " 412 " in first and a.status not in ("refresh", "remove"):
        print("entity-tag unknown to the server; run again to publish anew")


if __name__ == "__main__":
    main()
