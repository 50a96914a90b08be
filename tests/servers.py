"""`alur serve` tried from outside as a client would: the server in its own process group (killed whole, as a crash
would), signed-in clients with their own cookie jars, calls released at once, and what the database must hold after.
Shared by the one-server guarantees (test_server_guarantees) and the servers on one PostgreSQL (test_two_servers)."""

import http.cookiejar
import os
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

from engine import Alur
from test_webui import USULAN_OK
from webui_fixtures import ALUR_BIN, PASSWORD, ROOT, free_port

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
SECRET = {"ALUR_ENV": "production", "ALUR_SECRET_KEY": "guarantees-test-secret"}


class Server:
    """`alur serve` in its own process group, so that the master and every worker can be killed at once. Servers on
    one database share SECRET, as the servers behind one load balancer share ALUR_SECRET_KEY."""

    def __init__(self, db_path, workers=2, cwd=ROOT):
        self.db_path, self.workers, self.port, self.process, self.cwd = db_path, workers, free_port(), None, cwd
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self):
        self.process = subprocess.Popen(
            [str(ALUR_BIN), "serve", "--db", str(self.db_path), "--port", str(self.port),
             "--workers", str(self.workers)], cwd=self.cwd, env={**os.environ, **SECRET}, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/auth/login", timeout=2):
                    return self
            except OSError:
                time.sleep(0.1)
        raise AssertionError("alur serve did not answer within 30 s")

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.kill()


class Browser:
    """One signed-in client of the server (its own cookie jar)."""

    def __init__(self, server, name):
        self.server = server
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.post("/auth/login", {"name": name, "password": PASSWORD})

    def token(self):
        return TOKEN.search(self.opener.open(self.server.base + "/auth/login", timeout=10).read().decode()).group(1)

    def post(self, path, fields, token=None, json_answer=False):
        body = urllib.parse.urlencode({**fields, "csrf_token": token or self.token()}, doseq=True).encode()
        request = urllib.request.Request(self.server.base + path, body,
                                         {"Accept": "application/json"} if json_answer else {})
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read().decode()


def usulan_tasks(db_path, count):
    """`count` instances of the web UI's test SOP started by staf: the id of each one's first task."""
    alur = Alur.open(db_path)
    try:
        return [alur.tasks(instance=alur.start("usulan_uji", "staf"))[0]["id"] for _ in range(count)]
    finally:
        alur.close()


def at_once(calls):
    """Run every call in its own thread, released together; their results in order."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def assert_completed_once_each(db_path, tasks):
    """Every task of `tasks` completed exactly once, by USULAN_OK; every instance loads; the chain verifies."""
    alur = Alur.open(db_path)
    try:
        completions = Counter(row[0] for row in alur.db.execute(
            "SELECT task_id FROM events WHERE type = 'task_completed'"))
        assert set(completions) == set(tasks) and set(completions.values()) == {1}
        for task in tasks:
            shown = alur.show(alur.task(task)["instance"])  # every instance loads
            assert shown["data"]["judul"] == USULAN_OK["judul"]
        assert alur.verify().ok
    finally:
        alur.close()


def assert_won_by(db_path, task, winner):
    """The task was completed once, with the answer of client `winner` (judul 'klien N'), and the chain verifies."""
    alur = Alur.open(db_path)
    try:
        assert alur.show(alur.task(task)["instance"])["data"]["judul"] == f"klien {winner}"
        assert alur.db.execute("SELECT COUNT(*) FROM events WHERE type = 'task_completed'").fetchone()[0] == 1
        assert alur.verify().ok
    finally:
        alur.close()
