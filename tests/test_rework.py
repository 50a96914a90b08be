"""Rework that says why, kelengkapan that records what was missing, the same submission answered twice alike,
and comments on an instance: in the engine and on the command line."""

import json
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from engine import kelengkapan, versions
from engine.errors import Conflict, Forbidden, InvalidData, InvalidDiagram
from test_attachments import FIRST, PDF, spt  # noqa: F401  (fixture)

DOKUMEN = DATA / "dokumen.bpmn"
SEND_BACK = {"keputusan": "kembalikan", "alasan": "Tanggal SPT salah", "kelengkapan_periksa": ["SPT"]}


def complete_first(alur, instance, task):
    alur.complete(task, "staf", FIRST, {"berkas_spt": ("spt.pdf", PDF)})
    return alur.tasks(instance=instance)[0].id


def test_an_answer_that_sends_the_work_back_may_miss_kelengkapan_and_the_missing_is_recorded(alur, spt):
    instance, task = spt
    periksa = complete_first(alur, instance, task)
    with pytest.raises(InvalidData) as refused:  # an approval needs every item
        alur.complete(periksa, "kepala", {"keputusan": "setuju", "kelengkapan_periksa": ["SPT"]})
    assert refused.value.code == "field.unchecked" and refused.value.items == ["Disposisi"]
    alur.complete(periksa, "kepala", SEND_BACK)
    completed = [e for e in alur.history(instance) if e.type == "task_completed"][-1]
    assert completed.data[kelengkapan.MISSING] == {"kelengkapan_periksa": ["Disposisi"]}
    assert kelengkapan.MISSING not in alur.show(instance).data  # said in the event, not data of the process
    assert alur.verify().ok and alur.reexecute(instance).ok
    assert kelengkapan.MISSING not in alur.replay(instance, len(alur.history(instance))).data


def test_nothing_ticked_is_taken_too_when_the_work_goes_back(alur, spt):
    instance, task = spt
    periksa = complete_first(alur, instance, task)
    alur.complete(periksa, "kepala", {"keputusan": "kembalikan"})
    completed = [e for e in alur.history(instance) if e.type == "task_completed"][-1]
    assert completed.data[kelengkapan.MISSING] == {"kelengkapan_periksa": ["SPT", "Disposisi"]}


def test_kelengkapan_wajib_tidak_lets_an_approval_go_on_with_items_missing(alur, tmp_path):
    text = DOKUMEN.read_text().replace(
        '<spiffworkflow:property name="nomor" value="2" />',
        '<spiffworkflow:property name="nomor" value="2" />\n<spiffworkflow:property name="kelengkapan_wajib" value="tidak" />')
    path = tmp_path / "dokumen.bpmn"
    path.write_text(text)
    alur.deploy([path])
    alur.add_user("staf", lanes=["Staf"])
    alur.add_user("kepala", lanes=["Kepala"])
    instance = alur.start("penerbitan_spt", "staf")
    periksa = complete_first(alur, instance, alur.tasks(instance=instance)[0].id)
    alur.complete(periksa, "kepala", {"keputusan": "setuju", "kelengkapan_periksa": ["SPT"]})
    assert [t.name for t in alur.tasks(instance=instance)] == ["Mengarsipkan SPT"]
    bad = tmp_path / "salah.bpmn"
    bad.write_text(text.replace('value="tidak"', 'value="kadang"'))
    with pytest.raises(InvalidDiagram) as refused:
        alur.deploy([bad])
    assert "kelengkapan_wajib 'kadang': use one of ya, tidak" in str(refused.value)


@pytest.mark.parametrize("path", sorted(ROOT.glob("bpmn/*/*.bpmn")) + [DATA / "surat.bpmn", DOKUMEN],
                         ids=lambda p: Path(p).stem)
def test_every_decision_of_the_diagrams_has_an_answer_that_goes_on_and_one_that_sends_back(alur, path):
    (deployed,) = [d for d in alur.deploy([path])]
    model = versions.model_of(alur.db, versions.newest(alur.db, deployed.process)["id"])
    decisions = [(a, f) for a in model["activities"].values() for f in a["fields"] if f["type"] == "choice"]
    for activity, field in decisions:
        lenient = kelengkapan.lenient_answers(model, activity, field)
        assert lenient and lenient != set(field["choices"]), (activity["name"], field["choices"], lenient)


def test_a_task_sent_back_says_who_from_where_when_why_and_what_was_entered(alur, spt):
    instance, task = spt
    assert alur.rework(task) is None  # the first pass
    periksa = complete_first(alur, instance, task)
    alur.complete(periksa, "kepala", SEND_BACK)
    (again,) = alur.tasks(instance=instance)
    rework = alur.rework(again.id)
    back = [e for e in alur.history(instance) if e.type == "task_completed"][-1]
    assert (rework.by, rework.activity, rework.lane, rework.at, rework.previous_task) == (
        "kepala", "Memeriksa SPT", "Kepala", back.at, task)
    assert rework.answer == {"field": "keputusan", "label": "Keputusan", "value": "kembalikan"}
    assert rework.notes == [{"field": "alasan", "label": "Alasan", "value": "Tanggal SPT salah"}]
    assert rework.missing == {"kelengkapan_periksa": ["Disposisi"]}
    assert rework.previous["nomor_spt"] == "800/12/2026" and rework.previous["berkas_spt"]["name"] == "spt.pdf"
    assert alur.rework(periksa) is None


def test_the_same_submission_again_by_the_same_user_answers_as_the_first(alur, spt):
    instance, task = spt
    ready = alur.complete(task, "staf", FIRST, {"berkas_spt": ("spt.pdf", PDF)})
    events = len(alur.history(instance))
    assert alur.complete(task, "staf", FIRST, {"berkas_spt": ("spt.pdf", PDF)}) == ready
    assert len(alur.history(instance)) == events and len(alur.attachments(instance)) == 1
    with pytest.raises(Conflict):  # something else typed: the task was done already
        alur.complete(task, "staf", {**FIRST, "nomor_spt": "lain"}, {"berkas_spt": ("spt.pdf", PDF)})
    with pytest.raises(Conflict):  # another document
        alur.complete(task, "staf", FIRST, {"berkas_spt": ("spt.pdf", PDF + b"\n")})
    alur.add_user("staf2", lanes=["Staf"])
    with pytest.raises(Conflict):  # another user
        alur.complete(task, "staf2", FIRST, {"berkas_spt": ("spt.pdf", PDF)})
    assert alur.verify().ok


def test_comments_are_chained_events_from_the_instances_staff(alur, spt):
    instance, _ = spt
    alur.comment(instance, "kepala", "  SPT ditunggu hari ini  ")
    (comment,) = alur.comments(instance)
    assert (comment.by, comment.text, comment.instance) == ("kepala", "SPT ditunggu hari ini", instance)
    assert alur.history(instance)[-1].type == "comment_added" and alur.verify().ok
    alur.add_user("auditor", roles=["auditor"], lanes=["Staf"])
    alur.deploy([DATA / "webui-lain.bpmn"])
    alur.add_user("bendahara", lanes=["Bendahara"])
    alur.add_user("admin", roles=["admin"])
    alur.comment(instance, "admin", "dipantau")
    for user, error, code in (("auditor", Forbidden, "comment.auditor"), ("bendahara", Forbidden, "comment.outside_lanes"),
                              ("kepala", InvalidData, "comment.empty")):
        with pytest.raises(error) as refused:
            alur.comment(instance, user, "   " if error is InvalidData else "x")
        assert refused.value.code == code
    with pytest.raises(InvalidData) as refused:
        alur.comment(instance, "kepala", "x" * 4001)
    assert refused.value.code == "comment.too_long"
    assert [c.by for c in alur.comments(instance)] == ["kepala", "admin"]


def test_the_cli_comments_and_completes_twice_alike(cli, tmp_path):
    pdf = tmp_path / "spt.pdf"
    pdf.write_bytes(PDF)
    cli("deploy", DOKUMEN, check=True)
    cli("users", "add", "staf", "--lane", "Staf", check=True)
    cli("users", "add", "kepala", "--lane", "Kepala", check=True)
    cli("start", "penerbitan_spt", "--as", "staf", "--subject", "SPT pendampingan WBK 2026", check=True)
    args = ("complete", "1", "--as", "staf", "--data", json.dumps(FIRST), "--file", f"berkas_spt={pdf}")
    first, second = cli(*args), cli(*args)
    assert first.returncode == second.returncode == 0 and first.stdout == second.stdout
    assert cli("comment", "1", "--as", "kepala", "Mohon dipercepat").stdout.strip() == "commented on instance 1"
    history = json.loads(cli("history", "1", "--json", check=True).stdout)
    assert history[-1]["type"] == "comment_added" and history[-1]["data"] == {"text": "Mohon dipercepat"}
    refused = cli("comment", "1", "--as", "kepala", " ")
    assert refused.returncode == 2 and refused.stderr.startswith("error: the comment is empty")
