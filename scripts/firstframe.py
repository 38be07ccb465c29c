#!/usr/bin/env python3
"""Time the first frame of `oauthlens demo` over N starts (issue 16).

Starts the binary in a pseudo-terminal (100x30), answers nothing, and
measures the time from exec to the first output that holds the walk's
first screen ("Step 1"). Prints every run and the p50/p95 in ms.

usage: scripts/firstframe.py [BINARY] [N]
"""
import os
import pty
import select
import signal
import struct
import sys
import termios
import fcntl
import time


def one(binary):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execv(binary, [binary, "demo"])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    t0 = time.monotonic()
    buf = b""
    try:
        while time.monotonic() - t0 < 5:
            r, _, _ = select.select([fd], [], [], 0.5)
            if not r:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            buf += chunk
            if b"Step 1" in buf:
                return (time.monotonic() - t0) * 1000
        return float("nan")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def pct(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "./oauthlens"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    runs = [one(os.path.abspath(binary)) for _ in range(n)]
    print(" ".join(f"{r:.0f}" for r in runs))
    print(f"first frame over {n} starts: p50 {pct(runs, 50):.0f} ms, p95 {pct(runs, 95):.0f} ms, "
          f"max {max(runs):.0f} ms")


if __name__ == "__main__":
    main()
