"""The issue's "Done when", in headless Chromium on the real server: an admin creates a user in the browser and
makes them Plh Inspektur for a week; they choose their own password, find the Inspektur's decision in their
inbox, complete it, and the instance's history says "budi, Plh Inspektur".

The lane and the process come from what the engine reports (the seed diagrams change), not from element ids."""

from datetime import timedelta

import pytest

from engine import Alur, demo
from test_webui_browser import _fill
from webui_fixtures import PASSWORD, copy_database, live_server, template_db  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
LANE = "Inspektur"


def answer(field):
    """Valid data for a field, as a careful user would enter it (the first of any choices)."""
    return {"text": "catatan", "textarea": "catatan", "number": 1, "date": "2026-12-01", "boolean": True,
            "choice": (field.get("choices") or [""])[0], "checklist": field.get("choices") or []}[field["type"]]


def to_the_lane(alur):
    """An instance of a process with the lane, walked by its lanes' users until a task of the lane is ready."""
    process = next(p for p in alur.processes() if LANE in p.lanes)
    instance = alur.start(process.id, demo.user_name(process.start_lanes[0]))
    for _ in range(40):
        ready = alur.tasks(instance=instance)
        waiting = [t for t in ready if t.lane == LANE]
        if waiting:
            return instance, waiting[0]
        task = ready[0]
        alur.complete(task.id, demo.user_name(task.lane), {f["name"]: answer(f) for f in task.fields})
    raise AssertionError(f"no task of {LANE} became ready")


def sign_in(browser, base, name, password):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/auth/login")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("form.stack button[type=submit]")
    return context, page


def test_an_admin_makes_a_new_user_plh_inspektur_who_completes_the_decision(browser, template_db, tmp_path,
                                                                            request):
    db = copy_database(request, template_db, tmp_path / "alur.db")
    alur = Alur.open(db)
    instance, task = to_the_lane(alur)
    today = alur.clock.now().astimezone(alur.settings.timezone).date()
    with live_server(db, workers=2) as base:
        admin_context, admin = sign_in(browser, base, "admin-uji", PASSWORD)
        admin.click("nav >> text=Pengguna")
        admin.fill("#add-name", "budi")
        admin.fill("#add-email", "budi@inspektorat.go.id")
        admin.fill("#add-password", "sementara-dari-admin")
        admin.check("#add-form input[name=roles][value=analyst]")
        admin.click("#add-form button[type=submit]")
        assert "Pengguna budi ditambahkan" in admin.inner_text(".flashes")
        admin.select_option("#delegate-lane", LANE)
        admin.select_option("#delegate-user", "budi")
        admin.fill("#delegate-from", today.isoformat())
        admin.fill("#delegate-until", (today + timedelta(days=6)).isoformat())
        admin.fill("#delegate-reason", "Inspektur cuti")
        admin.click("#delegate-form button[type=submit]")
        assert f"budi ditunjuk sebagai Plh {LANE}" in admin.inner_text(".flashes")

        budi_context, budi = sign_in(browser, base, "budi", "sementara-dari-admin")
        assert budi.url == base + "/account"                 # their own password first
        budi.fill("#current", "sementara-dari-admin")
        budi.fill("#new", "kopi-pagi-di-inspektorat")
        budi.fill("#again", "kopi-pagi-di-inspektorat")
        budi.click("#password-form button[type=submit]")
        assert f"Plh {LANE}" in budi.inner_text("header")
        budi.click("nav >> text=Kotak Masuk")
        budi.click(f"tr[data-task='{task.id}'] a.open")
        _fill(budi, task, 1)
        decision = [f for f in task.fields if f["type"] == "choice"]
        if decision:
            budi.click(f"form.task-form button[name={decision[0]['name']}][value='{decision[0]['choices'][0]}']")
        else:
            budi.click("form.task-form button[type=submit]")
        assert f"Tugas diselesaikan: {task.number}. {task.name}." in budi.inner_text(".flashes")

        admin.goto(f"{base}/instances/{instance}")
        assert f"budi, Plh {LANE}" in admin.inner_text("table.history")
        admin.goto(f"{base}/delegations")
        assert task.name in admin.inner_text(f"section.delegation")
        budi_context.close()
        admin_context.close()
    assert alur.task(task.id).completed_by == "budi" and alur.verify().ok
    alur.close()
