#!/usr/bin/env python3
"""An XMPP user for the manual XMPP gateway run (docs/interop.md, "XMPP users"), on slixmpp
(Debian: python3-slixmpp). Never part of the test command.

  xmpp-client.py JID PASSWORD --server HOST:PORT watch CONTACT
      asks to see CONTACT (e.g. alice@sip.xmpp.example.com) and prints every presence it gets
  xmpp-client.py JID PASSWORD --server HOST:PORT statuses
      approves whoever asks to see it, then is away, dnd, chat and unavailable, 20 s each,
      printing what it does and every presence it gets

Connects without TLS (a loopback test server), so the server must allow plain authentication.
"""
import argparse
import asyncio

import slixmpp

STEPS = [("away", "Out for lunch"), ("dnd", "In a meeting"), ("chat", "Free to talk")]


class Client(slixmpp.ClientXMPP):
    def __init__(self, args):
        super().__init__(args.jid, args.password)
        self.args = args
        self.roster.auto_authorize = True
        self.roster.auto_subscribe = False
        self.add_event_handler("session_start", self.start)
        self.add_event_handler("presence", self.on_presence)

    async def start(self, _):
        await self.get_roster()
        print("logged in as", self.boundjid, flush=True)
        if self.args.mode == "watch":
            self.send_presence()
            self.send_presence_subscription(pto=self.args.contact)
            print("asked to see", self.args.contact, flush=True)
            return
        self.send_presence()
        for show, status in STEPS:
            await asyncio.sleep(self.args.step)
            self.send_presence(pshow=show, pstatus=status)
            print("now", show, repr(status), flush=True)
        await asyncio.sleep(self.args.step)
        self.send_presence(ptype="unavailable", pstatus="Gone home")
        print("now unavailable", flush=True)

    def on_presence(self, presence):
        if presence["from"].bare == self.boundjid.bare:
            return
        print("presence from", presence["from"], "type", presence["type"], "show", presence["show"] or "-",
              "status", repr(presence["status"]), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("jid")
    parser.add_argument("password")
    parser.add_argument("--server", default="127.0.0.1:5222")
    parser.add_argument("--step", type=float, default=20.0, help="seconds between status changes")
    parser.add_argument("--run-for", type=float, default=150.0, help="seconds before it logs out")
    sub = parser.add_subparsers(dest="mode", required=True)
    watch = sub.add_parser("watch")
    watch.add_argument("contact")
    sub.add_parser("statuses")
    args = parser.parse_args()
    host, port = args.server.rsplit(":", 1)
    client = Client(args)
    client.register_plugin("feature_mechanisms", {"unencrypted_plain": True})
    client.connect((host, int(port)), disable_starttls=True, force_starttls=False)
    client.loop.call_later(args.run_for, client.disconnect)
    client.loop.run_until_complete(client.disconnected)


if __name__ == "__main__":
    main()
