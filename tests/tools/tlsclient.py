#!/usr/bin/env python3
"""Scriptable TLS client for the tlswrap integration tests.

Usage: tlsclient.py [options] PORT [STEP...]

Connects to 127.0.0.1:PORT, does a TLS handshake, then runs the STEPs in
order while always reading whatever the server sends (received plaintext
goes to --recv, and its SHA-256 and length are reported).  Steps:

  send:FILE       send the file's bytes (reading concurrently)
  str:TEXT        send TEXT (backslash escapes such as \\n are decoded)
  trickle:FILE:S  send the file one byte every S seconds
  wait-eof        read until the server's close_notify or TCP EOF
  wait-bytes:N    read until N plaintext bytes were received in all
  wait-str:TEXT   read until the received bytes contain TEXT
  sleep:S         keep reading for S seconds
  pause:S         do nothing for S seconds (not even read)
  shut            TCP half-close (shutdown SHUT_WR) without close_notify
  notify          send close_notify (then keep reading)
  close           close the socket (FIN)
  abort           close with SO_LINGER 0 (RST)

Without an explicit close or abort the socket is closed after the last step.
A report goes to --info as KEY=VALUE lines (or to stdout as JSON):
version, cipher, alpn, local_port, cert_sha256, received, recv_sha256,
sent, eof_notify, eof_tcp, reset, error, elapsed, status.
Exit status: 0 done, 1 handshake failed, 2 error after the handshake,
3 deadline (--timeout) passed.
"""
import argparse
import codecs
import hashlib
import json
import os
import select
import socket
import ssl
import struct
import sys
import time

CHUNK = 65536
PENDING_MAX = 1 << 20


class Deadline(Exception):
    pass


class Client:
    def __init__(self, args):
        self.args = args
        self.start = time.monotonic()
        self.deadline = self.start + args.timeout
        self.info = {"version": None, "cipher": None, "alpn": None,
                     "local_port": None, "cert_sha256": None, "received": 0,
                     "recv_sha256": None, "eof_notify": False,
                     "eof_tcp": False, "reset": False, "error": None,
                     "sent": 0}
        self.hash = hashlib.sha256()
        self.recv_file = open(args.recv, "wb") if args.recv else None
        self.recv_tail = b""
        self.out = bytearray()          # TLS records not yet on the wire
        self.sock_closed = False
        self.read_done = False          # TCP EOF or reset seen

    # -- plumbing ---------------------------------------------------------
    def left(self):
        t = self.deadline - time.monotonic()
        if t <= 0:
            raise Deadline()
        return t

    def drain_bio(self):
        n = self.outgoing.pending
        if n:
            self.out += self.outgoing.read(n)

    def flush(self):
        """Write pending records without blocking; True when all gone."""
        self.drain_bio()
        while self.out:
            try:
                n = self.sock.send(self.out)
            except BlockingIOError:
                return False
            del self.out[:n]
        return True

    def got(self, data):
        self.info["received"] += len(data)
        self.hash.update(data)
        if self.recv_file:
            self.recv_file.write(data)
        self.recv_tail = (self.recv_tail + data)[-4096:]

    def read_app(self):
        """Move decrypted bytes out of the SSL object."""
        while True:
            try:
                data = self.ssl.read(CHUNK)
            except ssl.SSLWantReadError:
                return
            except ssl.SSLZeroReturnError:
                self.info["eof_notify"] = True
                return
            except ssl.SSLEOFError:
                self.info["eof_tcp"] = True
                return
            except ssl.SSLError as e:
                if self.info["error"] is None:
                    self.info["error"] = "ssl: %s" % e
                self.read_done = True
                return
            if not data:
                self.info["eof_notify"] = True
                return
            self.got(data)

    def pump(self, want_write, timeout):
        """One round of select; reads the socket, writes pending records."""
        self.drain_bio()
        rl = [] if self.read_done or self.sock_closed else [self.sock]
        wl = [self.sock] if (self.out and not self.sock_closed) else []
        if not rl and not wl:
            time.sleep(min(timeout, 0.05))
            return
        r, w, _ = select.select(rl, wl, [], min(timeout, self.left()))
        if w:
            self.flush()
        if r:
            try:
                data = self.sock.recv(CHUNK)
            except ConnectionResetError:
                self.info["reset"] = True
                self.read_done = True
                return
            except BlockingIOError:
                return
            if not data:
                self.info["eof_tcp"] = True
                self.read_done = True
                self.incoming.write_eof()
            else:
                self.incoming.write(data)
            if self.info["version"] is not None:
                self.read_app()

    # -- phases -----------------------------------------------------------
    def connect(self):
        a = self.args
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        if a.cafile:
            ctx.load_verify_locations(a.cafile)
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.check_hostname = a.sni is not None
        else:
            ctx.verify_mode = ssl.CERT_NONE
        if a.tls_max:
            ctx.maximum_version = getattr(ssl.TLSVersion, a.tls_max)
        if a.tls_min:
            ctx.minimum_version = getattr(ssl.TLSVersion, a.tls_min)
        if a.ciphers:
            ctx.set_ciphers(a.ciphers)
        if a.alpn:
            ctx.set_alpn_protocols(a.alpn.split(","))
        self.sock = socket.create_connection((a.host, a.port),
                                             timeout=self.left())
        self.info["local_port"] = self.sock.getsockname()[1]
        self.sock.setblocking(False)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.incoming = ssl.MemoryBIO()
        self.outgoing = ssl.MemoryBIO()
        self.ssl = ctx.wrap_bio(self.incoming, self.outgoing,
                                server_side=False, server_hostname=a.sni)
        while True:
            try:
                self.ssl.do_handshake()
                break
            except ssl.SSLWantReadError:
                if self.read_done:
                    self.info["error"] = "handshake: connection closed"
                    return False
                self.pump(False, 1.0)
            except ssl.SSLError as e:
                self.flush()
                self.info["error"] = "handshake: %s" % e
                return False
        self.flush()
        self.info["version"] = self.ssl.version()
        self.info["cipher"] = self.ssl.cipher()[0]
        self.info["alpn"] = self.ssl.selected_alpn_protocol()
        cert = self.ssl.getpeercert(binary_form=True)
        if cert:
            self.info["cert_sha256"] = hashlib.sha256(cert).hexdigest()
        self.read_app()
        return True

    def send_bytes(self, src, delay=None):
        while True:
            if len(self.out) + self.outgoing.pending < PENDING_MAX:
                data = src.read(1 if delay else CHUNK)
                if not data:
                    break
                self.ssl.write(data)
                self.info["sent"] += len(data)
                self.flush()
                if delay:
                    end = time.monotonic() + delay
                    while time.monotonic() < end:
                        self.pump(False, end - time.monotonic())
                elif self.out:
                    self.pump(True, 0)      # take in what the peer sent
                continue
            self.pump(True, 1.0)
        while not self.flush():
            self.pump(True, 1.0)

    def wait_until(self, cond):
        while not cond():
            if self.read_done and not cond():
                self.read_app()
                if not cond():
                    raise EOFError("connection ended before condition")
            self.pump(False, 1.0)

    def step(self, s):
        name, _, arg = s.partition(":")
        if name == "send":
            with open(arg, "rb") as f:
                self.send_bytes(f)
        elif name == "str":
            import io
            text = codecs.decode(arg, "unicode_escape").encode("latin-1")
            self.send_bytes(io.BytesIO(text))
        elif name == "trickle":
            path, _, delay = arg.rpartition(":")
            with open(path, "rb") as f:
                self.send_bytes(f, float(delay))
        elif name == "wait-eof":
            self.wait_until(lambda: self.info["eof_notify"] or self.read_done)
        elif name == "wait-bytes":
            n = int(arg)
            self.wait_until(lambda: self.info["received"] >= n)
        elif name == "wait-str":
            t = codecs.decode(arg, "unicode_escape").encode("latin-1")
            self.wait_until(lambda: t in self.recv_tail)
        elif name == "sleep":
            end = time.monotonic() + float(arg)
            while time.monotonic() < end and not self.sock_closed:
                self.pump(False, end - time.monotonic())
        elif name == "pause":
            time.sleep(float(arg))
        elif name == "shut":
            self.flush_all()
            self.sock.shutdown(socket.SHUT_WR)
        elif name == "notify":
            try:
                self.ssl.unwrap()
            except (ssl.SSLWantReadError, ssl.SSLZeroReturnError):
                pass
            self.flush_all()
        elif name == "close":
            self.flush_all()
            self.sock.close()
            self.sock_closed = True
        elif name == "abort":
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                 struct.pack("ii", 1, 0))
            self.sock.close()
            self.sock_closed = True
        else:
            raise SystemExit("tlsclient: unknown step %r" % s)

    def flush_all(self):
        while not self.flush():
            self.pump(True, 1.0)

    def report(self, status):
        self.info["recv_sha256"] = self.hash.hexdigest()
        self.info["elapsed"] = round(time.monotonic() - self.start, 3)
        self.info["status"] = status
        if self.recv_file:
            self.recv_file.close()
        if self.args.info:
            lines = ["%s=%s\n" % (k, "" if v is None else
                                  str(v).lower() if isinstance(v, bool) else
                                  str(v).replace("\n", " "))
                     for k, v in sorted(self.info.items())]
            with open(self.args.info + ".tmp", "w") as f:
                f.writelines(lines)
            os.rename(self.args.info + ".tmp", self.args.info)
        else:
            print(json.dumps(self.info, sort_keys=True))
        return status


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--sni", default="localhost",
                   help="server name to send (default localhost)")
    p.add_argument("--no-sni", dest="sni", action="store_const", const=None)
    p.add_argument("--alpn")
    p.add_argument("--cafile")
    p.add_argument("--ciphers")
    p.add_argument("--tls-min", choices=["TLSv1", "TLSv1_1", "TLSv1_2"])
    p.add_argument("--tls-max", choices=["TLSv1", "TLSv1_1", "TLSv1_2",
                                         "TLSv1_3"], default="TLSv1_2")
    p.add_argument("--recv", help="file for the received plaintext")
    p.add_argument("--info", help="file for the JSON report")
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("port", type=int)
    p.add_argument("steps", nargs="*")
    a = p.parse_intermixed_args()
    c = Client(a)
    try:
        if not c.connect():
            return c.report(1)
        for s in a.steps:
            c.step(s)
        if not c.sock_closed:
            c.flush_all()
            c.sock.close()
            c.sock_closed = True
    except Deadline:
        c.info["error"] = "deadline passed"
        return c.report(3)
    except (OSError, EOFError, ssl.SSLError) as e:
        if c.info["error"] is None:
            c.info["error"] = "%s: %s" % (type(e).__name__, e)
        return c.report(2 if c.info["version"] else 1)
    return c.report(0)


if __name__ == "__main__":
    sys.exit(main())
