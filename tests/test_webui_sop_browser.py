"""Issue 10 done, in headless Chromium on the real server (`alur serve`): an analyst who has never seen XML
takes SOP Baru from the menu, uploads a filled SOP AP workbook with mistakes, reads each problem on its row in
the table editor, mends them there, checks again, sees the laid-out diagram (bpmn-js imports it with no
warning), deploys it, and the staff of its lanes run it to its end in their browsers, a loop taken once.
Then a small SOP is written in the editor alone, with no spreadsheet, opened in the modeler and saved as a new
process.

Uses Debian's /usr/bin/chromium through Playwright; never a browser downloaded by Playwright.
"""

import pytest

import sop_workbooks as books
import test_webui_analyst_browser as analyst_browser
from engine.demo import user_name
from test_webui_analyst_browser import alur, server  # noqa: F401  (fixtures)
from test_webui_browser import Staff, walk_to_the_end
from webui_fixtures import PASSWORD, template_db, webui_db  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


class Analyst(analyst_browser.Analyst):
    """Signed in as `analis` (an analyst without lanes), on SOP Baru."""

    def card(self, no):
        return self.page.locator(f"#sop-rows .sop-row[data-no='{no}']")

    def preview_warnings(self):
        """bpmn-js's own import of the previewed diagram: its warnings (none for a clean diagram)."""
        return self.page.evaluate("""() => {
            const xml = JSON.parse(document.getElementById('sop-preview-data').textContent).bpmn;
            const viewer = new window.BpmnJS({ container: document.createElement('div') });
            return viewer.importXML(xml).then(r => r.warnings.map(w => w.message));
        }""")


def run_to_the_end(browser, base, alur, process, answers):
    """The lanes' users start and complete every task in their browsers; `answers` maps a decision's task number
    to the answers to give on each visit (the first answer of the decision afterwards). Returns the numbers done."""
    lanes = next(p for p in alur.processes() if p.id == process)
    known = {user["name"] for user in alur.users()}
    for lane in lanes["lanes"]:
        if user_name(lane) not in known:
            alur.add_user(user_name(lane), lanes=[lane], password=PASSWORD)
    staff = {lane: Staff(browser, base, user_name(lane)) for lane in lanes["lanes"]}
    starter = staff[lanes["start_lanes"][0]]
    starter.start(process, f"Uji {process}")
    (instance,) = [i["id"] for i in alur.instances(process=process)]
    def shows_its_kegiatan(page, task):
        assert task["documentation"].split("\n")[0].strip() in page.inner_text(".kegiatan")

    done = walk_to_the_end(alur, staff, instance, base, answers, shows_its_kegiatan, one_at_a_time=True)
    assert alur.show(instance)["status"] == "completed", done
    for user in staff.values():
        assert not user.errors, user.errors
        user.context.close()
    return done


def test_an_analyst_imports_mends_and_deploys_a_workbook_that_staff_run_to_its_end(browser, server, alur, tmp_path):
    workbook = tmp_path / "penyusunan-standar-pelayanan.xlsx"
    workbook.write_bytes(books.fixture_with_mistakes())
    analyst = Analyst(browser, server)
    page = analyst.page
    page.click("nav a:has-text('SOP Baru')")
    assert page.url == server + "/analyst/sop"
    page.wait_for_selector("#sop-editor[data-ready=true]")
    analyst.shot("sop-baru-empty")

    # The workbook with its mistakes: problems listed by sheet, row and column, and on the rows in the editor.
    page.set_input_files("#workbook-file", str(workbook))
    page.click("#sop-upload button[type=submit]")
    page.wait_for_selector("#sop-editor[data-ready=true]")
    assert "2 kesalahan harus diperbaiki" in page.inner_text("#sop-verdict")
    errors = page.inner_text("#sop-errors")
    assert "Lembar Prosedur · baris 11 · kegiatan B4" in errors
    assert "baris 16 · kegiatan C2 · kolom Waktu (sel I16)" in errors and "setengah jam" in errors
    assert page.locator("#sop-preview").count() == 0 and page.locator("#sop-deploy").count() == 0
    assert page.locator("#sop-rows .sop-row").count() == 15 and page.locator("#sop-rows .sop-part").count() == 3
    assert "error" in analyst.card("B4").get_attribute("class")
    assert "error" in analyst.card("C2").get_attribute("class")
    assert page.locator("#sop-rows .sop-row.error").count() == 2
    page.click("#sop-errors li[data-no='C2']")  # a problem takes the analyst to its row
    assert page.evaluate("document.activeElement.closest('.sop-row').dataset.no") == "C2"
    analyst.shot("sop-baru-problems")

    # Mended in the editor: B4's executor ticked, C2's time written as a time. The old check is out of date.
    analyst.card("B4").locator("fieldset.marks label:has-text('OPD') input").check()
    analyst.card("C2").locator("input[data-field=waktu]").fill("30 menit")
    page.click("#sop-check")
    page.wait_for_selector("#sop-preview[data-ready=true]")
    assert "Siap dipasang sebagai proses penyusunan_standar_pelayanan." in page.inner_text("#sop-verdict")
    assert page.locator("#sop-errors").count() == 0
    assert analyst.preview_warnings() == []
    analyst.card("B1").locator("input[data-field=output]").fill("Hasil identifikasi pelayanan")
    assert page.is_visible("#stale-note") and page.is_disabled("#sop-deploy")
    page.reload()  # what was checked is what deploys
    page.wait_for_selector("#sop-preview[data-ready=true]")
    analyst.shot("sop-baru-preview")

    page.click("#sop-deploy")
    assert page.url == f"{server}/analyst/processes/{books.FIXTURE_ID}"
    assert "Penyusunan Standar Pelayanan: versi 1 dipasang." in page.inner_text(".flashes")
    assert alur.versions(books.FIXTURE_ID)["versions"][-1]["deployed_by"] == "analis"
    assert not analyst.errors, analyst.errors

    # Staff run it: each decision sends the work back once (and asks why), then lets it on.
    done = run_to_the_end(browser, server, alur, books.FIXTURE_ID,
                          {"B3": ["perlu perbaikan", "sesuai"], "B6": ["belum lengkap", "lengkap"]})
    assert done == ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B2", "B3", "B4", "B5", "B6", "B5", "B6",
                    "C1", "C2", "C3", "C4", "C5"]

    # The table of the deployed process opens in the editor again, and the page reads on a phone.
    page.goto(f"{server}/analyst/processes/{books.FIXTURE_ID}")
    page.click("a:has-text('Edit tabel SOP')")
    page.wait_for_selector("#sop-editor[data-ready=true]")
    assert page.locator("#sop-rows .sop-row").count() == 15
    assert page.input_value("[data-header=nama]") == "Penyusunan Standar Pelayanan"
    page.click("#sop-table-deploy")  # the editor gives back the table it was given: no new version
    assert page.url == f"{server}/analyst/processes/{books.FIXTURE_ID}"
    assert "isinya sama dengan versi 1, tidak ada versi baru" in page.inner_text(".flashes")
    phone = Analyst(browser, server, viewport={"width": 390, "height": 844})
    phone.page.goto(server + "/analyst/sop")
    phone.page.wait_for_selector("#sop-editor[data-ready=true]")
    assert phone.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    phone.shot("sop-baru-phone")
    analyst.context.close()
    phone.context.close()


def test_a_small_sop_written_in_the_editor_alone_opens_in_the_modeler_and_is_saved(browser, server, alur):
    analyst = Analyst(browser, server)
    page = analyst.page
    page.goto(server + "/analyst/sop")
    page.wait_for_selector("#sop-editor[data-ready=true]")
    page.fill("[data-header=nama]", "Peminjaman Ruang Rapat Uji")
    page.fill("[data-header=nomor]", "800/03/SOP/2026")
    page.fill("#sop-lanes input[data-lane='0']", "Staf")
    page.click("#sop-add-lane")
    page.fill("#sop-lanes input[data-lane='1']", "Kepala")
    page.locator("#sop-lanes input[data-lane='1']").press("Tab")
    first = page.locator("#sop-rows .sop-row").nth(0)
    first.locator("textarea[data-field=kegiatan]").fill("Staf mencatat permohonan peminjaman ruang")
    first.locator("input[data-lane='0']").check()
    first.locator("input[data-field=waktu]").fill("15 menit")
    page.click("#sop-add-row")
    second = page.locator("#sop-rows .sop-row").nth(1)
    second.locator("textarea[data-field=kegiatan]").fill("Kepala memutuskan permohonan")
    second.locator("input[data-lane='1']").check()
    second.locator("input[data-field=waktu]").fill("1 jam")
    second.locator("input[data-field=is-decision]").check()
    second = page.locator("#sop-rows .sop-row").nth(1)
    second.locator("input[data-field=question]").fill("Ruang tersedia")
    second.locator("input[data-answer='0']").fill("tersedia")
    second.locator("select[data-target='0']").select_option(label="selesai (akhir prosedur)")
    second.locator("input[data-answer='1']").fill("tidak tersedia")
    second.locator("select[data-target='1']").select_option(index=1)  # back to row 1
    assert page.evaluate("window.alurSopTable().rows[1].keputusan") == \
        "Ruang tersedia? tersedia -> selesai; tidak tersedia -> 1"
    # A row added, moved up above the decision, renumbered, then removed: the answers follow their rows.
    page.click("#sop-add-row")
    rows = page.locator("#sop-rows .sop-row")
    rows.nth(2).locator("textarea[data-field=kegiatan]").fill("Staf menyiapkan ruang")
    rows.nth(2).locator("button[title=Naikkan]").click()
    page.click("#sop-renumber")
    table = page.evaluate("window.alurSopTable()")
    assert [(r["no"], r["kegiatan"]) for r in table["rows"]] == [
        ("1", "Staf mencatat permohonan peminjaman ruang"), ("2", "Staf menyiapkan ruang"),
        ("3", "Kepala memutuskan permohonan")]
    assert table["rows"][2]["keputusan"] == "Ruang tersedia? tersedia -> selesai; tidak tersedia -> 1"
    rows.nth(1).locator("button[title='Hapus kegiatan']").click()
    page.click("#sop-renumber")
    assert page.evaluate("window.alurSopTable().rows.map(r => r.no + ' ' + r.lanes.join())") == ["1 Staf", "2 Kepala"]
    analyst.shot("sop-baru-editor")
    # Opened in the modeler before it is deployed: the laid-out diagram, worth saving as it is.
    page.click("#sop-table-modeler")
    page.wait_for_selector("#modeler-canvas[data-ready=true]")
    assert "belum dipasang" in page.inner_text("main") and not page.is_disabled("#modeler-save")
    analyst.shot("sop-baru-modeler")
    page.click("#modeler-save")
    page.wait_for_url(f"{server}/analyst/processes/peminjaman_ruang_rapat_uji")
    assert "Peminjaman Ruang Rapat Uji: versi 1 dipasang." in page.inner_text(".flashes")
    assert alur.versions("peminjaman_ruang_rapat_uji")["versions"][-1]["deployed_by"] == "analis"
    # The Mojokerto seed (two parts, decisions that go back and one that ends the procedure) through the editor
    # unchanged is the same diagram.
    page.goto(server + "/analyst/sop?process=kompetisi_sinovik")
    page.wait_for_selector("#sop-editor[data-ready=true]")
    assert page.locator("#sop-rows .sop-part").count() == 2
    page.click("#sop-table-deploy")
    assert page.url == f"{server}/analyst/processes/kompetisi_sinovik", page.inner_text("main")[:600]
    assert "isinya sama dengan versi 1, tidak ada versi baru" in page.inner_text(".flashes")
    assert not analyst.errors, analyst.errors
    analyst.context.close()
