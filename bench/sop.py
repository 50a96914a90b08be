"""The two real SOPs as the benchmarks run them: their paths (each loop taken once, as tests/test_sop_paths.py
walks them), a user per lane, and the data a task's fields ask for."""

from pathlib import Path

from engine import Alur
from engine.demo import user_name

ROOT = Path(__file__).resolve().parent.parent

NGANJUK = ROOT / "bpmn" / "inspektorat-nganjuk" / "pengusulan-wbk-wbbm.bpmn"
SINOVIK = ROOT / "bpmn" / "organisasi-mojokerto" / "kompetisi-sinovik.bpmn"
PASSWORD = "bench-sandi-rahasia"

# process id -> (a user of its first lane, the answers of its decisions: every loop once, then onwards)
PATHS = {
    "pengusulan_wbk_wbbm": ("tpi", {"keputusan_5": ["tidak setuju", "setuju"],
                                    "keputusan_7": ["revisi", "disetujui Bupati"]}),
    "kompetisi_sinovik": ("kasubbag-tata-laksana", {"keputusan_a4": ["perlu koreksi", "setuju"],
                                                    "keputusan_b6": ["masuk nominasi"]}),
}


def base_db(path, extra_users=()):
    """Both SOPs deployed and a user per lane (named as `alur demo` names them), plus `extra_users`
    [(name, lane)]; every user has PASSWORD."""
    alur = Alur.open(path)
    try:
        alur.deploy([NGANJUK, SINOVIK], actor="bench")
        for lane in sorted({lane for p in alur.processes() for lane in p["lanes"]}):
            alur.add_user(user_name(lane), lanes=[lane], password=PASSWORD)
        for name, lane in extra_users:
            alur.add_user(name, lanes=[lane], password=PASSWORD)
    finally:
        alur.close()
    return path


def answers_of(process_id):
    return {name: list(values) for name, values in PATHS[process_id][1].items()}


def submission(fields, answers, number="1"):
    """What a clerk enters: what is required, every kelengkapan item ticked, the path's next answer, and a
    reason when that answer sends work back."""
    data = {}
    for field in fields:
        if field["type"] == "choice":
            data[field["name"]] = answers[field["name"]].pop(0)
        elif field["type"] == "checklist" and field["required"]:
            data[field["name"]] = list(field["choices"])
        elif field["required"]:
            data[field["name"]] = {"number": 1, "date": "2026-03-02"}.get(field["type"], f"{field['name']}/{number}/1")
    for field in fields:
        if any(data.get(other) in wanted for other, wanted in (field.get("required_when") or {}).items()):
            data[field["name"]] = "alasan"
    return data


def walk(alur, process_id, stop_after=None):
    """Start an instance and complete its tasks along the path, `stop_after` of them (all by default);
    return (instance id, [(element, lane, data)] of the tasks done)."""
    starter, _ = PATHS[process_id]
    answers = answers_of(process_id)
    instance = alur.start(process_id, starter)
    done, ready = [], alur.tasks(instance=instance)
    while ready and (stop_after is None or len(done) < stop_after):
        [task] = ready
        data = submission(task["fields"], answers, task["number"])
        ready = alur.complete(task["id"], user_name(task["lane"]), data)
        done.append((task["element"], task["lane"], data))
    return instance, done


def path_length(alur, process_id):
    """How many tasks the path has, walked once in the database `alur` is open on."""
    return len(walk(alur, process_id)[1])
