"""Every path of both SOP diagrams runs through the engine from start to end event, each loop taken
at least once, by users of the right lanes: the lane of every task and the order of the activity
numbers are asserted against the SOP tables (not read back from the diagrams)."""

from pathlib import Path

import pytest

from engine import Alur
from engine.errors import Forbidden

ROOT = Path(__file__).resolve().parent.parent
NGANJUK = ROOT / "bpmn" / "inspektorat-nganjuk" / "pengusulan-wbk-wbbm.bpmn"
MOJOKERTO = ROOT / "bpmn" / "organisasi-mojokerto" / "kompetisi-sinovik.bpmn"

BH, TU, INSP, TPI = "Bagian Hukum", "Kasubag Tata Usaha", "Inspektur", "TPI"
PD, KTL, KABAG, TIM, OPD = "Pengolah Data", "Kasubbag Tata Laksana", "Kabag Organisasi", "Tim", "OPD"
USERS = {BH: "hukum", TU: "tatausaha", INSP: "inspektur", TPI: "tpi", "Perangkat Daerah": "pd",
         PD: "pengolah", KTL: "tatalaksana", KABAG: "kabag", TIM: "tim", OPD: "opd"}

# Nganjuk, in table order; row 5 is the Inspektur's decision (5) and the TPI's draft SK (5a), row 9 the
# Kasubag Tata Usaha handing over the SK (9) and the Inspektur issuing the SPT Pendampingan (9a).
ASSESSMENT = [("3", TPI), ("4", TPI), ("5", INSP)]
DRAFT = [("5a", TPI), ("6", TU), ("7", BH)]
NGANJUK_START = [("1", TPI), ("2", TPI)]
NGANJUK_END = [("8", TU), ("9", TU), ("9a", INSP), ("10", TPI)]
UNTIMED = {"5", "9"}  # their row's time standard is counted once, on 5a and 9a

SINOVIK_A_START = [("A1", KTL)]
SINOVIK_A_LETTER = [("A2", KTL), ("A3", KTL), ("A4", KABAG)]
SINOVIK_REST = [("A5", PD), ("A6", PD), ("A7", PD), ("A8", KTL), ("A9", OPD), ("A10", KTL),
                ("B1", KTL), ("B2", KTL), ("B3", TIM), ("B4", TIM), ("B5", OPD), ("B6", KTL)]
SINOVIK_AWARD = [("B7", KTL), ("B8", OPD)]
NOMINATED = ["masuk nominasi"]

PATHS = {
    "nganjuk lurus": (
        "pengusulan_wbk_wbbm",
        {"keputusan_5": ["setuju"], "keputusan_7": ["disetujui Bupati"]},
        NGANJUK_START + ASSESSMENT + DRAFT + NGANJUK_END),
    "nganjuk assesment tambahan": (
        "pengusulan_wbk_wbbm",
        {"keputusan_5": ["tidak setuju", "setuju"], "keputusan_7": ["disetujui Bupati"]},
        NGANJUK_START + ASSESSMENT * 2 + DRAFT + NGANJUK_END),
    "nganjuk revisi draft SK": (
        "pengusulan_wbk_wbbm",
        {"keputusan_5": ["setuju"], "keputusan_7": ["revisi", "disetujui Bupati"]},
        NGANJUK_START + ASSESSMENT + DRAFT * 2 + NGANJUK_END),
    "nganjuk kedua putaran, dua kali": (
        "pengusulan_wbk_wbbm",
        {"keputusan_5": ["tidak setuju", "tidak setuju", "setuju"],
         "keputusan_7": ["revisi", "revisi", "disetujui Bupati"]},
        NGANJUK_START + ASSESSMENT * 3 + DRAFT * 3 + NGANJUK_END),
    "sinovik lurus": (
        "kompetisi_sinovik",
        {"keputusan_a4": ["setuju"], "keputusan_b6": NOMINATED},
        SINOVIK_A_START + SINOVIK_A_LETTER + SINOVIK_REST + SINOVIK_AWARD),
    "sinovik koreksi konsep surat": (
        "kompetisi_sinovik",
        {"keputusan_a4": ["perlu koreksi", "setuju"], "keputusan_b6": NOMINATED},
        SINOVIK_A_START + SINOVIK_A_LETTER * 2 + SINOVIK_REST + SINOVIK_AWARD),
    "sinovik koreksi dua kali": (
        "kompetisi_sinovik",
        {"keputusan_a4": ["perlu koreksi", "perlu koreksi", "setuju"], "keputusan_b6": NOMINATED},
        SINOVIK_A_START + SINOVIK_A_LETTER * 3 + SINOVIK_REST + SINOVIK_AWARD),
    "sinovik tanpa nominasi kota": (
        "kompetisi_sinovik",
        {"keputusan_a4": ["setuju"], "keputusan_b6": ["tidak masuk nominasi"]},
        SINOVIK_A_START + SINOVIK_A_LETTER + SINOVIK_REST),
}


@pytest.fixture
def sop_engine(tmp_path):
    """Both SOPs deployed into a fresh database, with one user per lane."""
    engine = Alur.open(tmp_path / "alur.db")
    results = engine.deploy([NGANJUK, MOJOKERTO])
    assert sorted((r.process, r.version, r.changed) for r in results) == [
        ("kompetisi_sinovik", 1, True), ("pengusulan_wbk_wbbm", 1, True)]
    for lane, user in USERS.items():
        engine.add_user(user, lanes=[lane])
    yield engine
    engine.close()


def submission(task, answers):
    """Data for a task built from its fields: what is required, every kelengkapan item ticked, the path's next
    answer for a decision, and a reason when that answer asks for one."""
    data = {}
    for field in task["fields"]:
        if field["type"] == "choice":
            assert answers.get(field["name"]), f"the path has no answer left for {field['name']}"
            data[field["name"]] = answers[field["name"]].pop(0)
        elif field["type"] == "checklist" and field["required"]:
            data[field["name"]] = list(field["choices"])
        elif field["required"]:
            data[field["name"]] = {"number": 3, "date": "2026-03-02"}.get(field["type"], f"{field['name']}/1")
    for field in task["fields"]:
        if any(data.get(other) in wanted for other, wanted in (field.get("required_when") or {}).items()):
            data[field["name"]] = "alasan pengembalian"
    return data


def walk(engine, process_id, first_lane, answers):
    """Run one instance to its end; return the (number, lane) of every task in the order done."""
    answers = {name: list(values) for name, values in answers.items()}
    instance = engine.start(process_id, user=USERS[first_lane])
    trail = []
    ready = engine.tasks(instance=instance)
    while ready:
        assert len(ready) == 1, f"one activity at a time in an SOP, got {[t['number'] for t in ready]}"
        [task] = ready
        assert bool(task["mutu_baku"]["waktu"]) == (task["number"] not in UNTIMED), task["number"]
        trail.append((task["number"], task["lane"]))
        ready = engine.complete(task["id"], user=USERS[task["lane"]], data=submission(task, answers))
        assert ready == engine.tasks(instance=instance)   # the answer is what anyone reading afterwards sees
        assert len(trail) < 200, "the walk does not end"
    assert engine.show(instance)["status"] == "completed"
    assert all(not left for left in answers.values()), f"answers not used: {answers}"
    return trail


@pytest.mark.parametrize("path", sorted(PATHS))
def test_every_path_runs_from_start_to_end(sop_engine, path):
    process_id, answers, expected = PATHS[path]
    assert walk(sop_engine, process_id, expected[0][1], answers) == expected


@pytest.mark.parametrize("process_id, lane", [("pengusulan_wbk_wbbm", TPI), ("kompetisi_sinovik", KTL)])
def test_only_the_lane_of_the_first_activity_starts(sop_engine, process_id, lane):
    for other, user in USERS.items():
        if other == lane:
            continue
        with pytest.raises(Forbidden):
            sop_engine.start(process_id, user=user)
    instance = sop_engine.start(process_id, user=USERS[lane])
    [task] = sop_engine.tasks(instance=instance)
    assert task["lane"] == lane and task["number"] in ("1", "A1")


def test_a_task_is_completed_only_by_its_lane(sop_engine):
    instance = sop_engine.start("pengusulan_wbk_wbbm", user=USERS[TPI])
    [task] = sop_engine.tasks(instance=instance)
    data = submission(task, {})
    with pytest.raises(Forbidden):
        sop_engine.complete(task["id"], user=USERS[INSP], data=data)
    assert [t["id"] for t in sop_engine.tasks(instance=instance)] == [task["id"]]
    [nxt] = sop_engine.complete(task["id"], user=USERS[TPI], data=data)
    assert (nxt["number"], nxt["lane"]) == ("2", TPI)


def test_decision_data_reaches_the_instance(sop_engine):
    instance = sop_engine.start("kompetisi_sinovik", user=USERS[KTL])
    answers = {"keputusan_a4": ["perlu koreksi"]}
    for _ in range(4):  # A1, A2, A3, A4
        [task] = sop_engine.tasks(instance=instance)
        sop_engine.complete(task["id"], user=USERS[task["lane"]], data=submission(task, answers))
    shown = sop_engine.show(instance)
    assert shown["data"]["keputusan_a4"] == "perlu koreksi"
    [task] = sop_engine.tasks(instance=instance)
    assert (task["number"], task["lane"]) == ("A2", KTL)
