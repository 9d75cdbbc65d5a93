#!/usr/bin/env python3
"""Send one hand-made TLS 1.2 ClientHello and report the server's answer.

Usage: hello.py [--sni-hex HEX]... [--raw-ext HEX] [--bad-ext-len]
                [--bad-groups] [--total N] [--split N] [--timeout S] PORT

The ClientHello offers ECDHE-ECDSA/RSA AES-GCM suites, P-256 and SHA-256
signatures.  Each --sni-hex adds a host_name entry with those bytes (so a
server name may hold NUL, newline, '/' or 300 bytes, which real clients
refuse to send); --raw-ext HEX replaces the whole server_name extension
body; --bad-ext-len makes the extensions block one byte longer than the
message; --bad-groups gives supported_groups a list length past its end
(an error only BearSSL sees); --total N pads the message with a padding
extension (RFC 7685) to exactly N bytes, its 4-byte handshake header
included; --split N sends the message in records of N bytes.  Prints one
line: "alert=N" (the fatal alert received), "server-hello" (the server went
on with the handshake), "eof" or "timeout".
"""
import argparse
import os
import socket
import struct
import time


def ext(etype, body):
    return struct.pack(">HH", etype, len(body)) + body


def client_hello(args):
    names = b"".join(b"\x00" + struct.pack(">H", len(n)) + n
                     for n in (bytes.fromhex(h) for h in args.sni_hex))
    exts = b""
    if args.raw_ext is not None:
        exts += ext(0, bytes.fromhex(args.raw_ext))
    elif args.sni_hex:
        exts += ext(0, struct.pack(">H", len(names)) + names)
    groups = b"\x00\x05\x00\x17" if args.bad_groups else b"\x00\x02\x00\x17"
    exts += ext(10, groups)                       # supported_groups: P-256
    exts += ext(11, b"\x01\x00")                  # ec_point_formats
    exts += ext(13, b"\x00\x04\x04\x03\x04\x01")  # signature_algorithms
    if args.total:
        # header 4, version 2, random 32, session id 1, suites 6,
        # compression 2, extensions length 2, a padding extension 4 + n
        n = args.total - (4 + 2 + 32 + 1 + 6 + 2 + 2 + len(exts) + 4)
        if n < 0:
            raise SystemExit("hello.py: --total %d is too small" % args.total)
        exts += ext(21, bytes(n))
    ext_len = len(exts) + (1 if args.bad_ext_len else 0)
    body = (b"\x03\x03" + os.urandom(32) + b"\x00" +
            b"\x00\x04\xc0\x2b\xc0\x2f" + b"\x01\x00" +
            struct.pack(">H", ext_len) + exts)
    msg = b"\x01" + struct.pack(">I", len(body))[1:] + body
    if args.total and len(msg) != args.total:
        raise SystemExit("hello.py: built %d bytes, not %d" % (len(msg), args.total))
    step = args.split or len(msg)
    return b"".join(b"\x16\x03\x01" + struct.pack(">H", len(msg[i:i + step])) +
                    msg[i:i + step] for i in range(0, len(msg), step))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sni-hex", action="append", default=[])
    ap.add_argument("--raw-ext")
    ap.add_argument("--bad-ext-len", action="store_true")
    ap.add_argument("--bad-groups", action="store_true")
    ap.add_argument("--total", type=int, default=0)
    ap.add_argument("--split", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=10)
    ap.add_argument("port", type=int)
    args = ap.parse_args()
    s = socket.create_connection(("127.0.0.1", args.port), timeout=args.timeout)
    s.sendall(client_hello(args))
    got = b""
    deadline = time.monotonic() + args.timeout
    try:
        while len(got) < 7 and time.monotonic() < deadline:
            b = s.recv(4096)
            if not b:
                break
            got += b
    except socket.timeout:
        print("timeout")
        return
    except ConnectionResetError:
        pass
    if len(got) >= 7 and got[0] == 21:
        print("alert=%d" % got[6])
    elif len(got) >= 6 and got[0] == 22 and got[5] == 2:
        print("server-hello")
    else:
        print("eof")


main()
