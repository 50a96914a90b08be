"""End to end in headless Chromium: the Nganjuk SOP (pengusulan_wbk_wbbm) walked through every lane by the
lane's own user on the real server (`alur serve`, gunicorn), each loop taken once.

At every step the test checks what each user sees (the task in its lane's inbox and in nobody else's, the
task page, a 403 for a stranger) and what the diagram highlights (bpmn-js marker classes on the SVG).

Uses Debian's /usr/bin/chromium through Playwright; never a browser downloaded by Playwright.
"""

import re

import pytest

from engine import Alur
from webui_fixtures import NGANJUK, PASSWORD, copy_database, live_server, template_db  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

PROCESS = "pengusulan_wbk_wbbm"
LANE_USERS = {"TPI": "tpi", "Inspektur": "inspektur", "Kasubag Tata Usaha": "kasubag-tata-usaha",
              "Bagian Hukum": "bagian-hukum", "Perangkat Daerah": "perangkat-daerah"}
# (element, decision) in the order the SOP is walked: "tidak setuju" at 5 goes back to 3, "revisi" at 7
# goes back to the draft SK (5a); each loop once.
WALK = [
    ("Activity_1", None), ("Activity_2", None), ("Activity_3", None), ("Activity_4", None),
    ("Activity_5", "tidak setuju"),
    ("Activity_3", None), ("Activity_4", None),
    ("Activity_5", "setuju"),
    ("Activity_5a", None), ("Activity_6", None),
    ("Activity_7", "revisi"),
    ("Activity_5a", None), ("Activity_6", None),
    ("Activity_7", "disetujui Bupati"),
    ("Activity_8", None), ("Activity_9", None), ("Activity_9a", None), ("Activity_10", None),
]
LOOP_FLOWS = {"tidak setuju": "Flow_Gateway_5_keputusan__Gateway_3_gabung",
              "revisi": "Flow_Gateway_7_keputusan__Gateway_5a_gabung"}
MARKERS = ("alur-done", "alur-current", "alur-taken")


@pytest.fixture(scope="module")
def walk_db(template_db, tmp_path_factory, request):
    """One copy of the test database for the module's two walks: each runs its own SOP (Nganjuk, Mojokerto),
    whose lanes and users the other's never touches, and checks only its own instance."""
    return copy_database(request, template_db, tmp_path_factory.mktemp("webui-browser") / "alur.db")


@pytest.fixture(scope="module")
def server(walk_db):
    """One `alur serve` for the module (starting gunicorn and its workers costs seconds)."""
    assert NGANJUK.exists(), f"{NGANJUK} is missing"
    with live_server(walk_db, workers=3) as base:
        yield base


class Staff:
    """One user's own browser session."""

    def __init__(self, browser, base, name, viewport=None, landing="/"):
        self.name, self.base = name, base
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(base + "/auth/login")
        self.page.fill("#name", name)
        self.page.fill("#password", PASSWORD)
        self.page.click("form.stack button[type=submit]")
        assert self.page.url == base + landing, f"{name} could not sign in"
        assert f"Selamat datang, {name}." in self.page.inner_text(".flashes")

    def goto(self, path):
        response = self.page.goto(self.base + path)
        return response.status

    def inbox_tasks(self):
        # The inbox is server-rendered and runs no script: its rows are all there once the document is parsed,
        # without waiting for the stylesheet (five inboxes are read at every step of a walk).
        self.page.goto(self.base + "/inbox", wait_until="domcontentloaded")
        return {int(row.get_attribute("data-task")): row.get_attribute("data-lane")
                for row in self.page.query_selector_all("tr.task")}

    def start(self, process, subject):
        """Mulai Proses: the process's start page, its subject typed, then Mulai."""
        self.goto("/processes")
        self.page.click(f"section[data-process={process}] a.button")
        self.page.fill("#f-subject", subject)
        self.page.click("#start-form button[type=submit]")

    def markers(self, instance):
        """Element id -> the Alur marker classes bpmn-js put on its SVG group."""
        self.goto(f"/instances/{instance}")
        self.page.wait_for_selector("#diagram[data-ready=true]", timeout=15000)
        found = self.page.eval_on_selector_all(
            "#diagram g.djs-element[data-element-id]",
            "els => els.map(e => [e.getAttribute('data-element-id'), e.getAttribute('class')])")
        return {element: {m for m in MARKERS if m in classes.split()} for element, classes in found}

    def no_horizontal_scroll(self):
        return self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_nganjuk_sop_walked_through_every_lane_in_the_browser(browser, server, walk_db):
    alur = Alur.open(walk_db)
    try:
        _walk(browser, server, alur)
    finally:
        alur.close()


def _walk(browser, base, alur):
    staff = {lane: Staff(browser, base, name) for lane, name in LANE_USERS.items()}
    tpi = staff["TPI"]

    # Only TPI (the lane of the first activity) may start the SOP.
    for lane, user in staff.items():
        user.goto("/processes")
        listed = user.page.query_selector(f"section[data-process={PROCESS}]") is not None
        assert listed == (lane == "TPI"), lane
    tpi.start(PROCESS, "Usulan WBK Dinas Kesehatan")
    (instance,) = [i["id"] for i in alur.instances(process=PROCESS)]
    assert re.search(r"/tasks/\d+$", tpi.page.url), "starting should open the first task"
    assert f"Proses #{instance} dimulai: Usulan WBK Dinas Kesehatan." in tpi.page.inner_text(".flashes")

    seen_elements = set()
    for step, (element, decision) in enumerate(WALK):
        (task,) = alur.tasks(instance=instance)
        assert task["element"] == element, f"step {step}: expected {element}, the engine has {task['element']}"
        lane = task["lane"]
        actor = staff[lane]

        # Each user's inbox: the task is in its lane's inbox, and in nobody else's.
        for other_lane, user in staff.items():
            inbox = user.inbox_tasks()
            if other_lane == lane:
                assert inbox == {task["id"]: lane}, f"step {step}: {user.name} sees {inbox}"
            else:
                assert task["id"] not in inbox, f"step {step}: {user.name} sees {lane}'s task"

        # A stranger's direct URL to it answers 403 (Perangkat Daerah has no task at all in this SOP).
        stranger = staff["Perangkat Daerah"] if lane != "Perangkat Daerah" else staff["TPI"]
        if element not in seen_elements:
            assert stranger.goto(f"/tasks/{task['id']}") == 403
            assert "Akses ditolak" in stranger.page.inner_text("main")

        # The actor opens it from the inbox and reads the task page.
        actor.goto("/inbox")
        actor.page.click(f"tr[data-task='{task['id']}'] a.open")
        page = actor.page
        assert page.url == f"{base}/tasks/{task['id']}"
        assert task["name"] in page.inner_text("h1")
        assert task["documentation"].split("\n")[0].strip() in page.inner_text(".kegiatan")
        assert task["mutu_baku"]["waktu"] in page.inner_text("#mutu-baku")

        if step == 0:  # an invalid submission first: the message is next to the field, what was typed stays
            page.fill("textarea[name=catatan_1]", "catatan yang tidak boleh hilang")
            page.click("form.task-form button[type=submit]")
            assert page.inner_text("#err-nomor_spt_assesment") == "Wajib diisi."
            assert page.input_value("textarea[name=catatan_1]") == "catatan yang tidak boleh hilang"
            assert [t["id"] for t in alur.tasks(instance=instance)] == [task["id"]]

        _fill(page, task, step)
        if decision:
            page.click(f"form.task-form button[name={task_decision(task)}][value='{decision}']")
        else:
            page.click("form.task-form button[type=submit]")
        assert page.url == base + "/inbox", f"step {step}: {page.url}: {page.inner_text('main')[:500]}"
        assert f"Tugas diselesaikan: {task['number']}. {task['name']}." in page.inner_text(".flashes")
        completed = alur.task(task["id"])
        assert completed["state"] == "completed" and completed["completed_by"] == actor.name
        seen_elements.add(element)

        # What the diagram highlights, as the actor sees it: exactly what the engine says, and the loop taken.
        expected = alur.diagram(instance)
        marks = actor.markers(instance)
        _check_markers(marks, expected, step)
        assert "alur-done" in marks[element] or element in expected["current"]
        if decision in LOOP_FLOWS:
            assert "alur-taken" in marks[LOOP_FLOWS[decision]], f"step {step}: loop flow not highlighted"
        assert not actor.errors, actor.errors

    # The end: completed, the end event done, the history names every actor and lane.
    assert alur.show(instance)["status"] == "completed"
    assert alur.tasks(instance=instance) == []
    for user in staff.values():
        assert user.inbox_tasks() == {}
    marks = tpi.markers(instance)
    _check_markers(marks, alur.diagram(instance), "end")
    assert not any("alur-current" in m for m in marks.values())
    assert "alur-done" in marks["Activity_10"]
    assert "alur-done" in marks["EndEvent_pengusulan_wbk_wbbm"]
    assert "alur-taken" in marks["Flow_Activity_10__EndEvent_pengusulan_wbk_wbbm"]
    assert "selesai" in tpi.page.inner_text("#instance-status")
    history = tpi.page.inner_text("table.history")
    for lane, name in LANE_USERS.items():
        if lane != "Perangkat Daerah":
            assert re.search(rf"{re.escape(name)}\s+{re.escape(lane)}\s+Tugas diselesaikan", history), lane
    assert "Jalur dipilih: tidak setuju" in history and "Jalur dipilih: revisi" in history
    assert "Proses selesai" in history

    # Perangkat Daerah (a lane without activities) may still follow the instance.
    assert staff["Perangkat Daerah"].goto(f"/instances/{instance}") == 200

    # English, and the pages on a phone: nothing wider than the screen.
    phone = Staff(browser, base, "tpi", viewport={"width": 390, "height": 844})
    phone.goto("/processes")
    phone.page.click("form.lang button[value=en]")
    assert phone.page.inner_text("nav[aria-label='Main menu'] a").strip() == "Inbox"
    for path in ("/inbox", "/processes", "/instances", f"/instances/{instance}"):
        assert phone.goto(path) == 200
        assert phone.no_horizontal_scroll(), f"{path} scrolls sideways on a phone"
    phone.page.wait_for_selector("#diagram[data-ready=true]")
    assert not phone.errors, phone.errors
    for user in list(staff.values()) + [phone]:
        user.context.close()


def task_decision(task):
    (field,) = [f["name"] for f in task["fields"] if f["type"] == "choice"]
    return field


def _fill(page, task, step):
    """Fill every field but the decision, as a careful user does, once the task's page is there (the click that
    opened it may still be loading it: a loaded machine once showed the checklist of the page before)."""
    page.wait_for_url(f"**/tasks/{task['id']}")
    page.wait_for_selector("form.task-form")
    for field in task["fields"]:
        name = field["name"]
        if field["type"] in ("text", "textarea"):
            page.fill(f"[name={name}]", f"{field['label']} langkah {step}")
        elif field["type"] == "checklist":
            for box in page.query_selector_all(f"input[type=checkbox][name={name}]"):
                box.check()
        elif field["type"] == "number":
            page.fill(f"[name={name}]", str(step))
        elif field["type"] == "date":
            page.fill(f"[name={name}]", "2024-05-02")
        elif field["type"] == "boolean":
            page.check(f"input[name={name}][value=true]")


def walk_to_the_end(alur, staff, instance, base, answers=None, check_page=None, one_at_a_time=False):
    """Each ready task of `instance` done in the browser by its lane's user (`staff`: lane -> Staff): opened from
    the inbox, every field filled, the decision answered with the next of `answers[number]` (else its first
    choice); `check_page(page, task)` runs on the task's page first; `one_at_a_time`: never two tasks ready at
    once. The numbers done, in order."""
    answers = {number: list(given) for number, given in (answers or {}).items()}
    done = []
    for step in range(100):
        ready = alur.tasks(instance=instance)
        if not ready:
            break
        assert len(ready) == 1 or not one_at_a_time, f"step {step}: {len(ready)} tasks ready at once"
        task = ready[0]
        actor = staff[task["lane"]]
        assert task["id"] in actor.inbox_tasks(), f"step {step}: {actor.name} does not see {task['name']}"
        actor.page.click(f"tr[data-task='{task['id']}'] a.open")
        _fill(actor.page, task, step)
        if check_page:
            check_page(actor.page, task)
        choices = [f for f in task["fields"] if f["type"] == "choice"]
        if choices:
            answer = (answers.get(task["number"]) or [choices[0]["choices"][0]]).pop(0)
            actor.page.click(f"form.task-form button[name={choices[0]['name']}][value='{answer}']")
        else:
            actor.page.click("form.task-form button[type=submit]")
        assert actor.page.url == base + "/inbox", f"step {step}: {actor.page.inner_text('main')[:500]}"
        assert alur.task(task["id"])["completed_by"] == actor.name
        done.append(task["number"])
    return done


def _check_markers(marks, expected, step):
    for element in expected["current"]:
        assert "alur-current" in marks.get(element, set()), f"step {step}: {element} not marked current"
    for element in expected["done"]:
        assert "alur-done" in marks.get(element, set()), f"step {step}: {element} not marked done"
    for flow in expected["flows"]:
        assert "alur-taken" in marks.get(flow, set()), f"step {step}: flow {flow} not marked taken"
    marked = {e for e, m in marks.items() if m}
    assert marked == set(expected["current"]) | set(expected["done"]) | set(expected["flows"]), step


def test_mojokerto_sop_from_start_to_end_in_the_browser(browser, server, walk_db):
    """The other SOP (kompetisi_sinovik), each task done by its lane's user, each decision's first answer."""
    from engine.demo import user_name
    alur = Alur.open(walk_db)
    try:
        (process,) = [p for p in alur.processes() if p.id == "kompetisi_sinovik"]
        staff = {lane: Staff(browser, server, user_name(lane)) for lane in process["lanes"]}
        starter = staff[process["start_lanes"][0]]
        starter.start("kompetisi_sinovik", "Kompetisi Sinovik 2026")
        (instance,) = [i["id"] for i in alur.instances(process="kompetisi_sinovik")]
        done = walk_to_the_end(alur, staff, instance, server)
        assert alur.show(instance)["status"] == "completed", done
        assert done[0] == "A1" and done[-1] == "B8", done
        marks = starter.markers(instance)
        _check_markers(marks, alur.diagram(instance), "end")
        assert "selesai" in starter.page.inner_text("#instance-status")
        for user in staff.values():
            assert not user.errors, user.errors
            user.context.close()
    finally:
        alur.close()
