"""Does a command's cost grow with an instance's past?

Times one completion in an instance whose loop ran 400 times against one in a fresh instance,
interleaved in one run, and prints the ratio (target: at most 2). For comparison it does the same
with SpiffWorkflow's plain whole-state serialisation, which keeps every task ever run.

    make bench        (or: .venv/bin/python bench/bench_history.py [--iterations 400] [--samples 31])
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer  # noqa: E402
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow  # noqa: E402
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG  # noqa: E402
from SpiffWorkflow.util.task import TaskState  # noqa: E402

from engine import Alur  # noqa: E402
from engine import runtime  # noqa: E402
from engine.expressions import script_engine  # noqa: E402

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


def measure(iterations, samples):
    with tempfile.TemporaryDirectory() as tmp:
        alur = alur_engine(Path(tmp) / "bench.db")
        old = alur.start("surat", "staf")
        alur_loop(alur, old, iterations)
        plain_old = PlainSpiff()
        plain_old.loop(min(iterations, PLAIN_LIMIT))
        times = {"alur_fresh": [], "alur_old": [], "plain_fresh": [], "plain_old": []}
        for _ in range(samples):
            times["alur_fresh"].append(time_alur_completion(alur, alur.start("surat", "staf")))
            times["alur_old"].append(time_alur_completion(alur, old))
            times["plain_fresh"].append(PlainSpiff().timed())
            times["plain_old"].append(plain_old.timed())
        alur.close()
    return {name: statistics.median(values) for name, values in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=400)
    parser.add_argument("--samples", type=int, default=31)
    args = parser.parse_args()
    medians = measure(args.iterations, args.samples)
    alur_ratio = medians["alur_old"] / medians["alur_fresh"]
    plain_ratio = medians["plain_old"] / medians["plain_fresh"]
    print(f"one completion, median of {args.samples}, after {args.iterations} loop iterations vs a fresh instance")
    print(f"  Alur (pruned state, SQLite):      {medians['alur_old'] * 1000:7.2f} ms vs "
          f"{medians['alur_fresh'] * 1000:6.2f} ms  ratio {alur_ratio:5.2f}  (target <= 2)")
    print(f"  plain SpiffWorkflow whole state:  {medians['plain_old'] * 1000:7.2f} ms vs "
          f"{medians['plain_fresh'] * 1000:6.2f} ms  ratio {plain_ratio:5.2f}  (after only "
          f"{min(args.iterations, PLAIN_LIMIT)} iterations: past ~330 it loses the ready task)")
    return 0 if alur_ratio <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
