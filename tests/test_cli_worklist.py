"""`alur start --subject`, `alur tasks` and `alur instances` with search and pages, `alur claim` and `alur release`."""

import json

import pytest

from conftest import SURAT


@pytest.fixture
def office(cli):
    cli("deploy", SURAT, check=True)
    for name, lane in (("staf", "Staf"), ("staf2", "Staf"), ("kepala", "Kepala")):
        cli("users", "add", name, "--lane", lane, check=True)
    for subject in ("Undangan rapat", "Nota dinas", "Undangan pelantikan"):
        cli("start", "surat", "--as", "staf", "--subject", subject, check=True)
    return cli


def test_start_without_a_subject_is_refused_and_starts_nothing(office):
    missing = office("start", "surat", "--as", "staf")
    assert missing.returncode == 2 and "Missing option '--subject'" in missing.stderr
    blank = office("start", "surat", "--as", "staf", "--subject", "  ")
    assert blank.returncode == 2 and blank.stderr.startswith("error: give the case a subject (perihal)")
    assert len(json.loads(office("instances", "--json", check=True).stdout)) == 3


def test_subject_in_every_json_listing_and_in_show(office):
    tasks = json.loads(office("tasks", "--json", check=True).stdout)
    assert [t["subject"] for t in tasks] == ["Undangan rapat", "Nota dinas", "Undangan pelantikan"]
    instances = json.loads(office("instances", "--json", check=True).stdout)
    assert [i["subject"] for i in instances] == ["Undangan rapat", "Nota dinas", "Undangan pelantikan"]
    assert json.loads(office("show", "2", "--json", check=True).stdout)["subject"] == "Nota dinas"
    assert "subject: Nota dinas" in office("show", "2", check=True).stdout
    assert "Nota dinas" in office("tasks", check=True).stdout


def test_search_limit_offset_and_sort(office):
    found = json.loads(office("tasks", "--search", "undangan", "--json", check=True).stdout)
    assert [t["instance"] for t in found] == [1, 3]
    paged = json.loads(office("tasks", "--user", "staf", "--limit", "1", "--offset", "1", "--json", check=True).stdout)
    assert [t["instance"] for t in paged] == [2]
    newest = json.loads(office("instances", "--sort", "newest", "--limit", "2", "--json", check=True).stdout)
    assert [i["id"] for i in newest] == [3, 2]
    assert [i["id"] for i in json.loads(office("instances", "--search", "#2", "--json", check=True).stdout)] == [2]
    bad = office("tasks", "--limit", "0")
    assert bad.returncode == 2 and bad.stderr == "error: a page holds 1 to 1000 items; 0 is outside that\n"


def test_claim_and_release(office):
    office("claim", "1", "--as", "staf", check=True)
    [mine] = json.loads(office("tasks", "--taken-by", "staf", "--json", check=True).stdout)
    assert mine["id"] == 1 and mine["assignee"] == "staf" and mine["taken_at"]
    other = office("claim", "1", "--as", "staf2")
    assert other.returncode == 2 and "task 1 (Menyusun konsep surat) is taken by staf" in other.stderr
    assert "task 1 is back in its lane" in office("release", "1", "--as", "staf", check=True).stdout
    assert json.loads(office("tasks", "--taken-by", "staf", "--json", check=True).stdout) == []
    events = [e["type"] for e in json.loads(office("history", "1", "--json", check=True).stdout)]
    assert events[-2:] == ["task_claimed", "task_released"]
    assert office("verify", check=True).returncode == 0
