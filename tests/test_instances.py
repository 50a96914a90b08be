"""Starting instances and completing tasks: lanes, fields, the ready-task table and the events."""

import re

import pytest

from engine.errors import Conflict, Forbidden, InvalidData, NotFound

TASK_KEYS = {"id", "instance", "process", "version", "element", "number", "name", "lane", "mutu_baku",
             "ready_at", "due_at", "fields"}


def draft(alur, instance, user="staf", **data):
    [task] = alur.tasks(instance=instance)
    return alur.complete(task["id"], user, {"nomor_konsep": "K-1", **data})


def test_start_makes_the_first_activity_ready_in_its_lane(surat):
    instance = surat.start("surat", "staf")
    [task] = surat.tasks(instance=instance)
    assert TASK_KEYS <= set(task)
    assert (task["name"], task["number"], task["lane"], task["process"], task["version"]) == (
        "Menyusun konsep surat", "1", "Staf", "surat", 1)
    assert task["mutu_baku"]["waktu"] == "60 menit" and task["mutu_baku"]["output"] == "Konsep surat"
    assert [f["name"] for f in task["fields"]] == ["nomor_konsep", "catatan"]
    assert task["due_at"] > task["ready_at"]
    assert surat.show(instance)["status"] == "running"


def test_only_the_first_lane_may_start(surat):
    with pytest.raises(Forbidden, match="only the lane Staf may start 'Pengiriman Surat'; the user 'kepala' belongs to Kepala"):
        surat.start("surat", "kepala")
    assert surat.instances() == []


def test_unknown_process_and_user_are_named(surat):
    with pytest.raises(NotFound, match="no process 'nope'"):
        surat.start("nope", "staf")
    with pytest.raises(NotFound, match="no user 'ghost'"):
        surat.start("surat", "ghost")


def test_walk_with_a_loop_taken_once(surat):
    instance = surat.start("surat", "staf")
    order = []
    for data_for_review in ("revisi", "setuju"):
        [task] = surat.tasks(instance=instance)
        order.append((task["number"], task["lane"]))
        surat.complete(task["id"], "staf", {"nomor_konsep": "K-1"})
        [task] = surat.tasks(instance=instance)
        order.append((task["number"], task["lane"]))
        surat.complete(task["id"], "kepala", {"keputusan": data_for_review})
    [task] = surat.tasks(instance=instance)
    order.append((task["number"], task["lane"]))
    assert surat.complete(task["id"], "staf", {"kelengkapan_diperiksa": ["Surat", "agenda"]}) == []
    assert order == [("1", "Staf"), ("2", "Kepala"), ("1", "Staf"), ("2", "Kepala"), ("3", "Staf")]
    shown = surat.show(instance)
    assert shown["status"] == "completed"
    assert shown["data"]["keputusan"] == "setuju"
    assert [t["number"] for t in shown["completed"]] == ["1", "2", "1", "2", "3"]
    types = [e["type"] for e in surat.history(instance)]
    assert types[0] == "instance_started" and types[-1] == "instance_completed"
    assert types.count("task_completed") == 5 and types.count("task_ready") == 5
    flows = [e["element"] for e in surat.history(instance) if e["type"] == "flow_taken"]
    assert flows == ["Flow_revisi", "Flow_setuju"]


def test_a_user_completes_only_tasks_of_their_lanes(surat):
    instance = surat.start("surat", "staf")
    [task] = surat.tasks(instance=instance)
    with pytest.raises(Forbidden, match="belongs to the lane 'Staf'; the user 'kepala' belongs to Kepala"):
        surat.complete(task["id"], "kepala", {"nomor_konsep": "K-1"})
    assert surat.tasks(instance=instance)[0]["id"] == task["id"]


@pytest.mark.parametrize("data,message", [
    ({"nomor_konsep": "K-1", "lampiran": "x"}, "unknown field 'lampiran'"),
    ({"catatan": "tanpa nomor"}, "Nomor konsep is required"),
    ({"nomor_konsep": 12}, "'nomor_konsep' must be text"),
    ("not json", "not valid JSON"),
    ("[1, 2]", "must be a JSON object"),
])
def test_bad_data_is_refused_naming_the_field_and_changes_nothing(surat, data, message):
    instance = surat.start("surat", "staf")
    [task] = surat.tasks(instance=instance)
    events = surat.db["events"].count
    with pytest.raises(InvalidData, match=re.escape(message)):
        surat.complete(task["id"], "staf", data)
    assert surat.tasks(instance=instance)[0]["id"] == task["id"]
    assert surat.db["events"].count == events


@pytest.mark.parametrize("data,message", [
    ({"keputusan": "mungkin"}, "must be one of setuju, revisi"),
    ({}, "Keputusan is required"),
])
def test_decision_outside_its_choices_is_refused(surat, data, message):
    instance = surat.start("surat", "staf")
    draft(surat, instance)
    [review] = surat.tasks(instance=instance)
    with pytest.raises(InvalidData, match=re.escape(message)):
        surat.complete(review["id"], "kepala", data)


def test_required_checklist_needs_every_item(surat):
    instance = surat.start("surat", "staf")
    draft(surat, instance)
    surat.complete(surat.tasks(instance=instance)[0]["id"], "kepala", {"keputusan": "setuju"})
    [send] = surat.tasks(instance=instance)
    with pytest.raises(InvalidData, match="not yet checked: agenda"):
        surat.complete(send["id"], "staf", {"kelengkapan_diperiksa": ["Surat"]})


def test_completing_twice_says_who_did_it(surat):
    instance = surat.start("surat", "staf")
    [task] = surat.tasks(instance=instance)
    surat.complete(task["id"], "staf", {"nomor_konsep": "K-1"})
    with pytest.raises(Conflict, match=r"was completed already by staf at \d\d-\d\d-20\d\d \d\d:\d\d"):
        surat.complete(task["id"], "staf", {"nomor_konsep": "K-2"})


def test_unknown_task_is_named(surat):
    with pytest.raises(NotFound, match="no task 999"):
        surat.complete(999, "staf", {})


def test_tasks_filter_by_lane_user_and_instance(surat):
    first = surat.start("surat", "staf")
    second = surat.start("surat", "staf")
    draft(surat, first)
    assert [t["instance"] for t in surat.tasks(lane="Kepala")] == [first]
    assert [t["instance"] for t in surat.tasks(user="staf")] == [second]
    assert [t["instance"] for t in surat.tasks(instance=second)] == [second]
    assert len(surat.tasks()) == 2


def test_cancel_removes_ready_tasks_and_is_an_event(surat):
    surat.add_user("admin", roles=["admin"])
    instance = surat.start("surat", "staf")
    with pytest.raises(Forbidden, match="only a user with the admin role may cancel an instance"):
        surat.cancel(instance, "kepala", "diajukan ganda")
    with pytest.raises(InvalidData, match="give a reason"):
        surat.cancel(instance, "admin", " ")
    surat.cancel(instance, "admin", "diajukan ganda")
    assert surat.tasks(instance=instance) == []
    assert surat.show(instance)["status"] == "cancelled"
    last = surat.history(instance)[-1]
    assert (last["type"], last["actor"], last["data"]) == ("instance_cancelled", "admin", {"reason": "diajukan ganda"})
    with pytest.raises(Conflict, match="cancelled already"):
        surat.cancel(instance, "admin", "again")
    assert surat.verify()["ok"]


def test_reassign_moves_a_task_to_one_user_of_its_lane(surat):
    surat.add_user("admin", roles=["admin"])
    surat.add_user("ani", lanes=["Staf"])
    instance = surat.start("surat", "staf")
    [task] = surat.tasks(instance=instance)
    with pytest.raises(Forbidden, match="user 'kepala' is not in it"):
        surat.reassign(task["id"], "kepala", "admin", "cuti")
    with pytest.raises(Forbidden, match="admin role may reassign"):
        surat.reassign(task["id"], "ani", "staf", "cuti")
    surat.reassign(task["id"], "ani", "admin", "staf cuti")
    assert surat.tasks(instance=instance)[0]["assignee"] == "ani"
    with pytest.raises(Forbidden, match="is assigned to ani"):
        surat.complete(task["id"], "staf", {"nomor_konsep": "K-1"})
    surat.complete(task["id"], "ani", {"nomor_konsep": "K-1"})
    moved = next(e for e in surat.history(instance) if e["type"] == "task_reassigned")
    assert (moved["actor"], moved["data"]) == ("admin", {"from": None, "to": "ani", "reason": "staf cuti"})
    assert surat.verify()["ok"] and surat.reexecute(instance)["ok"]


def test_events_are_append_only(surat):
    surat.start("surat", "staf")
    with pytest.raises(Exception, match="append-only"):
        surat.db.execute("UPDATE events SET actor = 'someone else'")
    with pytest.raises(Exception, match="append-only"):
        surat.db.execute("DELETE FROM events")


def test_instances_list_filters(surat):
    done = surat.start("surat", "staf")
    surat.start("surat", "staf")
    surat.add_user("admin", roles=["admin"])
    surat.cancel(done, "admin", "test")
    assert [i["status"] for i in surat.instances()] == ["cancelled", "running"]
    assert [i["id"] for i in surat.instances(status="running")] == [done + 1]
    with pytest.raises(InvalidData, match="status 'paused'"):
        surat.instances(status="paused")


def test_users_have_hashed_passwords_and_known_lanes(surat):
    surat.add_user("budi", lanes=["Staf"], password="rahasia")
    stored = surat.db.execute("SELECT password_hash FROM users WHERE name = 'budi'").fetchone()[0]
    assert "rahasia" not in stored and stored.startswith("$argon2")
    assert surat.authenticate("budi", "rahasia")["lanes"] == ["Staf"]
    assert surat.authenticate("budi", "salah") is None
    with pytest.raises(InvalidData, match="no deployed process has a lane 'Staff'; the lanes are: Kepala, Staf"):
        surat.add_user("ani", lanes=["Staff"])
    with pytest.raises(Conflict, match="exists already"):
        surat.add_user("budi", lanes=["Staf"])
