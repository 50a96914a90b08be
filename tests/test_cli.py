"""The `alur` command as a user runs it: exit codes, one-line errors, JSON. In-process through click's
CliRunner (the `cli` fixture), and in real processes of the installed command for a walk, a refusal and the list of
commands (`real_cli`, marked real_process)."""

import json
import re

import pytest

from conftest import ROOT, SURAT


@pytest.fixture
def deployed(cli):
    cli("deploy", SURAT, check=True)
    cli("users", "add", "staf", "--lane", "Staf", "--password-stdin", input="rahasia\n", check=True)
    cli("users", "add", "kepala", "--lane", "Kepala", check=True)
    return cli


def test_deploy_prints_version_then_unchanged(cli):
    assert "deployed surat version 1" in cli("deploy", SURAT, check=True).stdout
    assert "surat unchanged, still version 1" in cli("deploy", SURAT, check=True).stdout


@pytest.mark.real_process
def test_walk_an_instance_through_the_cli(deployed, real_cli):
    cli = real_cli
    instance = cli("start", "surat", "--as", "staf", "--subject", "Surat uji", check=True).stdout.strip()
    assert instance == "1"
    [task] = json.loads(cli("tasks", "--user", "staf", "--json", check=True).stdout)
    assert task["lane"] == "Staf" and task["fields"][0]["name"] == "nomor_konsep"
    out = cli("complete", task["id"], "--as", "staf", "--data", '{"nomor_konsep": "K-1"}', check=True).stdout
    assert "completed task 1; now ready:" in out and "Memeriksa konsep surat" in out
    [review] = json.loads(cli("tasks", "--lane", "Kepala", "--json", check=True).stdout)
    cli("complete", review["id"], "--as", "kepala", "--data", '{"keputusan": "setuju"}', check=True)
    [send] = json.loads(cli("tasks", "--instance", instance, "--json", check=True).stdout)
    ready = json.loads(cli("complete", send["id"], "--as", "staf", "--json",
                           "--data", '{"kelengkapan_diperiksa": ["Surat", "agenda"]}', check=True).stdout)
    assert ready == []
    shown = json.loads(cli("show", instance, "--json", check=True).stdout)
    assert shown["status"] == "completed" and len(shown["completed"]) == 3
    assert "completed" in cli("show", instance, check=True).stdout
    events = json.loads(cli("history", instance, "--json", check=True).stdout)
    assert events[-1]["type"] == "instance_completed"
    assert json.loads(cli("instances", "--status", "completed", "--json", check=True).stdout)[0]["id"] == 1
    [process] = json.loads(cli("processes", "--json", check=True).stdout)
    assert process["header"]["nomor"] == "001/SOP/TEST/2026" and process["lanes"] == ["Staf", "Kepala"]
    users = json.loads(cli("users", "list", "--json", check=True).stdout)
    assert {u["name"]: u["lanes"] for u in users} == {"kepala": ["Kepala"], "staf": ["Staf"]}


MISTAKES = [
    (["start", "nope", "--as", "staf", "--subject", "Surat uji"], "no process 'nope' is deployed"),
    (["start", "surat", "--as", "kepala", "--subject", "Surat uji"], "only the lane Staf may start 'Pengiriman Surat'"),
    (["start", "surat", "--as", "staf", "--subject", "Surat uji", "--data", "{oops"], "the data is not valid JSON"),
    (["complete", "42", "--as", "staf"], "no task 42"),
    (["show", "7"], "no instance 7"),
    (["users", "add", "x", "--lane", "Nope"], "no deployed process has a lane 'Nope'"),
    (["tasks", "--user", "ghost"], "no user 'ghost'"),
]


@pytest.mark.parametrize("args,message", MISTAKES, ids=[" ".join(m[0][:2]) for m in MISTAKES])
def test_mistakes_exit_2_with_one_line_and_no_traceback(deployed, args, message):
    result = deployed(*args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.real_process
def test_a_refusal_in_a_real_process_exits_2_with_one_line_on_stderr(deployed, real_cli):
    result = real_cli("start", "surat", "--as", "kepala", "--subject", "Surat uji")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("error: only the lane Staf may start 'Pengiriman Surat'") and result.stderr.count("\n") == 1


def test_refused_diagram_exits_2_naming_file_and_line(cli, tmp_path):
    bad = tmp_path / "bad.bpmn"
    bad.write_text(SURAT.read_text().replace('keputusan == "setuju"', "__import__('os')"))
    result = cli("deploy", bad)
    assert result.returncode == 2
    assert re.search(rf"error: {re.escape(str(bad))}:\d+: element 'Flow_setuju': condition refused", result.stderr)
    assert "Traceback" not in result.stderr


def test_failed_completion_exits_2_and_keeps_the_task(deployed):
    deployed("start", "surat", "--as", "staf", "--subject", "Surat uji", check=True)
    result = deployed("complete", "1", "--as", "staf", "--data", '{"lampiran": "x"}')
    assert result.returncode == 2 and "unknown field 'lampiran'" in result.stderr
    assert len(json.loads(deployed("tasks", "--json", check=True).stdout)) == 1


def listed(cli, *group):
    listing = cli(*group, "--help", check=True).stdout.split("Commands:")[1]
    return [line.split()[0] for line in listing.splitlines() if line.strip()]


def commands(cli):
    return [n for n in listed(cli) if n != "users"] + [f"users {n}" for n in listed(cli, "users")]


@pytest.mark.real_process
def test_the_installed_alur_lists_every_command(real_cli):
    from cli import main
    groups = {name: command for name, command in main.commands.items() if hasattr(command, "commands")}
    expected = [n for n in main.commands if n not in groups] + [f"{g} {n}" for g in groups for n in groups[g].commands]
    assert sorted(commands(real_cli)) == sorted(expected)
    assert "users add" in expected and "serve" in expected


def test_every_command_has_help_with_an_example_and_a_place_in_the_readme(cli):
    readme = (ROOT / "README.md").read_text()
    for command in commands(cli):
        help_text = cli(*command.split(), "--help", check=True).stdout
        assert "Example: alur" in help_text, command
        assert f"alur {command}" in readme, f"README.md does not show `alur {command}`"


def test_a_database_that_cannot_be_opened_exits_2(cli, tmp_path):
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("this is not a database " * 100)
    result = cli("tasks", "--db", not_sqlite)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: cannot open the database {not_sqlite}") and "Traceback" not in result.stderr
