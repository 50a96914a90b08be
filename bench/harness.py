"""What every figure shares: interleaved measurement, the line it prints, servers on loopback and a
signed-in HTTP client."""

import contextlib
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the run venv's: .venv/bin/alur is the one `make bench` measures
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def interleaved(a, b, *, min_reps, max_reps, budget):
    """Run a() and b() by turns, A B then B A, so that a slow moment of the machine falls on both; each returns
    one measurement. Stop after `max_reps` pairs, or after `budget` seconds once `min_reps` pairs are in."""
    samples_a, samples_b = [], []
    started = time.monotonic()
    while len(samples_a) < max_reps and (len(samples_a) < min_reps or time.monotonic() - started < budget):
        if len(samples_a) % 2:
            samples_b.append(b())
            samples_a.append(a())
        else:
            samples_a.append(a())
            samples_b.append(b())
    return samples_a, samples_b


def timed(function):
    """A function that runs `function` and returns the seconds it took."""
    def run():
        started = time.perf_counter()
        function()
        return time.perf_counter() - started
    return run


@dataclass
class Figure:
    """One line of `make bench`: ratio = A / B against the target, with both medians (seconds, or a rate)."""

    name: str
    a: list
    b: list
    target: float
    at_least: bool = False   # a rate: the ratio must reach the target, not stay under it
    unit: str = "ms"
    note: str = ""

    @property
    def ratio(self):
        return statistics.median(self.a) / statistics.median(self.b)

    @property
    def passed(self):
        return self.ratio >= self.target if self.at_least else self.ratio <= self.target

    def line(self):
        shown = {"ms": lambda v: f"{v * 1000:.1f} ms", "/s": lambda v: f"{v:.1f} /s"}[self.unit]
        target = f"{'>=' if self.at_least else '<='}{self.target:g}"
        note = f"; {self.note}" if self.note else ""
        return (f"{self.name} ratio={self.ratio:.2f} target={target} {'PASS' if self.passed else 'FAIL'}  "
                f"(A: {shown(statistics.median(self.a))}, B: {shown(statistics.median(self.b))}; "
                f"{len(self.a)} repetitions{note})")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def server(argv, port, log_path, env=None, ready_path="/"):
    """A server started with `argv` (listening on 127.0.0.1:`port`), once it answers; yields its process. Its
    output goes to `log_path`. Stopped with SIGTERM (gunicorn's master stops its workers)."""
    environment = {**os.environ, **(env or {})}
    with open(log_path, "w+") as log:
        process = subprocess.Popen(argv, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while not _answers(port, ready_path):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"{argv[0]} did not start:\n{log.read()[-3000:]}")
                time.sleep(0.2)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _answers(port, path):
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path)
        return connection.getresponse().status < 500
    except OSError:
        return False


def resident_mb(pid):
    """Resident memory of a process and its children (a gunicorn master and its workers), in MB."""
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    total_kb = 0
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024


class Client:
    """One browser's worth of HTTP to a server on loopback: its session cookie and CSRF token. Redirects are
    not followed (a completion is the POST that answers 302), so once signed in the client keeps the session
    it signed in with: the cookie a completion sends back carries the messages flashed for the next page,
    which a browser would show there and drop, and which would otherwise pile up in every later request."""

    def __init__(self, port):
        self.port, self.cookie, self.token, self.signed_in = port, None, None, False

    def request(self, method, path, fields=None):
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode({**fields, "csrf_token": self.token}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, path, body, headers)
            answer = connection.getresponse()
            page = answer.read().decode("utf-8", "replace")
        finally:
            connection.close()
        cookie = answer.getheader("Set-Cookie")
        if cookie and not self.signed_in:
            self.cookie = cookie.split(";", 1)[0]
        return answer.status, answer.getheader("Location") or "", page

    def sign_in(self, name, password):
        _, _, page = self.request("GET", "/auth/login")
        self.token = CSRF.search(page).group(1)
        status, location, _ = self.request("POST", "/auth/login", {"name": name, "password": password})
        if status != 302:
            raise RuntimeError(f"{name} could not sign in: {status}")
        _, _, page = self.request("GET", "/inbox")  # shows, and so drops, the welcome message
        self.token = CSRF.search(page).group(1)  # the session's token, good for every form of the session
        self.signed_in = True
        return self
