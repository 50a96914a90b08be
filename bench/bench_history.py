"""Does a command's cost grow with an instance's past?

Times one completion in an instance whose loop ran 400 times against one in a fresh instance, interleaved
in one run (`make bench` prints the ratio as `history_flat`). Run alone, it also does the same with
SpiffWorkflow's plain whole-state serialisation, which keeps every task ever run.

    .venv/bin/python -m bench.bench_history [--iterations 400] [--samples 31]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from engine import Alur
from engine import runtime
from engine.expressions import script_engine

from .harness import Figure, interleaved

ROOT = Path(__file__).resolve().parent.parent
DIAGRAM = ROOT / "tests" / "data" / "surat.bpmn"
DRAFT, REVISE = {"nomor_konsep": "K"}, {"keputusan": "revisi"}
# Plain SpiffWorkflow loses its ready task past tree depth 1000: about 330 rounds of this loop.
PLAIN_LIMIT = 300


def alur_engine(db_path):
    alur = Alur.open(db_path)
    alur.deploy([DIAGRAM])
    alur.add_user("staf", lanes=["Staf"])
    alur.add_user("kepala", lanes=["Kepala"])
    return alur


def alur_loop(alur, instance, times):
    for _ in range(times):
        alur.complete(alur.tasks(instance=instance)[0]["id"], "staf", DRAFT)
        alur.complete(alur.tasks(instance=instance)[0]["id"], "kepala", REVISE)


def time_alur_completion(alur, instance):
    """One completion of the draft task, then the review to bring the loop round again."""
    [task] = alur.tasks(instance=instance)
    started = time.perf_counter()
    alur.complete(task["id"], "staf", DRAFT)
    elapsed = time.perf_counter() - started
    alur.complete(alur.tasks(instance=instance)[0]["id"], "kepala", REVISE)
    return elapsed


class PlainSpiff:
    """What an application gets by loading and saving SpiffWorkflow's whole state per request."""

    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))

    def __init__(self):
        version = {"id": 0, "sha256": "bench", "bpmn": DIAGRAM.read_bytes(), "file_name": DIAGRAM.name,
                   "process_id": "surat"}
        spec, subprocess_specs = runtime.specs(version)
        workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine())
        workflow.do_engine_steps()
        self.state = self.serializer.serialize_json(workflow)

    def request(self, data):
        workflow = self.serializer.deserialize_json(self.state)
        workflow.script_engine = script_engine()
        [task] = workflow.get_tasks(state=TaskState.READY, manual=True)
        task.set_data(**data)
        task.run()
        workflow.do_engine_steps()
        self.state = self.serializer.serialize_json(workflow)

    def loop(self, times):
        for _ in range(times):
            self.request(DRAFT)
            self.request(REVISE)

    def timed(self):
        started = time.perf_counter()
        self.request(DRAFT)
        elapsed = time.perf_counter() - started
        self.request(REVISE)
        return elapsed


def history_flat(tmp, iterations=400, min_reps=21, max_reps=61, budget=10):
    """The figure: a completion after `iterations` rounds of the loop (A) against one in a fresh instance (B)."""
    alur = alur_engine(Path(tmp) / "history.db")
    try:
        old = alur.start("surat", "staf")
        alur_loop(alur, old, iterations)
        a, b = interleaved(lambda: time_alur_completion(alur, old),
                           lambda: time_alur_completion(alur, alur.start("surat", "staf")),
                           min_reps=min_reps, max_reps=max_reps, budget=budget)
    finally:
        alur.close()
    return Figure("history_flat", a, b, target=1.5, note=f"after {iterations} rounds of a loop")


def plain_spiff(iterations, samples):
    """Medians of one plain SpiffWorkflow request after `iterations` rounds (at most PLAIN_LIMIT) and fresh."""
    old = PlainSpiff()
    old.loop(min(iterations, PLAIN_LIMIT))
    a, b = interleaved(old.timed, lambda: PlainSpiff().timed(), min_reps=samples, max_reps=samples, budget=0)
    return statistics.median(a), statistics.median(b)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=400)
    parser.add_argument("--samples", type=int, default=31)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        figure = history_flat(tmp, args.iterations, args.samples, args.samples)
    print(figure.line())
    old, fresh = plain_spiff(args.iterations, args.samples)
    print(f"plain SpiffWorkflow whole state: {old * 1000:.2f} ms vs {fresh * 1000:.2f} ms, ratio "
          f"{old / fresh:.2f} (after only {min(args.iterations, PLAIN_LIMIT)} rounds: past ~330 it loses its task)")
    return 0 if figure.passed else 1


if __name__ == "__main__":
    sys.exit(main())
