#!/usr/bin/env python3
"""Many short TLS connections, optionally while certificates are swapped.

Usage: tlsstress.py [options] PORT

Makes --count connections to 127.0.0.1:PORT, --parallel at a time.  Each
one does the handshake (TLS 1.2, SNI --sni, chain verified against --cafile
when given), records the SHA-256 of the leaf certificate, reads until the
server closes, and closes.  With --swap CMD given two or more times, a
separate thread runs the commands in turn through sh -c, --swaps times in
all, spread evenly over the run (one after every count/(swaps+1) finished
connections), so that connections are always in flight while a swap happens.

Output (--out, one line per connection, in order of start):
  SEQ START END SWAPS_BEFORE_START SWAPS_AT_END RESULT
where START and END are monotonic seconds, SWAPS_BEFORE_START counts the
swaps completed when the connection started (-1 when one was in progress),
SWAPS_AT_END the swaps begun by the time it ended (equal: no swap could
have touched it), and RESULT is the leaf's
SHA-256 (hex) or "FAIL:reason" (spaces replaced by '_').
A summary goes to stdout: connections=N failed=N elapsed=S swaps=N
Exit status: 0 when no connection failed, 1 otherwise, 2 when a swap
command failed.
"""
import argparse
import concurrent.futures
import hashlib
import socket
import ssl
import subprocess
import sys
import threading
import time


def one(ctx, a):
    s = socket.create_connection((a.host, a.port), timeout=a.timeout)
    try:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        t = ctx.wrap_socket(s, server_hostname=a.sni)
        cert = t.getpeercert(binary_form=True)
        fp = hashlib.sha256(cert).hexdigest()
        while True:             # read prog's output until the server closes
            try:
                d = t.recv(4096)
            except ssl.SSLEOFError:
                break
            if not d:
                break
        return fp
    finally:
        s.close()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--sni", default="localhost")
    p.add_argument("--cafile")
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--parallel", type=int, default=8)
    p.add_argument("--timeout", type=float, default=20.0)
    p.add_argument("--swap", action="append", default=[],
                   help="shell command; given twice or more, run in turn")
    p.add_argument("--swaps", type=int, default=0)
    p.add_argument("--out", help="file for the per-connection lines")
    p.add_argument("port", type=int)
    a = p.parse_args()

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    if a.cafile:
        ctx.load_verify_locations(a.cafile)
        ctx.check_hostname = True
    else:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE

    lock = threading.Lock()
    # "started" counts swap commands begun, "swaps" those finished: a
    # rename takes effect somewhere in between.
    state = {"done": 0, "swaps": 0, "started": 0, "swap_failed": False}
    want = threading.Condition(lock)
    every = a.count // (a.swaps + 1) if a.swaps and a.swap else 0
    rows = [None] * a.count

    def swapper():
        for i in range(a.swaps):
            with want:
                while state["done"] < every * (i + 1):
                    want.wait(0.5)
            cmd = a.swap[i % len(a.swap)]
            with want:
                state["started"] += 1
            r = subprocess.run(["sh", "-c", cmd])
            with want:
                if r.returncode != 0:
                    state["swap_failed"] = True
                state["swaps"] += 1

    def job(i):
        with lock:
            # -1: a swap was in flight, so what this one sees is ambiguous
            before = state["swaps"] if state["started"] == state["swaps"] else -1
        start = time.monotonic()
        try:
            res = one(ctx, a)
        except Exception as e:      # any failure is a result to count
            res = "FAIL:" + ("%s:%s" % (type(e).__name__, e)).replace(" ", "_")
        end = time.monotonic()
        with want:
            after = state["started"]	# a swap begun meanwhile: ambiguous
            state["done"] += 1
            want.notify_all()
        rows[i] = "%d %.6f %.6f %d %d %s" % (i, start, end, before, after, res)

    t0 = time.monotonic()
    sw = threading.Thread(target=swapper, daemon=True) if every else None
    if sw:
        sw.start()
    with concurrent.futures.ThreadPoolExecutor(a.parallel) as ex:
        list(ex.map(job, range(a.count)))
    if sw:
        sw.join(a.timeout)
    elapsed = time.monotonic() - t0
    failed = sum(1 for r in rows if " FAIL:" in r)
    if a.out:
        with open(a.out, "w") as f:
            f.write("\n".join(rows) + "\n")
    print("connections=%d failed=%d elapsed=%.2f swaps=%d" %
          (a.count, failed, elapsed, state["swaps"]))
    if state["swap_failed"]:
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
