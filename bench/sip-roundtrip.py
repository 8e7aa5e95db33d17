#!/usr/bin/env python3
"""Round-trip latency of SIP requests that Herald decides through Kafka.

Sends SUBSCRIBEs (Event: presence) one at a time over UDP, each a new transaction
for a new resource, waits for the final response and prints the median and p99
after a warm-up. No load generator: this measures the request/decision path
(edge -> herald.requests -> processor -> herald.replies -> edge) at rest.

usage: bench/sip-roundtrip.py [--host 127.0.0.1] [--port 5060] [--count 3000] [--warmup 1000]
"""
import argparse
import socket
import statistics
import time
import uuid


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5060)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--warmup", type=int, default=1000)
    args = parser.parse_args()

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(5)
    local_port = sock.getsockname()[1]
    latencies, statuses = [], {}
    for i in range(args.count):
        tag = uuid.uuid4().hex[:12]
        message = (
            f"SUBSCRIBE sip:bench-{tag}@example.com SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{local_port};branch=z9hG4bK-{tag}\r\n"
            f"From: <sip:bench@example.com>;tag={tag}\r\n"
            f"To: <sip:bench-{tag}@example.com>\r\n"
            f"Call-ID: {tag}@bench\r\n"
            "CSeq: 1 SUBSCRIBE\r\n"
            "Max-Forwards: 70\r\n"
            "Event: presence\r\n"
            f"Contact: <sip:bench@127.0.0.1:{local_port}>\r\n"
            "Expires: 600\r\n"
            "Content-Length: 0\r\n\r\n")
        start = time.perf_counter()
        sock.sendto(message.encode(), (args.host, args.port))
        while True:
            data, _ = sock.recvfrom(65535)
            status = int(data.split(b" ", 2)[1])
            if status >= 200 and tag.encode() in data:
                break
        if i >= args.warmup:
            latencies.append((time.perf_counter() - start) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
    latencies.sort()
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    print(f"requests={len(latencies)} statuses={statuses} "
          f"p50={statistics.median(latencies):.2f} ms p99={p99:.2f} ms")


if __name__ == "__main__":
    main()
