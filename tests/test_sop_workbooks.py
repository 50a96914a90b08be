"""SOP AP workbooks end to end: the fixture of a new SOP (Penyusunan Standar Pelayanan) imports, deploys and
runs to its end; a deployed diagram exported and imported again is the same version; and `alur template`,
`alur import`, `alur export-sop` as an analyst types them."""

import json
from pathlib import Path

import pytest

from conftest import ROOT
from engine import Alur
from engine.sopap import read_sop

FIXTURE = ROOT / "tests" / "data" / "penyusunan-standar-pelayanan.xlsx"
SEEDS = sorted((ROOT / "bpmn").glob("*/*.xlsx"))
PD, KPP, KABAG, TIM, OPD = "Pengolah Data", "Kasubbag Pelayanan Publik", "Kabag Organisasi", "Tim Penyusun", "OPD"
USERS = {PD: "pengolah", KPP: "pelayanan", KABAG: "kabag", TIM: "tim", OPD: "opd"}
PERSIAPAN = [("A1", KPP), ("A2", KABAG), ("A3", PD), ("A4", TIM), ("B1", OPD)]
RANCANGAN = [("B2", OPD), ("B3", TIM)]
FINAL = [("B4", OPD)]
PENYEMPURNAAN = [("B5", OPD), ("B6", KPP)]
PENETAPAN = [("C1", PD), ("C2", KABAG), ("C3", OPD), ("C4", OPD), ("C5", PD)]


def submission(task, answers):
    data = {}
    for field in task["fields"]:
        if field["type"] == "choice":
            data[field["name"]] = answers.pop(0)
        elif field["type"] == "checklist":
            data[field["name"]] = list(field["choices"])
        elif field["required"]:
            data[field["name"]] = {"number": 12, "date": "2026-03-02"}.get(field["type"], "isian")
    for field in task["fields"]:
        if any(data.get(other) in wanted for other, wanted in (field.get("required_when") or {}).items()):
            data[field["name"]] = "belum memuat jangka waktu pelayanan"
    return data


@pytest.fixture
def standar(alur):
    result = alur.import_sop(FIXTURE.read_bytes(), FIXTURE.name, "analis", deploy=True)
    assert result.problems == [] and [(d.process, d.version) for d in result.deployments] == [
        ("penyusunan_standar_pelayanan", 1)]
    for lane, user in USERS.items():
        alur.add_user(user, lanes=[lane])
    return alur


@pytest.mark.parametrize("answers, expected", [
    (["sesuai", "lengkap"], PERSIAPAN + RANCANGAN + FINAL + PENYEMPURNAAN + PENETAPAN),
    (["perlu perbaikan", "sesuai", "belum lengkap", "lengkap"],
     PERSIAPAN + RANCANGAN * 2 + FINAL + PENYEMPURNAAN * 2 + PENETAPAN),
], ids=["lurus", "kedua putaran"])
def test_the_fixture_sop_runs_to_its_end_through_the_engine(standar, answers, expected):
    (process,) = [p for p in standar.processes() if p.id == "penyusunan_standar_pelayanan"]
    assert process.lanes == [PD, KPP, KABAG, TIM, OPD] and process.start_lanes == [KPP]
    assert process.header["nomor"] == "065/SOP/417.112/11" and process.header["penetapan"]["tanggal"]
    instance = standar.start("penyusunan_standar_pelayanan", USERS[KPP])
    trail, answers = [], list(answers)
    while ready := standar.tasks(instance=instance):
        [task] = ready
        assert task["mutu_baku"]["waktu_iso"] and task["documentation"], task["number"]
        trail.append((task["number"], task["lane"]))
        standar.complete(task["id"], USERS[task["lane"]], submission(task, answers))
        assert len(trail) < 60
    assert trail == expected and answers == []
    shown = standar.show(instance)
    assert shown["status"] == "completed"
    if "keputusan_b3" in shown["data"] and shown["data"].get("alasan_b3"):
        assert shown["data"]["alasan_b3"] == "belum memuat jangka waktu pelayanan"
    assert standar.verify()["ok"]


@pytest.mark.parametrize("workbook", [FIXTURE, *SEEDS], ids=lambda p: p.stem)
def test_a_deployed_diagram_exported_and_imported_again_is_the_same_version(alur, workbook):
    first = alur.import_sop(workbook.read_bytes(), workbook.name, "analis", deploy=True)
    [deployed] = first.deployments
    exported = alur.export_sop(deployed.process)
    read_back = read_sop(exported, "x.xlsx").table
    for row in read_back.rows:
        row.line = None   # the sheet's row numbers: the table of a diagram has none
    assert alur.sop_table(deployed.process) == read_back
    again = alur.import_sop(exported, f"{deployed.process}.xlsx", "analis", deploy=True)
    assert again.problems == [] and again.bpmn == first.bpmn
    [(version, changed)] = [(d.version, d.changed) for d in again.deployments]
    assert (version, changed) == (1, False)
    assert [v.version for v in alur.versions(deployed.process).versions] == [1]


def test_an_export_of_an_older_version_and_of_an_unknown_process(alur):
    result = alur.import_sop(FIXTURE.read_bytes(), FIXTURE.name, "analis", deploy=True)
    table = result.table.to_json()
    table["rows"][0]["waktu"] = "3 hari"
    assert [d.version for d in alur.import_table(table, "analis", deploy=True).deployments] == [2]
    assert alur.sop_table("penyusunan_standar_pelayanan", 1).rows[0].waktu == "2 hari"
    assert alur.sop_table("penyusunan_standar_pelayanan").rows[0].waktu == "3 hari"


def test_a_diagram_drawn_in_a_modeler_comes_back_as_a_table_that_imports(surat):
    table = surat.sop_table("surat")
    assert table.header["nama"] == "Pengiriman Surat" and table.lanes == ["Staf", "Kepala"]
    assert [(r.no, r.lanes, r.kegiatan[:20]) for r in table.rows] == [
        ("1", ["Staf"], "Staf menyusun konsep"), ("2", ["Kepala"], "Kepala memeriksa dan"),
        ("3", ["Staf"], "Mengirim surat")]   # no documentation: its name
    assert table.rows[1].keputusan == "Disetujui? setuju -> 3; revisi -> 1"
    again = surat.import_sop(surat.export_sop("surat"), "surat.xlsx", "analis", deploy=True)
    assert again.ok and [d.version for d in again.deployments] == [2]


def test_the_commands_an_analyst_types(cli, tmp_path):
    template = tmp_path / "sop.xlsx"
    assert cli("template", "-o", template, check=True).stdout.strip() == f"wrote {template}"
    empty = cli("import", template)
    assert empty.returncode == 1
    assert "error: Identitas: the SOP has no name: fill in 'Nama SOP'" in empty.stderr
    assert "error: Prosedur: the Prosedur sheet has no activity" in empty.stderr

    diagram = tmp_path / "standar.bpmn"
    done = cli("import", FIXTURE, "-o", diagram, "--deploy", "--as", "analis", check=True)
    assert "penyusunan_standar_pelayanan: 15 activities read, wrote" in done.stdout
    assert "deployed penyusunan_standar_pelayanan version 1" in done.stdout
    assert diagram.read_bytes() == read_sop(FIXTURE.read_bytes(), FIXTURE.name).bpmn
    assert cli("import", FIXTURE, "--deploy").returncode == 2   # --deploy needs --as

    exported = tmp_path / "kembali.xlsx"
    cli("export-sop", "penyusunan_standar_pelayanan", "--version", "1", "-o", exported, check=True)
    again = cli("import", exported, "--deploy", "--as", "analis", "--json", check=True)
    shown = json.loads(again.stdout)
    assert shown["ok"] and shown["problems"] == [] and shown["deployments"][0]["changed"] is False
    assert shown["table"]["rows"][6]["keputusan"].startswith("Rancangan memuat semua komponen")
    missing = cli("export-sop", "tidak_ada", "-o", tmp_path / "x.xlsx")
    assert missing.returncode == 2 and "see `alur processes`" in missing.stderr


def test_a_workbook_with_problems_lists_them_and_exits_1(cli, tmp_path):
    from test_sop_import import row, workbook
    bad = tmp_path / "salah.xlsx"
    bad.write_bytes(workbook([row(1, "Staf mencatat", "x", waktu="1-2 hari"), row(2, "Memeriksa")]))
    result = cli("import", bad, "-o", tmp_path / "salah.bpmn", "--json")
    assert result.returncode == 1 and not (tmp_path / "salah.bpmn").exists()
    problems = json.loads(result.stdout)["problems"]
    assert [(p["code"], p["severity"], p["params"]["row"]) for p in problems] == [
        ("sop.no_mark", "error", 3), ("sop.waktu_range", "warning", 2)]
    assert problems[0]["text"].startswith("Prosedur, row 3: row 2 has no executor marked")
    warned = tmp_path / "peringatan.xlsx"
    warned.write_bytes(workbook([row(1, "Staf mencatat", "x", waktu="1-2 hari")]))
    shown = cli("import", warned, check=True)
    assert "warning: Prosedur, row 2, Waktu (F2): row 1: the time '1-2 hari' is a range" in shown.stderr
    assert Path(tmp_path / "salah.bpmn").exists() is False
