"""`alur users edit/deactivate`, `alur lanes`, `alur delegate`, `alur delegations` and `alur worker`, as an
administrator types them."""

import json
from datetime import date, timedelta

import pytest

from conftest import SURAT


@pytest.fixture
def office(cli):
    cli("deploy", SURAT, check=True)
    cli("users", "add", "admin", "--role", "admin", check=True)
    cli("users", "add", "staf", "--lane", "Staf", check=True)
    cli("users", "add", "kepala", "--lane", "Kepala", "--email", "kepala@kantor.test", check=True)
    cli("users", "add", "budi", "--lane", "Staf", "--password-stdin", input="kopi-pagi-di-kantor\n", check=True)
    return cli


def users(cli):
    return {u["name"]: u for u in json.loads(cli("users", "list", "--json", check=True).stdout)}


def test_an_admin_edits_and_deactivates_users_from_the_command_line(office):
    done = office("users", "edit", "budi", "--lane", "Staf", "--lane", "Kepala", "--email", "budi@kantor.test")
    assert done.returncode == 0 and "lanes Kepala, Staf" in done.stdout
    assert users(office)["budi"]["email"] == "budi@kantor.test"
    gone = office("users", "deactivate", "budi", "--as", "admin", "--reason", "pindah tugas")
    assert gone.returncode == 0 and "budi is deactivated" in gone.stdout
    assert users(office)["budi"]["active"] is False
    again = office("users", "deactivate", "budi", "--as", "admin", "--reason", "lagi")
    assert again.returncode == 2 and "deactivated" in again.stderr


@pytest.mark.parametrize("args, message", [
    (["users", "edit", "budi", "--email", "budi at kantor"], "is not a mail address"),
    (["users", "edit", "nobody", "--lane", "Staf"], "no user 'nobody'"),
    (["users", "deactivate", "budi", "--as", "staf", "--reason", "x"], "only a user with the admin role"),
    (["users", "add", "ani", "--lane", "Staf", "--password-stdin"], "most common passwords"),
    (["lanes", "head", "Kepala", "staf"], "'staf' is not in the lane 'Kepala'"),
    (["delegate", "--lane", "Kepala", "--to", "budi", "--from", "kemarin", "--until", "2030-01-01", "--as", "admin",
      "--reason", "cuti"], "--from 'kemarin' is not a date"),
    (["delegations", "end", "99", "--as", "admin", "--reason", "x"], "no delegation 99"),
])
def test_a_mistake_is_one_line_and_changes_nothing(office, args, message):
    before = users(office)
    result = office(*args, input="indonesia123\n")
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1
    assert users(office) == before


def test_a_lane_head_and_a_plh_for_a_week(office):
    assert office("lanes", "head", "Kepala", "kepala").returncode == 0
    heads = {row["lane"]: row["head"] for row in json.loads(office("lanes", "list", "--json", check=True).stdout)}
    assert heads == {"Kepala": "kepala", "Staf": None}
    today = date.today()
    made = office("delegate", "--lane", "Kepala", "--to", "budi", "--from", today, "--until", today + timedelta(6),
                  "--as", "admin", "--reason", "cuti", check=True)
    assert "budi, Plh Kepala" in made.stdout
    instance = office("start", "surat", "--as", "staf", "--subject", "Undangan rapat", check=True).stdout.strip()
    office("complete", "1", "--as", "staf", "--data", '{"nomor_konsep": "K-1"}', check=True)
    office("complete", "2", "--as", "budi", "--data", '{"keputusan": "setuju"}', check=True)
    history = json.loads(office("history", instance, "--json", check=True).stdout)
    assert [e["data"]["as"] for e in history if e["type"] == "completed_as_acting"] == ["budi, Plh Kepala"]
    listed = json.loads(office("delegations", "list", "--json", check=True).stdout)
    assert listed[0]["live"] and [a["task"] for a in listed[0]["acts"]] == [2]
    assert office("delegations", "end", "1", "--as", "admin", "--reason", "kembali", check=True).returncode == 0
    assert json.loads(office("delegations", "list", "--json", check=True).stdout)[0]["live"] is False
    assert office("verify", check=True).returncode == 0


def test_the_worker_without_a_mail_server_says_so_and_sends_nothing(office, monkeypatch):
    monkeypatch.delenv("ALUR_SMTP_HOST", raising=False)
    office("start", "surat", "--as", "staf", "--subject", "Undangan rapat", check=True)
    result = office("worker", "--once")
    assert result.returncode == 0 and "ALUR_SMTP_HOST is not set" in result.stderr and result.stdout == ""
