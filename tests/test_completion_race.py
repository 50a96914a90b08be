"""A completion that finds the write lock held is worked out outside it and written only if its instance did not
change meanwhile (engine.instances.complete). The race this opens: two tasks of one instance ready at once (tests/data/paralel.bpmn:
the head and the treasurer each check the draft) completed at the same moment, through the engine and through
the real server. Both completions must be in the state, the history and the tasks, and the process go on."""

import contextlib
import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import DATA
from engine import Alur, instances
from engine.db import transaction
from engine.errors import Conflict
from webui_fixtures import PASSWORD, live_server, template_db, webui_db  # noqa: F401  (fixtures)

PARALEL = DATA / "paralel.bpmn"
ANSWERS = {"Task_periksa": ("kepala", {"catatan_isi": "isi baik"}),
           "Task_anggaran": ("bendahara", {"catatan_anggaran": "anggaran cukup"})}


@pytest.fixture
def paralel(alur):
    alur.deploy([PARALEL])
    for name, lane in (("staf", "Staf"), ("kepala", "Kepala"), ("bendahara", "Bendahara"), ("bendahara2", "Bendahara")):
        alur.add_user(name, lanes=[lane])
    alur.add_user("admin", roles=["admin"])
    return alur


def checks_ready(alur):
    """An instance whose draft is done: the head's and the treasurer's checks are both ready."""
    instance = alur.start("paralel", "staf")
    [draft] = alur.tasks(instance=instance)
    ready = alur.complete(draft.id, "staf", {"nomor_konsep": "K-1"})
    assert ready == alur.tasks(instance=instance) and len(ready) == 2   # the answer is what a reader sees after
    return instance, {task.element: task for task in ready}


@pytest.fixture
def interleave(monkeypatch, db_path):
    """interleave(meanwhile, times=1): a third connection holds the write lock when the next completion begins, so
    that it is worked out on a snapshot; right after each of the next `times` completions was worked out, the lock
    is let go and `meanwhile()` (another connection's command) runs, before the completion takes the write lock.
    Returns the list of completions worked out."""
    holder, holding = Alur.open(db_path), contextlib.ExitStack()

    def interleave(meanwhile, times=1):
        prepare, prepared = instances._prepare_completion, []
        holding.enter_context(transaction(holder.db))

        def prepared_then_meanwhile(*args):
            completion = prepare(*args)
            prepared.append(completion)
            holding.close()
            if len(prepared) <= times:
                meanwhile()
            return completion
        monkeypatch.setattr(instances, "_prepare_completion", prepared_then_meanwhile)
        return prepared
    yield interleave
    holding.close()
    holder.close()


def assert_both_checks_recorded(alur, instance):
    shown = alur.show(instance)
    assert [t["element"] for t in shown["ready"]] == ["Task_kirim"]
    assert {t["element"]: t["completed_by"] for t in shown["completed"]} == {
        "Task_konsep": "staf", "Task_periksa": "kepala", "Task_anggaran": "bendahara"}
    assert shown["data"]["catatan_isi"] == "isi baik" and shown["data"]["catatan_anggaran"] == "anggaran cukup"
    completed = [e["element"] for e in alur.history(instance) if e["type"] == "task_completed"]
    assert sorted(completed) == ["Task_anggaran", "Task_konsep", "Task_periksa"]
    assert alur.verify().ok  # the chain, and the stored state against the history


def test_two_tasks_of_one_instance_completed_at_once_both_count(paralel, db_path, interleave):
    instance, ready = checks_ready(paralel)
    other = Alur.open(db_path)
    try:
        user, data = ANSWERS["Task_anggaran"]
        prepared = interleave(lambda: other.complete(ready["Task_anggaran"].id, user, data))
        now_ready = paralel.complete(ready["Task_periksa"].id, *ANSWERS["Task_periksa"])
    finally:
        other.close()
    # The head's completion was worked out before the treasurer's was written, then again on the new state:
    # written on the first, the treasurer's data and task would have been lost.
    assert len(prepared) == 3 and prepared[2].task["element"] == "Task_periksa"
    assert [t.element for t in now_ready] == ["Task_kirim"]
    assert_both_checks_recorded(paralel, instance)


def test_the_same_task_completed_meanwhile_is_refused_naming_the_winner(paralel, db_path, interleave):
    instance, ready = checks_ready(paralel)
    task = ready["Task_anggaran"]
    other = Alur.open(db_path)
    try:
        interleave(lambda: other.complete(task.id, "bendahara2", {"catatan_anggaran": "menang"}))
        with pytest.raises(Conflict) as refused:
            paralel.complete(task.id, "bendahara", {"catatan_anggaran": "kalah"})
    finally:
        other.close()
    assert refused.value.message.code == "task.completed_already" and refused.value.message.params["by"] == "bendahara2"
    assert paralel.task(task.id)["completed_by"] == "bendahara2"
    assert [(e["actor"], e["data"]) for e in paralel.history(instance) if e["type"] == "task_completed"
            and e["task"] == task.id] == [("bendahara2", {"catatan_anggaran": "menang"})]
    paralel.complete(ready["Task_periksa"].id, *ANSWERS["Task_periksa"])
    assert [t["element"] for t in paralel.show(instance)["ready"]] == ["Task_kirim"]
    assert paralel.verify().ok


def test_an_instance_changing_at_every_try_is_completed_under_the_lock(paralel, db_path, interleave):
    """An admin moves the other task back and forth while the head completes theirs: each move is an event of the
    instance, so each optimistic try is worked out again; the last try is worked out under the lock and wins."""
    instance, ready = checks_ready(paralel)
    treasurer_task = ready["Task_anggaran"].id
    other, moved = Alur.open(db_path), []

    def move():
        moved.append("bendahara2" if len(moved) % 2 == 0 else "bendahara")
        other.reassign(treasurer_task, moved[-1], "admin", "cuti")
    try:
        prepared = interleave(move, times=instances.OPTIMISTIC_TRIES)
        paralel.complete(ready["Task_periksa"].id, *ANSWERS["Task_periksa"])
    finally:
        other.close()
    assert len(prepared) == instances.OPTIMISTIC_TRIES + 1 == len(moved) + 1
    assert paralel.task(ready["Task_periksa"].id)["completed_by"] == "kepala"
    assert [e["data"]["to"] for e in paralel.history(instance) if e["type"] == "task_reassigned"] == moved
    assert paralel.task(treasurer_task)["assignee"] == moved[-1]
    paralel.complete(treasurer_task, moved[-1], {"catatan_anggaran": "anggaran cukup"})
    assert [t["element"] for t in paralel.show(instance)["ready"]] == ["Task_kirim"]
    assert paralel.verify().ok


def test_two_workers_completing_two_tasks_of_one_instance_at_once(webui_db):  # noqa: F811  (fixture)
    """The real server (gunicorn, 4 workers): the head and the treasurer submit their checks of the same draft
    at the same moment, for several instances; every completion is acknowledged and none is lost."""
    alur = Alur.open(webui_db)
    try:
        alur.deploy([PARALEL])
        started = [checks_ready(alur) for _ in range(8)]
    finally:
        alur.close()
    with live_server(webui_db, workers=4) as base:
        users = {element: signed_in(base, name) for element, (name, _) in ANSWERS.items()}
        for _, ready in started:
            submissions = {element: form_post(base, users[element], f"/tasks/{ready[element].id}", data)
                           for element, (_, data) in ANSWERS.items()}
            barrier = threading.Barrier(len(submissions))
            answers = {}

            def submit(element, send):
                barrier.wait()
                answers[element] = send()

            threads = [threading.Thread(target=submit, args=item) for item in submissions.items()]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
            assert all(status == 302 and location.endswith("/inbox") for status, location in answers.values()), answers
    alur = Alur.open(webui_db)
    try:
        for instance, _ in started:
            assert_both_checks_recorded(alur, instance)
    finally:
        alur.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def signed_in(base, name):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                         _NoRedirect())
    token = _token(opener.open(base + "/auth/login").read().decode())
    try:
        opener.open(base + "/auth/login", urllib.parse.urlencode(
            {"name": name, "password": PASSWORD, "csrf_token": token}).encode())
    except urllib.error.HTTPError as answer:  # the 302 to the inbox
        assert answer.code == 302
    return opener


def form_post(base, opener, path, fields):
    """A function that POSTs `fields` with the session's CSRF token (read now) and returns (status, Location)."""
    body = urllib.parse.urlencode({**fields, "csrf_token": _token(opener.open(base + path).read().decode())}).encode()

    def send():
        try:
            answer = opener.open(base + path, body)
            return answer.status, None
        except urllib.error.HTTPError as answer:
            return answer.code, answer.headers.get("Location")
    return send


def _token(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("first", ["Task_anggaran", "Task_periksa"])
def test_a_branch_waiting_at_its_join_keeps_what_was_entered_in_it(paralel, first):
    """Either check done while the other waits: the instance shows what was entered, and verify agrees."""
    instance, ready = checks_ready(paralel)
    user, data = ANSWERS[first]
    paralel.complete(ready[first].id, user, data)
    assert paralel.show(instance)["data"] == {"nomor_konsep": "K-1", **data}
    assert paralel.verify().ok
    [other] = [element for element in ANSWERS if element != first]
    paralel.complete(ready[other].id, *ANSWERS[other])
    assert paralel.show(instance)["data"] == {"nomor_konsep": "K-1", "catatan_isi": "isi baik",
                                              "catatan_anggaran": "anggaran cukup"}
    assert paralel.verify().ok
