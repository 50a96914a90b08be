"""SOP Baru through Flask's test client (issue 10): the template, a workbook uploaded and its problems listed on
the rows they concern, or its diagram previewed, then deployed; the table editor's JSON read by the same import;
an existing process's table opened and downloaded; and every refusal (not a workbook, too big, no CSRF token,
not an analyst, an auditor) changing nothing.
"""

import io
import json
import re

import pytest
from openpyxl import load_workbook

import sop_workbooks as books
import webui.db
from engine import Alur
from faults import read_only
from test_webui_analyst import analyst  # noqa: F401  (fixture: signed in as `analis`, an analyst without lanes)
from test_webui_analyst import diagram_data as page_json, stored, text
from webui_fixtures import app, auth, client, clock, engine, template_db, webui_db  # noqa: F401  (fixtures)
from webui_fixtures import PASSWORD, csrf_token

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, data, name="sop.xlsx", token=True):
    form = {"workbook": (io.BytesIO(data), name)}
    if token:
        form["csrf_token"] = csrf_token(client, "/analyst/sop")
    return client.post("/analyst/sop/upload", data=form, content_type="multipart/form-data")


def send_table(client, table, action="check", raw=None):
    token = csrf_token(client, "/analyst/sop")
    sent = raw if raw is not None else json.dumps(table)
    return client.post("/analyst/sop/table", data={"csrf_token": token, "table": sent, "action": action})


def draft_page(client, answer):
    assert answer.status_code == 302, text(answer)
    location = answer.headers["Location"]
    assert location.startswith("/analyst/sop?draft=") and location.endswith("#hasil")
    return text(client.get(location.split("#")[0]))


# Access ---------------------------------------------------------------------------------------------------------

def test_sop_baru_is_in_the_analysts_menu_and_only_theirs(client, auth, engine, analyst):
    page = text(analyst.get("/analyst/sop"))
    assert 'href="/analyst/sop" aria-current="page">SOP Baru' in page
    assert 'href="/analyst/sop"' in text(analyst.get("/analyst/processes"))
    auth.logout()
    assert client.get("/analyst/sop").status_code == 302  # to the sign-in
    engine.add_user("auditor-analis", roles=["auditor", "analyst"], password=PASSWORD)
    for name in ("staf", "admin-uji", "auditor-analis"):
        auth.login(name)
        assert client.get("/analyst/sop").status_code == 403, name
        assert 'href="/analyst/sop"' not in text(client.get("/instances")), name
        token = csrf_token(client, "/instances")
        before = stored(engine)
        assert client.post("/analyst/sop/upload", data={"csrf_token": token, "workbook": (io.BytesIO(books.workbook()), "a.xlsx")},
                           content_type="multipart/form-data").status_code == 403
        assert client.post("/analyst/sop/table", data={"csrf_token": token, "table": "{}", "action": "deploy"}).status_code == 403
        assert stored(engine) == before
        auth.logout()


def test_the_template_downloads_as_a_workbook_with_its_two_sheets(analyst):
    answer = analyst.get("/analyst/sop/template.xlsx")
    assert answer.status_code == 200 and answer.mimetype == XLSX
    assert "attachment" in answer.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(answer.data))
    assert {"Identitas", "Prosedur"} <= set(book.sheetnames)


# A workbook -------------------------------------------------------------------------------------------------------

def test_a_good_workbook_is_previewed_then_deployed(analyst, engine):
    before = stored(engine)
    page = draft_page(analyst, upload(analyst, books.workbook(), "surat keterangan.xlsx"))
    assert stored(engine) == before  # checking stores nothing
    assert "Hasil pemeriksaan: surat keterangan.xlsx" in page
    assert f"Siap dipasang sebagai proses {books.SMALL_ID}." in page
    preview = page_json(page, "sop-preview-data")
    assert preview and "<bpmn:userTask" in preview["bpmn"].replace("<userTask", "<bpmn:userTask")
    editor = page_json(page, "sop-data")
    assert editor["table"]["lanes"] == books.SMALL_LANES and len(editor["table"]["rows"]) == 5
    assert editor["problems"] == []
    deploy = re.search(r'action="(/analyst/sop/drafts/[^"]+/deploy)"', page).group(1)
    token = csrf_token(analyst, "/analyst/sop")
    answer = analyst.post(deploy, data={"csrf_token": token})
    assert answer.status_code == 302 and answer.headers["Location"] == f"/analyst/processes/{books.SMALL_ID}"
    version = engine.versions(books.SMALL_ID)["versions"][-1]
    assert (version["version"], version["deployed_by"]) == (1, "analis")
    assert f"{books.SMALL_NAME}: versi 1 dipasang." in text(analyst.get(answer.headers["Location"]))
    # The draft is spent: deploying it again finds nothing, and its page says so.
    assert analyst.post(deploy, data={"csrf_token": token}).status_code == 404
    again = analyst.get(deploy.replace("/drafts/", "?draft=").replace("/deploy", ""))
    assert again.status_code == 302 and "tidak ada lagi" in text(analyst.get(again.headers["Location"]))


def test_mistakes_are_listed_on_their_rows_errors_apart_from_warnings_and_nothing_deploys(analyst, engine):
    before = stored(engine)
    answer = upload(analyst, books.with_mistakes())
    token = re.search(r"draft=([\w-]+)", answer.headers["Location"]).group(1)
    page = draft_page(analyst, answer)
    assert "kesalahan harus diperbaiki sebelum SOP ini dapat dipasang" in page
    assert page_json(page, "sop-preview-data") is None and "/deploy" not in page
    errors = re.search(r'<ol class="problems sop-problems error" id="sop-errors">(.*?)</ol>', page, re.S).group(1)
    warnings = re.search(r'<ol class="problems sop-problems warning" id="sop-warnings">(.*?)</ol>', page, re.S).group(1)
    # Row 4 (sheet row 5) has no mark; row 1's (sheet row 2) time is unreadable; row 2's a range.
    assert re.search(r'data-row="5" data-no="4".*?Lembar Prosedur · baris 5 · kegiatan 4', errors, re.S)
    assert re.search(r'data-row="2".*?baris 2 · kegiatan 1 · kolom Waktu \(sel [A-Z]2\).*?secepatnya', errors, re.S)
    assert re.search(r'data-row="3".*?kolom Waktu', warnings, re.S) and "1-2 jam" in warnings
    problems = page_json(page, "sop-data")["problems"]
    assert {(p["row"], p["severity"]) for p in problems} == {(5, "error"), (2, "error"), (3, "warning")}
    # Deploying the draft anyway is refused with a message; nothing is stored.
    answer = analyst.post(f"/analyst/sop/drafts/{token}/deploy", data={"csrf_token": csrf_token(analyst, "/analyst/sop")})
    assert answer.status_code == 302
    assert "SOP belum dapat dipasang" in text(analyst.get(answer.headers["Location"].split("#")[0]))
    assert stored(engine) == before


def test_the_problems_read_in_english_with_the_switch(analyst):
    location = upload(analyst, books.with_mistakes()).headers["Location"].split("#")[0]
    analyst.post("/language", data={"lang": "en", "csrf_token": csrf_token(analyst, "/analyst/sop")})
    page = text(analyst.get(location))
    assert "Errors" in page and "Warnings" in page and "Sheet Prosedur · row 5" in page
    assert "kesalahan harus" not in page


# Refusals --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("data, name, says", [
    (b"No;Kegiatan\n1;Menerima\n", "sop.xlsx", "bukan buku kerja .xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "sop.xls", "Excel lama (.xls)"),
    (b"", "kosong.xlsx", "Berkas kosong"),
])
def test_a_file_that_is_not_a_workbook_is_refused_with_what_to_do(analyst, engine, data, name, says):
    before = stored(engine)
    answer = upload(analyst, data, name)
    assert answer.status_code == 415 and says in text(answer)
    assert stored(engine) == before


def test_a_workbook_over_the_limit_is_refused_on_the_page(analyst, engine):
    before = stored(engine)
    answer = upload(analyst, b"PK\x03\x04" + b"\0" * (6 * 1024 * 1024))
    assert answer.status_code == 413 and "buku kerja SOP paling besar 5 MB" in text(answer)
    assert stored(engine) == before


def test_an_upload_without_its_csrf_token_is_refused(analyst, engine):
    before = stored(engine)
    answer = upload(analyst, books.workbook(), token=False)
    assert answer.status_code == 400 and "Formulir kedaluwarsa" in text(answer)
    assert stored(engine) == before


def test_no_file_and_unreadable_table_json_are_messages(analyst):
    token = csrf_token(analyst, "/analyst/sop")
    answer = analyst.post("/analyst/sop/upload", data={"csrf_token": token}, content_type="multipart/form-data")
    assert answer.status_code == 400 and "Pilih berkas .xlsx" in text(answer)
    answer = analyst.post("/analyst/sop/table", data={"csrf_token": token, "table": "{not json", "action": "deploy"})
    assert answer.status_code == 400 and "Tabel SOP tidak terbaca" in text(answer)


def test_a_table_nested_deeper_than_python_reads_is_a_message(analyst, engine):
    before = stored(engine)
    answer = send_table(analyst, None, raw='{"rows": ' + "[" * 100000 + "]" * 100000 + "}")
    assert answer.status_code == 400 and "Tabel SOP tidak terbaca" in text(answer)
    assert stored(engine) == before


def test_a_draft_the_server_cannot_write_is_a_message_and_changes_nothing(app, analyst, engine, webui_db):
    before = stored(engine)
    # Every connection closed, so that the worker opens the database while it is read-only (SQLite would hand a new
    # connection a writable file descriptor another connection of this process left open).
    engine.close()
    with app.app_context():
        webui.db.close()
    with read_only(webui_db):
        answer = upload(analyst, books.workbook())
        assert answer.status_code == 503 and "Draf SOP tidak dapat disimpan di server saat ini" in text(answer)
        answer = send_table(analyst, small_table(), action="deploy")
        assert answer.status_code == 503 and "Draf SOP tidak dapat disimpan" in text(answer)
    assert page_json(text(answer), "sop-data")["table"]["header"]["nama"] == books.SMALL_NAME  # kept on the page
    with app.app_context():
        webui.db.close()
    after = Alur.open(webui_db)
    try:
        assert stored(after) == before
        assert after.db.execute("SELECT COUNT(*) FROM sop_drafts").fetchone()[0] == 0
    finally:
        after.close()


def test_another_analysts_draft_is_not_found(analyst, auth, engine):
    location = upload(analyst, books.workbook()).headers["Location"]
    token = re.search(r"draft=([\w-]+)", location).group(1)
    auth.logout()
    engine.add_user("analis-2", roles=["analyst"], password=PASSWORD)
    auth.login("analis-2")
    assert analyst.get(f"/analyst/sop/drafts/{token}/modeler").status_code == 404
    answer = analyst.post(f"/analyst/sop/drafts/{token}/deploy", data={"csrf_token": csrf_token(analyst, "/analyst/sop")})
    assert answer.status_code == 404
    assert analyst.get(location.split("#")[0]).status_code == 302


# The table editor's JSON -------------------------------------------------------------------------------------------

def small_table():
    rows = [{"no": no, "kegiatan": kegiatan, "lanes": [lane], "kelengkapan": k, "waktu": w, "output": o,
             "keterangan": ket, "keputusan": keputusan}
            for no, kegiatan, lane, k, w, o, ket, keputusan in books.small_rows()]
    return {"header": {"nama": books.SMALL_NAME, "nomor": "800/02/SOP/2026", "unit": "Bagian Umum"},
            "lanes": books.SMALL_LANES, "rows": rows}


def test_a_table_typed_in_the_page_shows_its_problems_by_activity_then_deploys(analyst, engine):
    table = small_table()
    table["rows"][3]["lanes"] = []
    before = stored(engine)
    page = draft_page(analyst, send_table(analyst, table))
    problems = page_json(page, "sop-data")["problems"]
    assert any(p["no"] == "4" and p["severity"] == "error" for p in problems), problems
    assert "kegiatan 4" in page and stored(engine) == before
    table["rows"][3]["lanes"] = ["Kepala"]
    answer = send_table(analyst, table, action="deploy")
    assert answer.status_code == 302 and answer.headers["Location"] == f"/analyst/processes/{books.SMALL_ID}"
    assert engine.versions(books.SMALL_ID)["versions"][-1]["deployed_by"] == "analis"


def test_a_refused_table_deploy_stores_nothing_and_shows_the_problems(analyst, engine):
    table = small_table()
    table["rows"][2]["keputusan"] = "Konsep disetujui? setuju -> 4; perbaiki -> 9"
    before = stored(engine)
    answer = send_table(analyst, table, action="deploy")
    page = draft_page(analyst, answer)
    assert "SOP belum dapat dipasang" in page and stored(engine) == before


def test_a_draft_opens_in_the_modeler_and_saves_as_a_new_process(analyst, engine):
    answer = send_table(analyst, small_table(), action="modeler")
    assert answer.status_code == 302 and "/modeler" in answer.headers["Location"]
    page = text(analyst.get(answer.headers["Location"]))
    data = page_json(page, "modeler-data")
    assert data["fresh"] is True and data["save_url"] == answer.headers["Location"]
    saved = analyst.post(data["save_url"], data=data["bpmn"].encode(), headers={
        "X-CSRFToken": data["csrf"], "Content-Type": "application/xml", "Accept": "application/json"})
    assert saved.status_code == 200 and saved.json["redirect"] == f"/analyst/processes/{books.SMALL_ID}"
    assert engine.versions(books.SMALL_ID)["versions"][-1]["version"] == 1


# An existing process's table -----------------------------------------------------------------------------------------

def test_an_existing_process_opens_in_the_editor_and_downloads_as_a_workbook(analyst):
    assert 'href="/analyst/sop?process=kompetisi_sinovik">Edit tabel SOP' in text(analyst.get("/analyst/processes"))
    versions = text(analyst.get("/analyst/processes/kompetisi_sinovik"))
    assert 'href="/analyst/sop?process=kompetisi_sinovik' in versions and "Edit tabel SOP" in versions
    page = text(analyst.get("/analyst/sop?process=kompetisi_sinovik"))
    table = page_json(page, "sop-data")["table"]
    assert table["lanes"] and len(table["rows"]) > 10
    answer = analyst.get("/analyst/sop/processes/kompetisi_sinovik.xlsx")
    assert answer.status_code == 200 and answer.mimetype == XLSX
    again = draft_page(analyst, upload(analyst, answer.data, "kompetisi_sinovik.xlsx"))
    assert "Siap dipasang sebagai proses kompetisi_sinovik." in again
    assert analyst.get("/analyst/sop?process=tidak_ada").status_code == 404
