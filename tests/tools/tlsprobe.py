#!/usr/bin/env python3
"""TLS client for the hardening tests: hold a connection, send many records,
stall, refuse to read, or send requests at a steady rate.

Usage: tlsprobe.py [options] PORT send|rate

send: send DATA (--send TEXT, or --send @FILE for a file's bytes, repeated up to --total bytes, default once)
      in TLS records of --record bytes (one write and one flush each; 1 makes
      one record per byte), reading whatever comes back meanwhile (unless
      --no-read); then read until the received bytes hold --count matches of
      --expect; then write --ready and hold the connection open (reading,
      unless --no-read) until --release exists, --hold seconds pass, or the
      server closes; then close.
rate: for --seconds, send --send every --interval-ms milliseconds, each
      time first waiting for the answer to the previous one (a match of
      --expect); --warm is written after the first second, --ready at the
      end; then hold as above.

Report on stdout, KEY=VALUE lines: sent, records, matches, received,
requests, end (eof-notify, eof-tcp, reset, released, held, deadline),
elapsed (seconds from the handshake's end to the end of the hold),
ready_at (seconds from the handshake's end to --ready), error, first_line.
Exit status 0 after the handshake, 1 when it failed.
"""
import argparse
import codecs
import os
import select
import socket
import ssl
import sys
import time


class Probe:
    def __init__(self, a):
        self.a = a
        self.deadline = time.monotonic() + a.timeout
        self.out = bytearray()
        self.read_enabled = True
        self.eof = None
        self.received = 0
        self.matches = 0
        self.tail = b""
        self.first = b""
        self.needle = codecs.decode(a.expect, "unicode_escape").encode("latin-1")
        self.recv_file = open(a.out, "wb") if a.out else None

    def connect(self):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        s = socket.socket()
        if self.a.rcvbuf:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.a.rcvbuf)
        s.settimeout(10)
        s.connect(("127.0.0.1", self.a.port))
        s.setblocking(False)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = s
        self.inc, self.outg = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.ssl = ctx.wrap_bio(self.inc, self.outg, server_hostname="localhost")
        while True:
            try:
                self.ssl.do_handshake()
                break
            except ssl.SSLWantReadError:
                if self.eof:
                    raise OSError("connection closed in the handshake")
                self.service(1.0)
        self.flush()
        self.t0 = time.monotonic()

    def flush(self):
        n = self.outg.pending
        if n:
            self.out += self.outg.read(n)
        while self.out:
            try:
                k = self.sock.send(self.out)
            except BlockingIOError:
                return False
            del self.out[:k]
        return True

    def got(self, data):
        if len(self.first) < 200:
            self.first += data[:200]
        self.received += len(data)
        if self.recv_file:
            self.recv_file.write(data)
        buf = self.tail + data
        self.matches += buf.count(self.needle)
        keep = len(self.needle) - 1
        self.tail = buf[-keep:] if keep > 0 else b""  # too short to match again

    def decrypt(self):
        while True:
            try:
                data = self.ssl.read(65536)
            except ssl.SSLWantReadError:
                return
            except ssl.SSLZeroReturnError:
                self.eof = self.eof or "eof-notify"
                return
            except ssl.SSLError:
                self.eof = self.eof or "eof-tcp"
                return
            if not data:
                self.eof = self.eof or "eof-notify"
                return
            self.got(data)

    def service(self, timeout):
        """One select round: send pending records, take in what came."""
        if time.monotonic() > self.deadline:
            raise TimeoutError("deadline")
        n = self.outg.pending
        if n:
            self.out += self.outg.read(n)
        rl = [self.sock] if self.read_enabled and not self.eof else []
        wl = [self.sock] if self.out else []
        if not rl and not wl:
            time.sleep(max(0.0, min(timeout, 0.05)))
            return
        r, w, _ = select.select(rl, wl, [], max(0.0, timeout))
        if w:
            self.flush()
        if r:
            try:
                data = self.sock.recv(65536)
            except ConnectionResetError:
                self.eof = "reset"
                return
            except BlockingIOError:
                return
            if not data:
                self.inc.write_eof()
                self.eof = self.eof or "eof-tcp"
            else:
                self.inc.write(data)
            self.decrypt()

    def write(self, data):
        """One TLS record per call, on the wire before returning."""
        self.ssl.write(data)
        while not self.flush():
            self.service(1.0)
        if self.read_enabled:
            self.service(0)

    def wait_matches(self, n):
        while self.matches < n:
            if self.eof:
                raise EOFError("server closed after %d matches" % self.matches)
            self.service(1.0)

    def mark(self, path, extra=""):
        if path:
            with open(path + ".tmp", "w") as f:
                f.write("matches=%d received=%d%s\n" % (self.matches, self.received, extra))
            os.rename(path + ".tmp", path)

    def hold(self):
        end = time.monotonic() + self.a.hold
        while True:
            if self.a.release and os.path.exists(self.a.release):
                return "released"
            if self.eof:
                return self.eof
            if time.monotonic() >= end:
                return "held"
            self.service(0.05)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--send", default="")
    p.add_argument("--total", type=int, default=0)
    p.add_argument("--record", type=int, default=16384)
    p.add_argument("--gap", type=float, default=0)
    p.add_argument("--shut", action="store_true")
    p.add_argument("--expect", default="HTTP/1.1 ")
    p.add_argument("--count", type=int, default=0)
    p.add_argument("--seconds", type=float, default=5)
    p.add_argument("--interval-ms", type=float, default=1)
    p.add_argument("--ready")
    p.add_argument("--warm")
    p.add_argument("--release")
    p.add_argument("--hold", type=float, default=20)
    p.add_argument("--no-read", action="store_true")
    p.add_argument("--rcvbuf", type=int, default=0)
    p.add_argument("--out")
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("port", type=int)
    p.add_argument("mode", choices=["send", "rate"])
    a = p.parse_args()
    pr = Probe(a)
    rep = {"sent": 0, "records": 0, "requests": 0, "end": "", "error": ""}
    try:
        pr.connect()
    except (OSError, ssl.SSLError) as e:
        print("error=handshake: %s" % e)
        return 1
    if a.send.startswith("@"):
        with open(a.send[1:], "rb") as f:
            text = f.read()
    else:
        text = codecs.decode(a.send, "unicode_escape").encode("latin-1")
    try:
        if a.no_read:
            pr.read_enabled = False
        if a.mode == "send":
            total = a.total or len(text)
            data = (text * (total // max(1, len(text)) + 1))[:total] if text else b""
            for i in range(0, len(data), a.record):
                pr.write(data[i:i + a.record])
                rep["records"] += 1
                rep["sent"] += len(data[i:i + a.record])
                if a.gap:
                    end = time.monotonic() + a.gap
                    while time.monotonic() < end and not pr.eof:
                        pr.service(end - time.monotonic())
                    if pr.eof:
                        break
            if a.shut:
                pr.sock.shutdown(socket.SHUT_WR)
            pr.wait_matches(a.count)
        else:
            start = time.monotonic()
            step = a.interval_ms / 1000.0
            warm = False
            k = 0
            while time.monotonic() - start < a.seconds:
                due = start + k * step
                while time.monotonic() < due:
                    pr.service(due - time.monotonic())
                pr.write(text)
                rep["sent"] += len(text)
                k += 1
                pr.wait_matches(k)
                if not warm and time.monotonic() - start >= 1:
                    pr.mark(a.warm, " requests=%d" % k)
                    warm = True
            rep["requests"] = k
        rep["ready_at"] = round(time.monotonic() - pr.t0, 3)
        pr.mark(a.ready, " requests=%d" % rep["requests"])
        rep["end"] = pr.hold()
    except TimeoutError:
        rep["end"] = "deadline"
    except (OSError, EOFError, ssl.SSLError) as e:
        rep["error"] = "%s: %s" % (type(e).__name__, e)
        rep["end"] = pr.eof or "error"
    rep["elapsed"] = round(time.monotonic() - pr.t0, 3)
    rep["matches"] = pr.matches
    rep["received"] = pr.received
    rep["first_line"] = pr.first.split(b"\r\n")[0].decode("latin-1")
    try:
        pr.sock.close()
    except OSError:
        pass
    for k, v in rep.items():
        print("%s=%s" % (k, v))
    return 0


if __name__ == "__main__":
    sys.exit(main())
