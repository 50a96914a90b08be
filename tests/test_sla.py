"""Time standards: durations in working time against the mutu baku, per instance, activity, lane and
process, and the tasks overdue now. The clock cannot be set, so each test runs real instances and then
writes known ready/completed times into the `tasks` table."""

import json
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from engine import sla, workcalendar
from engine.errors import NotFound

from conftest import SURAT

WIB = ZoneInfo("Asia/Jakarta")
CALENDAR = workcalendar.from_env({})
# Thursday 27 August 2026, 10:20 WIB: the moment the report is taken.
NOW = datetime(2026, 8, 27, 10, 20, tzinfo=WIB).astimezone(timezone.utc)


def wib(*parts):
    return datetime(*parts, tzinfo=WIB).astimezone(timezone.utc)


def stamp(moment):
    return moment.isoformat(timespec="microseconds")


def timed(alur, task_id, ready, completed=None, due=None):
    """Give a task known times, as if the clock had said so."""
    alur.db.execute("UPDATE tasks SET ready_at = ?, completed_at = ?, due_at = ? WHERE id = ?",
                    [stamp(ready), completed and stamp(completed), due and stamp(due), task_id])


def run(alur, *decisions):
    """Start an instance and complete its tasks, one per decision; return (instance, [task ids in order])."""
    instance = alur.start("surat", "staf")
    ids = []
    for decision in decisions:
        task = alur.tasks(instance=instance)[0]
        ids.append(task["id"])
        alur.complete(task["id"], *decision)
    ids.append(next((t["id"] for t in alur.tasks(instance=instance)), None))
    return instance, ids


KONSEP = ("staf", {"nomor_konsep": "K-1"})
SETUJU = ("kepala", {"keputusan": "setuju"})
REVISI = ("kepala", {"keputusan": "revisi"})
KIRIM = ("staf", {"kelengkapan_diperiksa": ["Surat", "agenda"]})


@pytest.fixture
def timed_instances(surat):
    """Three instances with known times (konsep 60 menit, periksa 1 hari, kirim 1 minggu).

    A, 2-3 March: konsep 45 min (met), periksa 465 (met), kirim 120 (met); completed.
    C, 14-19 August: konsep from Friday 15:00 to Tuesday 07:45 over the weekend and Hari Kemerdekaan,
       75 min (missed); periksa 525 (missed); kirim ready since Wednesday 19 August 08:00.
    B, 21-24 August: konsep Friday 15:30 to Monday 08:30, 90 (missed); periksa 30 (revisi, met); konsep
       again 20 (met); periksa ready since Monday 09:20.
    """
    a, (a1, a2, a3, _) = run(surat, KONSEP, SETUJU, KIRIM)
    timed(surat, a1, wib(2026, 3, 2, 8, 0), wib(2026, 3, 2, 8, 45))
    timed(surat, a2, wib(2026, 3, 2, 8, 45), wib(2026, 3, 3, 8, 0))
    timed(surat, a3, wib(2026, 3, 3, 8, 0), wib(2026, 3, 3, 10, 0))
    c, (c1, c2, c3) = run(surat, KONSEP, SETUJU)
    timed(surat, c1, wib(2026, 8, 14, 15, 0), wib(2026, 8, 18, 7, 45))
    timed(surat, c2, wib(2026, 8, 18, 7, 45), wib(2026, 8, 19, 8, 0))
    timed(surat, c3, wib(2026, 8, 19, 8, 0), due=CALENDAR.due(wib(2026, 8, 19, 8, 0), "1 minggu"))
    b, (b1, b2, b3, b4) = run(surat, KONSEP, REVISI, KONSEP)
    timed(surat, b1, wib(2026, 8, 21, 15, 30), wib(2026, 8, 24, 8, 30))
    timed(surat, b2, wib(2026, 8, 24, 8, 30), wib(2026, 8, 24, 9, 0))
    timed(surat, b3, wib(2026, 8, 24, 9, 0), wib(2026, 8, 24, 9, 20))
    timed(surat, b4, wib(2026, 8, 24, 9, 20), due=CALENDAR.due(wib(2026, 8, 24, 9, 20), "1 hari"))
    return {"a": a, "b": b, "c": c, "b_periksa": b4, "c_kirim": c3}


def stats(count, median, p90, within, judged):
    return {"count": count, "median_minutes": median, "p90_minutes": p90, "with_standard": judged,
            "within_standard": within, "share_within": round(within / judged, 4)}


def by(rows, **match):
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, rows)
    return found[0]


def test_per_activity(timed_instances, surat):
    report = surat.sla(now=NOW)
    assert [a["element"] for a in report["activities"]] == ["Task_konsep", "Task_periksa", "Task_kirim"]
    konsep, periksa, kirim = report["activities"]
    # konsep: 20, 45, 75, 90 minutes against 60.
    assert konsep == {"process": "surat", "element": "Task_konsep", "number": "1", "name": "Menyusun konsep surat",
                      "lane": "Staf", "waktu": "60 menit", "standard_minutes": 60,
                      **stats(4, 60.0, 85.5, 2, 4)}
    # periksa: 30, 465, 525 minutes against one working day, 510.
    assert periksa["standard_minutes"] == 510 and periksa["lane"] == "Kepala"
    assert {k: periksa[k] for k in stats(0, 0, 0, 0, 1)} == stats(3, 465.0, 513.0, 2, 3)
    assert {k: kirim[k] for k in stats(0, 0, 0, 0, 1)} == stats(1, 120.0, 120.0, 1, 1)
    assert kirim["standard_minutes"] == 5 * 510


def test_per_lane_process_and_instance(timed_instances, surat):
    report = surat.sla(now=NOW)
    ids = timed_instances
    # Staf did 20, 45, 75, 90, 120; Kepala 30, 465, 525.
    assert by(report["lanes"], lane="Staf") == {"process": "surat", "lane": "Staf", **stats(5, 75.0, 108.0, 3, 5),
                                                "overdue_now": 1}
    assert by(report["lanes"], lane="Kepala") == {"process": "surat", "lane": "Kepala",
                                                  **stats(3, 465.0, 513.0, 2, 3), "overdue_now": 1}
    assert report["processes"] == [{"process": "surat", "name": "Pengiriman Surat", **stats(8, 82.5, 483.0, 5, 8),
                                    "overdue_now": 2}]
    assert by(report["instances"], instance=ids["a"]) == {
        "instance": ids["a"], "process": "surat", "version": 1, "status": "completed", **stats(3, 120.0, 396.0, 3, 3),
        "overdue_now": 0, "subject": None}
    assert by(report["instances"], instance=ids["b"]) == {
        "instance": ids["b"], "process": "surat", "version": 1, "status": "running", **stats(3, 30.0, 78.0, 2, 3),
        "overdue_now": 1, "subject": None}
    assert by(report["instances"], instance=ids["c"]) == {
        "instance": ids["c"], "process": "surat", "version": 1, "status": "running", **stats(2, 300.0, 480.0, 0, 2),
        "overdue_now": 1, "subject": None}


def test_each_task_with_its_duration_and_verdict(timed_instances, surat):
    tasks = surat.sla(now=NOW)["tasks"]
    assert [(t["name"], t["minutes"], t["within"]) for t in tasks if t["instance"] == timed_instances["c"]] == [
        ("Menyusun konsep surat", 75.0, False), ("Memeriksa konsep surat", 525.0, False)]
    first = tasks[0]
    assert first["ready_at"] == stamp(wib(2026, 3, 2, 8, 0)) and first["completed_by"] == "staf"
    assert first["standard_minutes"] == 60 and first["waktu"] == "60 menit" and first["version"] == 1


def test_tasks_overdue_now(timed_instances, surat):
    overdue = surat.sla(now=NOW)["overdue"]
    # B's periksa, ready Monday 24 August 09:20 with 1 hari: Tuesday 25 August is Maulid Nabi, so it was due
    # Wednesday 26 at 09:20; by Thursday 10:20 it is 400 + 170 working minutes late.
    # C's kirim, ready Wednesday 19 August 08:00 with 1 minggu, was due Thursday 27 at 08:00: 140 late.
    assert [(t["task"], t["name"], t["lane"], t["due_at"], t["overdue_minutes"], t["elapsed_minutes"])
            for t in overdue] == [
        (timed_instances["b_periksa"], "Memeriksa konsep surat", "Kepala", stamp(wib(2026, 8, 26, 9, 20)), 570.0,
         1080.0),
        (timed_instances["c_kirim"], "Mengirim surat", "Staf", stamp(wib(2026, 8, 27, 8, 0)), 140.0, 5 * 510 + 140.0)]
    # The day before, only B's periksa was late.
    earlier = surat.sla(now=wib(2026, 8, 26, 15, 0))["overdue"]
    assert [t["task"] for t in earlier] == [timed_instances["b_periksa"]]


def test_the_report_never_loads_workflow_state(timed_instances, surat):
    surat.db.execute("UPDATE instances SET state = 'not a workflow'")
    assert surat.sla(now=NOW)["processes"][0]["count"] == 8


def test_each_task_is_judged_by_the_standard_of_its_own_version(surat, tmp_path):
    instance, (v1_konsep, _) = run(surat, KONSEP)
    timed(surat, v1_konsep, wib(2026, 3, 2, 8, 0), wib(2026, 3, 2, 9, 30))     # 90 minutes: misses 60 menit
    relaxed = tmp_path / "surat.bpmn"
    relaxed.write_text(SURAT.read_text().replace('value="60 menit"', 'value="2 jam"').replace("PT60M", "PT2H"))
    surat.deploy([relaxed])
    instance2, (v2_konsep, _) = run(surat, KONSEP)
    timed(surat, v2_konsep, wib(2026, 3, 2, 8, 0), wib(2026, 3, 2, 9, 30))     # 90 minutes: within 2 jam
    report = surat.sla()
    assert [(t["version"], t["waktu"], t["within"]) for t in report["tasks"]] == [
        (1, "60 menit", False), (2, "2 jam", True)]
    konsep = by(report["activities"], element="Task_konsep")
    assert (konsep["waktu"], konsep["count"], konsep["within_standard"]) == ("2 jam", 2, 1)


def test_one_process_only_and_an_unknown_one(timed_instances, surat):
    assert surat.sla(process="surat")["processes"][0]["count"] == 8
    with pytest.raises(NotFound, match="no process 'lain' is deployed"):
        surat.sla(process="lain")


def test_nothing_done_yet(surat):
    report = surat.sla()
    assert report["processes"] == [] and report["tasks"] == [] and report["overdue"] == []
    surat.start("surat", "staf")
    report = surat.sla()
    assert report["instances"][0]["count"] == 0 and report["instances"][0]["median_minutes"] is None
    assert report["processes"][0]["share_within"] is None and report["processes"][0]["overdue_now"] == 0
    assert [(lane["lane"], lane["count"]) for lane in report["lanes"]] == [("Staf", 0)]
    assert [(a["name"], a["standard_minutes"], a["count"]) for a in report["activities"]] == [
        ("Menyusun konsep surat", 60, 0)]


def test_percentile_interpolates_between_ranks():
    assert sla.percentile([5.0], 0.9) == 5.0
    assert sla.percentile([10.0, 20.0], 0.9) == pytest.approx(19.0)
    assert sla.percentile([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 0.9) == pytest.approx(9.1)


def test_cli_table_and_json(timed_instances, surat, cli):
    table = cli("sla", check=True).stdout
    assert "1 hari = 8 jam 30 menit" in table
    for title in ("Processes:", "Lanes:", "Activities:", "Instances:", "Overdue now:"):
        assert title in table
    konsep = next(line for line in table.splitlines() if "Menyusun konsep surat" in line and "60 menit" in line)
    # 4 done, median 60 minutes, 90th percentile 85.5, two of four within.
    assert konsep.split()[-9:] == ["4", "1", "jam", "1", "jam", "26", "menit", "2/4", "(50%)"]
    late = [line for line in table.splitlines()[table.splitlines().index("Overdue now:"):] if "Memeriksa" in line]
    assert len(late) == 1 and str(timed_instances["b_periksa"]) == late[0].split()[0]
    report = json.loads(cli("sla", "--json", check=True).stdout)
    assert report["processes"][0]["count"] == 8
    assert set(report) >= {"calendar", "processes", "lanes", "activities", "instances", "overdue", "tasks"}
    refused = cli("sla", "--process", "lain")
    assert refused.returncode == 2 and refused.stderr.startswith("error: no process 'lain' is deployed")
