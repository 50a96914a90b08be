"""An instance's engine state is stored in SpiffWorkflow's own format, whichever reads and writes it: Alur's fast
reader and writer (engine.spiffstate) and SpiffWorkflow's own converter (which wrote the states of older databases)
give the same text and the same task tree at every step of a walk through a parallel split, and round a loop."""

import json

import pytest
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from conftest import DATA
from engine import runtime, versions


class _Stock(BpmnWorkflowConverter):
    """SpiffWorkflow's converter as the engine used it before engine.spiffstate, spec left out."""

    def to_dict(self, workflow):
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct, spec, subprocess_specs):
        return super().from_dict({**dct, "spec": spec, "subprocess_specs": subprocess_specs})


STOCK = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure({**SPIFF_CONFIG, BpmnWorkflow: _Stock}))


def text(serializer, workflow):
    return json.dumps(serializer.to_dict(workflow), separators=(",", ":"))


def tree(workflow):
    return {str(task.id): (str(task._parent) if task._parent else None, [str(c) for c in task._children],
                           task.task_spec.name, task.state, task.data, task.internal_data)
            for task in workflow.tasks.values()}


@pytest.fixture
def paralel(alur):
    alur.deploy([DATA / "paralel.bpmn"])
    for name, lane in (("staf", "Staf"), ("kepala", "Kepala"), ("bendahara", "Bendahara")):
        alur.add_user(name, lanes=[lane])
    return alur


def assert_both_read_it_alike(alur, instance):
    row = alur.db.execute("SELECT state, version_id FROM instances WHERE id = ?", [instance]).fetchone()
    state, version = row[0], versions.by_id(alur.db, row[1])
    spec, subprocess_specs = runtime.specs(version)
    ours = runtime._SERIALIZER.from_dict(json.loads(state), spec=spec, subprocess_specs=subprocess_specs)
    theirs = STOCK.from_dict(json.loads(state), spec=spec, subprocess_specs=subprocess_specs)
    assert tree(ours) == tree(theirs)
    assert (ours.last_task and str(ours.last_task.id)) == (theirs.last_task and str(theirs.last_task.id))
    assert text(runtime._SERIALIZER, ours) == text(STOCK, theirs) == text(STOCK, ours)
    assert json.loads(text(STOCK, theirs))["tasks"] == json.loads(state)["tasks"]


ANSWERS = {"Task_konsep": ("staf", {"nomor_konsep": "K-1"}),
           "Task_periksa": ("kepala", {"catatan_isi": "isi baik"}),
           "Task_anggaran": ("bendahara", {"catatan_anggaran": "anggaran cukup"})}


def test_a_parallel_walk_stores_what_spiffworkflow_itself_reads_and_writes(paralel):
    instance = paralel.start("paralel", "staf")
    assert_both_read_it_alike(paralel, instance)
    while paralel.show(instance)["status"] == "running":
        task = paralel.tasks(instance=instance)[0]
        user, data = ANSWERS.get(task["element"], ("staf", {}))
        paralel.complete(task["id"], user, data)
        assert_both_read_it_alike(paralel, instance)
    assert paralel.verify().ok


def test_a_loop_stores_what_spiffworkflow_itself_reads_and_writes(surat):
    instance = surat.start("surat", "staf")
    steps = [("staf", {"nomor_konsep": "K-1"}), ("kepala", {"keputusan": "revisi"}), ("staf", {"nomor_konsep": "K-2"}),
             ("kepala", {"keputusan": "setuju"}), ("staf", {"kelengkapan_diperiksa": ["Surat", "agenda"]})]
    for user, data in steps:
        assert_both_read_it_alike(surat, instance)
        surat.complete(surat.tasks(instance=instance)[0]["id"], user, data)
    assert surat.show(instance)["status"] == "completed" and surat.verify().ok


def test_data_a_task_changes_or_drops_from_its_parents_is_written_alike(surat):
    """What the walks above do not reach: a task whose data changes and drops what its parent holds."""
    instance = surat.start("surat", "staf")
    surat.complete(surat.tasks(instance=instance)[0]["id"], "staf", {"nomor_konsep": "K-1"})
    row = surat.db.execute("SELECT state, version_id FROM instances WHERE id = ?", [instance]).fetchone()
    spec, subprocess_specs = runtime.specs(versions.by_id(surat.db, row[1]))
    workflow = runtime._SERIALIZER.from_dict(json.loads(row[0]), spec=spec, subprocess_specs=subprocess_specs)
    child = next(task for task in workflow.tasks.values() if task.parent is not None)
    child.parent.data.update({"nomor_konsep": "K-1", "lampiran": ["a"], "dibuang": 1})
    child.data.update({"nomor_konsep": "K-2", "lampiran": ["a", "b"]})
    child.data.pop("dibuang", None)
    written = text(runtime._SERIALIZER, workflow)
    assert written == text(STOCK, workflow)
    ours = runtime._SERIALIZER.from_dict(json.loads(written), spec=spec, subprocess_specs=subprocess_specs)
    theirs = STOCK.from_dict(json.loads(written), spec=spec, subprocess_specs=subprocess_specs)
    assert tree(ours) == tree(theirs) and ours.tasks[str(child.id)].data["nomor_konsep"] == "K-2"
