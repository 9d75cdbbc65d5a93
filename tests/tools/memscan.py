#!/usr/bin/env python3
"""Search a live process's memory for byte strings (run as root).

Usage: memscan.py PID [--key PEMFILE]... [--der PEMFILE]... [NAME=HEX]...

Reads every readable mapping listed in /proc/PID/maps through /proc/PID/mem
and looks for each pattern:
  --key PEMFILE   the secret numbers of a private key, as raw big-endian
                  bytes without leading zeros (what a decoder keeps): the
                  EC private scalar (key:priv), or the RSA primes and CRT
                  values (key:p, key:q, key:dp, key:dq, key:iq), which is
                  what BearSSL keeps of an RSA key; also the first line of
                  the PEM text (key:pem), in case the file's text lingers
  --der PEMFILE   the DER of the first certificate in PEMFILE (cert:der)
  NAME=HEX        any byte string
Prints one line per pattern, "NAME found" or "NAME absent", then
"scanned=BYTES regions=N".  Exit status 0, or 2 when nothing was readable
(so that an empty scan never passes for "absent").
"""
import re
import subprocess
import sys


def openssl(*args):
    return subprocess.run(["openssl", *args], check=True,
                          capture_output=True).stdout


def key_numbers(path):
    """The secret numbers of a private key, from openssl's text dump."""
    text = openssl("pkey", "-in", path, "-text", "-noout").decode()
    fields = {}
    name = None
    for line in text.splitlines():
        m = re.match(r"^(\w+):\s*$", line)
        if m:
            name = m.group(1)
            fields[name] = ""
            continue
        if name and re.match(r"^\s+[0-9a-f:]+$", line):
            fields[name] += line.strip().replace(":", "")
        else:
            name = None
    want = {"priv": "key:priv", "prime1": "key:p", "prime2": "key:q",
            "exponent1": "key:dp", "exponent2": "key:dq",
            "coefficient": "key:iq"}
    out = {}
    for field, label in want.items():
        if fields.get(field):
            b = bytes.fromhex(fields[field]).lstrip(b"\0")
            if len(b) < 16:
                raise SystemExit("memscan: %s: %s too short" % (path, field))
            out[label] = b
    if not out:
        raise SystemExit("memscan: %s: no private numbers found" % path)
    lines = [l for l in open(path).read().splitlines() if l and "-----" not in l]
    out["key:pem"] = lines[0].encode()
    return out


def read_memory(pid):
    chunks, total = [], 0
    with open("/proc/%d/maps" % pid) as maps, \
            open("/proc/%d/mem" % pid, "rb", 0) as mem:
        for line in maps:
            f = line.split()
            if "r" not in f[1] or (len(f) > 5 and f[5] in ("[vvar]", "[vsyscall]")):
                continue
            lo, hi = (int(x, 16) for x in f[0].split("-"))
            try:
                mem.seek(lo)
                data = mem.read(hi - lo)
            except OSError:
                continue
            if data:
                chunks.append(data)
                total += len(data)
    return chunks, total


def main():
    args = sys.argv[1:]
    if not args:
        raise SystemExit(__doc__)
    pid = int(args.pop(0))
    pats = {}
    while args:
        a = args.pop(0)
        if a == "--key":
            pats.update(key_numbers(args.pop(0)))
        elif a == "--der":
            pats["cert:der"] = openssl("x509", "-in", args.pop(0), "-outform", "DER")
        elif "=" in a:
            n, _, h = a.partition("=")
            pats[n] = bytes.fromhex(h)
        else:
            raise SystemExit("memscan: bad argument %r" % a)
    chunks, total = read_memory(pid)
    for name, pat in pats.items():
        hit = any(pat in c for c in chunks)
        print("%s %s" % (name, "found" if hit else "absent"))
    print("scanned=%d regions=%d" % (total, len(chunks)))
    return 0 if total > 0 else 2


if __name__ == "__main__":
    sys.exit(main())
