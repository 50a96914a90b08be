"""two_servers, a figure without a target: completions a second through one `alur serve` and through two on one
PostgreSQL (bench/pgcluster.py's throwaway cluster, with fsync on, as an office's server keeps it), the same 16
clients completing the first task of Nganjuk instances, and where the machine's processors went while two served."""

import os
import statistics
import time
from pathlib import Path

from engine import Alur

from . import sop
from .figures_web import CLIENTS, _throughput, alur_serve, complete
from .harness import Client, free_port, interleaved

WORKERS = 2     # per server: two servers have the workers web_throughput's one has
DURABLE = ("fsync=on", "synchronous_commit=on", "full_page_writes=on")
TICK = os.sysconf("SC_CLK_TCK")


def two_servers(tmp, base, per_round=6, max_reps=7):
    """The report line: two servers' completions a second against one server's, with the CPU shares."""
    from .pgcluster import Cluster
    cluster = Cluster.start(settings=DURABLE)
    try:
        url = cluster.create_database()
        Alur.copy_store(base, url)   # the bench's office (both SOPs, a user per lane, tpi-01..16), verified
        queues, data = _instances(url, CLIENTS * per_round * max_reps * 2)
        ports = free_port(), free_port()
        with alur_serve(url, ports[0], tmp, WORKERS) as first, alur_serve(url, ports[1], tmp, WORKERS) as second:
            clients = {port: [Client(port).sign_in(f"tpi-{k + 1:02d}", sop.PASSWORD) for k in range(CLIENTS)]
                       for port in ports}
            processes = {"the servers": [first.pid, second.pid], "PostgreSQL": [_postmaster(cluster)],
                         "the clients": [os.getpid()]}
            usage = {servers: _Usage(processes, CLIENTS * per_round) for servers in (1, 2)}

            def run(servers):
                return usage[servers].during(lambda: _throughput([
                    lambda c=clients[ports[k % servers]][k], q=queues[k]: complete(c, q, per_round, data)
                    for k in range(CLIENTS)]))

            a, b = interleaved(lambda: run(2), lambda: run(1), min_reps=3, max_reps=max_reps, budget=40)
    finally:
        cluster.stop()
    two, one = statistics.median(a), statistics.median(b)
    return (f"two_servers: {two:.1f} completions a second through two servers on one PostgreSQL against {one:.1f} "
            f"through one (ratio {two / one:.2f}; {len(a)} repetitions; {CLIENTS} clients, {WORKERS} workers a "
            f"server; fsync on); CPU a completion with two: {usage[2].shares()}; with one: {usage[1].shares()}")


def _instances(url, count):
    """`count` instances of Nganjuk's SOP at their first task, started through the engine (each chained), dealt to
    the clients; and what a clerk enters there."""
    process_id = next(iter(sop.PATHS))
    alur = Alur.open(url)
    try:
        for _ in range(count):
            alur.start(process_id, sop.PATHS[process_id][0])
        tasks = alur.tasks(lane="TPI")
    finally:
        alur.close()
    return [[t["id"] for t in tasks[k::CLIENTS]] for k in range(CLIENTS)], \
        sop.submission(tasks[0]["fields"], {}, tasks[0]["number"])


def _postmaster(cluster):
    return int((Path(cluster.data) / "postmaster.pid").read_text().split()[0])


class _Usage:
    """CPU seconds that groups of processes (each with its children) spent during the measured calls, each call
    `per_call` completions."""

    def __init__(self, groups, per_call):
        self.groups, self.per_call = groups, per_call
        self.spent, self.wall, self.calls = dict.fromkeys(groups, 0.0), 0.0, 0

    def during(self, call):
        before, started = self._now(), time.perf_counter()
        result = call()
        self.wall += time.perf_counter() - started
        self.calls += 1
        for name, seconds in self._now().items():
            self.spent[name] += seconds - before[name]
        return result

    def _now(self):
        return {name: sum(_cpu(pid) for pid in pids) for name, pids in self.groups.items()}

    def shares(self):
        """'the servers 20.1 ms, PostgreSQL 3.2 ms, the clients 0.4 ms (the 2 CPUs 45% busy with them)'"""
        completions, capacity = self.calls * self.per_call, self.wall * (os.cpu_count() or 1)
        parts = ", ".join(f"{name} {seconds / completions * 1000:.1f} ms" for name, seconds in self.spent.items())
        return f"{parts} (the {os.cpu_count()} CPUs {sum(self.spent.values()) / capacity:.0%} busy with them)"


def _cpu(pid):
    """CPU seconds of a process and, for another process, its live children (gunicorn's workers, PostgreSQL's
    backends); this process's own are its threads'."""
    if pid == os.getpid():
        times = os.times()
        return times.user + times.system
    total = 0
    for each in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:   # ended meanwhile
            continue
        total += int(fields[11]) + int(fields[12])   # utime, stime
    return total / TICK


def _children(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
