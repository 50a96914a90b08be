"""`alur demo --history`: months of made-up runs of both SOPs through the engine, a real chain that verifies, with
what the monitoring pages need to show something: late and on-time tasks, loops, cancellations, waiting tasks."""

from datetime import datetime, timedelta, timezone

import pytest

from engine import Alur
from engine import demo, demo_history
from engine.messages import render

from conftest import ROOT

END = datetime(2026, 6, 10, 3, 20, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    alur = Alur.open(tmp_path_factory.mktemp("demo") / "alur.db")
    list(demo.set_up(alur, ROOT / "bpmn"))
    said = [render(m) for m in demo_history.fill(alur, months=6, end=END)]
    yield alur, said
    alur.close()


def test_the_history_is_a_real_chain_in_time_order(demo_db):
    alur, said = demo_db
    statuses = [i["status"] for i in alur.instances()]
    assert said == [f"demo history of 6 months: {len(statuses)} instances, {statuses.count('completed')} completed, "
                    f"{statuses.count('cancelled')} cancelled, {statuses.count('running')} still running"]
    assert min(statuses.count(s) for s in ("completed", "cancelled", "running")) >= 1
    assert all(i.subject for i in alur.instances()) and len({i.subject for i in alur.instances()}) > 5  # not "-"
    assert alur.verify()["ok"]
    stamps = [row[0] for row in alur.db.execute("SELECT at FROM events WHERE type != 'deployed' ORDER BY seq")]
    assert stamps == sorted(stamps) and stamps[-1] <= END.isoformat()
    assert stamps[0] >= (END - timedelta(days=180)).isoformat()
    assert alur.clock.now() > END   # the engine's own clock is given back


def test_the_monitoring_form_has_something_to_say_for_both_sops(demo_db):
    alur, _ = demo_db
    rows = alur.monitor(now=END, start="2025-12-01", end="2026-06-10")["rows"]
    assert {row["process"] for row in rows} == {"pengusulan_wbk_wbbm", "kompetisi_sinovik"}
    for row in rows:
        assert row["started"] > 10 and row["late"] and 0.5 < row["share_within"] < 1
        assert all(loop["taken"] > 0 for loop in row["loops"]), row["process"]
    assert sum(len(row["overdue_now"]) for row in rows) >= 1
    # The lane short of staff makes one SOP "Tidak berjalan dengan baik": the form shows both judgements.
    assert {row["penilaian"] for row in rows} == {"berjalan_baik", "tidak_berjalan_baik"}
    proposals = [a for p in ("pengusulan_wbk_wbbm", "kompetisi_sinovik")
                 for a in alur.evaluate(p, now=END)["activities"] if a["proposed_waktu"]]
    assert {a["judgement"] for a in proposals} == {"tight", "loose"}


def test_a_second_run_adds_nothing(demo_db):
    alur, _ = demo_db
    count = len(alur.instances())
    assert [render(m) for m in demo_history.fill(alur, end=END)] == [
        f"the database already has {count} instances: no demo history added"]
    assert len(alur.instances()) == count


def test_the_cli_fills_a_fresh_demo_database(cli):
    result = cli("demo", "--history", "--months", "1", check=True)
    assert "demo user 'tpi' in lane 'TPI'" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("demo history of 1 months: ")
    assert cli("verify", check=True).stdout.startswith("intact: ")
    assert cli("demo", "--history", check=True).stdout.splitlines()[-1].startswith("the database already has")
