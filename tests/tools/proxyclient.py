#!/usr/bin/env python3
"""PROXY protocol client for tests/tlswrap-proxy.t.

Usage: proxyclient.py [options] PORT

Connects to 127.0.0.1:PORT, sends a PROXY protocol header, then (unless
--no-tls) a TLS 1.2 handshake over the same socket driven through memory
BIOs, so that the header and the ClientHello can be put in one send() or
the header split over several.  After the handshake it sends --request and
prints what the server answers until EOF.  The header is one of:

  --v1 'PROXY TCP4 1.2.3.4 5.6.7.8 111 222'   (CRLF added)
  --v2 proxy|local [--src IP --dst IP --sport N --dport N] [--tlv-bytes N]
  --hex HEX                                   (raw bytes)
  --raw-len N                                 (N bytes of 'A', no CRLF)

Exit status: 0 served (answer printed), 1 handshake failed or refused
(connection closed before the handshake ended), 2 other error.
"""
import argparse
import ipaddress
import select
import socket
import ssl
import struct
import sys
import time

SIG = b"\r\n\r\n\x00\r\nQUIT\n"


def v2_header(cmd, src, dst, sport, dport, tlv_bytes):
    ver_cmd = 0x21 if cmd == "proxy" else 0x20
    if src is None:
        fam, body = 0x00, b""
    else:
        a, b = ipaddress.ip_address(src), ipaddress.ip_address(dst)
        fam = 0x11 if a.version == 4 else 0x21
        body = a.packed + b.packed + struct.pack("!HH", sport, dport)
    if tlv_bytes:
        # PP2_TYPE_NOOP (0x04) TLVs up to tlv_bytes of extra data
        left = tlv_bytes
        while left > 0:
            n = min(left - 3, 60000) if left > 3 else 0
            body += struct.pack("!BH", 0x04, n) + b"\0" * n
            left -= 3 + n
    return SIG + bytes([ver_cmd, fam]) + struct.pack("!H", len(body)) + body


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--v1")
    p.add_argument("--v2", choices=["proxy", "local"])
    p.add_argument("--src")
    p.add_argument("--dst")
    p.add_argument("--sport", type=int, default=0)
    p.add_argument("--dport", type=int, default=0)
    p.add_argument("--tlv-bytes", type=int, default=0)
    p.add_argument("--hex")
    p.add_argument("--raw-len", type=int)
    p.add_argument("--split", type=int, default=0,
                   help="send the header in pieces of this many bytes")
    p.add_argument("--gap", type=float, default=0.2,
                   help="seconds between the pieces")
    p.add_argument("--same-packet", action="store_true",
                   help="header and ClientHello in one send()")
    p.add_argument("--no-tls", action="store_true")
    p.add_argument("--request", default="GET / HTTP/1.0\r\n\r\n")
    p.add_argument("--timeout", type=float, default=20)
    p.add_argument("port", type=int)
    a = p.parse_args()

    if a.v1 is not None:
        hdr = a.v1.encode() + b"\r\n"
    elif a.v2:
        hdr = v2_header(a.v2, a.src, a.dst, a.sport, a.dport, a.tlv_bytes)
    elif a.hex is not None:
        hdr = bytes.fromhex(a.hex)
    elif a.raw_len is not None:
        hdr = b"A" * a.raw_len
    else:
        hdr = b""
    deadline = time.monotonic() + a.timeout
    s = socket.create_connection(("127.0.0.1", a.port), timeout=a.timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send_header():
        if a.split > 0:
            for i in range(0, len(hdr), a.split):
                s.sendall(hdr[i:i + a.split])
                time.sleep(a.gap)
        elif hdr:
            s.sendall(hdr)

    if a.no_tls:
        try:
            send_header()
        except OSError as e:
            print("send: %s" % e, file=sys.stderr)
        got = b""
        try:
            while time.monotonic() < deadline:
                d = s.recv(4096)
                if not d:
                    break
                got += d
        except OSError as e:
            print("error=%s" % e, file=sys.stderr)
        sys.stdout.write("received=%d\n" % len(got))
        return 1

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
    t = ctx.wrap_bio(inc, out, server_hostname="localhost")

    def flush(prefix=b""):
        data = prefix + out.read()
        if data:
            s.sendall(data)

    def pump_in():
        r, _, _ = select.select([s], [], [], max(0, deadline - time.monotonic()))
        if not r:
            raise TimeoutError("deadline")
        d = s.recv(65536)
        if not d:
            inc.write_eof()
            return False
        inc.write(d)
        return True

    try:
        first = True
        while True:
            try:
                t.do_handshake()
                break
            except ssl.SSLWantReadError:
                if first:
                    first = False
                    if a.same_packet:
                        flush(hdr)
                    else:
                        send_header()
                        flush()
                else:
                    flush()
                if not pump_in():
                    print("handshake: EOF", file=sys.stderr)
                    return 1
        flush()
    except (ssl.SSLError, OSError, TimeoutError) as e:
        print("handshake: %s" % e, file=sys.stderr)
        return 1
    t.write(a.request.encode())
    flush()
    got = b""
    try:
        while True:
            try:
                d = t.read(65536)
                if not d:
                    break
                got += d
            except ssl.SSLWantReadError:
                if not pump_in():
                    break
            except ssl.SSLZeroReturnError:
                break
    except (ssl.SSLError, OSError, TimeoutError) as e:
        print("read: %s" % e, file=sys.stderr)
        sys.stdout.write(got.decode("latin-1"))
        return 2
    sys.stdout.write(got.decode("latin-1"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
