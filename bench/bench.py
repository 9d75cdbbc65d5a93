#!/usr/bin/env python3
"""The measuring half of `make bench` (bench/run.sh builds and calls it).

Starts every server once, then runs the tests round by round, each round
visiting every target in turn (the order rotates between rounds), and
reports medians.  See bench/README.md for what is measured and how.

Environment (run.sh sets the first three):
  BENCH_WORK      work directory (builds, reaper)
  BENCH_BUILDS    "name=dir ..." builds to measure (main is the product)
  BENCH_CFLAGS    the CFLAGS they were built with (for the report)
  BENCH_ROUNDS    rounds (default 5, at least 3 for the report to count)
  BENCH_N         connections per ab run (default 400, at least 100; twice
                  that for the cheap targets, plain httpd-lite and nginx)
  BENCH_BULK_MIB  size of the bulk file in MiB (default 512)
  BENCH_RESUME_SECONDS  seconds of each openssl s_time run, full and
                  resumed handshakes with tlswrap -s, and of each run of
                  the same with a server name (default 3)
  BENCH_PORT      first TCP port (default 18440; 16 ports; 127.0.0.1 only)
  BENCH_BUDGET    seconds after which no new round starts (default 600);
                  past 3 rounds, none starts either that would end after
                  780 s at the pace of the slowest round so far
  BENCH_KA_N      requests per keep-alive ab run (default 20000)
  BENCH_OUT       results file (default bench/results.md)
"""
import datetime
import os
import re
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.environ.get("BENCH_WORK", os.path.join(TOP, "bench", "work"))
CERTS = os.path.join(TOP, "certs", "out")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
N = max(100, int(os.environ.get("BENCH_N", "400")))  # ab's p99 needs > 50
BULK_MIB = int(os.environ.get("BENCH_BULK_MIB", "512"))
RESUME_SECONDS = int(os.environ.get("BENCH_RESUME_SECONDS", "3"))
PORT0 = int(os.environ.get("BENCH_PORT", "18440"))
BUDGET = float(os.environ.get("BENCH_BUDGET", "600"))
LIMIT = 780.0           # no round past this, so that a run ends within 15 min
OUT = os.environ.get("BENCH_OUT", os.path.join(TOP, "bench", "results.md"))
HZ = os.sysconf("SC_CLK_TCK")
REAPER = os.path.join(WORK, "reaper")
FLOOR = os.path.join(WORK, "floor")         # bench/floor.c
NULLPROG = os.path.join(WORK, "nullprog")   # a static main() { return 0; }
NULLPROG_GLIBC = os.path.join(WORK, "nullprog-glibc")  # the same, glibc
RAWPROG = os.path.join(WORK, "rawprog")     # the same with no C library
CPUID = os.path.join(WORK, "cpuid")         # bench/cpuid.c
SPAWN_N = 200           # processes per start-up cost measurement
KA_N = int(os.environ.get("BENCH_KA_N", "20000"))  # keep-alive requests
HTTPD_FLAGS = os.environ.get("BENCH_HTTPD_FLAGS", "-R").split()

CIPHER = {"ec": "ECDHE-ECDSA-AES128-GCM-SHA256",
          "rsa": "ECDHE-RSA-AES128-GCM-SHA256"}
BULK_CIPHERS = [("AES-128-GCM", "ECDHE-ECDSA-AES128-GCM-SHA256"),
                ("ChaCha20", "ECDHE-ECDSA-CHACHA20-POLY1305")]
T0 = time.monotonic()
STARTED = []            # Popen objects of every long-running process we start
BROKEN = {}             # target name -> why it was left out
TMP = []                # temporary directories to remove
LOAD_SAMPLES = []       # 1-minute load average at the start of each round


def log(msg):
    print("bench: [%4.0fs] %s" % (time.monotonic() - T0, msg), file=sys.stderr,
          flush=True)


def builds():
    out = {}
    for item in os.environ.get("BENCH_BUILDS", "main=%s" % TOP).split():
        name, d = item.split("=", 1)
        out[name] = d
    return out


# ---------------------------------------------------------------- /proc


def stat(pid):
    """Fields of /proc/PID/stat, numbered as in proc(5) (1-based)."""
    with open("/proc/%d/stat" % pid) as f:
        s = f.read()
    rest = s[s.rindex(")") + 2:].split()
    return dict((i + 3, rest[i]) for i in range(len(rest)))


def cpu_ns(pid):
    """Run time of the process's main thread so far, in ns (schedstat)."""
    with open("/proc/%d/schedstat" % pid) as f:
        return int(f.read().split()[0])


def children(pid):
    kids = []
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, tid)) as f:
                kids += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return kids


def descendants(pid):
    out = []
    for k in children(pid):
        out.append(k)
        out += descendants(k)
    return out


def comm(pid):
    try:
        with open("/proc/%d/comm" % pid) as f:
            return f.read().strip()
    except OSError:
        return "?"


def memory(pid):
    """VmHWM, VmRSS (status) and Private_Dirty, Pss (smaps_rollup), KiB."""
    m = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmHWM", "VmRSS"):
                m[k] = int(v.split()[0])
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("Private_Dirty", "Pss"):
                m[k] = int(v.split()[0])
    return m


# ---------------------------------------------------------------- servers


class Server:
    """One thing listening on 127.0.0.1:port."""
    scheme = "https"
    nscale = 1          # cheap targets run more connections per ab run

    def __init__(self, name, port, key="ec", label=None):
        self.name, self.port, self.key = name, port, key
        self.label = label or name
        self.pid = None

    def url(self, path):
        return "%s://127.0.0.1:%d%s" % (self.scheme, self.port, path)

    def wait_listening(self):
        for _ in range(100):
            with open("/proc/net/tcp") as f:
                if any(":%04X 00000000:0000 0A" % self.port in line
                       for line in f):
                    return
            time.sleep(0.05)
        raise RuntimeError("%s: nothing listening on port %d"
                           % (self.name, self.port))


class Tcpserver(Server):
    """reaper tcpserver -RHD -l0 127.0.0.1 PORT argv...; the connection's
    processes are accounted in tcpserver's and reaper's children fields."""

    def __init__(self, name, port, argv, key="ec", scheme="https", label=None,
                 expect_procs=2):
        Server.__init__(self, name, port, key, label)
        self.argv, self.scheme, self.expect_procs = argv, scheme, expect_procs
        if scheme == "http":
            self.nscale = 2

    def start(self, logdir):
        err = open(os.path.join(logdir, self.name + ".log"), "ab")
        p = subprocess.Popen([REAPER, "tcpserver", "-RHD", "-l0", "127.0.0.1",
                              str(self.port)] + self.argv,
                             stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=err,
                             start_new_session=True)
        STARTED.append(p)
        self.reaper = p.pid
        for _ in range(100):
            kids = children(self.reaper)
            if kids:
                self.pid = kids[0]
                break
            time.sleep(0.02)
        else:
            raise RuntimeError("%s: tcpserver did not start" % self.name)
        self.wait_listening()

    def counters(self):
        t, r = stat(self.pid), stat(self.reaper)
        return {
            # every process of every finished connection (clock ticks,
            # accumulated in ns by the kernel, so only the total is rounded)
            "conn_ns": (int(t[16]) + int(t[17]) + int(r[16]) + int(r[17]))
            * 1e9 / HZ,
            "conn_flt": int(t[11]) + int(r[11]),
            # tcpserver itself: accept, fork, wait
            "ss_ns": cpu_ns(self.pid),
            "ss_flt": int(t[10]),
        }

    def quiesce(self):
        """Wait until every connection's processes have been reaped."""
        for _ in range(200):
            if not children(self.pid) and children(self.reaper) == [self.pid]:
                return True
            time.sleep(0.025)
        log("%s: connection processes still running after 5 s" % self.name)
        return False

    def conn_procs(self):
        return descendants(self.pid)


class Nginx(Server):
    """One nginx master (daemon off) with its workers; it serves several
    ports, one Server object per port shares the process."""

    def __init__(self, name, port, key, master, label=None):
        Server.__init__(self, name, port, key, label)
        self.master = master
        self.nscale = 2

    def counters(self):
        ns = flt = 0
        for pid in [self.master.pid] + children(self.master.pid):
            s = stat(pid)
            ns += cpu_ns(pid) + (int(s[16]) + int(s[17])) * 1e9 / HZ
            flt += int(s[10]) + int(s[11])
        return {"conn_ns": ns, "conn_flt": flt, "ss_ns": 0, "ss_flt": 0}

    def quiesce(self):
        time.sleep(0.05)
        return True

    def conn_procs(self):
        return children(self.master.pid)


class Lighttpd(Server):
    """lighttpd from Debian, one process, plain HTTP, its access log on
    (httpd-lite logs every request too): the keep-alive peer."""
    scheme = "http"

    def __init__(self, name, port, tmp, www, label=None):
        Server.__init__(self, name, port, "ec", label)
        self.dir = os.path.join(tmp, "lighttpd")
        os.makedirs(self.dir)
        self.conf = os.path.join(self.dir, "lighttpd.conf")
        with open(self.conf, "w") as f:
            f.write('server.document-root = "%s"\nserver.bind = "127.0.0.1"\n'
                    'server.port = %d\nserver.modules = ("mod_accesslog")\n'
                    'accesslog.filename = "%s/access.log"\n'
                    'server.errorlog = "%s/error.log"\n'
                    'mimetype.assign = ("" => "application/octet-stream")\n'
                    % (www, port, self.dir, self.dir))

    def start(self, logdir):
        self.pid = daemon(["lighttpd", "-D", "-f", self.conf]).pid
        self.wait_listening()

    def counters(self):
        # schedstat: ns, where utime+stime would be whole clock ticks
        return {"conn_ns": cpu_ns(self.pid), "conn_flt": int(stat(self.pid)[10]),
                "ss_ns": 0, "ss_flt": 0}

    def quiesce(self):
        time.sleep(0.05)
        return True

    def conn_procs(self):
        return [self.pid]


def pin(srv, cpus):
    """Set the CPUs of the server's long-lived processes (tcpserver and
    its reaper, or lighttpd); connection processes inherit them."""
    for pid in [srv.pid] + ([srv.reaper] if hasattr(srv, "reaper") else []):
        os.sched_setaffinity(pid, cpus)


def keepalive(srv, n, tmp, apart=False):
    """ab -k -c 1: n requests for /1k on as few connections as the server
    allows; requests/s and server CPU per request (us).  The server runs
    on CPU 0 and ab on CPU 0 too (the request path's CPU cost alone: no
    wake-up crosses CPUs) or, apart, on CPU 1 (every request and response
    then wakes a process on the other CPU, which costs a VM exit on a
    virtual machine).  Unpinned, the scheduler picks either from run to
    run, and one run differed from the next by up to 5x."""
    srv.quiesce()
    pin(srv, {0})
    try:
        before = srv.counters()
        r = run(["taskset", "-c", "1" if apart else "0",
                 "ab", "-q", "-k", "-r", "-s", "20", "-n", str(n), "-c", "1",
                 srv.url("/1k")])
        ok = srv.quiesce()
        after = srv.counters()
    finally:
        pin(srv, set(range(os.cpu_count())))
    m = re.search(r"^Requests per second:\s+([\d.]+)", r.stdout, re.M)
    ka = re.search(r"^Keep-Alive requests:\s+(\d+)", r.stdout, re.M)
    failed = re.search(r"^Failed requests:\s+(\d+)", r.stdout, re.M)
    res = {"rps": float(m.group(1)) if m else None,
           "ka": int(ka.group(1)) if ka else 0,
           "cpu_us": (after["conn_ns"] - before["conn_ns"]) / 1e3 / n,
           "valid": ok and r.returncode == 0 and m is not None
           and failed is not None and failed.group(1) == "0"}
    if not res["valid"]:
        log("%s keep-alive: INVALID run: %s" % (srv.name,
                                                (r.stderr or r.stdout)[-300:]))
    return res


def syscalls_per_request(srv, pid, n, tmp):
    """strace -f -c attached to pid (tcpserver, or lighttpd itself) across
    ab -k -c 1 -n n: system calls per request, by name."""
    if shutil.which("strace") is None:
        return None
    out = os.path.join(tmp, "strace-%s.txt" % srv.name)
    p = subprocess.Popen(["strace", "-f", "-c", "-o", out, "-p", str(pid)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    run(["ab", "-q", "-k", "-n", str(n), "-c", "1", srv.url("/1k")])
    srv.quiesce()
    p.send_signal(signal.SIGINT)
    p.wait(timeout=20)
    calls = {}
    with open(out) as f:
        for line in f:
            w = line.split()
            if len(w) >= 5 and w[0][0].isdigit() and w[-1] != "total":
                calls[w[-1]] = int(w[3])
    calls.pop("wait4", None)        # tcpserver waiting for its children
    calls.pop("accept", None)
    return dict((k, v / n) for k, v in calls.items())


class NginxMaster:
    def __init__(self, tmp, www, ports):
        self.dir = os.path.join(tmp, "nginx")
        os.makedirs(os.path.join(self.dir, "logs"))
        self.conf = os.path.join(self.dir, "nginx.conf")
        servers = ""
        for key, port in ports:
            pem = os.path.join(CERTS, "%s-combined.pem" % key)
            servers += """
    server {
        listen 127.0.0.1:%d ssl;
        ssl_certificate %s;
        ssl_certificate_key %s;
        root %s;
    }""" % (port, pem, pem, www)
        d = self.dir
        with open(self.conf, "w") as f:
            f.write("""daemon off;
master_process on;
worker_processes auto;
user root;
pid %(d)s/nginx.pid;
error_log %(d)s/logs/error.log error;
events { worker_connections 256; }
http {
    access_log %(d)s/logs/access.log;
    client_body_temp_path %(d)s/body;
    proxy_temp_path %(d)s/proxy;
    fastcgi_temp_path %(d)s/fastcgi;
    uwsgi_temp_path %(d)s/uwsgi;
    scgi_temp_path %(d)s/scgi;
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 0;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache off;
    ssl_session_tickets off;%(servers)s
}
""" % {"d": d, "servers": servers})

    def start(self):
        self.pid = daemon(["nginx", "-p", self.dir, "-c", self.conf, "-e",
                           os.path.join(self.dir, "logs", "error.log")]).pid
        for _ in range(100):
            if children(self.pid):
                break
            time.sleep(0.05)


def daemon(argv):
    """Start a server that stays in the foreground, silent, in its own
    session; stop_all() ends it."""
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    STARTED.append(p)
    return p


def stop_all():
    for p in reversed(STARTED):
        if p.poll() is None:
            try:
                p.terminate()       # reaper passes it on to tcpserver
            except OSError:
                pass
    for p in reversed(STARTED):
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    del STARTED[:]


# ---------------------------------------------------------------- clients


def run(argv, timeout=180):
    return subprocess.run(argv, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=timeout, text=True)


def ab(srv, conc, n, tmp):
    csv = os.path.join(tmp, "ab.csv")
    argv = ["ab", "-q", "-r", "-s", "20", "-n", str(n), "-c", str(conc),
            "-e", csv]
    if srv.scheme == "https":
        argv += ["-f", "TLS1.2", "-Z", CIPHER[srv.key]]
    argv.append(srv.url("/1k"))
    srv.quiesce()
    before = srv.counters()
    r = run(argv)
    ok = srv.quiesce()
    after = srv.counters()
    out = r.stdout

    def grab(pattern, default=None):
        m = re.search(pattern, out, re.M)
        return float(m.group(1)) if m else default
    res = {
        "complete": grab(r"^Complete requests:\s+(\d+)", 0),
        "failed": grab(r"^Failed requests:\s+(\d+)", 0)
        + grab(r"^Non-2xx responses:\s+(\d+)", 0),
        "doclen": grab(r"^Document Length:\s+(\d+)", 0),
        "rps": grab(r"^Requests per second:\s+([\d.]+)"),
        "mean_ms": grab(r"^Time per request:\s+([\d.]+) \[ms\] \(mean\)$"),
    }
    try:
        with open(csv) as f:
            for line in f:
                if line.startswith("99,"):
                    res["p99_ms"] = float(line.split(",")[1])
    except OSError:
        pass
    conns = res["complete"] or 1
    res["cpu_ms"] = (after["conn_ns"] - before["conn_ns"]) / 1e6 / conns
    res["flt"] = (after["conn_flt"] - before["conn_flt"]) / conns
    res["ss_cpu_ms"] = (after["ss_ns"] - before["ss_ns"]) / 1e6 / conns
    res["ss_flt"] = (after["ss_flt"] - before["ss_flt"]) / conns
    res["valid"] = (r.returncode == 0 and res["complete"] == n
                    and res["failed"] == 0 and res["doclen"] == 1024
                    and res["rps"] is not None and ok)
    if not res["valid"]:
        log("%s -c %d: INVALID run (rc %d, %s complete, %s failed, length "
            "%s): %s" % (srv.name, conc, r.returncode, res["complete"],
                         res["failed"], res["doclen"],
                         (r.stderr or out).strip()[-300:]))
    return res


def s_time(srv, mode, seconds, tmp):
    """openssl s_time -new (full handshakes) or -reuse (resumed ones) for
    SECONDS: server CPU and faults per connection, as ab()'s."""
    srv.quiesce()
    before = srv.counters()
    r = run(["openssl", "s_time", "-connect", "127.0.0.1:%d" % srv.port,
             "-tls1_2", "-cipher", CIPHER[srv.key], "-www", "/1k",
             "-time", str(seconds), "-" + mode], timeout=seconds * 4 + 30)
    ok = srv.quiesce()
    after = srv.counters()
    m = re.search(r"^(\d+) connections in [\d.]+ real seconds", r.stdout, re.M)
    conns = int(m.group(1)) if m else 0
    res = {"conns": conns, "valid": ok and conns > 0 and r.returncode == 0}
    res["cpu_ms"] = (after["conn_ns"] - before["conn_ns"]) / 1e6 / max(conns, 1)
    res["flt"] = (after["conn_flt"] - before["conn_flt"]) / max(conns, 1)
    if not res["valid"]:
        log("%s s_time -%s: INVALID run: %s" % (srv.name, mode,
                                                 (r.stderr or r.stdout)[-300:]))
    return res


def sni_time(srv, mode, seconds, name="localhost"):
    """Like s_time(), but as browsers connect: with a server name (Python's
    ssl, server_hostname=NAME; s_time sends none).  "new": a full handshake
    per connection; "reuse": every connection offers the first one's
    session.  Also counts the offers that resumed."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers(CIPHER[srv.key])
    req = b"GET /1k HTTP/1.0\r\nHost: " + name.encode() + b"\r\n\r\n"
    srv.quiesce()
    before = srv.counters()
    conns = offered = resumed = failed = 0
    sess = None
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", srv.port), 10) as s, \
                    ctx.wrap_socket(s, server_hostname=name,
                                    session=sess) as t:
                # As browsers do: else the request waits behind the
                # client's Finished for a delayed ACK (40 ms).
                t.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                t.sendall(req)
                while t.recv(65536):
                    pass
                offered += sess is not None
                resumed += t.session_reused
                if mode == "reuse" and sess is None:
                    sess = t.session
                conns += 1
        except (OSError, ssl.SSLError):
            failed += 1
    ok = srv.quiesce()
    after = srv.counters()
    res = {"conns": conns, "offered": offered, "resumed": resumed,
           "valid": ok and conns > 0 and failed == 0}
    res["cpu_ms"] = (after["conn_ns"] - before["conn_ns"]) / 1e6 / max(conns, 1)
    res["flt"] = (after["conn_flt"] - before["conn_flt"]) / max(conns, 1)
    res["resumed_pct"] = 100.0 * resumed / offered if offered else None
    if not res["valid"]:
        log("%s SNI -%s: INVALID run: %d failed of %d" % (srv.name, mode,
                                                         failed, conns + failed))
    return res


def curl_tls(srv, cipher):
    if srv.scheme != "https":
        return []
    return ["-k", "--tlsv1.2", "--tls-max", "1.2", "--ciphers", cipher]


def bulk(srv, cipher, size):
    argv = ["curl", "-sS", "--max-time", "120", "-o", "/dev/null", "-w",
            "%{size_download} %{time_total} %{http_code}"] \
        + curl_tls(srv, cipher) + [srv.url("/big.bin")]
    srv.quiesce()
    before = srv.counters()
    r = run(argv)
    ok = srv.quiesce()
    after = srv.counters()
    try:
        got, secs, code = r.stdout.split()
        got, secs = int(got), float(secs)
    except ValueError:
        got, secs, code = 0, 0.0, "?"
    res = {"mbps": got / secs / 1e6 if secs > 0 else 0.0,
           "cpu_s": (after["conn_ns"] - before["conn_ns"]
                     + after["ss_ns"] - before["ss_ns"]) / 1e9,
           "valid": r.returncode == 0 and got == size and code == "200"
           and ok}
    res["cpu_ns_per_byte"] = res["cpu_s"] * 1e9 / size
    if not res["valid"]:
        log("%s bulk %s: INVALID (rc %d, %d bytes, HTTP %s): %s"
            % (srv.name, cipher, r.returncode, got, code, r.stderr.strip()))
    return res


def mem(srv, cipher):
    """Hold one download open at a crawl; sample the processes serving it."""
    argv = ["curl", "-sS", "--max-time", "15", "--limit-rate", "256k", "-o",
            "/dev/null"] + curl_tls(srv, cipher) + [srv.url("/big.bin")]
    srv.quiesce()
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        want = getattr(srv, "expect_procs", 1)
        for _ in range(100):
            procs = srv.conn_procs()
            if len(procs) >= want:
                break
            time.sleep(0.05)
        time.sleep(0.5)
        out = []
        for pid in srv.conn_procs():
            try:
                m = memory(pid)
            except OSError:
                continue
            m["comm"] = comm(pid)
            out.append(m)
        return out
    finally:
        p.terminate()
        p.wait()
        srv.quiesce()


def negotiated(srv):
    """What one openssl s_client connection agrees on, as ab will."""
    if srv.scheme != "https":
        return "plain TCP"
    r = run(["openssl", "s_client", "-connect", "127.0.0.1:%d" % srv.port,
             "-tls1_2", "-cipher", CIPHER[srv.key], "-brief"], timeout=20)
    text = r.stdout + r.stderr
    facts = []
    for key in ("Protocol version", "Ciphersuite", "Signature type",
                "Server Temp Key"):
        m = re.search(r"^%s: (.*)$" % key, text, re.M)
        facts.append(m.group(1).strip() if m else "?")
    return ", ".join(facts)


def spawn_cost(argv):
    """CPU (ms) and minor faults of one process that starts, runs and
    exits, stdin and stdout on /dev/null: the median over SPAWN_N, from
    wait4()'s rusage (the child's own, exec and exit included)."""
    null = os.open("/dev/null", os.O_RDWR)
    ms, flt = [], []
    try:
        for _ in range(SPAWN_N):
            pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[
                (os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1)])
            _, status, ru = os.wait4(pid, 0)
            if status != 0:
                log("%s: exit status %d" % (" ".join(argv), status))
                return {"valid": False}
            ms.append((ru.ru_utime + ru.ru_stime) * 1e3)
            flt.append(ru.ru_minflt)
    finally:
        os.close(null)
    return {"valid": True, "cpu_ms": statistics.median(ms),
            "flt": statistics.median(flt)}


# ---------------------------------------------------------------- report


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(x, nd=2):
    if x is None:
        return "n/a"
    if abs(x) >= 100:
        return "%.0f" % x
    if abs(x) >= 10:
        return "%.1f" % x
    return "%.*f" % (nd, x)


def ratio(a, b):
    return a / b if a is not None and b else None


def fr(x):
    return "n/a" if x is None else "%.2fx" % x


def version(argv, pattern=None):
    try:
        r = run(argv, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    text = (r.stdout + r.stderr).strip()
    if pattern:
        m = re.search(pattern, text, re.M)
        return m.group(1) if m else "?"
    return text.splitlines()[0] if text else "?"


def dpkg(pkg):
    return version(["dpkg-query", "-W", "-f=${Version}", pkg], r"(\S+)")


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    for tool in ("tcpserver", "stunnel4", "nginx", "ab", "curl", "openssl"):
        if shutil.which(tool) is None:
            sys.exit("bench: %s is missing (tools/deps.sh bench)" % tool)
    bld = builds()
    tmp = tempfile.mkdtemp(prefix="tlswrap-bench.")
    TMP.append(tmp)
    www = os.path.join(tmp, "www")
    os.makedirs(www)
    with open(os.path.join(www, "1k"), "wb") as f:
        f.write(bytes((0x61 + i % 26 for i in range(1024))))
    size = BULK_MIB << 20
    # Real bytes, written out and read once: every server then reads it
    # from the page cache.  (A sparse file would charge zero-filling of
    # its holes to whichever server read it first.)
    big = os.path.join(www, "big.bin")
    block = os.urandom(1 << 20)
    with open(big, "wb") as f:
        for _ in range(BULK_MIB):
            f.write(block)
        f.flush()
        os.fsync(f.fileno())
    with open(big, "rb") as f:
        while f.read(8 << 20):
            pass
    load_before = loadavg()

    def tw(b, key):
        return [os.path.join(bld[b], "tlswrap", "tlswrap"), "-a", "http/1.1",
                "-c", os.path.join(CERTS, "%s-combined.pem" % key),
                os.path.join(bld[b], "httpd-lite", "httpd-lite")] \
            + HTTPD_FLAGS + [www]

    def stunnel_conf(key):
        pem = os.path.join(CERTS, "%s-combined.pem" % key)
        path = os.path.join(tmp, "stunnel-%s.conf" % key)
        with open(path, "w") as f:
            # No accept=: inetd mode, one TLS connection on fds 0/1.
            f.write("foreground = yes\nsyslog = no\ndebug = 2\n"
                    "cert = %s\nkey = %s\nexec = %s\nexecArgs = httpd-lite %s"
                    " %s\n" % (pem, pem, os.path.join(bld["main"], "httpd-lite",
                                                     "httpd-lite"),
                               " ".join(HTTPD_FLAGS), www))
        return path

    port = PORT0
    hs, bulk_t, mem_t = [], [], []
    T = {}

    def add(srv, *lists):
        T[srv.name] = srv
        for lst in lists:
            lst.append(srv)

    add(Tcpserver("tlswrap-ec", port, tw("main", "ec"),
                  label="tlswrap+httpd-lite EC"), hs, bulk_t, mem_t)
    add(Tcpserver("tlswrap-rsa", port + 1, tw("main", "rsa"), key="rsa",
                  label="tlswrap+httpd-lite RSA"), hs, mem_t)
    resume_t = []
    for i, key in enumerate(("ec", "rsa")):
        argv = tw("main", key)
        argv[1:1] = ["-s", os.path.join(tmp, "sessions-%s" % key)]
        add(Tcpserver("tlswrap-%s-sc" % key, port + 8 + i, argv, key=key,
                      label="tlswrap -s + httpd-lite %s" % key.upper()),
            resume_t)
    if "dynamic" in bld:
        add(Tcpserver("tlswrap-ec-dynamic", port + 2, tw("dynamic", "ec"),
                      label="tlswrap+httpd-lite EC, STATIC=0 (dynamic)"), hs, mem_t)
    if "glibc" in bld:
        add(Tcpserver("tlswrap-ec-glibc", port + 15, tw("glibc", "ec"),
                      label="tlswrap+httpd-lite EC, LIBC=glibc (static)"), hs,
            mem_t)
    add(Tcpserver("stunnel-ec", port + 3, ["stunnel4", stunnel_conf("ec")],
                  label="stunnel+httpd-lite EC"), hs, bulk_t, mem_t)
    add(Tcpserver("stunnel-rsa", port + 4, ["stunnel4", stunnel_conf("rsa")],
                  key="rsa", label="stunnel+httpd-lite RSA"), hs)
    add(Tcpserver("plain", port + 5,
                  [os.path.join(bld["main"], "httpd-lite", "httpd-lite")]
                  + HTTPD_FLAGS + [www], scheme="http", expect_procs=1,
                  label="httpd-lite, no TLS"), hs, bulk_t, mem_t)
    # The floor (bench/floor.c): BearSSL answering in-process, and with a
    # trivial child spawned per connection (the shape of one process per
    # connection plus one per program, with no relay).
    floor_t = []
    for i, key in enumerate(("ec", "rsa")):
        pem = os.path.join(CERTS, "%s-combined.pem" % key)
        add(Tcpserver("floor-" + key, port + 10 + i, [FLOOR, pem, www],
                      key=key, expect_procs=1,
                      label="floor (BearSSL in-process) %s" % key.upper()),
            hs, floor_t, *([bulk_t, mem_t] if key == "ec" else []))
        add(Tcpserver("floorchild-" + key, port + 12 + i,
                      [FLOOR, pem, www, NULLPROG], key=key,
                      label="floor + child %s" % key.upper()), hs, floor_t)
    costs = {
        "nullprog": [NULLPROG],
        "floor-n-ec": [FLOOR, "-n", os.path.join(CERTS, "ec-combined.pem")],
        "floor-n-rsa": [FLOOR, "-n", os.path.join(CERTS, "rsa-combined.pem")],
        "httpd-lite": [os.path.join(bld["main"], "httpd-lite", "httpd-lite")]
        + HTTPD_FLAGS + [www],
    }
    for name, path in (("rawprog", RAWPROG), ("nullprog-glibc", NULLPROG_GLIBC)):
        if os.access(path, os.X_OK):
            costs[name] = [path]
    ka_t = [T["plain"]]
    if shutil.which("lighttpd"):
        add(Lighttpd("lighttpd", port + 14, tmp, www, label="lighttpd"), ka_t)
    master = NginxMaster(tmp, www, [("ec", port + 6), ("rsa", port + 7)])
    add(Nginx("nginx-ec", port + 6, "ec", master, label="nginx EC"),
        hs, bulk_t, mem_t)
    add(Nginx("nginx-rsa", port + 7, "rsa", master, label="nginx RSA"), hs)

    for p in range(port, port + 16):
        with open("/proc/net/tcp") as f:
            if any(":%04X 00000000:0000 0A" % p in line for line in f):
                sys.exit("bench: port %d is in use (set BENCH_PORT)" % p)
    log("starting servers on 127.0.0.1:%d-%d" % (port, port + 15))
    for srv in T.values():
        if isinstance(srv, (Tcpserver, Lighttpd)):
            srv.start(tmp)
    master.start()
    for srv in T.values():
        if isinstance(srv, Nginx):
            srv.wait_listening()

    # Sanity: every target serves the right bytes, and what it negotiates.
    # A target that does not is left out (and reported), the rest go on.
    with open(os.path.join(www, "1k"), "rb") as f:
        want = f.read()
    facts = {}
    for srv in list(T.values()):
        r = subprocess.run(["curl", "-sS", "--max-time", "20"]
                           + curl_tls(srv, CIPHER[srv.key]) + [srv.url("/1k")],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=30)
        srv.quiesce()
        if r.stdout != want:
            why = r.stderr.decode(errors="replace").strip()
            try:
                with open(os.path.join(tmp, srv.name + ".log")) as f:
                    why += " / server log: " + " ".join(f.read().split())[-300:]
            except OSError:
                pass
            log("%s does not serve /1k, left out: %s" % (srv.name, why))
            BROKEN[srv.name] = why
            for lst in (hs, bulk_t, mem_t, resume_t, floor_t, ka_t):
                if srv in lst:
                    lst.remove(srv)
            continue
        facts[srv.name] = negotiated(srv)
        srv.quiesce()

    log("warm-up")
    for srv in hs:
        ab(srv, 1, 20, tmp)

    data = []           # (round, test, target, result dict)
    done_rounds = 0
    round_s = 0.0
    for rnd in range(ROUNDS):
        spent = time.monotonic() - T0
        if rnd >= 3 and (spent > BUDGET or spent + round_s > LIMIT):
            log("time budget spent: stopping after %d rounds" % rnd)
            break
        round_t0 = time.monotonic()
        LOAD_SAMPLES.append(float(loadavg().split()[0]))
        k = rnd % len(hs)
        order = hs[k:] + hs[:k]
        for conc in (1, 4):
            for srv in order:
                res = ab(srv, conc, N * srv.nscale, tmp)
                data.append((rnd, "hs%d" % conc, srv.name, res))
                log("round %d  -c %d  %-18s %7.1f req/s  %6.2f ms  cpu %6.3f"
                    " ms/conn  %6.1f flt/conn"
                    % (rnd + 1, conc, srv.name, res["rps"] or 0,
                       res["mean_ms"] or 0, res["cpu_ms"], res["flt"]))
        k = rnd % len(bulk_t)
        for cname, cipher in BULK_CIPHERS:
            for srv in bulk_t[k:] + bulk_t[:k]:
                if srv.scheme != "https" and cname != BULK_CIPHERS[0][0]:
                    continue
                res = bulk(srv, cipher, size)
                data.append((rnd, "bulk-" + cname, srv.name, res))
                log("round %d  bulk %-11s %-18s %7.0f MB/s  cpu %.2f s"
                    % (rnd + 1, cname, srv.name, res["mbps"], res["cpu_s"]))
        for srv in mem_t:
            procs = mem(srv, CIPHER[srv.key])
            data.append((rnd, "mem", srv.name, procs))
        for srv in resume_t:
            for mode in ("new", "reuse"):
                res = s_time(srv, mode, RESUME_SECONDS, tmp)
                data.append((rnd, "st-" + mode, srv.name, res))
                log("round %d  s_time -%-5s %-18s %5d conns  cpu %6.3f ms/conn"
                    "  %6.1f flt/conn" % (rnd + 1, mode, srv.name, res["conns"],
                                          res["cpu_ms"], res["flt"]))
                res = sni_time(srv, mode, RESUME_SECONDS)
                data.append((rnd, "sni-" + mode, srv.name, res))
                log("round %d  SNI -%-8s %-18s %5d conns  cpu %6.3f ms/conn"
                    "  %d of %d offers resumed" % (rnd + 1, mode, srv.name,
                                                   res["conns"], res["cpu_ms"],
                                                   res["resumed"],
                                                   res["offered"]))
        for srv in ka_t[rnd % len(ka_t):] + ka_t[:rnd % len(ka_t)]:
            for test, apart in (("ka", False), ("ka-apart", True)):
                if apart and (os.cpu_count() or 1) < 2:
                    continue
                res = keepalive(srv, KA_N, tmp, apart)
                data.append((rnd, test, srv.name, res))
                log("round %d  %-8s %-10s %8.0f req/s  cpu %6.2f us/req  "
                    "%d kept alive" % (rnd + 1, test, srv.name, res["rps"] or 0,
                                       res["cpu_us"], res["ka"]))
        for name, argv in costs.items():
            res = spawn_cost(argv)
            data.append((rnd, "spawn", name, res))
            if res["valid"]:
                log("round %d  spawn %-12s cpu %6.3f ms  %5.0f flt"
                    % (rnd + 1, name, res["cpu_ms"], res["flt"]))
        done_rounds = rnd + 1
        round_s = max(round_s, time.monotonic() - round_t0)
    sysc = {}
    for srv in ka_t:
        sysc[srv.name] = syscalls_per_request(
            srv, srv.pid, 1000, tmp)
    stop_all()
    load_after = loadavg()
    elapsed = time.monotonic() - T0
    report(T, hs, bulk_t, mem_t, data, facts, done_rounds, size,
           load_before, load_after, elapsed, bld, resume_t, (ka_t, sysc))


def report(T, hs, bulk_t, mem_t, data, facts, rounds, size, load_before,
           load_after, elapsed, bld, resume_t=(), ka=((), {})):
    def vals(test, name, key):
        return [r[key] for (_, t, n, r) in data
                if t == test and n == name and r.get("valid")
                and r.get(key) is not None]

    def m(test, name, key):
        return med(vals(test, name, key))

    def spread(test, name, key):
        v = vals(test, name, key)
        if not v:
            return "n/a"
        return "%s (%s-%s)" % (fmt(med(v)), fmt(min(v)), fmt(max(v)))

    invalid = [(rnd, t, n) for (rnd, t, n, r) in data
               if isinstance(r, dict) and not r.get("valid")]

    L = []
    w = L.append
    rev = version(["git", "-C", TOP, "rev-parse", "--short",
                   os.environ.get("BENCH_REV", "HEAD")])
    dirty = os.environ.get("BENCH_TREE") == "worktree" and run(
        ["git", "-C", TOP, "status", "--porcelain", "--", "tlswrap",
         "httpd-lite", "Makefile"]).stdout.strip()
    w("# make bench results")
    w("")
    w("Generated by `make bench` (bench/run.sh, bench/bench.py); see "
      "bench/README.md for the method.")
    w("")
    w("| | |")
    w("| --- | --- |")
    w("| date | %s |" % datetime.datetime.now().astimezone()
      .strftime("%Y-%m-%d %H:%M %Z"))
    w("| tlswrap / httpd-lite | git %s%s |"
      % (rev, " + uncommitted changes in the work tree (BENCH_TREE=worktree)"
         if dirty else " (committed sources, `git archive`)"))
    w("| build | `CFLAGS=%s`, BearSSL %s; static binaries against musl %s "
      "(the default); LIBC=glibc rows: static, glibc %s; STATIC=0 rows: "
      "dynamic, glibc |" % (os.environ.get("BENCH_CFLAGS", "?"),
                            dpkg("libbearssl-dev"), dpkg("musl-dev"),
                            dpkg("libc6-dev")))
    w("| stunnel | %s (Debian %s) |"
      % (version(["stunnel4", "-version"], r"^(stunnel [\d.]+)"),
         dpkg("stunnel4")))
    w("| nginx | %s (Debian %s) |"
      % (version(["nginx", "-v"], r"(nginx/[\d.]+)"), dpkg("nginx")))
    w("| openssl | %s |" % version(["openssl", "version"]))
    w("| clients | ab %s, curl %s |"
      % (version(["ab", "-V"], r"Version ([\d.]+)"),
         version(["curl", "-V"], r"^curl ([\d.]+)")))
    w("| superserver | ucspi-tcp %s, `tcpserver -RHD -l0` |"
      % dpkg("ucspi-tcp"))
    w("| machine | %s, %d cores, kernel %s |"
      % (cpu_model(), os.cpu_count(), os.uname().release))
    w("| machine, as commands say | `nproc` %s, `uname -r` %s |"
      % (version(["nproc"]), os.uname().release))
    w("| load average (1/5/15 min) | before %s, after %s; 1 min at the "
      "start of each round: %s |"
      % (load_before, load_after,
         ", ".join("%.2f" % x for x in LOAD_SAMPLES) or "?"))
    knobs = " ".join("%s=%s" % (k, v) for k, v in sorted(os.environ.items())
                     if k.startswith("BENCH_") and k not in
                     ("BENCH_WORK", "BENCH_BUILDS", "BENCH_CFLAGS"))
    w("| command | `%smake bench` (bench/run.sh, then bench/bench.py) |"
      % (knobs + " " if knobs else ""))
    w("| run | %d rounds, %d connections per ab run (2x for the cheap "
      "targets), bulk file %d MiB, "
      "%.0f s in all |" % (rounds, N, size >> 20, elapsed))
    w("")
    for name, why in BROKEN.items():
        w("**%s left out: it did not serve /1k** (%s)" % (name, why))
        w("")
    if invalid:
        w("**Invalid runs (left out of the medians):** "
          + ", ".join("round %d %s %s" % (r + 1, t, n) for r, t, n in invalid))
        w("")

    floor_report(w, m, spread, data)
    keepalive_report(w, m, spread, *ka)

    # ---- targets first: what the lead reads
    checks = []

    def check(what, got, limit, ok, detail=""):
        checks.append((what, got, limit, ok, detail))

    for key in ("ec", "rsa"):
        K = key.upper()
        for conc in (1, 4):
            tcpu = m("hs%d" % conc, "tlswrap-" + key, "cpu_ms")
            scpu = m("hs%d" % conc, "stunnel-" + key, "cpu_ms")
            pcpu = m("hs%d" % conc, "plain", "cpu_ms")
            r1, r2 = ratio(tcpu, scpu), ratio(tcpu, pcpu)
            check("CPU/conn %s -c %d vs stunnel" % (K, conc), fr(r1),
                  "<= 0.30x", r1 is not None and r1 <= 0.30,
                  "%s vs %s ms" % (fmt(tcpu, 3), fmt(scpu, 3)))
            check("CPU/conn %s -c %d vs plain httpd-lite" % (K, conc), fr(r2),
                  "<= 2.0x", r2 is not None and r2 <= 2.0,
                  "%s vs %s ms" % (fmt(tcpu, 3), fmt(pcpu, 3)))
        for conc in (1, 4):
            f = m("hs%d" % conc, "tlswrap-" + key, "flt")
            check("page faults/conn %s -c %d (pair)" % (K, conc), fmt(f, 1),
                  "<= 160", f is not None and f <= 160)
        tl = m("hs1", "tlswrap-" + key, "mean_ms")
        sl = m("hs1", "stunnel-" + key, "mean_ms")
        r = ratio(tl, sl)
        check("latency -c 1 %s (mean) vs stunnel" % K, fr(r), "<= 0.30x",
              r is not None and r <= 0.30,
              "%s vs %s ms" % (fmt(tl, 3), fmt(sl, 3)))
    b = "bulk-AES-128-GCM"
    tb, sb, nb = (m(b, n, "mbps") for n in
                  ("tlswrap-ec", "stunnel-ec", "nginx-ec"))
    r = ratio(tb, sb)
    check("bulk AES-128-GCM MB/s vs stunnel", fr(r), ">= 1.30x",
          r is not None and r >= 1.3, "%s vs %s MB/s" % (fmt(tb), fmt(sb)))
    r = ratio(tb, nb)
    check("bulk AES-128-GCM MB/s vs nginx", fr(r), ">= 1.05x",
          r is not None and r >= 1.05, "%s vs %s MB/s" % (fmt(tb), fmt(nb)))
    tc, nc = (m(b, n, "cpu_ns_per_byte") for n in ("tlswrap-ec", "nginx-ec"))
    r = ratio(tc, nc)
    check("bulk AES-128-GCM server CPU/byte vs nginx", fr(r), "<= 1.00x",
          r is not None and r <= 1.0,
          "%s vs %s ns/byte" % (fmt(tc, 3), fmt(nc, 3)))
    memrows = mem_table(data, "tlswrap-ec")
    for name, (hwm, pd) in sorted(memrows.items()):
        check("memory: %s VmHWM" % name, "%d KiB" % hwm, "<= 1024 KiB",
              hwm <= 1024)
        check("memory: %s Private_Dirty" % name, "%d KiB" % pd, "<= 256 KiB",
              pd <= 256)

    npass = sum(1 for c in checks if c[3])
    w("## Targets (issue #6): %d PASS, %d FAIL" % (npass, len(checks) - npass))
    w("")
    checks_table(w, checks)

    # ---- headline ratios
    w("## Headline ratios (tlswrap+httpd-lite / other; medians)")
    w("")
    w("| | EC vs stunnel | EC vs nginx | RSA vs stunnel | RSA vs nginx |")
    w("| --- | --- | --- | --- | --- |")
    for label, test, key in (("server CPU per connection, -c 1", "hs1",
                              "cpu_ms"),
                             ("server CPU per connection, -c 4", "hs4",
                              "cpu_ms"),
                             ("requests/s, -c 1", "hs1", "rps"),
                             ("requests/s, -c 4", "hs4", "rps"),
                             ("mean latency, -c 1", "hs1", "mean_ms"),
                             ("p99 latency, -c 1", "hs1", "p99_ms")):
        ratio_row(w, m, label, test, key, ("stunnel-", "nginx-"))
    for cname, _ in BULK_CIPHERS:
        b = "bulk-" + cname
        t = m(b, "tlswrap-ec", "mbps")
        tc = m(b, "tlswrap-ec", "cpu_ns_per_byte")
        w("| bulk %s MB/s | %s | %s | | |"
          % (cname, fr(ratio(t, m(b, "stunnel-ec", "mbps"))),
             fr(ratio(t, m(b, "nginx-ec", "mbps")))))
        w("| bulk %s server CPU per byte | %s | %s | | |"
          % (cname, fr(ratio(tc, m(b, "stunnel-ec", "cpu_ns_per_byte"))),
             fr(ratio(tc, m(b, "nginx-ec", "cpu_ns_per_byte")))))
    w("")

    # ---- full tables
    w("## Full-handshake connections (1 KiB file, new TCP + TLS 1.2 per "
      "request)")
    w("")
    w("`ab -n %d -c C -f TLS1.2 -Z <ECDHE-{ECDSA,RSA}-AES128-GCM-SHA256>` "
      "(twice as many connections for plain httpd-lite and nginx).  "
      "Server CPU and minor faults per connection are the connection "
      "processes' own (tcpserver's children, reaped; for nginx every "
      "nginx process); tcpserver's own accept/fork cost is in the "
      "`tcpserver` columns and not in the targets.  Median "
      "(min-max) over the rounds." % N)
    w("")
    w("| target | -c | req/s | mean ms | p99 ms | server CPU ms/conn | "
      "minflt/conn | tcpserver ms/conn | tcpserver flt/conn |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for conc in (1, 4):
        t = "hs%d" % conc
        for srv in hs:
            n = srv.name
            w("| %s | %d | %s | %s | %s | %s | %s | %s | %s |"
              % (srv.label, conc, spread(t, n, "rps"), fmt(m(t, n, "mean_ms"),
                                                          3),
                 fmt(m(t, n, "p99_ms"), 3), spread(t, n, "cpu_ms"),
                 fmt(m(t, n, "flt"), 1),
                 fmt(m(t, n, "ss_cpu_ms"), 3) if isinstance(srv, Tcpserver)
                 else "-",
                 fmt(m(t, n, "ss_flt"), 1) if isinstance(srv, Tcpserver)
                 else "-"))
    w("")
    w("Negotiated (one `openssl s_client -tls1_2` per target: protocol, "
      "suite, signature, key exchange):")
    w("")
    for srv in T.values():
        w("- %s: %s" % (srv.label, facts.get(srv.name, "?")))
    w("")

    w("## Bulk: one %d MiB download per run (curl, TLS 1.2)" % (size >> 20))
    w("")
    w("Server CPU is every server process's user+system time for the "
      "transfer (for tcpserver targets including tcpserver's own).")
    w("")
    w("| target | cipher | MB/s | server CPU s | server CPU ns/byte |")
    w("| --- | --- | --- | --- | --- |")
    for cname, _ in BULK_CIPHERS:
        b = "bulk-" + cname
        for srv in bulk_t:
            if srv.scheme != "https" and cname != BULK_CIPHERS[0][0]:
                continue
            n = srv.name
            w("| %s | %s | %s | %s | %s |"
              % (srv.label, cname if srv.scheme == "https" else "none",
                 spread(b, n, "mbps"), fmt(m(b, n, "cpu_s")),
                 fmt(m(b, n, "cpu_ns_per_byte"), 3)))
    w("")

    w("## Memory of one connection held open mid-transfer")
    w("")
    w("`curl --limit-rate 256k` on the bulk file; the processes serving it "
      "sampled after 1.5 s from /proc (VmHWM, VmRSS from status; "
      "Private_Dirty, Pss from smaps_rollup), KiB, medians.  nginx's "
      "worker serves every connection, so its figures are not per "
      "connection.")
    w("")
    w("| target | process | VmHWM | VmRSS | Private_Dirty | Pss |")
    w("| --- | --- | --- | --- | --- | --- |")
    for srv in mem_t:
        samples = [r for (_, t, n, r) in data if t == "mem" and n == srv.name]
        by = {}
        for procs in samples:
            seen = {}
            for p in procs:
                c = p["comm"]
                seen[c] = seen.get(c, 0) + 1
                tag = c if seen[c] == 1 else "%s #%d" % (c, seen[c])
                by.setdefault(tag, []).append(p)
        for tag, ps in sorted(by.items()):
            w("| %s | %s | %s | %s | %s | %s |"
              % (srv.label, tag,
                 *("%d" % med([p.get(k) for p in ps])
                   for k in ("VmHWM", "VmRSS", "Private_Dirty", "Pss"))))
    w("")

    others = [(b, "tlswrap-ec-" + b, lab) for b, lab in
              (("glibc", "LIBC=glibc (static)"), ("dynamic", "STATIC=0 (dynamic, glibc)"))
              if b in bld]
    if others:
        w("## Builds: static musl (the default) against static glibc and "
          "dynamic glibc (EC, medians)")
        w("")
        w("| | static, musl | %s |" % " | ".join(lab for _, _, lab in others))
        w("| --- | --- |%s" % (" --- |" * len(others)))
        for label, test, key in (("server CPU ms/conn, -c 1", "hs1", "cpu_ms"),
                                 ("server CPU ms/conn, -c 4", "hs4", "cpu_ms"),
                                 ("minflt/conn, -c 1", "hs1", "flt"),
                                 ("minflt/conn, -c 4", "hs4", "flt"),
                                 ("req/s, -c 1", "hs1", "rps"),
                                 ("mean latency ms, -c 1", "hs1", "mean_ms")):
            d = m(test, "tlswrap-ec", key)
            cells = []
            for _, name, _ in others:
                o = m(test, name, key)
                cells.append("%s (%s)" % (fmt(o, 3), fr(ratio(o, d))))
            w("| %s | %s | %s |" % (label, fmt(d, 3), " | ".join(cells)))
        dm = mem_table(data, "tlswrap-ec")
        om = [mem_table(data, name) for _, name, _ in others]
        for proc in sorted(dm):
            if all(proc in o for o in om):
                w("| %s VmHWM / Private_Dirty KiB | %d / %d | %s |"
                  % (proc, dm[proc][0], dm[proc][1],
                     " | ".join("%d / %d" % (o[proc][0], o[proc][1]) for o in om)))
        w("")

    if resume_t:
        w("## Session resumption across connections (tlswrap -s FILE)")
        w("")
        w("Full handshakes (a new session per connection) against resumed "
          "ones (each new tlswrap process resumes the session from the "
          "shared cache file), %d s each per round, by two clients: "
          "`openssl s_time -tls1_2 -new`/`-reuse`, which sends no server "
          "name, and Python's ssl with `server_hostname=localhost`, as "
          "browsers connect (every connection of its resumed run offers the "
          "first one's session).  Server CPU and faults per connection, "
          "medians; offers resumed over all rounds." % RESUME_SECONDS)
        w("")
        w("| target | client | full: CPU ms/conn | resumed: CPU ms/conn "
          "| resumed / full | full: flt/conn | resumed: flt/conn "
          "| offers resumed |")
        w("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for srv in resume_t:
            for pre, client in (("st", "s_time, no name"),
                                ("sni", "ssl, SNI localhost")):
                new, reuse = pre + "-new", pre + "-reuse"
                runs = [r for (_, t, n, r) in data
                        if t == reuse and n == srv.name and "offered" in r]
                off = sum(r["offered"] for r in runs)
                got = sum(r["resumed"] for r in runs)
                w("| %s | %s | %s | %s | %s | %s | %s | %s |"
                  % (srv.label, client, spread(new, srv.name, "cpu_ms"),
                     spread(reuse, srv.name, "cpu_ms"),
                     fr(ratio(m(reuse, srv.name, "cpu_ms"),
                              m(new, srv.name, "cpu_ms"))),
                     fmt(m(new, srv.name, "flt"), 1),
                     fmt(m(reuse, srv.name, "flt"), 1),
                     "%d of %d" % (got, off) if runs else "n/a"))
        w("")

    w("## Per-round values (server CPU ms/conn at -c 1 / -c 4; bulk AES "
      "MB/s)")
    w("")
    names = [s.name for s in hs]
    w("| round | " + " | ".join(names) + " |")
    w("| --- |" + " --- |" * len(names))
    for rnd in range(rounds):
        cells = []
        for n in names:
            a = [r["cpu_ms"] for (rr, t, nn, r) in data
                 if rr == rnd and t == "hs1" and nn == n]
            b4 = [r["cpu_ms"] for (rr, t, nn, r) in data
                  if rr == rnd and t == "hs4" and nn == n]
            bk = [r["mbps"] for (rr, t, nn, r) in data
                  if rr == rnd and t == "bulk-AES-128-GCM" and nn == n]
            cell = "%s / %s" % (fmt(a[0], 3) if a else "-",
                                fmt(b4[0], 3) if b4 else "-")
            if bk:
                cell += "; %.0f MB/s" % bk[0]
            cells.append(cell)
        w("| %d | %s |" % (rnd + 1, " | ".join(cells)))
    w("")
    if rounds < 3:
        w("**Fewer than 3 rounds: these figures do not count.**")
        w("")

    text = "\n".join(L)
    with open(OUT, "w") as f:
        f.write(text)
    print(text)


def cpuid_us():
    """bench/cpuid.c's figure: microseconds per CPUID, or None."""
    if not os.access(CPUID, os.X_OK):
        return None
    r = run([CPUID])
    try:
        return float(r.stdout)
    except ValueError:
        return None


def floor_report(w, m, spread, data):
    """Issue #13: tlswrap+httpd-lite against the floor (bench/floor.c), and
    what each part of a connection costs."""
    w("## Against the floor (issue #13)")
    w("")
    w("The floor is `bench/floor.c`: BearSSL answering the request "
      "in-process (same suites, key, certificate, ALPN and key loader as "
      "tlswrap; the file read straight into the record buffer), under the "
      "same tcpserver; \"floor + child\" also spawns and waits for a "
      "trivial static child per connection.  All figures come from this "
      "one run, targets side by side in every round: on a shared machine "
      "the ratios count, the absolute numbers move with the load.")
    w("")
    checks = []
    for key in ("ec", "rsa"):
        K = key.upper()
        t = m("hs1", "tlswrap-" + key, "cpu_ms")
        fc = m("hs1", "floorchild-" + key, "cpu_ms")
        r = ratio(t, fc)
        checks.append(("CPU/conn %s -c 1 vs floor + child" % K, fr(r),
                       "<= 1.00x", r is not None and r <= 1.0,
                       "%s vs %s ms" % (fmt(t, 3), fmt(fc, 3))))
        t = m("hs1", "tlswrap-" + key, "mean_ms")
        fc = m("hs1", "floorchild-" + key, "mean_ms")
        r = ratio(t, fc)
        checks.append(("latency -c 1 %s (mean) vs floor + child" % K, fr(r),
                       "<= 1.00x", r is not None and r <= 1.0,
                       "%s vs %s ms" % (fmt(t, 3), fmt(fc, 3))))
    b = "bulk-AES-128-GCM"
    t, f = m(b, "tlswrap-ec", "mbps"), m(b, "floor-ec", "mbps")
    r = ratio(t, f)
    checks.append(("bulk AES-128-GCM MB/s vs floor", fr(r), ">= 0.85x",
                   r is not None and r >= 0.85,
                   "%s vs %s MB/s" % (fmt(t), fmt(f))))
    t, f = (m(b, n, "cpu_ns_per_byte") for n in ("tlswrap-ec", "floor-ec"))
    r = ratio(t, f)
    checks.append(("bulk AES-128-GCM CPU/GiB vs floor", fr(r), "<= 1.25x",
                   r is not None and r <= 1.25,
                   "%s vs %s s/GiB" % (gib(t), gib(f))))
    npass = checks_table(w, checks)
    w("%d of %d met.  tlswrap+httpd-lite against the floor and the floor + "
      "child shape (medians):" % (npass, len(checks)))
    w("")
    w("| tlswrap+httpd-lite / | floor EC | floor + child EC | floor RSA | "
      "floor + child RSA |")
    w("| --- | --- | --- | --- | --- |")
    for label, test, k in (("server CPU per connection, -c 1", "hs1", "cpu_ms"),
                           ("server CPU per connection, -c 4", "hs4", "cpu_ms"),
                           ("minor faults per connection, -c 1", "hs1", "flt"),
                           ("mean latency, -c 1", "hs1", "mean_ms"),
                           ("p99 latency, -c 1", "hs1", "p99_ms"),
                           ("requests/s, -c 4", "hs4", "rps")):
        ratio_row(w, m, label, test, k, ("floor-", "floorchild-"))
    for cname, _ in BULK_CIPHERS:
        b = "bulk-" + cname
        t, f = m(b, "tlswrap-ec", "mbps"), m(b, "floor-ec", "mbps")
        w("| bulk %s MB/s | %s (%s vs %s) | | | |"
          % (cname, fr(ratio(t, f)), fmt(t), fmt(f)))
        t, f = (m(b, n, "cpu_ns_per_byte") for n in ("tlswrap-ec", "floor-ec"))
        w("| bulk %s server CPU per GiB | %s (%s vs %s s) | | | |"
          % (cname, fr(ratio(t, f)), gib(t), gib(f)))
    w("")

    # ---- item 4: the parts of a connection
    def sp(name, k="cpu_ms"):
        return m("spawn", name, k)

    def diff(a, b):
        return None if a is None or b is None else a - b

    rows = []
    ss = m("hs1", "floor-ec", "ss_cpu_ms")
    rows.append(("tcpserver: accept and fork (its own run time, not in the "
                 "figures below)", ss, m("hs1", "floor-ec", "ss_flt"),
                 "tcpserver's schedstat, floor EC -c 1"))
    null, raw, nullg = sp("nullprog"), sp("rawprog"), sp("nullprog-glibc")
    if raw is not None:
        rows.append(("exec and exit of a static binary with no C library",
                     raw, sp("rawprog", "flt"),
                     "`rawprog` spawned %d times, wait4() rusage" % SPAWN_N))
    rows.append(("exec, start and exit of a static binary that does nothing, "
                 "built as tlswrap is (musl by default)",
                 null, sp("nullprog", "flt"),
                 "`nullprog` (`int main(void) { return 0; }`) spawned %d "
                 "times, wait4() rusage" % SPAWN_N))
    if nullg is not None:
        rows.append(("the same against static glibc: glibc's start-up asks "
                     "the CPU for its features and cache sizes with CPUID, "
                     "%s us each here (`bench/work/cpuid`), a trap to the "
                     "hypervisor on a virtual machine" % fmt(cpuid_us(), 2),
                     nullg, sp("nullprog-glibc", "flt"),
                     "`nullprog-glibc` spawned %d times; twice per "
                     "connection with LIBC=glibc" % SPAWN_N))
    for key in ("ec", "rsa"):
        fn = sp("floor-n-" + key)
        rows.append(("key and certificate load, %s (floor -n, less nullprog)"
                     % key.upper(), diff(fn, null),
                     diff(sp("floor-n-" + key, "flt"), sp("nullprog", "flt")),
                     "`floor -n PEM` spawned %d times" % SPAWN_N))
    for key in ("ec", "rsa"):
        fc, fn = m("hs1", "floor-" + key, "cpu_ms"), sp("floor-n-" + key)
        rows.append(("handshake crypto, the request, TCP teardown, %s "
                     "(floor, less floor -n)" % key.upper(), diff(fc, fn),
                     diff(m("hs1", "floor-" + key, "flt"),
                          sp("floor-n-" + key, "flt")),
                     "floor %s -c 1 (ab), less `floor -n`" % key.upper()))
    fe, fce = m("hs1", "floor-ec", "cpu_ms"), m("hs1", "floorchild-ec", "cpu_ms")
    rows.append(("spawn and wait of a trivial child (floor + child, less "
                 "floor; EC)", diff(fce, fe),
                 diff(m("hs1", "floorchild-ec", "flt"),
                      m("hs1", "floor-ec", "flt")), "ab -c 1, side by side"))
    h = sp("httpd-lite")
    rows.append(("exec of httpd-lite, its start-up and exit at EOF (less "
                 "nullprog)", diff(h, null),
                 diff(sp("httpd-lite", "flt"), sp("nullprog", "flt")),
                 "httpd-lite spawned %d times, stdin /dev/null" % SPAWN_N))
    for key in ("ec", "rsa"):
        t = m("hs1", "tlswrap-" + key, "cpu_ms")
        fc = m("hs1", "floorchild-" + key, "cpu_ms")
        rows.append(("the rest for tlswrap+httpd-lite, %s: pipes, relay, "
                     "httpd-lite's request, tlswrap's own start (tlswrap, less "
                     "floor + child, less httpd-lite's exec)" % key.upper(),
                     diff(diff(t, fc), diff(h, null)), None,
                     "tlswrap -c 1 (ab)"))
        rows.append(("**tlswrap+httpd-lite %s, all of it**" % key.upper(), t,
                     m("hs1", "tlswrap-" + key, "flt"), "ab -c 1"))
    w("## What each part of a connection costs (issue #13)")
    w("")
    w("Server CPU per connection (ms) and minor faults, medians of this run; "
      "a difference of two medians is an estimate (it can even come out "
      "negative on a loaded machine).  Fork, exec and exit are the design's "
      "(one process per connection, one more per program); the handshake "
      "crypto is BearSSL 0.6's (31-bit P-256 and X25519 code as Debian "
      "builds it).")
    w("")
    w("| part | CPU ms | faults | how |")
    w("| --- | --- | --- | --- |")
    for what, ms, flt, how in rows:
        w("| %s | %s | %s | %s |" % (what, fmt(ms, 3), fmt(flt, 0), how))
    w("")


def keepalive_report(w, m, spread, ka_t, sysc):
    """Issue #13: httpd-lite against lighttpd on warm connections."""
    if not ka_t:
        return
    w("## httpd-lite against lighttpd, keep-alive (issue #13)")
    w("")
    w("`ab -k -c 1 -n %d` for the 1 KiB file, plain HTTP, both with their "
      "default settings (`httpd-lite %s` under tcpserver; lighttpd with an "
      "access log): requests/s and server CPU per request, medians.  The "
      "server is pinned to CPU 0; ab runs on CPU 0 too (\"same CPU\": the "
      "request path's own cost, the target) or on CPU 1 (\"apart\": each "
      "request and each response wakes a process on the other CPU).  "
      "System calls per request: `strace -f -c` attached for one `ab -k "
      "-n 1000` after the rounds (tcpserver's accept and wait4 left out)."
      % (KA_N, " ".join(HTTPD_FLAGS)))
    w("")
    checks = []
    for test, where in (("ka", "same CPU"), ("ka-apart", "apart")):
        h, l = m(test, "plain", "rps"), m(test, "lighttpd", "rps")
        hc, lc = m(test, "plain", "cpu_us"), m(test, "lighttpd", "cpu_us")
        if h is None and l is None:
            continue
        checks.append(("requests/s, keep-alive, -c 1, %s, vs lighttpd" % where,
                       fr(ratio(h, l)), ">= 1.00x",
                       ratio(h, l) is not None and ratio(h, l) >= 1.0,
                       "%s vs %s req/s; CPU %s vs %s us/request (%s)"
                       % (fmt(h), fmt(l), fmt(hc), fmt(lc),
                          fr(ratio(hc, lc)))))
    checks_table(w, checks)
    w("| server | requests/s, same CPU | CPU us/request | requests/s, apart "
      "| CPU us/request | requests kept alive | system calls/request |")
    w("| --- | --- | --- | --- | --- | --- | --- |")
    for srv in ka_t:
        calls = sysc.get(srv.name)
        text = "n/a" if not calls else "%.1f: %s" % (
            sum(calls.values()), ", ".join(
                "%s %.2f" % (k, v) for k, v in
                sorted(calls.items(), key=lambda kv: -kv[1]) if v >= 0.05))
        w("| %s | %s | %s | %s | %s | %s | %s |"
          % (srv.label, spread("ka", srv.name, "rps"),
             fmt(m("ka", srv.name, "cpu_us")),
             spread("ka-apart", srv.name, "rps"),
             fmt(m("ka-apart", srv.name, "cpu_us")),
             fmt(m("ka", srv.name, "ka"), 0), text))
    w("")


def ratio_row(w, m, label, test, key, others):
    """A table row: tlswrap's median over each other target's, EC then
    RSA; others are target name prefixes."""
    cells = []
    for k in ("ec", "rsa"):
        t = m(test, "tlswrap-" + k, key)
        cells += [fr(ratio(t, m(test, o + k, key))) for o in others]
    w("| %s | %s |" % (label, " | ".join(cells)))


def checks_table(w, checks):
    """PASS/FAIL table of (what, measured, limit, ok, detail); returns the
    number passed."""
    w("| target | measured | limit | result | detail |")
    w("| --- | --- | --- | --- | --- |")
    for what, got, limit, ok, detail in checks:
        w("| %s | %s | %s | %s | %s |" % (what, got, limit,
                                          "PASS" if ok else "**FAIL**", detail))
    w("")
    return sum(1 for c in checks if c[3])


def gib(ns_per_byte):
    return "n/a" if ns_per_byte is None else "%.2f" % (ns_per_byte * 1.073741824)


def mem_table(data, name):
    """process name -> (median VmHWM, median Private_Dirty) for a target."""
    by = {}
    for (_, t, n, procs) in data:
        if t == "mem" and n == name:
            for p in procs:
                by.setdefault(p["comm"], []).append(p)
    return dict((c, (med([p["VmHWM"] for p in ps]),
                     med([p["Private_Dirty"] for p in ps])))
                for c, ps in by.items())


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def on_signal(sig, frame):
    raise SystemExit("bench: interrupted by signal %d" % sig)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        main()
    finally:
        stop_all()
        for d in TMP:
            shutil.rmtree(d, ignore_errors=True)
