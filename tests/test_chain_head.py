"""Each event links to the one before it, whichever connection wrote that one. A connection links a command's
event to the chain's head it saw last (read with the instance's newest event, or its own event before) only
while that is still the head, so the chain stays one line when several connections write by turns, when what
a connection saw was rolled back, and when a row was added behind Alur's back."""

import pytest

from conftest import tamper
from engine import Alur, events
from engine.db import transaction
from engine.vocabulary import EventType

STEPS = [("staf", {"nomor_konsep": "K-1"}), ("kepala", {"keputusan": "revisi"}), ("staf", {"nomor_konsep": "K-2"}),
         ("kepala", {"keputusan": "setuju"}), ("staf", {"kelengkapan_diperiksa": ["Surat", "agenda"]})]


def assert_one_chain(alur):
    rows = alur.db.execute("SELECT seq, prev_hash, hash FROM events ORDER BY seq").fetchall()
    assert [row[0] for row in rows] == list(range(1, len(rows) + 1))
    assert all(row[1] == before[2] for before, row in zip(rows, rows[1:]))
    report = alur.verify()
    assert report.ok and report.events == len(rows), report.problems


def test_two_connections_writing_by_turns_keep_one_chain(surat, db_path):
    other = Alur.open(db_path)
    try:
        instance = surat.start("surat", "staf")
        for turn, (user, data) in enumerate(STEPS):
            engine = (other, surat)[turn % 2]
            engine.start("surat", "staf")   # an event with no instance read before it
            engine.complete(engine.tasks(instance=instance)[0].id, user, data)
    finally:
        other.close()
    assert surat.show(instance)["status"] == "completed"
    assert_one_chain(surat)


def test_an_event_rolled_back_is_not_linked_to(surat, db_path):
    instance = surat.start("surat", "staf")
    for meanwhile in (None, "another connection writes the same seq"):
        with pytest.raises(RuntimeError):
            with transaction(surat.db):
                events.record(surat.db, surat.clock, EventType.INSTANCE_CANCELLED, "staf")
                raise RuntimeError("the command fails after its event")
        if meanwhile:
            other = Alur.open(db_path)
            other.start("surat", "staf")
            other.close()
        surat.start("surat", "staf")
    surat.complete(surat.tasks(instance=instance)[0].id, *STEPS[0])
    assert not [e for e in surat.history(instance) if e["type"] == EventType.INSTANCE_CANCELLED]
    assert_one_chain(surat)


def test_a_row_added_behind_alurs_back_is_followed_not_forked(surat, db_path):
    instance = surat.start("surat", "staf")
    tamper(db_path, "INSERT INTO events (seq, at, type, actor, data, prev_hash, hash) SELECT seq + 1, '2026-01-01', "
                    "'task_completed', 'mallory', '{}', hash, 'x' FROM events ORDER BY seq DESC LIMIT 1")
    added = surat.db.execute("SELECT MAX(seq) FROM events").fetchone()[0]
    surat.complete(surat.tasks(instance=instance)[0].id, *STEPS[0])
    rows = surat.db.execute("SELECT seq, prev_hash FROM events WHERE seq > ? ORDER BY seq", [added]).fetchall()
    assert rows[0] == (added + 1, "x") and [row[0] for row in rows] == list(range(added + 1, added + 1 + len(rows)))
    report = surat.verify()
    assert not report.ok and f"event {added}" in str(report.problems[0]) and len(report.problems) == 1
