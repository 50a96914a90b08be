"""The figures measured through the real server (`alur serve`, gunicorn, on 127.0.0.1): inbox_scale and
web_throughput, and, without a target, the server's resident memory."""

import sqlite3
import sys
import threading
import time
from pathlib import Path

from engine import Alur
from engine.vocabulary import TaskState

from . import bulk, sop
from .harness import BIN, Client, Figure, free_port, interleaved, resident_mb, server, timed

SECRET = {"ALUR_ENV": "production", "ALUR_SECRET_KEY": "bench-" + "k" * 58}
INBOX_USER = "tpi"
CLIENTS = 16
WORKERS = 4


def alur_serve(db, port, tmp, workers):
    return server([str(BIN / "alur"), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port),
                   "--workers", str(workers)], port, Path(tmp) / f"serve-{port}.log", env=SECRET,
                  ready_path="/auth/login")


def inbox_scale(tmp, big, small, instances):
    """The inbox page of a TPI user, signed in, with `instances` (A, big) against 100 (B, small) in the
    database; returns the figure and the servers' resident memory (MB) after the pages."""
    ports = free_port(), free_port()
    with alur_serve(big, ports[0], tmp, 2) as big_server, alur_serve(small, ports[1], tmp, 2) as small_server:
        clients = [Client(port).sign_in(INBOX_USER, sop.PASSWORD) for port in ports]

        def page(client):
            status, _, text = client.request("GET", "/inbox")
            assert status == 200 and 'class="task' in text, status

        for _ in range(2):  # each worker loads its engine and the versions once
            for client in clients:
                page(client)
        a, b = interleaved(timed(lambda: page(clients[0])), timed(lambda: page(clients[1])),
                           min_reps=5, max_reps=21, budget=40)
        memory = resident_mb(big_server.pid), resident_mb(small_server.pid)
    ready = [_count(db, "SELECT COUNT(*) FROM tasks WHERE state = ? AND lane = 'TPI'", [TaskState.READY])
             for db in (big, small)]
    figure = Figure("inbox_scale", a, b, target=1.5,
                    note=f"{instances:,} against 100 instances, {ready[0]:,} against {ready[1]} ready in the lane")
    return figure, memory


def _throughput(jobs):
    """Run each job (one per client) in its own thread at once; return how many requests a second all made."""
    barrier = threading.Barrier(len(jobs) + 1)
    done = []

    def run(job):
        barrier.wait()
        done.append(job())

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if len(done) != len(jobs):
        raise RuntimeError("a client failed (see above)")
    return sum(done) / elapsed


def complete(client, queue, count, data):
    """Complete the next `count` tasks of `queue` through the task page's form; how many."""
    for _ in range(count):
        status, location, _ = client.request("POST", f"/tasks/{queue.pop(0)}", data)
        if status != 302 or not location.endswith("/inbox"):
            raise RuntimeError(f"a completion answered {status} {location}")
    return count


def web_throughput(tmp, base, template, templates, per_round=30, baseline_per_round=30, max_reps=9):
    """Completions a second through `alur serve` with 16 signed-in clients (A), against the same gunicorn
    set-up making one durable SQLite write per request (B). Each client completes tasks of its own
    instances, each the first task of a Nganjuk instance. A round is as many requests a client on each side
    (30), so that its start and end, when not every client is busy yet or any more, weigh alike on both."""
    db = Path(tmp) / "throughput.db"
    first_task = templates["running"][0]  # the first SOP's instance waiting at its first task
    bulk.fill(db, base, template, [first_task] * (CLIENTS * per_round * max_reps))
    alur = Alur.open(db)
    try:
        tasks = alur.tasks(lane="TPI")
    finally:
        alur.close()
    data = sop.submission(tasks[0]["fields"], {}, tasks[0]["number"])
    queues = [[t["id"] for t in tasks[k::CLIENTS]] for k in range(CLIENTS)]
    baseline_db, baseline_port = Path(tmp) / "baseline.db", free_port()
    baseline = server([sys.executable, "-m", "bench.baseline_app", "--db", str(baseline_db), "--port",
                       str(baseline_port), "--workers", str(WORKERS)], baseline_port, Path(tmp) / "baseline.log")
    port = free_port()
    with alur_serve(db, port, tmp, WORKERS), baseline:
        clients = [Client(port).sign_in(f"tpi-{k + 1:02d}", sop.PASSWORD) for k in range(CLIENTS)]
        plain = [Client(baseline_port) for _ in range(CLIENTS)]

        def write(client):
            for _ in range(baseline_per_round):
                status, _, _ = client.request("POST", "/write", data)
                if status != 302:
                    raise RuntimeError(f"the baseline answered {status}")
            return baseline_per_round

        a, b = interleaved(lambda: _throughput([lambda c=c, q=q: complete(c, q, per_round, data)
                                                for c, q in zip(clients, queues)]),
                           lambda: _throughput([lambda c=c: write(c) for c in plain]),
                           min_reps=3, max_reps=max_reps, budget=40)
    completed = _count(db, "SELECT COUNT(*) FROM tasks WHERE state = ?", [TaskState.COMPLETED])
    if completed != CLIENTS * per_round * len(a):
        raise RuntimeError(f"{completed} tasks completed, {CLIENTS * per_round * len(a)} acknowledged")
    return Figure("web_throughput", a, b, target=0.5, at_least=True, unit="/s",
                  note=f"{CLIENTS} clients, {WORKERS} workers")


def _count(db, sql, params):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def build_inbox_dbs(tmp, base, template, templates, instances):
    """The two databases of inbox_scale: `instances` and 100 instances, half waiting at some task, half done."""
    big = bulk.fill(Path(tmp) / "inbox-big.db", base, template, bulk.office_mix(templates, instances))
    small = bulk.fill(Path(tmp) / "inbox-small.db", base, template, bulk.office_mix(templates, 100))
    return big, small
