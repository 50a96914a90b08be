"""The figures measured in this process and on the command line: engine_overhead, replay_linear, cli_startup,
and, without a target, deploy against SpiffWorkflow's parse, `alur verify` with ten times the events and the
database's size per completed instance."""

import contextlib
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from lxml import etree
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from engine import Alur
from engine.demo import user_name

from . import sop
from .harness import BIN, Figure, interleaved, timed

NGANJUK_ID = "pengusulan_wbk_wbbm"


class SpiffAlone:
    """The baseline of engine_overhead: SpiffWorkflow by itself, its whole state (serialize_json, as the library
    does it) in one row of an SQLite table, read and written in one write transaction per task, with the
    durability Alur asks for (WAL, synchronous=FULL) on a connection kept open."""

    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))

    def __init__(self, path, script):
        parser = SpiffBpmnParser()
        parser.add_bpmn_file(str(sop.NGANJUK))
        self.spec, self.subprocesses = parser.get_spec(NGANJUK_ID), parser.get_subprocess_specs(NGANJUK_ID)
        self.script = script
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("CREATE TABLE workflows (id INTEGER PRIMARY KEY, state TEXT NOT NULL)")

    def walk(self):
        workflow = BpmnWorkflow(self.spec, self.subprocesses)
        workflow.do_engine_steps()
        with self._transaction():
            row = self.conn.execute("INSERT INTO workflows (state) VALUES (?)",
                                    [self.serializer.serialize_json(workflow)]).lastrowid
        for element, _, data in self.script:
            with self._transaction():
                [state] = self.conn.execute("SELECT state FROM workflows WHERE id = ?", [row]).fetchone()
                workflow = self.serializer.deserialize_json(state)
                [task] = workflow.get_tasks(state=TaskState.READY, manual=True)
                assert task.task_spec.name == element, (task.task_spec.name, element)
                task.set_data(**data)
                task.run()
                workflow.do_engine_steps()
                self.conn.execute("UPDATE workflows SET state = ? WHERE id = ?",
                                  [self.serializer.serialize_json(workflow), row])
        assert workflow.is_completed()

    @contextlib.contextmanager
    def _transaction(self):
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self):
        self.conn.close()


def engine_overhead(tmp, base):
    """Every task of the Nganjuk SOP, each loop once, each command on a freshly opened engine (A), against
    SpiffWorkflow alone (B)."""
    db = Path(tmp) / "overhead.db"
    db.write_bytes(Path(base).read_bytes())
    alur = Alur.open(db)
    try:
        _, script = sop.walk(alur, NGANJUK_ID)  # what each task is given, in order; also warms the spec cache
    finally:
        alur.close()
    spiff = SpiffAlone(Path(tmp) / "spiff-alone.db", script)

    def alur_walk():
        alur = Alur.open(db)
        ready = alur.tasks(instance=alur.start(NGANJUK_ID, sop.PATHS[NGANJUK_ID][0]))
        alur.close()
        for element, lane, data in script:
            [task] = ready
            assert task["element"] == element, (task["element"], element)
            alur = Alur.open(db)
            ready = alur.complete(task["id"], user_name(lane), data)
            alur.close()
        assert not ready

    cpu = {alur_walk: [], spiff.walk: []}  # the processor time of each walk: what the disk's waits leave out

    def measured(walk):
        def run():
            started = time.process_time()
            seconds = timed(walk)()
            cpu[walk].append(time.process_time() - started)
            return seconds
        return run
    try:
        a, b = interleaved(measured(alur_walk), measured(spiff.walk), min_reps=11, max_reps=41, budget=15)
    finally:
        spiff.close()
    cpu_a, cpu_b = (statistics.median(cpu[walk]) * 1000 for walk in (alur_walk, spiff.walk))
    return Figure("engine_overhead", a, b, target=1.2,
                  note=f"a walk of {len(script)} tasks, {len(script) + 1} commands; "
                       f"CPU {cpu_a:.1f} against {cpu_b:.1f} ms, ratio {cpu_a / cpu_b:.2f}")


def _revised(alur, events_wanted):
    """A Nganjuk instance whose draft SK goes round the revision loop until it has `events_wanted` events."""
    instance = alur.start(NGANJUK_ID, sop.PATHS[NGANJUK_ID][0])
    answers = {"keputusan_5": ["setuju"]}
    while len(alur.history(instance)) < events_wanted:
        [task] = alur.tasks(instance=instance)
        answers["keputusan_7"] = ["revisi"]
        alur.complete(task["id"], user_name(task["lane"]), sop.submission(task["fields"], answers, task["number"]))
    return instance, len(alur.history(instance))


def replay_linear(tmp, base):
    """Re-executing an instance of 1,000 events (A) against one of 100 (B)."""
    db = Path(tmp) / "replay.db"
    db.write_bytes(Path(base).read_bytes())
    alur = Alur.open(db)
    try:
        (long, long_events), (short, short_events) = _revised(alur, 1000), _revised(alur, 100)

        def reexecute(instance):
            assert alur.reexecute(instance).ok
        a, b = interleaved(timed(lambda: reexecute(long)), timed(lambda: reexecute(short)),
                           min_reps=5, max_reps=21, budget=15)
    finally:
        alur.close()
    return Figure("replay_linear", a, b, target=12, note=f"{long_events} against {short_events} events")


def cli_startup(db):
    """`alur tasks --json` of the run venv on a small office's database (A) against `python -c pass` (B)."""
    def run(argv):
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    alur_tasks = [str(BIN / "alur"), "tasks", "--json", "--db", str(db)]
    run(alur_tasks)  # the first start compiles nothing later runs would not find in __pycache__
    a, b = interleaved(timed(lambda: run(alur_tasks)), timed(lambda: run([sys.executable, "-c", "pass"])),
                       min_reps=11, max_reps=31, budget=15)
    return Figure("cli_startup", a, b, target=5)


def deploy_against_parse(tmp, base):
    """Report: deploying the Nganjuk diagram (validation, model, a new version stored) against SpiffWorkflow
    parsing it into a spec."""
    db = Path(tmp) / "deploy.db"
    db.write_bytes(Path(base).read_bytes())
    data = sop.NGANJUK.read_bytes()
    alur = Alur.open(db)
    counter = iter(range(10 ** 6))

    def deploy():  # a comment makes each deploy a new version, as an edited diagram would be
        alur.deploy_bytes([(sop.NGANJUK.name, data + f"<!-- {next(counter)} -->".encode())], "bench")

    def parse():
        parser = SpiffBpmnParser()
        parser.add_bpmn_xml(etree.fromstring(data), sop.NGANJUK.name)
        parser.get_spec(NGANJUK_ID)
    try:
        return interleaved(timed(deploy), timed(parse), min_reps=5, max_reps=21, budget=10)
    finally:
        alur.close()


def verify_tenfold(tmp, base, walks=23):
    """Report: `alur verify` on a database of `walks` completed Nganjuk walks (about 1,000 events) and on one of
    ten times as many; also what one completed instance takes on disk, and the events' share of it.
    Returns (seconds for 10x, seconds for 1x, events 10x, events 1x, kB per instance, events' share)."""
    dbs = []
    for count in (walks * 10, walks):
        db = Path(tmp) / f"verify-{count}.db"
        db.write_bytes(Path(base).read_bytes())
        alur = Alur.open(db)
        try:
            for _ in range(count):
                sop.walk(alur, NGANJUK_ID)
        finally:
            alur.close()
        dbs.append(db)
    engines = [Alur.open(db) for db in dbs]
    try:
        events = [alur.verify().events for alur in engines]
        a, b = interleaved(timed(engines[0].verify), timed(engines[1].verify), min_reps=3, max_reps=11, budget=10)
    finally:
        for alur in engines:
            alur.close()
    sizes = [_pages(db) for db in dbs]
    per_instance = {name: (sizes[0].get(name, 0) - sizes[1].get(name, 0)) / (walks * 9) for name in sizes[0]}
    total = sum(per_instance.values())
    events_share = sum(v for k, v in per_instance.items() if k.startswith("events")) / total
    return a, b, events, total / 1024, events_share


def _pages(db):
    """Bytes of the pages of each table and index (SQLite's dbstat)."""
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall())
    finally:
        conn.close()
