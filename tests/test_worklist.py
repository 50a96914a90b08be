"""A subject on every case, the paged and searchable inbox and list of instances, and taking a task."""


import csv
import io

import pytest
from lxml import etree

from engine import history
from engine.errors import Conflict, Forbidden, InvalidData
from engine.vocabulary import EventType

from conftest import SURAT, tamper

START_FIELDS = ('<bpmn:startEvent id="StartEvent_surat">\n      <bpmn:extensionElements><spiffworkflow:properties>'
                '<spiffworkflow:property name="field.tujuan" value="{&quot;label&quot;: &quot;Tujuan surat&quot;, '
                '&quot;required&quot;: true}" /></spiffworkflow:properties></bpmn:extensionElements>')


def test_the_subject_is_on_the_instance_its_tasks_and_the_chained_start_event(surat):
    instance = surat.start("surat", "staf", subject="  Undangan rapat\n koordinasi  ")
    assert surat.show(instance).subject == "Undangan rapat koordinasi"
    [task] = surat.tasks(instance=instance)
    assert task.subject == "Undangan rapat koordinasi" and task.to_json()["subject"] == "Undangan rapat koordinasi"
    assert surat.instances()[0].subject == "Undangan rapat koordinasi"
    started = surat.history(instance)[0]
    assert started.type == EventType.INSTANCE_STARTED and started.data == {"subject": "Undangan rapat koordinasi",
                                                                           "data": {}}
    assert surat.replay(instance, 1).subject == "Undangan rapat koordinasi"
    assert surat.verify().ok and surat.reexecute(instance).ok


@pytest.mark.parametrize("subject, code", [("", "instance.subject_blank"), ("   \n ", "instance.subject_blank"),
                                           ("x" * 201, "instance.subject_too_long")])
def test_a_blank_or_long_subject_is_refused_and_starts_nothing(surat, subject, code):
    with pytest.raises(InvalidData) as refused:
        surat.start("surat", "staf", subject=subject)
    assert refused.value.code == code and refused.value.field == "subject"
    assert surat.instances() == []


def test_a_case_without_subject_and_an_older_start_event_read_as_before(surat):
    instance = surat.start("surat", "staf", {"asal": "lama"})  # a script of the API that gives no subject
    assert surat.history(instance)[0].data == {"subject": None, "data": {"asal": "lama"}}
    assert surat.show(instance).subject is None and surat.show(instance).data == {"asal": "lama"}
    # An Alur before subjects wrote the start data alone: folded, it is the data and no subject.
    assert history.started({"asal": "lama"}) == (None, {"asal": "lama"})
    assert history.started({"subject": "S", "data": {"a": 1}}) == ("S", {"a": 1})
    assert surat.verify().ok


def test_start_fields_declared_on_the_start_event_are_asked_and_checked(surat, tmp_path):
    diagram = tmp_path / "surat.bpmn"
    text = SURAT.read_text()
    diagram.write_text(text.replace('<bpmn:startEvent id="StartEvent_surat">', START_FIELDS))
    surat.deploy([diagram])
    [process] = surat.processes()
    with pytest.raises(InvalidData) as refused:
        surat.start("surat", "staf", {}, subject="Surat edaran")
    assert refused.value.code == "field.required" and refused.value.field == "tujuan"
    with pytest.raises(InvalidData):
        surat.start("surat", "staf", {"tujuan": "Dinas", "lain": 1}, subject="Surat edaran")
    instance = surat.start("surat", "staf", {"tujuan": "Dinas"}, subject="Surat edaran")
    assert surat.show(instance).data == {"tujuan": "Dinas"} and process.newest == 2
    assert surat.verify().ok and surat.reexecute(instance).ok


def _cases(surat, subjects):
    return [surat.start("surat", "staf", subject=subject) for subject in subjects]


def test_search_finds_by_subject_sop_activity_and_number(surat):
    first, second, third = _cases(surat, ["Undangan 100% hadir", "Nota dinas", "Undangan_rapat"])
    found = lambda text: [t.instance for t in surat.tasks(user="staf", search=text)]  # noqa: E731
    assert found("undangan") == [first, third]
    assert found("100%") == [first] and found("_rapat") == [third] and found("%") == [first]
    assert found(f"#{second}") == [second]
    assert found("pengiriman") == [first, second, third] == found("001/SOP")
    assert found("konsep surat") == [first, second, third] and found("memeriksa") == []
    assert [i.id for i in surat.instances(search="nota")] == [second]
    assert [i.id for i in surat.instances(search="menyusun")] == [first, second, third]


def test_pages_filters_and_orders(surat, alur):
    ids = _cases(surat, [f"Perihal {n}" for n in range(7)])
    pages = [[t.instance for t in surat.tasks(user="staf", limit=3, offset=o)] for o in (0, 3, 6)]
    assert pages == [ids[0:3], ids[3:6], ids[6:]]
    assert surat.count_tasks(user="staf").count == 7
    assert [t.instance for t in surat.tasks(user="staf", offset=5)] == ids[5:]
    assert [i.id for i in surat.instances(offset=6)] == ids[6:]
    assert [i.id for i in surat.instances(order="newest", limit=2, offset=1)] == [ids[5], ids[4]]
    assert surat.count_instances().to_json() == {"count": 7, "more": False}
    # Sent on to Kepala, one task after another: due first puts the earliest due time on top.
    for n in (3, 1):
        [task] = surat.tasks(instance=ids[n])
        surat.complete(task.id, "staf", {"nomor_konsep": f"K-{n}"})
    kepala = [t.instance for t in surat.tasks(user="kepala", order="due")]
    assert kepala == [ids[3], ids[1]] and surat.tasks(user="kepala", overdue=True) == []
    assert [t.instance for t in surat.tasks(process="surat", lane="Kepala")] == [ids[3], ids[1]]
    assert surat.tasks(process="lain") == []


@pytest.mark.parametrize("options, code", [({"limit": 0}, "list.bad_limit"), ({"limit": 1001}, "list.bad_limit"),
                                            ({"offset": -1}, "list.bad_offset"), ({"order": "acak"}, "list.unknown_order"),
                                            ({"search": "x" * 201}, "list.search_too_long")])
def test_bad_page_requests_are_refused(surat, options, code):
    with pytest.raises(InvalidData) as refused:
        surat.tasks(**options)
    assert refused.value.code == code


def test_a_count_stops_at_its_cap(surat):
    _cases(surat, ["a", "b", "c"])
    from engine import worklist
    counted = worklist.count_tasks(surat.ctx, worklist.task_filter(surat.ctx, user="staf"), cap=2)
    assert (counted.count, counted.more) == (2, True)


def test_a_user_takes_a_task_and_gives_it_back(surat):
    surat.add_user("staf2", lanes=["Staf"])
    [instance] = _cases(surat, ["Surat keluar"])
    [task] = surat.tasks(instance=instance)
    surat.claim(task.id, "staf")
    surat.claim(task.id, "staf")  # a second click changes nothing
    taken = surat.task(task.id)
    assert taken.assignee == "staf" and taken.taken_at
    assert [t.id for t in surat.tasks(taken_by="staf")] == [task.id] and surat.tasks(taken_by="staf2") == []
    with pytest.raises(Conflict, match="is taken by staf"):
        surat.claim(task.id, "staf2")
    with pytest.raises(Forbidden, match="only they may complete it"):
        surat.complete(task.id, "staf2", {"nomor_konsep": "K"})
    with pytest.raises(Conflict, match="not held by staf2"):
        surat.release(task.id, "staf2")
    with pytest.raises(Forbidden, match="belongs to the lane 'Staf'"):
        surat.claim(task.id, "kepala")
    surat.release(task.id, "staf")
    assert surat.task(task.id).assignee is None
    surat.claim(task.id, "staf2")
    surat.complete(task.id, "staf2", {"nomor_konsep": "K"})
    types = [e.type for e in surat.history(instance)]
    assert types.count(EventType.TASK_CLAIMED) == 2 and types.count(EventType.TASK_RELEASED) == 1
    assert surat.verify().ok


def test_verify_names_a_task_handed_to_someone_behind_alurs_back(surat, db_path):
    [instance] = _cases(surat, ["Surat keluar"])
    [task] = surat.tasks(instance=instance)
    surat.claim(task.id, "staf")
    tamper(db_path, ("UPDATE tasks SET assignee = 'kepala' WHERE id = ?", [task.id]))
    [problem] = surat.verify().problems
    assert problem.code == "verify.taken_differs" and problem.params["said"] == "staf"


@pytest.mark.sqlite_only(reason="reads SQLite's own catalogue of an older file")
def test_the_schema_step_adds_the_subject_and_the_queue_indexes(surat, db_path):
    import sqlite3
    conn = sqlite3.connect(db_path)
    indexes = {row[1] for row in conn.execute("SELECT * FROM sqlite_master WHERE type = 'index'")}
    assert {"tasks_ready_queue", "tasks_due_queue", "instances_by_status"} <= indexes
    assert conn.execute("PRAGMA user_version").fetchone()[0] >= 3
    plan = " ".join(row[3] for row in conn.execute(
        "EXPLAIN QUERY PLAN SELECT t.id FROM tasks t WHERE t.state = 'ready' AND t.lane = 'Staf' "
        "ORDER BY t.ready_at, t.id LIMIT 50"))
    assert "tasks_ready_queue" in plan and "TEMP B-TREE" not in plan
    conn.close()


def test_exports_carry_the_subject(surat):
    with_subject = surat.start("surat", "staf", subject="Undangan rapat")
    without = surat.start("surat", "staf")
    rows = list(csv.DictReader(io.StringIO(surat.export("csv"))))
    assert {r["case_id"]: r["subject"] for r in rows} == {str(with_subject): "Undangan rapat", str(without): ""}
    root = etree.fromstring(surat.export("xes").encode("utf-8"))
    subjects = {t.find("string[@key='concept:name']").get("value"): t.find("string[@key='subject']")
                for t in root.iter("trace")}
    assert subjects[str(with_subject)].get("value") == "Undangan rapat" and subjects[str(without)] is None


def test_the_time_standard_report_names_each_tasks_and_instances_subject(surat):
    [instance] = _cases(surat, ["Surat keluar"])
    [task] = surat.tasks(instance=instance)
    surat.complete(task.id, "staf", {"nomor_konsep": "K"})
    report = surat.sla()
    assert [t["subject"] for t in report["tasks"]] == ["Surat keluar"]
    assert [i["subject"] for i in report["instances"]] == ["Surat keluar"]


def test_the_tasks_open_to_a_user_leave_out_those_a_colleague_holds(surat):
    surat.add_user("staf2", lanes=["Staf"])
    first, second, third = [surat.tasks(instance=i)[0].id for i in _cases(surat, ["a", "b", "c"])]
    surat.claim(first, "staf2")
    surat.claim(third, "staf")
    open_to = lambda **page: [t.id for t in surat.tasks(lane="Staf", open_to="staf", **page)]  # noqa: E731
    assert open_to() == [second, third] == open_to(order="due", limit=5) and open_to(limit=1) == [second]
    assert [t.id for t in surat.tasks(lane="Staf", open_to="staf2")] == [first, second]
