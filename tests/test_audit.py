"""Tamper evidence, step-through replay and re-execution, as an auditor would use them."""


import pytest

from conftest import tamper

from engine.errors import InvalidData
from engine.events import content_hash


@pytest.fixture
def walked(surat):
    """One instance taken round the revision loop once and to its end."""
    instance = surat.start("surat", "staf")
    for decision in ("revisi", "setuju"):
        surat.complete(surat.tasks(instance=instance)[0]["id"], "staf", {"nomor_konsep": "K-1"})
        surat.complete(surat.tasks(instance=instance)[0]["id"], "kepala", {"keputusan": decision})
    surat.complete(surat.tasks(instance=instance)[0]["id"], "staf", {"kelengkapan_diperiksa": ["Surat", "agenda"]})
    surat.start("surat", "staf")  # a second instance, still running
    return surat



def test_an_untouched_history_verifies(walked, cli):
    report = walked.verify()
    assert report["ok"] and report["problems"] == []
    assert report["events"] == walked.db["events"].count
    result = cli("verify")
    assert result.returncode == 0 and "intact" in result.stdout


@pytest.mark.parametrize("statement,message", [
    ("UPDATE events SET actor = 'mallory' WHERE seq = 4", "event 4 (task completed by mallory"),
    ("UPDATE events SET data = '{\"keputusan\": \"setuju\"}' WHERE seq = 6", "event 6 (task completed"),
    ("DELETE FROM events WHERE seq = 6", "event 6 is missing"),
    ("DELETE FROM events WHERE seq = (SELECT MAX(seq) FROM events)", "events at the end were deleted"),
    ("INSERT INTO events (seq, at, type, actor, data, prev_hash, hash) "
     "SELECT seq + 1, '2026-01-01', 'task_completed', 'mallory', '{}', hash, 'x' FROM events ORDER BY seq DESC LIMIT 1",
     "was edited"),
])
def test_edits_deletions_and_insertions_are_named(walked, db_path, cli, statement, message):
    tamper(db_path, statement)
    report = walked.verify()
    assert not report["ok"]
    assert message in str(report["problems"][0])
    result = cli("verify")
    assert result.returncode == 1 and message in result.stdout


def test_an_event_rehashed_after_editing_still_breaks_the_next_link(walked, db_path):
    row = dict(walked.db["events"].get(4), actor="mallory")
    tamper(db_path, f"UPDATE events SET actor = 'mallory', hash = '{content_hash(row)}' WHERE seq = 4")
    assert "event 5 does not follow event 4" in str(walked.verify()["problems"][0])


@pytest.mark.parametrize("statement,message", [
    ("UPDATE tasks SET state = 'completed', completed_by = 'staf' WHERE state = 'ready'",
     "is completed in the database but no event says so"),
    ("UPDATE tasks SET completed_by = 'kepala' WHERE id = 1", "task 1 was completed by staf according to the events"),
    ("UPDATE instances SET status = 'completed' WHERE id = 2", "instance 2 is stored as completed"),
    ("UPDATE instances SET data = '{\"nomor_konsep\": \"K-9\", \"keputusan\": \"setuju\", "
     "\"kelengkapan_diperiksa\": [\"Surat\", \"agenda\"]}' WHERE id = 1", "data 'nomor_konsep' is 'K-9'"),
    ("UPDATE instances SET state = '{}' WHERE id = 2", "instance 2: the stored engine state does not load"),
])
def test_state_the_events_do_not_explain_is_named(walked, db_path, statement, message):
    tamper(db_path, statement)
    report = walked.verify()
    assert not report["ok"]
    assert any(message in str(p) for p in report["problems"]), report["problems"]


def test_replay_shows_the_instance_at_each_step(walked):
    history = walked.history(1)
    after_first_review = next(i for i, e in enumerate(history, 1)
                              if e["type"] == "task_completed" and e["lane"] == "Kepala")
    step = walked.replay(1, after_first_review)
    assert (step["actor"], step["lane"], step["status"]) == ("kepala", "Kepala", "running")
    assert step["data"] == {"nomor_konsep": "K-1", "keputusan": "revisi"}
    assert [t["name"] for t in step["done"]] == ["Menyusun konsep surat", "Memeriksa konsep surat"]
    assert step["ready"] == []
    next_step = walked.replay(1, after_first_review + 2)
    assert [t["name"] for t in next_step["ready"]] == ["Menyusun konsep surat"]
    assert next_step["highlight"]["flows"] == ["Flow_1", "Flow_2", "Flow_3", "Flow_revisi"]
    last = walked.replay(1, len(history))
    assert last["status"] == "completed" and len(last["done"]) == 5


def test_replay_outside_the_history_is_refused(walked, cli):
    with pytest.raises(InvalidData, match="has events 1 to"):
        walked.replay(1, 999)
    result = cli("replay", "1", "--step", "0")
    assert result.returncode == 2 and "step 0 is outside them" in result.stderr


def test_reexecution_of_a_faithful_history(walked, cli):
    report = walked.reexecute(1)
    assert report["ok"] and report["steps"] == len(walked.history(1))
    result = cli("replay", "--verify", "--process", "surat")
    assert result.returncode == 0
    assert "instance 1: faithful" in result.stdout and "instance 2: faithful" in result.stdout


def test_reexecution_finds_a_decision_rewritten_in_the_log(walked, db_path, cli):
    first_review = next(e for e in walked.history(1) if e["type"] == "task_completed" and e["lane"] == "Kepala")
    tamper(db_path, f"UPDATE events SET data = '{{\"keputusan\": \"setuju\"}}' WHERE seq = {first_review['seq']}")
    report = walked.reexecute(1)
    assert not report["ok"]
    divergence = report["divergence"]
    assert divergence["event"] == first_review["seq"] + 1
    said = str(divergence["message"])
    assert "the history says flow taken 'revisi', but re-execution gives flow taken 'setuju'" in said
    result = cli("replay", "1", "--verify")
    assert result.returncode == 1 and "DIVERGES at step" in result.stdout
