#!/usr/bin/env python3
"""Accept one TCP connection and run a command on it, like a one-shot inetd.

Usage: accept1.py --port-file F --status F [--stderr F] [--deadline S]
                  [--fd3 [--listen-pid N]] [--leak-fd N] -- COMMAND [ARG...]

Listens on 127.0.0.1 on a port the kernel picks and writes the port number
to --port-file (atomically).  On the first connection it forks COMMAND with
the socket on fd 0 and fd 1 (or, with --fd3, on fd 3 with LISTEN_FDS=1 and
LISTEN_PID set to the command's pid or to N, fd 0 and 1 being /dev/null),
and stderr to --stderr; no other descriptor is left open, except /dev/null
on fd N with --leak-fd N.  When COMMAND ends it writes "exit=N" or "signal=N"
to --status; when --deadline seconds pass first, it kills COMMAND
and writes "timeout".
"""
import argparse
import os
import signal
import socket
import sys
import time


def write_atomic(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--status", required=True)
    p.add_argument("--stderr")
    p.add_argument("--deadline", type=float, default=60.0)
    p.add_argument("--fd3", action="store_true")
    p.add_argument("--listen-pid")
    p.add_argument("--leak-fd", type=int)
    p.add_argument("cmd", nargs=argparse.REMAINDER)
    a = p.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        p.error("no command")

    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    write_atomic(a.port_file, "%d\n" % ls.getsockname()[1])
    ls.settimeout(a.deadline)
    try:
        conn, _ = ls.accept()
    except socket.timeout:
        write_atomic(a.status, "timeout\n")
        return 1
    ls.close()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            if a.stderr:
                fd = os.open(a.stderr, os.O_WRONLY | os.O_CREAT | os.O_APPEND,
                             0o644)
                os.dup2(fd, 2)
                os.close(fd)
            if a.fd3:
                null = os.open(os.devnull, os.O_RDWR)
                os.dup2(null, 0)
                os.dup2(null, 1)
                os.close(null)
                os.dup2(conn.fileno(), 3)
                os.environ["LISTEN_FDS"] = "1"
                os.environ["LISTEN_PID"] = a.listen_pid or str(os.getpid())
            else:
                os.dup2(conn.fileno(), 0)
                os.dup2(conn.fileno(), 1)
            conn.close()
            # A clean superserver: nothing else open, unless asked to leak.
            os.closerange(4 if a.fd3 else 3, os.sysconf("SC_OPEN_MAX"))
            if a.leak_fd:
                null = os.open(os.devnull, os.O_RDONLY)
                os.dup2(null, a.leak_fd)
                os.close(null)
            # ... and with every signal at its default, none blocked.
            for sig in signal.valid_signals():
                if sig not in (signal.SIGKILL, signal.SIGSTOP):
                    try:
                        signal.signal(sig, signal.SIG_DFL)
                    except (OSError, ValueError):
                        pass
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            os.execvp(cmd[0], cmd)
        except OSError as e:
            sys.stderr.write("accept1: %s: %s\n" % (cmd[0], e))
        os._exit(127)
    conn.close()
    while True:
        wpid, st = os.waitpid(pid, os.WNOHANG)
        if wpid == pid:
            break
        if time.monotonic() - start > a.deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            write_atomic(a.status, "timeout\n")
            return 1
        time.sleep(0.02)
    if os.WIFSIGNALED(st):
        write_atomic(a.status, "signal=%d\n" % os.WTERMSIG(st))
    else:
        write_atomic(a.status, "exit=%d\n" % os.WEXITSTATUS(st))
    return 0


if __name__ == "__main__":
    sys.exit(main())
