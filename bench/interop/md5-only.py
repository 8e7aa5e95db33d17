#!/usr/bin/env python3
"""Relay between one SIP client and Herald that drops non-MD5 digest challenges, for manual runs.

baresip 1.0 (libre 1.1) gives up on a 401 as soon as one WWW-Authenticate header names an
algorithm other than MD5 ("Function not implemented"), and Herald challenges with SHA-256 first,
then MD5 (RFC 8760 §2.4). Through this relay the client sees only the MD5 challenge. Give the
client this address as its outbound proxy. The first address that sends to the relay is the
client: what it sends goes to Herald; what anyone else sends (Herald's answers, and the NOTIFYs,
which Herald sends to where the SUBSCRIBE came from) goes to the client.

  md5-only.py --listen 127.0.0.1:5066 --herald <herald-host>:5060
"""
import argparse, re, socket

CHALLENGE = re.compile(r"^(WWW|Proxy)-Authenticate[ \t]*:.*$", re.I | re.M)


def md5_only(text):
    def keep(m):
        alg = re.search(r"algorithm[ \t]*=[ \t]*\"?([^\",\s]+)", m.group(0), re.I)
        return m.group(0) if not alg or alg.group(1).lower() == "md5" else None
    head, sep, body = text.partition("\r\n\r\n")
    lines = [l for l in head.split("\r\n") if not CHALLENGE.match(l) or keep(CHALLENGE.match(l))]
    return "\r\n".join(lines) + sep + body


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--listen", default="127.0.0.1:5066")
    p.add_argument("--herald", default="127.0.0.1:5060")
    a = p.parse_args()
    lh, lp = a.listen.rsplit(":", 1)
    hh, hp = a.herald.rsplit(":", 1)
    herald = (socket.gethostbyname(hh), int(hp))
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((lh, int(lp)))
    client = None
    while True:
        data, src = s.recvfrom(65535)
        client = client or src
        if src == client:
            s.sendto(data, herald)
            continue
        text = data.decode("utf-8", "replace")
        out = md5_only(text)
        if out != text:
            print("dropped challenges but MD5:", text.split("\r\n", 1)[0], flush=True)
        s.sendto(out.encode(), client)


if __name__ == "__main__":
    main()
