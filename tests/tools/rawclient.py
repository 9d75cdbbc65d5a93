#!/usr/bin/env python3
"""Plain TCP client for tlswrap's error tests.

Usage: rawclient.py [--send-str TEXT | --send-file F | --clienthello]
                    [--trickle S] [--shut] [--timeout S] PORT

Connects to 127.0.0.1:PORT, sends the given bytes (--clienthello: a real
TLS 1.2 ClientHello made by the ssl module; --trickle: one byte every S
seconds), optionally half-closes, then reads until EOF.  Prints one line:
  received=N end=eof|reset|timeout|send-error elapsed=SECONDS local_port=P
"""
import argparse
import codecs
import socket
import ssl
import sys
import time


def client_hello():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(inc, out, server_hostname="localhost")
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return out.read()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--send-str")
    p.add_argument("--send-file")
    p.add_argument("--clienthello", action="store_true")
    p.add_argument("--trickle", type=float)
    p.add_argument("--shut", action="store_true")
    p.add_argument("--timeout", type=float, default=20.0)
    p.add_argument("port", type=int)
    a = p.parse_args()
    data = b""
    if a.send_str is not None:
        data = codecs.decode(a.send_str, "unicode_escape").encode("latin-1")
    elif a.send_file:
        with open(a.send_file, "rb") as f:
            data = f.read()
    elif a.clienthello:
        data = client_hello()

    start = time.monotonic()
    s = socket.create_connection(("127.0.0.1", a.port), timeout=a.timeout)
    port = s.getsockname()[1]
    end, received = "eof", 0
    try:
        if a.trickle:
            for i in range(len(data)):
                s.sendall(data[i:i + 1])
                time.sleep(a.trickle)
        elif data:
            s.sendall(data)
        if a.shut:
            s.shutdown(socket.SHUT_WR)
    except OSError:
        end = "send-error"
    if end == "eof":
        while True:
            left = a.timeout - (time.monotonic() - start)
            if left <= 0:
                end = "timeout"
                break
            s.settimeout(left)
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                end = "timeout"
                break
            except ConnectionResetError:
                end = "reset"
                break
            if not chunk:
                break
            received += len(chunk)
    s.close()
    print("received=%d end=%s elapsed=%.3f local_port=%d"
          % (received, end, time.monotonic() - start, port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
