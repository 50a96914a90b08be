"""Issue 6 done, in headless Chromium on the real server (`alur serve`): an analyst opens the Nganjuk SOP in
Alur's modeler, sees a refused save marked on the element, changes a time standard, adds an activity and a
field with the panel, edits the SOP header, saves a new version, reads the difference in words beside the two
diagrams, and is told why a running instance whose current task changed cannot move. A new instance follows
the new version (the added activity included); the old ones finish on version 1.

Uses Debian's /usr/bin/chromium through Playwright; never a browser downloaded by Playwright.
"""

import os
import re
from pathlib import Path

import pytest

from engine import Alur, timestandard
from test_sop_paths import submission
from webui_fixtures import PASSWORD, USULAN, live_server, template_db, webui_db  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

PROCESS = "pengusulan_wbk_wbbm"
TPI, TU = "TPI", "Kasubag Tata Usaha"
# The straight path (test_sop_paths "nganjuk lurus") and its lanes' demo users.
ANSWERS = {"keputusan_5": ["setuju"], "keputusan_7": ["disetujui Bupati"]}
USERS = {"TPI": "tpi", "Inspektur": "inspektur", "Kasubag Tata Usaha": "kasubag-tata-usaha",
         "Bagian Hukum": "bagian-hukum"}  # row 9a is the Inspektur's
SHOTS = os.environ.get("ALUR_SCREENSHOTS")  # e.g. /tmp/alur-shots: look at the pages


@pytest.fixture
def alur(webui_db):
    engine = Alur.open(webui_db)
    engine.add_user("analis", roles=["analyst"], password=PASSWORD)
    yield engine
    engine.close()


@pytest.fixture
def server(webui_db, alur):
    with live_server(webui_db, workers=2) as base:
        yield base


class Analyst:
    def __init__(self, browser, base, viewport=None):
        self.base = base
        self.context = browser.new_context(viewport=viewport or {"width": 1400, "height": 950})
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(base + "/auth/login")
        self.page.fill("#name", "analis")
        self.page.fill("#password", PASSWORD)
        self.page.click("form.stack button[type=submit]")
        assert self.page.url == base + "/analyst/processes", self.page.url

    def goto(self, path):
        return self.page.goto(self.base + path).status

    def shot(self, name):
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)

    def select(self, element):
        """Click the element on the canvas, as a user does (scrolled into view first)."""
        self.page.evaluate("id => { const m = window.alurModeler; const e = m.get('elementRegistry').get(id);"
                           " m.get('canvas').scrollToElement(e, { top: 200, bottom: 200, left: 200, right: 200 }); }",
                           element)
        box = self.page.locator(f"#modeler-canvas g.djs-element[data-element-id='{element}'] .djs-hit").first
        box.click(position={"x": 30, "y": 12})
        self.page.wait_for_selector(f"#modeler-panel[data-showing='{element}']")

    def set_prop(self, prop, value):
        field = self.page.locator(f"#modeler-panel [data-prop='{prop}']")
        field.fill(value)
        field.press("Tab")  # the change event

    def markers(self, marker):
        return set(self.page.eval_on_selector_all(
            f"#modeler-canvas g.djs-element.{marker}", "els => els.map(e => e.getAttribute('data-element-id'))"))

    def no_horizontal_scroll(self):
        return self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def advance(alur, instance, until_element):
    """Complete the instance's tasks (by their lanes' users) until `until_element` is ready."""
    answers = {k: list(v) for k, v in ANSWERS.items()}
    for _ in range(40):
        (task,) = alur.tasks(instance=instance)
        if task["element"] == until_element:
            return task
        alur.complete(task["id"], USERS[task["lane"]], submission(task, answers))
    raise AssertionError(f"{until_element} never became ready")


def finish(alur, instance):
    """Complete the instance to its end; return the (number, lane, waktu) of every task done."""
    answers = {k: list(v) for k, v in ANSWERS.items()}
    trail = []
    while (ready := alur.tasks(instance=instance)):
        (task,) = ready
        trail.append((task["number"], task["lane"], task["mutu_baku"]["waktu"]))
        alur.complete(task["id"], USERS[task["lane"]], submission(task, answers))
        assert len(trail) < 60
    assert alur.show(instance)["status"] == "completed"
    return trail


def test_an_analyst_changes_a_time_standard_and_adds_an_activity_in_the_modeler(browser, server, alur):
    # Two instances running on version 1: one waiting at activity 2, one at activity 3 (whose time will change).
    at_two = alur.start(PROCESS, "tpi")
    advance(alur, at_two, "Activity_2")
    at_three = alur.start(PROCESS, "tpi")
    advance(alur, at_three, "Activity_3")

    analyst = Analyst(browser, server)
    page = analyst.page
    analyst.shot("analyst-processes")
    page.click(f"tr[data-process={PROCESS}] a:has-text('Sunting di modeler')")
    page.wait_for_selector("#modeler-canvas[data-ready=true]")
    assert page.inner_text("#modeler-state") == "Belum ada perubahan."
    assert page.is_disabled("#modeler-save")
    assert "Kepala SOP" in page.inner_text("#modeler-panel")  # nothing selected: the SOP header

    # A time standard Alur cannot read: the save is refused, the element marked and the problem listed.
    analyst.select("Activity_3")
    assert page.input_value("[data-prop=waktu]") == "10 hari"
    analyst.set_prop("waktu", "sepuluh hari kerja")
    page.click("#modeler-save")
    page.wait_for_selector("#modeler-messages ol.problems li")
    assert analyst.markers("alur-error") == {"Activity_3"}
    problem = page.inner_text("#modeler-messages ol.problems li")
    assert "elemen Activity_3" in problem and "Standar waktu 'sepuluh hari kerja' tidak dapat dibaca" in problem
    assert page.locator(".djs-overlay .alur-error-badge").count() == 1
    analyst.shot("analyst-modeler-refused")
    assert [v["version"] for v in alur.versions(PROCESS)["versions"]] == [1]

    # The time standard changed: waktu_iso follows.
    analyst.set_prop("waktu", "12 hari")
    assert page.input_value("[data-prop=waktu_iso]") == "P12D"

    # An activity added after activity 8 (Kasubag Tata Usaha), with its mutu baku and a field, from the panel.
    analyst.select("Activity_8")
    page.click("#insert-after")
    page.wait_for_selector("#modeler-panel[data-showing^='Activity_']:not([data-showing='Activity_8'])")
    added = page.get_attribute("#modeler-panel", "data-showing")
    analyst.set_prop("name", "Memeriksa kelengkapan SK")
    analyst.set_prop("nomor", "8a")
    analyst.set_prop("documentation", "Kasubag Tata Usaha memeriksa kelengkapan SK sebelum disampaikan.")
    analyst.set_prop("kelengkapan", "SK, daftar periksa")
    analyst.set_prop("waktu", "30 menit")
    analyst.set_prop("output", "SK diperiksa")
    assert page.input_value("[data-prop=waktu_iso]") == "PT30M"
    page.click("#field-add")
    editor = page.locator("fieldset.field-editor").last
    editor.locator("[data-field=name]").fill("catatan_pemeriksaan")
    editor.locator("[data-field=name]").press("Tab")
    editor.locator("[data-field=label]").fill("Catatan pemeriksaan SK")
    editor.locator("[data-field=label]").press("Tab")
    editor.locator("[data-field=type]").select_option("textarea")
    editor.locator("[data-field=required]").check()
    analyst.shot("analyst-modeler-added")

    # The SOP header: a revision date.
    page.click("#modeler-canvas .djs-container", position={"x": 900, "y": 40})  # a lane's empty space
    page.wait_for_selector("#modeler-panel[data-showing=header]")
    revised = page.locator("#modeler-panel [data-header=tanggal_revisi]")
    revised.fill("01-06-2024")
    revised.press("Tab")
    assert page.inner_text("#modeler-state") == "Ada perubahan yang belum disimpan."

    # Saved: version 2, and the difference in words beside both diagrams.
    page.click("#modeler-save")
    page.wait_for_url(re.compile(r".*/analyst/processes/pengusulan_wbk_wbbm\?old=1&new=2#bandingkan$"))
    page.wait_for_selector("#diagram-new[data-ready=true]")
    page.wait_for_selector("#diagram-old[data-ready=true]")
    assert "Pengusulan Unit Kerja dalam rangka meraih predikat WBK dan WBBM: versi 2 dipasang." in page.inner_text(".flashes")
    changes = page.inner_text("#changes")
    assert "Mutu baku waktu pada 3 'Melakukan assesment perangkat daerah': '10 hari' -> '12 hari'" in changes
    assert f"Kegiatan 8a 'Memeriksa kelengkapan SK' ditambahkan di pelaksana '{TU}'" in changes
    assert "Kepala SOP 'tanggal_revisi' diubah" in changes and changes.count("Kepala SOP") == 1  # lists kept
    assert page.locator(f"#diagram-new g.djs-element[data-element-id='{added}']").count() == 1
    assert page.locator(f"#diagram-old g.djs-element[data-element-id='{added}']").count() == 0
    def marked(side):
        return dict(page.eval_on_selector_all(
            f"#diagram-{side} g.djs-element", "els => els.map(e => [e.getAttribute('data-element-id'), "
            "[...e.classList].filter(c => c.startsWith('alur-')).join(' ')]).filter(p => p[1])"))
    changed = {"Activity_3": "alur-changed", "Flow_Activity_8__Activity_9": "alur-changed"}
    assert marked("old") == changed
    new_marks = marked("new")
    (new_flow,) = set(new_marks) - set(changed) - {added}
    assert new_marks == {**changed, added: "alur-added", new_flow: "alur-added"}
    analyst.shot("analyst-versions")
    (v2,) = [v for v in alur.versions(PROCESS)["versions"] if v["version"] == 2]
    assert v2["deployed_by"] == "analis"
    assert "analis" in page.inner_text("tr[data-version='2']")

    # The instance waiting at activity 3 cannot move: the engine names the task and what changed.
    page.select_option(f"tr[data-instance='{at_three}'] select", "2")
    page.click(f"tr[data-instance='{at_three}'] form.migrate button")
    flash = page.inner_text(".flashes")
    assert f"Proses #{at_three} tidak dipindahkan:" in flash
    assert "(Melakukan assesment perangkat daerah) berubah di versi 2" in flash
    assert alur.show(at_three)["version"] == 1

    # A new instance follows version 2: 12 days for activity 3, and the added activity after 8.
    new = alur.start(PROCESS, "tpi")
    assert alur.show(new)["version"] == 2
    trail = finish(alur, new)
    numbers = [number for number, _, _ in trail]
    assert numbers == ["1", "2", "3", "4", "5", "5a", "6", "7", "8", "8a", "9", "9a", "10"]
    assert ("3", TPI, "12 hari") in trail and ("8a", TU, "30 menit") in trail
    [note] = [e for e in alur.history(new) if e["type"] == "task_completed" and e["element"] == added]
    assert "catatan_pemeriksaan" in note["data"]

    # The old ones finish on version 1: 10 days for activity 3, no activity 8a.
    trails = {old: finish(alur, old) for old in (at_two, at_three)}
    for old, trail in trails.items():
        assert alur.show(old)["version"] == 1
        assert "8a" not in [number for number, _, _ in trail]
    assert trails[at_three][0] == ("3", TPI, "10 hari")
    assert alur.verify()["ok"]
    assert not analyst.errors, analyst.errors
    analyst.context.close()


def test_the_modeler_fills_waktu_iso_as_the_engine_reads_every_unit(browser, server, alur):
    analyst = Analyst(browser, server)
    page = analyst.page
    assert analyst.goto(f"/analyst/processes/{PROCESS}/modeler") == 200
    page.wait_for_selector("#modeler-canvas[data-ready=true]")
    analyst.select("Activity_1")
    for number, unit in enumerate(timestandard.UNITS, start=2):
        for written in (f"{number} {unit}", f"0{number}{unit.upper()}"):
            analyst.set_prop("waktu", written)
            assert page.input_value("[data-prop=waktu_iso]") == timestandard.to_iso(written), written

    # "pekan": a unit the engine reads; the saved version reads it as written.
    analyst.set_prop("waktu", "2 pekan")
    assert page.input_value("[data-prop=waktu_iso]") == timestandard.to_iso("2 pekan") == "P2W"
    page.click("#modeler-save")
    page.wait_for_url(re.compile(r".*/analyst/processes/pengusulan_wbk_wbbm\?old=1&new=2#bandingkan$"))
    assert "Mutu baku waktu pada 1 " in page.inner_text("#changes")
    (task,) = alur.tasks(instance=alur.start(PROCESS, "tpi"))
    assert task["element"] == "Activity_1"
    assert (task["mutu_baku"]["waktu"], task["mutu_baku"]["waktu_iso"]) == ("2 pekan", "P2W")
    assert not analyst.errors, analyst.errors
    analyst.context.close()


def test_an_upload_with_problems_is_marked_on_the_diagram_and_the_pages_fit_a_phone(browser, server, alur, tmp_path):
    bad = USULAN.read_text().replace('value="1 hari"', 'value="sebentar"').replace(
        "<bpmn:flowNodeRef>arsip</bpmn:flowNodeRef>", "")
    path = tmp_path / "usulan-salah.bpmn"
    path.write_text(bad)
    for viewport, label in (({"width": 1400, "height": 950}, "desktop"), ({"width": 390, "height": 844}, "phone")):
        analyst = Analyst(browser, server, viewport=viewport)
        page = analyst.page
        page.set_input_files("#diagram-file", str(path))
        page.click("#unggah button[type=submit]")
        page.wait_for_selector("#upload-diagram[data-ready=true]")
        marked = set(page.eval_on_selector_all("#upload-diagram g.djs-element.alur-error",
                                               "els => els.map(e => e.getAttribute('data-element-id'))"))
        assert marked == {"periksa", "arsip"}
        assert page.locator("#upload-diagram .alur-error-badge").count() == 2
        assert [v["version"] for v in alur.versions("usulan_uji")["versions"]] == [1]
        analyst.shot(f"analyst-upload-problems-{label}")
        assert analyst.no_horizontal_scroll(), f"the upload problems scroll sideways ({label})"
        for path_, ready in (("/analyst/processes", None), ("/analyst/processes/usulan_uji", None),
                             (f"/analyst/processes/{PROCESS}/modeler", "#modeler-canvas[data-ready=true]")):
            assert analyst.goto(path_) == 200
            if ready:
                page.wait_for_selector(ready)
            assert analyst.no_horizontal_scroll(), f"{path_} scrolls sideways ({label})"
            analyst.shot(f"analyst-{path_.strip('/').replace('/', '-')}-{label}")
        assert not analyst.errors, analyst.errors
        analyst.context.close()
