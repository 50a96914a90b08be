"""Monitoring (Tabel 7), evaluation and the heatmap, on a known history of the test SOP built with a fixed clock:
every number is the one a person counting the events by hand would get."""

import json
from datetime import datetime, timedelta, timezone

import pytest

from engine import Alur
from engine.clock import FixedClock
from engine.errors import ConfigError, Forbidden, InvalidData, NotFound
from engine.evaluate import rounded_up
from engine.messages import render
from engine.settings import Settings

from conftest import SURAT

WIB = timezone(timedelta(hours=7))
MONDAY = datetime(2026, 6, 8, tzinfo=WIB)   # a working week with no holiday
JUNE = {"start": "2026-06-01", "end": "2026-06-30"}


def at(day, hour, minute=0):
    """A moment of the test week: day 0 is Monday, in WIB."""
    return (MONDAY + timedelta(days=day, hours=hour, minutes=minute)).astimezone(timezone.utc)


@pytest.fixture
def clock():
    return FixedClock(at(0, 8))


@pytest.fixture
def history(db_path, clock):
    """Three instances of `surat` in one week:
    A: konsep 30 min, periksa 60 min "revisi", konsep again 120 min (late: 60 menit), periksa 30 min, kirim 60 min.
    B: konsep 20 min, then periksa waits from Monday 10:20 (due Tuesday 10:20).
    C: started and cancelled on Monday afternoon."""
    alur = Alur.open(db_path, clock=clock)
    alur.deploy([SURAT])
    alur.add_user("staf", lanes=["Staf"])
    alur.add_user("kepala", lanes=["Kepala"])
    alur.add_user("admin", roles=["admin"])
    alur.add_user("analis", roles=["analyst"])
    alur.add_user("pemeriksa", roles=["auditor"])

    def step(moment, user, data):
        clock.moment = moment
        [task] = alur.tasks(instance=current)
        alur.complete(task["id"], user, data)

    clock.moment = at(0, 8)
    current = a = alur.start("surat", "staf")
    step(at(0, 8, 30), "staf", {"nomor_konsep": "K-1"})
    step(at(0, 9, 30), "kepala", {"keputusan": "revisi"})
    step(at(0, 11, 30), "staf", {"nomor_konsep": "K-1b"})
    step(at(0, 12), "kepala", {"keputusan": "setuju"})
    step(at(0, 13), "staf", {"kelengkapan_diperiksa": ["Surat", "agenda"]})
    clock.moment = at(0, 10)
    current = b = alur.start("surat", "staf")
    step(at(0, 10, 20), "staf", {"nomor_konsep": "K-2"})
    clock.moment = at(0, 14)
    c = alur.start("surat", "staf")
    clock.moment = at(0, 14, 10)
    alur.cancel(c, "admin", "diajukan ganda")
    clock.moment = at(2, 10, 20)   # now: Wednesday 10:20, B's review a working day past its due time
    alur.ids = {"a": a, "b": b, "c": c}
    yield alur
    alur.close()


def test_the_form_counts_what_happened_in_the_period(history):
    [row] = history.monitor(**JUNE)["rows"]
    assert (row["no"], row["process"], row["name"], row["nomor"]) == (1, "surat", "Pengiriman Surat",
                                                                        "001/SOP/TEST/2026")
    assert (row["started"], row["finished"], row["cancellations"], row["running_now"]) == (3, 1, 1, 1)
    # Six tasks done with a mutu baku, five within; B's review waits past its due time and counts as late.
    assert (row["judged"], row["within"], row["share_within"]) == (7, 5, round(5 / 7, 4))
    assert row["penilaian"] == "tidak_berjalan_baik"
    [late] = row["late"]
    assert (late["number"], late["late"], late["of"], late["median_late_minutes"]) == ("1", 1, 3, 60)
    [loop] = row["loops"]
    assert (loop["flow"], loop["name"], loop["decision_name"], loop["taken"], loop["instances"]) == (
        "Flow_revisi", "revisi", "Disetujui?", 1, 1)
    [overdue] = row["overdue_now"]
    assert (overdue["instance"], overdue["number"], overdue["overdue_minutes"]) == (history.ids["b"], "2", 510)


def test_the_drafted_notes_say_the_measures_in_both_languages(history):
    [row] = history.monitor(**JUNE)["rows"]
    english = [render(note, "en") for note in row["catatan"]]
    assert english == [
        "3 started, 1 finished and 1 cancelled in the period; 1 running now",
        "5 of 7 activities done within their mutu baku (71%; the threshold is 80%)",
        "activity 1 Menyusun konsep surat (Staf) was late 1 of 3 times, by 1 jam (median) beyond its 60 menit",
        "Disetujui? answered 'revisi' (back to an earlier step) 1 times in 1 instances",
        "1 tasks wait past their due time now, the longest for 1 hari"]
    assert render(row["catatan"][0], "id") == "3 dimulai, 1 selesai dan 1 dibatalkan dalam periode ini; 1 masih berjalan"
    assert [render(n, "en") for n in row["tindakan"]] == [
        "review activity 1 Menyusun konsep surat: its mutu baku or the load of Staf",
        "follow up the 1 tasks past their due time"]


def test_the_threshold_is_a_setting(db_path, history, monkeypatch):
    monkeypatch.setenv("ALUR_MONITOR_THRESHOLD", "70%")
    lenient = Alur.open(db_path, clock=history.clock)
    try:
        [row] = lenient.monitor(**JUNE)["rows"]
        assert (lenient.settings.monitor_threshold, row["penilaian"]) == (0.7, "berjalan_baik")
    finally:
        lenient.close()
    for bad in ("0", "101", "banyak", "nan"):
        with pytest.raises(ConfigError, match="ALUR_MONITOR_THRESHOLD"):
            Settings.from_env({"ALUR_MONITOR_THRESHOLD": bad})


def test_a_period_counts_only_what_happened_in_it(history):
    [row] = history.monitor(start="2026-06-09", end="2026-06-30")["rows"]
    assert (row["started"], row["finished"], row["cancellations"], row["judged"]) == (0, 0, 0, 1)
    assert row["share_within"] == 0 and row["loops"][0]["taken"] == 0
    [empty] = history.monitor(start="2026-01-01", end="2026-01-31")["rows"]
    assert empty["penilaian"] == "tidak_berjalan_baik"   # B is late now, whatever the period
    default = history.monitor()
    assert default["period"] == {"from": "2025-12-11", "to": "2026-06-10"}


@pytest.mark.parametrize("period, text", [
    ({"start": "2026-06-31"}, "--from: '2026-06-31' is not a date"),
    ({"end": "10-06-2026"}, "--to: '10-06-2026' is not a date"),
    ({"start": "2026-07-01", "end": "2026-06-01"}, "the period starts on 2026-07-01, after it ends on 2026-06-01")])
def test_a_bad_period_is_refused(history, period, text):
    with pytest.raises(InvalidData) as refused:
        history.monitor(**period)
    assert str(refused.value).startswith(text)


def test_the_saved_form_is_kept_with_its_assessor_as_an_event_in_the_chain(history):
    before = history.verify()["events"]
    form_id = history.assess("analis", entries={"surat": {"catatan": "Konsep sering\r\ndiulang.",
                                                          "tindakan": "Latih staf"}}, **JUNE)
    form = history.monitoring_form(form_id)
    assert (form["assessed_by"], form["period"], form["assessed_at"]) == (
        "analis", {"from": "2026-06-01", "to": "2026-06-30"}, "2026-06-10T03:20:00.000000+00:00")
    [row] = form["rows"]
    assert (row["catatan"], row["tindakan"], row["penilaian"], row["share_within"]) == (
        "Konsep sering\ndiulang.", "Latih staf", "tidak_berjalan_baik", round(5 / 7, 4))
    report = history.verify()
    assert report["ok"] and report["events"] == before + 1
    event = history.db.execute("SELECT type, actor, data FROM events WHERE seq = ?", [form["event_seq"]]).fetchone()
    assert event[:2] == ("monitoring_assessed", "analis") and "Latih staf" in event[2]
    assert [f["id"] for f in history.monitoring_forms()] == [form_id]


def test_unedited_notes_are_saved_as_drafted_in_indonesian(history):
    [row] = history.monitoring_form(history.assess("admin", **JUNE))["rows"]
    assert row["catatan"].splitlines()[0] == "3 dimulai, 1 selesai dan 1 dibatalkan dalam periode ini; 1 masih berjalan"
    assert row["tindakan"].splitlines()[-1] == "tindak lanjuti 1 tugas yang melewati batas waktu"


def test_refusals_save_nothing(history):
    events = history.verify()["events"]
    with pytest.raises(Forbidden, match="auditors only read and print"):
        history.assess("pemeriksa", **JUNE)
    with pytest.raises(Forbidden):
        history.assess("staf", **JUNE)
    with pytest.raises(InvalidData, match="at most 2000"):
        history.assess("analis", entries={"surat": {"catatan": "x" * 2001}}, **JUNE)
    with pytest.raises(InvalidData, match="no SOP 'lain'"):
        history.assess("analis", entries={"lain": {"catatan": "?"}}, **JUNE)
    with pytest.raises(NotFound):
        history.monitoring_form(1)
    assert history.monitoring_forms() == [] and history.verify()["events"] == events


def test_the_heatmap_shows_where_instances_wait(history):
    heat = history.heatmap("surat")
    [place] = heat["activities"]
    assert (place["element"], place["waiting"], place["late"], place["longest_minutes"], place["instances"]) == (
        "Task_periksa", 1, 1, 1020, [history.ids["b"]])
    assert heat["bpmn"].startswith("<?xml") and heat["elsewhere"] == 0
    with pytest.raises(NotFound):
        history.heatmap("lain")


def test_evaluation_proposes_a_standard_only_where_the_written_one_is_unrealistic(db_path, clock):
    alur = Alur.open(db_path, clock=clock)
    alur.deploy([SURAT])
    alur.add_user("staf", lanes=["Staf"])
    alur.add_user("kepala", lanes=["Kepala"])
    for day in range(5):   # konsep in 5 of its 60 minutes; periksa in 750 working minutes, its standard 510
        clock.moment = at(day, 8)
        instance = alur.start("surat", "staf")
        clock.moment = at(day, 8, 5)
        alur.complete(alur.tasks(instance=instance)[0]["id"], "staf", {"nomor_konsep": "K"})
    for task in alur.tasks(lane="Kepala"):
        clock.moment = alur.settings.calendar.add_working_minutes(datetime.fromisoformat(task["ready_at"]), 750)
        alur.complete(task["id"], "kepala", {"keputusan": "setuju"})
    report = alur.evaluate("surat")
    rows = {a["number"]: a for a in report["activities"]}
    assert (rows["1"]["count"], rows["1"]["p90_minutes"], rows["1"]["judgement"], rows["1"]["proposed_waktu"]) == (
        5, 5, "loose", "5 menit")
    assert (rows["2"]["share_within"], rows["2"]["judgement"], rows["2"]["proposed_waktu"]) == (0, "tight", "2 hari")
    assert (rows["3"]["count"], rows["3"]["proposed_waktu"]) == (0, None)
    lanes = {lane["lane"]: lane for lane in report["lanes"]}
    assert (lanes["Staf"]["done"], lanes["Staf"]["waiting"], lanes["Kepala"]["done"]) == (5, 5, 5)
    alur.close()


@pytest.mark.parametrize("minutes, written", [(4, "5 menit"), (60, "60 menit"), (61, "2 jam"), (420, "7 jam"),
                                              (480, "8 jam"), (510, "1 hari"), (511, "2 hari"), (1020, "2 hari")])
def test_proposals_are_written_as_sops_write_time(minutes, written):
    assert rounded_up(minutes, 510)[1] == written


def test_the_cli_prints_the_form_and_saves_it(history, cli):
    shown = cli("monitor", "--from", "2026-06-01", "--to", "2026-06-30", check=True).stdout
    assert "Not working well" in shown and "5/7 (71%)" in shown and "Disetujui? answered 'revisi'" in shown
    refused = cli("monitor", "--save", "--as", "pemeriksa")
    assert refused.returncode == 2 and "may not save a monitoring form" in refused.stderr
    saved = cli("monitor", "--from", "2026-06-01", "--to", "2026-06-30", "--save", "--as", "analis",
                "--catatan", "surat=Baik\\nsekali", check=True)
    assert saved.stdout == "saved monitoring form 1\n"
    assert "Catatan: Baik\n            sekali" in cli("monitor", "--form", "1", check=True).stdout
    [row] = json.loads(cli("monitor", "--from", "2026-06-01", "--to", "2026-06-30", "--json", check=True).stdout)["rows"]
    assert (row["penilaian"], row["penilaian_text"], row["catatan"][1]) == (
        "tidak_berjalan_baik", "Not working well", "5 of 7 activities done within their mutu baku (71%; the threshold "
        "is 80%)")
    evaluation = cli("evaluate", "surat", check=True).stdout
    assert "Menyusun konsep surat" in evaluation and "Lanes:" in evaluation
    assert cli("evaluate", "lain").returncode == 2
    assert cli("monitor", "--process", "lain").returncode == 2
    assert "1   surat" in cli("monitor", "--process", "surat", check=True).stdout
