"""The auditor's pages in headless Chromium on the real server (`alur serve`, gunicorn).

An auditor steps through an instance with previous/next, the slider and the arrow keys; at every step the
diagram's marker classes are exactly `Alur.replay(instance, step)["highlight"]`, and the page is never
reloaded. Then someone edits an event row with sqlite3 behind Alur's back, and the verify page names the
broken link.

Uses Debian's /usr/bin/chromium through Playwright, launched as tests/test_webui_browser.py launches it.
"""

import re

import pytest

from conftest import tamper

from engine import Alur
from test_webui_browser import MARKERS
from webui_fixtures import PASSWORD, live_server, template_db, webui_db  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
DOKUMEN = ["Surat pengantar", "Lampiran"]


@pytest.fixture
def walked(webui_db):
    """usulan_uji walked with its loop: drafted, sent back (revisi), drafted again, approved, archived."""
    alur = Alur.open(webui_db)
    instance = alur.start("usulan_uji", "staf")
    for user, data in (("staf", {"judul": "A", "dokumen": DOKUMEN}), ("kepala", {"keputusan": "revisi"}),
                       ("staf", {"judul": "B", "dokumen": DOKUMEN}), ("kepala", {"keputusan": "setuju"}),
                       ("staf", {})):
        alur.complete(alur.tasks(instance=instance)[0]["id"], user, data)
    yield alur, instance
    alur.close()


def sign_in(browser, base, name, width=1280):  # noqa: F811  (the fixture's value)
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 600 else 844})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + "/auth/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    assert "Selamat datang" in page.inner_text(".flashes"), f"{name} could not sign in"
    return context, page, errors


def markers(page):
    found = page.eval_on_selector_all(
        "#diagram g.djs-element[data-element-id]",
        "els => els.map(e => [e.getAttribute('data-element-id'), e.getAttribute('class')])")
    return {element: {m for m in MARKERS if m in classes.split()} for element, classes in found}


def expected_markers(highlight):
    wanted = {}
    for key, marker in (("done", "alur-done"), ("current", "alur-current"), ("flows", "alur-taken")):
        for element in highlight[key]:
            wanted.setdefault(element, set()).add(marker)
    return wanted


def check_step(page, alur, instance, step):
    page.wait_for_selector(f"#replay-state[data-step='{step}']", timeout=10000)
    page.wait_for_function("document.getElementById('replay-form').getAttribute('aria-busy') === null")
    replay = alur.replay(instance, step)
    shown = {element: marks for element, marks in markers(page).items() if marks}
    assert shown == expected_markers(replay["highlight"]), f"step {step}"
    assert page.input_value("#replay-step") == str(step) and page.inner_text("#replay-step-out") == str(step)
    assert page.inner_text("#replay-actor") == replay["actor"]
    assert page.inner_text("#replay-lane") == (replay["lane"] or "–")
    assert page.url.endswith(f"/replay?step={step}") or (step == 1 and page.url.endswith("/replay"))
    return replay


def test_an_auditor_steps_through_an_instance_and_the_markers_follow_the_replay(browser, webui_db, walked):  # noqa: F811
    alur, instance = walked
    steps = len(alur.history(instance))
    with live_server(webui_db, workers=2) as base:
        context, page, errors = sign_in(browser, base, "tanpa-lajur")
        assert page.url == base + "/instances"  # an auditor's front page
        page.click(f"tr[data-instance='{instance}'] a")
        page.click("a[href$='/replay']")
        page.wait_for_selector("#diagram[data-ready=true]", timeout=15000)
        check_step(page, alur, instance, 1)
        assert page.get_attribute("#replay-prev", "aria-disabled") == "true"
        page.evaluate("window.alurSamePage = true")  # gone if anything below reloads the page

        seen = set()
        for step in range(2, 7):  # next, next, ...
            page.click("#replay-next")
            replay = check_step(page, alur, instance, step)
            seen.add(frozenset(replay["highlight"]["current"]))
        assert len(seen) > 1  # the waiting task moved

        page.click("#replay-prev")
        check_step(page, alur, instance, 5)

        for step in (steps - 3, 2, steps):  # the slider, jumping
            page.fill("#replay-step", str(step))
            check_step(page, alur, instance, step)
        assert page.get_attribute("#replay-next", "aria-disabled") == "true"
        last = alur.replay(instance, steps)
        assert last["status"] == "completed" and not last["highlight"]["current"]

        page.click("h1")  # the arrow keys, outside any field
        page.keyboard.press("ArrowLeft")
        check_step(page, alur, instance, steps - 1)
        page.keyboard.press("ArrowRight")
        check_step(page, alur, instance, steps)

        # The loop: the step after Kepala's "revisi" shows the flow back to Staf taken and Staf's task waiting.
        revisi = next(n for n, e in enumerate(alur.history(instance), start=1)
                      if e["type"] == "flow_taken" and e["name"] == "revisi")
        page.fill("#replay-step", str(revisi + 1))
        replay = check_step(page, alur, instance, revisi + 1)
        assert "f_revisi" in replay["highlight"]["flows"] and replay["highlight"]["current"] == ["susun"]
        assert "alur-current" in markers(page)["susun"] and "alur-taken" in markers(page)["f_revisi"]
        assert page.evaluate("window.alurSamePage === true"), "the replay reloaded the page"

        # The same step loaded afresh (the server-rendered page) shows the same.
        page.reload()
        page.wait_for_selector("#diagram[data-ready=true]", timeout=15000)
        check_step(page, alur, instance, revisi + 1)
        assert not errors, errors

        # On a phone: nothing wider than the screen, the controls still work.
        phone_context, phone, phone_errors = sign_in(browser, base, "tanpa-lajur", width=390)
        phone.goto(f"{base}/audit/instances/{instance}/replay?step=3")
        phone.wait_for_selector("#diagram[data-ready=true]", timeout=15000)
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        phone.click("#replay-next")
        check_step(phone, alur, instance, 4)
        for path in ("/audit/verify", "/sla", "/audit/export", f"/instances/{instance}"):
            phone.goto(base + path)
            assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
        assert not phone_errors, phone_errors
        phone_context.close()
        context.close()


def test_the_verify_page_names_the_link_someone_edited_with_sqlite3(browser, webui_db, walked):  # noqa: F811
    alur, instance = walked
    with live_server(webui_db, workers=2) as base:
        context, page, errors = sign_in(browser, base, "tanpa-lajur")
        page.click("nav a[href='/audit/verify']")
        assert page.get_attribute("#verify-result", "data-ok") == "true"
        head = alur.verify()["head"]
        assert page.inner_text("#verify-head") == head

        # Behind Alur's back: drop the append-only triggers and change who completed a task.
        seq = next(e["seq"] for e in alur.history(instance) if e["type"] == "task_completed")
        tamper(webui_db, ("UPDATE events SET actor = 'mallory' WHERE seq = ?", [seq]))

        page.reload()
        assert page.get_attribute("#verify-result", "data-ok") == "false"
        assert "Riwayat rusak" in page.inner_text("#verify-result")
        first = page.inner_text("#verify-problems li")
        assert re.match(rf"Kejadian ke-{seq} \(tugas diselesaikan oleh mallory pada .*\) telah diubah", first), first
        assert f"Rantai utuh sampai kejadian ke-{seq - 1}" in page.inner_text("#verify-result")
        assert not errors, errors
        context.close()
