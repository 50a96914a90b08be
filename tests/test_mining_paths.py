"""The export stays true on every path: each path of both SOPs (tests/test_sop_paths.py), loops included, and a
loop through a named intermediate event, run through the engine, exported as XES, and replayed by a standard reader
(pm4py, a test-only dependency) on the diagram Alur exports as a Petri net (`alur export pnml`), with fitness 1.0."""

import pytest

from engine.errors import InvalidData

from conftest import SURAT
from test_sop_paths import PATHS, sop_engine, walk  # noqa: F401  (sop_engine is a fixture)

import pm4py  # AGPL: a test dependency (the `test` extra), never imported by engine/
pytestmark = pytest.mark.filterwarnings("ignore::PendingDeprecationWarning",
                                        "ignore:Install the optional requirement:UserWarning")


def replay(engine, process_id, tmp_path, drop=None):
    (tmp_path / "log.xes").write_text(engine.export("xes", process=process_id), encoding="utf-8")
    (tmp_path / "net.pnml").write_text(engine.export("pnml", process=process_id), encoding="utf-8")
    log = pm4py.read_xes(str(tmp_path / "log.xes"))
    done = log[log["lifecycle:transition"] == "complete"]
    if drop:
        done = done[done["concept:name"] != drop]
    net, initial, final = pm4py.read_pnml(str(tmp_path / "net.pnml"))
    return done, net, initial, final


@pytest.mark.parametrize("path", sorted(PATHS))
def test_every_path_replays_on_the_exported_net_with_fitness_1(sop_engine, path, tmp_path):  # noqa: F811
    process_id, answers, expected = PATHS[path]
    walk(sop_engine, process_id, expected[0][1], answers)
    done, net, initial, final = replay(sop_engine, process_id, tmp_path)
    assert len(done) == len(expected)
    labels = {t.label for t in net.transitions if t.label}
    assert set(done["concept:name"]) <= labels
    result = pm4py.fitness_token_based_replay(done, net, initial, final)
    assert (result["log_fitness"], result["perc_fit_traces"]) == (1.0, 100.0)
    assert [a["fitness"] for a in pm4py.conformance_diagnostics_alignments(done, net, initial, final)] == [1.0]


def with_named_event(tmp_path):
    """The test SOP with its revision passing a named intermediate event, as a modeler may draw it:
    Disetujui? -revisi-> "Konsep dikembalikan ke Staf" -> Menyusun konsep surat."""
    text = SURAT.read_text(encoding="utf-8")
    text = text.replace('name="revisi" sourceRef="Gateway_periksa" targetRef="Task_konsep"',
                        'name="revisi" sourceRef="Gateway_periksa" targetRef="Event_kembali"')
    text = text.replace('<bpmn:sequenceFlow id="Flow_4"', (
        '<bpmn:intermediateThrowEvent id="Event_kembali" name="Konsep dikembalikan ke Staf">'
        '<bpmn:incoming>Flow_revisi</bpmn:incoming><bpmn:outgoing>Flow_kembali</bpmn:outgoing>'
        '</bpmn:intermediateThrowEvent>\n'
        '<bpmn:sequenceFlow id="Flow_kembali" sourceRef="Event_kembali" targetRef="Task_konsep" />\n'
        '<bpmn:sequenceFlow id="Flow_4"'))
    text = text.replace("<bpmn:flowNodeRef>Gateway_periksa</bpmn:flowNodeRef>",
                        "<bpmn:flowNodeRef>Gateway_periksa</bpmn:flowNodeRef>"
                        "<bpmn:flowNodeRef>Event_kembali</bpmn:flowNodeRef>")
    path = tmp_path / "surat.bpmn"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_loop_through_a_named_event_fits_the_exported_net_not_the_readers_own_conversion(surat, tmp_path):
    """Why Alur exports the net: pm4py's BPMN conversion drops intermediate events, so its net has no way back
    through the named event, while the net Alur exports replays the same traces."""
    diagram = with_named_event(tmp_path)
    [deployment] = surat.deploy([diagram])
    assert deployment.version == 2
    for decisions in (["setuju"], ["revisi", "setuju"], ["revisi", "revisi", "setuju"]):
        instance = surat.start("surat", "staf")
        for answer in decisions:
            surat.complete(surat.tasks(instance=instance)[0]["id"], "staf", {"nomor_konsep": "K"})
            surat.complete(surat.tasks(instance=instance)[0]["id"], "kepala", {"keputusan": answer})
        surat.complete(surat.tasks(instance=instance)[0]["id"], "staf", {"kelengkapan_diperiksa": ["Surat", "agenda"]})
    done, net, initial, final = replay(surat, "surat", tmp_path)
    own = pm4py.convert_to_petri_net(pm4py.read_bpmn(str(diagram)))
    assert pm4py.fitness_token_based_replay(done, *own)["perc_fit_traces"] < 100.0
    result = pm4py.fitness_token_based_replay(done, net, initial, final)
    assert (result["log_fitness"], result["perc_fit_traces"]) == (1.0, 100.0)
    assert [a["fitness"] for a in pm4py.conformance_diagnostics_alignments(done, net, initial, final)] == [1.0] * 3


def test_a_trace_missing_an_activity_does_not_fit(sop_engine, tmp_path):  # noqa: F811
    process_id, answers, expected = PATHS["sinovik koreksi konsep surat"]
    walk(sop_engine, process_id, expected[0][1], answers)
    done, net, initial, final = replay(sop_engine, process_id, tmp_path, drop="Mengoreksi dan menyetujui konsep surat")
    assert pm4py.fitness_token_based_replay(done, net, initial, final)["log_fitness"] < 1.0


def test_a_pnml_export_names_its_process(sop_engine):  # noqa: F811
    with pytest.raises(InvalidData, match="name it with --process"):
        sop_engine.export("pnml")
    assert sop_engine.export("pnml", process="kompetisi_sinovik").count('activity="$invisible$"') > 0
