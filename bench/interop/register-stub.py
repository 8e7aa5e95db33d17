#!/usr/bin/env python3
"""Stand-in registrar for manual interop runs, until Herald has its own.

Answers REGISTER with 200 OK itself and relays everything else between the
client and Herald unchanged (both ways), so that a client which publishes only
once registered (Linphone) can be tried against Herald's presence service.
Give the client this address as its proxy; one client per stub.

  register-stub.py --listen 127.0.0.1:5065 --herald <herald-host>:5060
"""
import argparse, re, socket


def header(msg, *names):
    for name in names:
        m = re.search(r"^%s[ \t]*:[ \t]*(.*)$" % name, msg, re.I | re.M)
        if m:
            return m.group(1).strip()
    return ""


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--listen", default="127.0.0.1:5065")
    p.add_argument("--herald", default="127.0.0.1:5060")
    a = p.parse_args()
    lh, lp = a.listen.rsplit(":", 1)
    hh, hp = a.herald.rsplit(":", 1)
    herald = (socket.gethostbyname(hh), int(hp))
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((lh, int(lp)))
    client = None
    senders = {}  # top Via branch of a relayed request -> where it came from
    while True:
        data, src = s.recvfrom(65535)
        text = data.decode("utf-8", "replace")
        first = text.split("\r\n", 1)[0]
        branch = re.search(r"branch=([^;,\s]+)", header(text, "Via", "v"))
        key = branch.group(1) if branch else ""
        if first.startswith("SIP/2.0"):
            if key in senders:
                s.sendto(data, senders.pop(key) if not first.startswith("SIP/2.0 1") else senders[key])
            continue
        if first.startswith("REGISTER "):
            client = src
            head = text.split("\r\n\r\n", 1)[0].split("\r\n")[1:]
            keep = [h for h in head if re.match(r"(Via|v|From|f|To|t|Call-ID|i|CSeq|Contact|m)[ \t]*:", h, re.I)]
            keep = [h + (";tag=stub" if re.match(r"(To|t)[ \t]*:", h, re.I) and "tag=" not in h else "") for h in keep]
            reply = ["SIP/2.0 200 OK"] + keep + ["Expires: " + (header(text, "Expires") or "3600"), "Content-Length: 0"]
            s.sendto(("\r\n".join(reply) + "\r\n\r\n").encode(), src)
            print("REGISTER answered 200 for", header(text, "From", "f"), flush=True)
            continue
        senders[key] = src
        if client is None or src == client:
            client = client or src
            s.sendto(data, herald)
            print("to Herald:", first, flush=True)
        else:
            s.sendto(data, client)
            print("to client:", first, flush=True)


if __name__ == "__main__":
    main()
