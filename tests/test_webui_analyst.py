"""The analysts' pages through Flask's test client (issue 6): deploy a diagram by upload, with every problem
listed and marked, hostile uploads refused with nothing stored; the versions of a process, the difference
in words, two diagrams side by side; moving running instances; the modeler page and its save.

Uses `usulan_uji` (tests/data/webui-usulan.bpmn: Staf `susun` -> Kepala `periksa` decides -> Staf `arsip`).
"""

import json
import re
from html import unescape

import pytest

from engine import fields, model, timestandard
from webui_fixtures import app, auth, client, clock, engine, template_db, webui_db  # noqa: F401  (fixtures)
from webui_fixtures import PASSWORD, USULAN, csrf_token, post

SOURCE = USULAN.read_text()
SLOWER_ARCHIVE = [('value="15 menit"', 'value="30 menit"'), ('value="PT15M"', 'value="PT30M"')]
SLOWER_DRAFT = [('value="60 menit"', 'value="2 jam"'), ('value="PT60M"', 'value="PT2H"')]
ANALYST_PAGES = ["/analyst/processes", "/analyst/processes/usulan_uji", "/analyst/processes/usulan_uji/modeler",
                 "/analyst/processes/usulan_uji/versions/1.bpmn"]


def text(response):
    return unescape(response.get_data(as_text=True))


def variant(*replacements, source=SOURCE):
    for old, new in replacements:
        assert old in source, old
        source = source.replace(old, new)
    return source.encode("utf-8")


@pytest.fixture
def analyst(client, auth, engine):
    """Signed in as `analis`, an analyst without lanes."""
    engine.add_user("analis", roles=["analyst"], password=PASSWORD)
    auth.login("analis")
    return client


def upload(client, data, name="usulan.bpmn", token=True):
    form = {"diagram": (__import__("io").BytesIO(data), name)}
    if token:
        form["csrf_token"] = csrf_token(client, "/analyst/processes")
    return client.post("/analyst/upload", data=form, content_type="multipart/form-data")


def stored(engine):
    return engine.db["versions"].count, engine.db["events"].count


def diagram_data(page, ident):
    match = re.search(rf'<script type="application/json" id="{ident}">(.*?)</script>', page, re.S)
    return json.loads(match.group(1)) if match else None


# Access --------------------------------------------------------------------------------------------------------

def test_analyst_pages_need_a_sign_in_and_the_analyst_role(client, auth, engine):
    for url in ANALYST_PAGES:
        assert client.get(url).status_code == 302, url
    engine.add_user("auditor-uji", roles=["auditor"], password=PASSWORD)
    for name in ("staf", "admin-uji", "auditor-uji"):
        auth.login(name)
        for url in ANALYST_PAGES:
            assert client.get(url).status_code == 403, (name, url)
        assert "Kelola Proses" not in text(client.get("/instances"))
        token = csrf_token(client, "/instances")
        before = stored(engine)
        for url, data in (("/analyst/upload", {}), ("/analyst/instances/1/migrate", {"to_version": "1"})):
            assert client.post(url, data={"csrf_token": token, **data}).status_code == 403, (name, url)
        answer = client.post("/analyst/processes/usulan_uji/modeler", data=SOURCE.encode(),
                             headers={"X-CSRFToken": token, "Content-Type": "application/xml"})
        assert answer.status_code == 403
        assert stored(engine) == before
        auth.logout()


def test_an_analyst_without_lanes_lands_on_the_processes_page_with_a_menu_entry(analyst):
    answer = analyst.get("/")
    assert answer.status_code == 302 and answer.headers["Location"] == "/analyst/processes"
    page = text(analyst.get("/analyst/processes"))
    assert 'href="/analyst/processes" aria-current="page">Kelola Proses' in page
    for process in ("usulan_uji", "pengusulan_wbk_wbbm", "kompetisi_sinovik", "bayar_uji"):
        assert f'data-process="{process}"' in page


# Upload --------------------------------------------------------------------------------------------------------

def test_the_upload_form_is_multipart_and_csrf_protected(analyst, engine):
    page = text(analyst.get("/analyst/processes"))
    assert 'enctype="multipart/form-data"' in page and 'name="csrf_token"' in page and 'type="file"' in page
    before = stored(engine)
    answer = upload(analyst, variant(*SLOWER_ARCHIVE), token=False)
    assert answer.status_code == 400 and "Formulir kedaluwarsa" in text(answer)
    assert stored(engine) == before


def test_uploading_a_changed_diagram_deploys_a_new_version_and_shows_the_difference(analyst, engine):
    answer = upload(analyst, variant(*SLOWER_ARCHIVE))
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/analyst/processes/usulan_uji?old=1&new=2#bandingkan"
    newest = engine.versions("usulan_uji")["versions"][-1]
    assert (newest["version"], newest["deployed_by"], newest["file"]) == (2, "analis", "usulan.bpmn")
    page = text(analyst.get(answer.headers["Location"]))
    assert "Usulan Uji: versi 2 dipasang." in page
    assert "Mutu baku waktu pada 3 'Mengarsipkan usulan': '15 menit' -> '30 menit'" in page


def test_uploading_the_same_content_says_no_new_version(analyst, engine):
    before = stored(engine)
    answer = upload(analyst, USULAN.read_bytes())
    assert answer.status_code == 302
    assert "isinya sama dengan versi 1, tidak ada versi baru" in text(analyst.get(answer.headers["Location"]))
    assert stored(engine) == before


def test_an_upload_without_a_file_asks_for_one(analyst):
    answer = analyst.post("/analyst/upload", data={"csrf_token": csrf_token(analyst, "/analyst/processes")},
                          content_type="multipart/form-data")
    assert answer.status_code == 400 and "Pilih berkas .bpmn" in text(answer)


def test_a_folder_in_the_upload_name_is_dropped(analyst, engine):
    upload(analyst, variant(*SLOWER_ARCHIVE), name="../../etc/usulan baru.bpmn")
    assert engine.versions("usulan_uji")["versions"][-1]["file"] == "usulan baru.bpmn"


def test_problems_are_listed_with_line_element_and_what_to_do_and_marked_on_the_diagram(analyst, engine):
    before = stored(engine)
    bad = variant(('value="1 hari"', 'value="sehari semalam"'), ('value="P1D"', 'value="P1D"'),
                  ("<bpmn:flowNodeRef>arsip</bpmn:flowNodeRef>", ""))
    answer = upload(analyst, bad, name="usulan-salah.bpmn")
    assert answer.status_code == 422
    page = text(answer)
    assert "Diagram usulan-salah.bpmn tidak dipasang, tidak ada yang disimpan" in page
    lines = bad.decode().splitlines()
    periksa = next(i for i, line in enumerate(lines, 1) if 'id="periksa"' in line)
    arsip = next(i for i, line in enumerate(lines, 1) if 'id="arsip"' in line)
    assert re.search(rf"Baris {periksa} · elemen <code>periksa</code></span>\s*<span class=\"what\">"
                     r"Standar waktu 'sehari semalam' tidak dapat dibaca: tulis angka dan satuannya", page)
    assert re.search(rf"Baris {arsip} · elemen <code>arsip</code></span>\s*<span class=\"what\">"
                     r"[Uu]ser task 'Mengarsipkan usulan' berada di luar semua lane yang bernama: pindahkan", page)
    shown = diagram_data(answer.get_data(as_text=True), "upload-diagram-data")
    assert shown["bpmn"] == bad.decode()
    assert {p["element"] for p in shown["problems"]} == {"periksa", "arsip"}
    assert "diagrams.js" in page and "bpmn-navigated-viewer.production.min.js" in page
    assert stored(engine) == before


HOSTILE = {
    "entity expansion": (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY l0 "ha">'
                         + b"".join(b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 10))
                         + b"]>\n<d>&l9;</d>", "Deklarasi DTD dan entitas tidak diizinkan", False),
    "external entity": (variant(('<?xml version="1.0" encoding="UTF-8"?>',
                                 '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
                                ('name="Usulan Uji" processRef', 'name="&x;" processRef')),
                        "Deklarasi DTD dan entitas tidak diizinkan", False),
    "not XML": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "Ini bukan XML yang tersusun dengan benar", False),
    "plain text": (b"bukan diagram, hanya catatan", "Ini bukan XML yang tersusun dengan benar", False),
    "script task": (variant(('<bpmn:endEvent id="selesai"',
                             '<bpmn:scriptTask id="skrip"><bpmn:script>import os</bpmn:script></bpmn:scriptTask>'
                             '<bpmn:endEvent id="selesai"')),
                    "Alur tidak menjalankan kode dari diagram", True),
    "service task": (variant(('<bpmn:endEvent id="selesai"', '<bpmn:serviceTask id="layanan" /><bpmn:endEvent id="selesai"')),
                     "Alur tidak memanggil layanan dari diagram", True),
    "python internals": (variant(('keputusan == "revisi"', "().__class__.__base__.__subclasses__()")),
                         "Kondisi ditolak", True),
    "import": (variant(('keputusan == "revisi"', "__import__('os').system('touch /tmp/alur-owned')")),
               "Kondisi ditolak", True),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_uploads_are_refused_with_a_clear_message_and_nothing_stored(analyst, engine, kind):
    data, message, shown = HOSTILE[kind]
    before = stored(engine)
    answer = upload(analyst, data, name="serangan.bpmn")
    assert answer.status_code == 422
    page = text(answer)
    assert "tidak dipasang, tidak ada yang disimpan" in page and message in page
    assert stored(engine) == before
    assert (diagram_data(answer.get_data(as_text=True), "upload-diagram-data") is not None) == shown
    if not shown:
        assert "Diagram tidak ditampilkan" in page and "/etc/passwd" not in page and "&l9;" not in page


def test_a_50_mb_upload_is_refused_by_the_size_limit_and_nothing_stored(analyst, engine):
    before = stored(engine)
    huge = SOURCE.encode() + b"<!--" + b"x" * (50 * 1024 * 1024) + b"-->"
    answer = upload(analyst, huge, name="besar.bpmn")
    assert answer.status_code == 413
    assert "Berkas terlalu besar: diagram paling besar 5 MB" in text(answer)
    assert stored(engine) == before


def test_other_forms_keep_the_apps_smaller_limit(app, analyst):
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024
    token = csrf_token(analyst, "/analyst/processes")
    answer = analyst.post("/language", data={"csrf_token": token, "lang": "en", "x": "y" * (2 * 1024 * 1024)})
    assert answer.status_code == 413


# Versions, the difference, migration ---------------------------------------------------------------------------

def test_versions_page_shows_who_when_hash_and_running_instances(analyst, engine):
    engine.start("usulan_uji", "staf")
    engine.deploy_bytes([("usulan-v2.bpmn", variant(*SLOWER_ARCHIVE))], "analis")
    page = text(analyst.get("/analyst/processes/usulan_uji"))
    rows = re.findall(r'<tr data-version="(\d+)">(.*?)</tr>', page, re.S)
    assert [int(v) for v, _ in rows] == [2, 1]
    listed = {v["version"]: v for v in engine.versions("usulan_uji")["versions"]}
    for number, row in rows:
        version = listed[int(number)]
        assert version["deployed_by"] in row and version["sha256"] in row and version["file"] in row
        assert f'data-label="Sedang berjalan">{version["running_instances"]}</td>' in row
    assert "WIB" in rows[0][1]
    assert "analis" in rows[0][1] and "test" in rows[1][1]


def test_two_versions_compared_in_words_with_both_diagrams(analyst, engine):
    engine.deploy_bytes([("usulan-v2.bpmn", variant(*SLOWER_ARCHIVE))], "analis")
    engine.deploy_bytes([("usulan-v3.bpmn", variant(*SLOWER_ARCHIVE, ('name="Memeriksa usulan"',
                                                                       'name="Menelaah usulan"')))], "analis")
    answer = analyst.get("/analyst/processes/usulan_uji")  # the newest against the one before by default
    page = text(answer)
    assert "Perubahan dari versi 2 ke versi 3" in page
    assert "Kegiatan 2 'Memeriksa usulan' diganti namanya menjadi 'Menelaah usulan'" in page
    raw = answer.get_data(as_text=True)
    old, new = diagram_data(raw, "diagram-old-data"), diagram_data(raw, "diagram-new-data")
    assert old["bpmn"] == engine.version_bpmn("usulan_uji", 2).decode()
    assert new["bpmn"] == engine.version_bpmn("usulan_uji", 3).decode()
    assert old["marks"] == new["marks"] == {"periksa": "alur-changed"}
    assert "Ditambahkan" in page and "Diubah" in page and "Dihapus" in page  # the legend
    page = text(analyst.get("/analyst/processes/usulan_uji?old=1&new=3"))
    assert "Perubahan dari versi 1 ke versi 3" in page
    assert "'15 menit' -> '30 menit'" in page and "menjadi 'Menelaah usulan'" in page
    assert "Tidak ada perbedaan" in text(analyst.get("/analyst/processes/usulan_uji?old=2&new=2"))


def test_added_and_removed_elements_are_marked_on_their_own_diagram(analyst, engine):
    archive_by_kepala = variant(("<bpmn:flowNodeRef>arsip</bpmn:flowNodeRef>", ""),
                                ("<bpmn:flowNodeRef>gw_periksa</bpmn:flowNodeRef>",
                                 "<bpmn:flowNodeRef>gw_periksa</bpmn:flowNodeRef><bpmn:flowNodeRef>arsip_kepala"
                                 "</bpmn:flowNodeRef>"),
                                ('id="arsip"', 'id="arsip_kepala"'), ('targetRef="arsip"', 'targetRef="arsip_kepala"'),
                                ('sourceRef="arsip"', 'sourceRef="arsip_kepala"'), ('bpmnElement="arsip"',
                                                                                      'bpmnElement="arsip_kepala"'))
    engine.deploy_bytes([("usulan-v2.bpmn", archive_by_kepala)], "analis")
    raw = analyst.get("/analyst/processes/usulan_uji").get_data(as_text=True)
    old, new = diagram_data(raw, "diagram-old-data"), diagram_data(raw, "diagram-new-data")
    assert old["marks"] == {"arsip": "alur-removed", "f_setuju": "alur-changed", "f_arsip": "alur-changed"}
    assert new["marks"] == {"arsip_kepala": "alur-added", "f_setuju": "alur-changed", "f_arsip": "alur-changed"}


def test_one_version_has_nothing_to_compare_and_an_unknown_process_is_404(analyst):
    page = text(analyst.get("/analyst/processes/bayar_uji"))
    assert "Baru ada satu versi." in page and "diagram-old-data" not in page
    assert analyst.get("/analyst/processes/tidak_ada").status_code == 404
    assert analyst.get("/analyst/processes/usulan_uji/versions/9.bpmn").status_code == 404


def test_a_version_downloads_as_deployed(analyst, engine):
    answer = analyst.get("/analyst/processes/usulan_uji/versions/1.bpmn")
    assert answer.status_code == 200 and answer.mimetype == "application/xml"
    assert answer.headers["Content-Disposition"] == 'attachment; filename="webui-usulan-v1.bpmn"'
    assert answer.data == USULAN.read_bytes()


def test_migrating_an_instance_whose_current_task_is_unchanged(analyst, engine):
    instance = engine.start("usulan_uji", "staf")
    engine.deploy_bytes([("usulan-v2.bpmn", variant(*SLOWER_ARCHIVE))], "analis")
    page = text(analyst.get("/analyst/processes/usulan_uji"))
    row = re.search(rf'<tr data-instance="{instance}">(.*?)</tr>', page, re.S).group(1)
    assert "Menyusun usulan" in row and "(Staf)" in row and '<option value="2">versi 2</option>' in row
    answer = post(analyst, f"/analyst/instances/{instance}/migrate", {"to_version": "2"},
                  token_from="/analyst/processes/usulan_uji")
    assert answer.status_code == 302 and answer.headers["Location"] == "/analyst/processes/usulan_uji#berjalan"
    assert "Proses #%d dipindahkan dari versi 1 ke versi 2." % instance in text(analyst.get(answer.headers["Location"]))
    assert engine.show(instance)["version"] == 2
    migrated = [e for e in engine.history(instance) if e["type"] == "instance_migrated"]
    assert [(e["actor"], e["data"]) for e in migrated] == [("analis", {"from_version": 1, "to_version": 2})]


def test_an_instance_whose_current_task_changed_is_not_moved_and_the_engine_says_why(analyst, engine):
    instance = engine.start("usulan_uji", "staf")
    engine.deploy_bytes([("usulan-v2.bpmn", variant(*SLOWER_DRAFT))], "analis")
    answer = post(analyst, f"/analyst/instances/{instance}/migrate", {"to_version": "2"},
                  token_from="/analyst/processes/usulan_uji")
    page = text(analyst.get(answer.headers["Location"]))
    assert f"Proses #{instance} tidak dipindahkan:" in page
    assert ("(Menyusun usulan) berubah di versi 2 (mutu baku waktu pada 1 'Menyusun usulan': '60 menit' "
            "-> '2 jam'): proses ini harus diselesaikan pada versinya sendiri") in page
    assert engine.show(instance)["version"] == 1


def test_migrate_needs_post_csrf_and_a_version(analyst, engine):
    instance = engine.start("usulan_uji", "staf")
    engine.deploy_bytes([("usulan-v2.bpmn", variant(*SLOWER_ARCHIVE))], "analis")
    assert analyst.get(f"/analyst/instances/{instance}/migrate").status_code == 405
    assert analyst.post(f"/analyst/instances/{instance}/migrate", data={"to_version": "2"}).status_code == 400
    answer = post(analyst, f"/analyst/instances/{instance}/migrate", {}, token_from="/analyst/processes")
    assert "Pilih versi tujuan." in text(analyst.get(answer.headers["Location"]))
    answer = post(analyst, f"/analyst/instances/{instance}/migrate", {"to_version": "7"}, token_from="/analyst/processes")
    assert "tidak memiliki versi 7" in text(analyst.get(answer.headers["Location"]))
    assert post(analyst, "/analyst/instances/999/migrate", {"to_version": "2"},
                token_from="/analyst/processes").status_code == 404
    assert engine.show(instance)["version"] == 1


# The modeler ---------------------------------------------------------------------------------------------------

def test_the_modeler_page_opens_a_version_with_bpmn_js_from_node_modules(analyst, engine):
    engine.deploy_bytes([("usulan-v2.bpmn", variant(*SLOWER_ARCHIVE))], "analis")
    answer = analyst.get("/analyst/processes/usulan_uji/modeler?version=1")
    raw = answer.get_data(as_text=True)
    data = diagram_data(raw, "modeler-data")
    assert data["bpmn"] == USULAN.read_text() and data["save_url"] == "/analyst/processes/usulan_uji/modeler"
    assert data["csrf"] and data["strings"]["insert_after"] == "Tambah kegiatan sesudah ini"
    assert "Versi terbaru adalah 2" in text(answer)
    scripts = re.findall(r'<script src="([^"]+)"', raw)
    assert scripts == ["/vendor/bpmn-js/bpmn-modeler.production.min.js", "/static/spiffworkflow-moddle.js",
                       "/static/modeler-kit.js", "/static/modeler.js"]
    assert "<script>" not in raw  # no inline script: the CSP forbids them
    newest = diagram_data(analyst.get("/analyst/processes/usulan_uji/modeler").get_data(as_text=True), "modeler-data")
    assert newest["bpmn"] == engine.version_bpmn("usulan_uji", 2).decode()
    assert analyst.get("/analyst/processes/usulan_uji/modeler?version=5").status_code == 404
    for asset in ("bpmn-modeler.production.min.js", "assets/bpmn-font/css/bpmn-embedded.css"):
        assert analyst.get(f"/vendor/bpmn-js/{asset}").status_code == 200


def test_the_modeler_page_carries_the_engines_tables_and_a_label_for_each_entry(analyst):
    data = diagram_data(analyst.get("/analyst/processes/usulan_uji/modeler").get_data(as_text=True), "modeler-data")
    assert data["constants"] == {
        "units": timestandard.UNITS, "field_types": list(fields.TYPES), "mutu_baku": list(model.MUTU_BAKU),
        "header_scalars": list(model.HEADER_SCALARS), "header_lists": list(model.HEADER_LISTS),
        "header_penetapan": list(model.HEADER_PENETAPAN)}
    strings = data["strings"]
    assert set(strings["types"]) == set(fields.TYPES)
    assert set(strings["header_labels"]) == {*model.HEADER_SCALARS, *model.HEADER_LISTS,
                                             *(f"penetapan.{key}" for key in model.HEADER_PENETAPAN)}
    assert all(strings[key] for key in model.MUTU_BAKU)


def save(client, data, token=True):
    headers = {"Content-Type": "application/xml"}
    if token:
        headers["X-CSRFToken"] = csrf_token(client, "/analyst/processes/usulan_uji/modeler")
    return client.post("/analyst/processes/usulan_uji/modeler", data=data, headers=headers)


def test_saving_from_the_modeler_deploys_a_new_version(analyst, engine):
    answer = save(analyst, variant(*SLOWER_ARCHIVE))
    assert answer.status_code == 200
    assert answer.json == {"message": "", "redirect": "/analyst/processes/usulan_uji?old=1&new=2#bandingkan",
                           "versions": [{"process": "usulan_uji", "version": 2, "changed": True}]}
    newest = engine.versions("usulan_uji")["versions"][-1]
    assert (newest["deployed_by"], newest["file"]) == ("analis", "webui-usulan.bpmn")
    assert "Usulan Uji: versi 2 dipasang." in text(analyst.get(answer.json["redirect"]))


def test_a_refused_save_answers_with_the_problems_to_mark(analyst, engine):
    before = stored(engine)
    answer = save(analyst, variant(('value="1 hari"', 'value="sebentar"')))
    assert answer.status_code == 422
    (problem,) = answer.json["problems"]
    assert problem["element"] == "periksa" and problem["line"] and "tidak dapat dibaca" in problem["message"]
    assert "tidak ada yang disimpan" in answer.json["message"]
    hostile = save(analyst, HOSTILE["external entity"][0])
    assert hostile.status_code == 422 and "Deklarasi DTD dan entitas" in hostile.json["problems"][0]["message"]
    assert save(analyst, b"  ").status_code == 400
    assert stored(engine) == before


def test_a_save_needs_the_csrf_token_and_a_diagram_within_the_limit(analyst, engine):
    before = stored(engine)
    assert save(analyst, variant(*SLOWER_ARCHIVE), token=False).status_code == 400
    huge = save(analyst, SOURCE.encode() + b"<!--" + b"x" * (50 * 1024 * 1024) + b"-->")
    assert huge.status_code == 413 and "paling besar 5 MB" in huge.json["message"]
    assert stored(engine) == before


# Language ------------------------------------------------------------------------------------------------------

def test_analyst_pages_in_english(analyst, engine):
    engine.start("usulan_uji", "staf")
    engine.deploy_bytes([("usulan-v2.bpmn", variant(*SLOWER_ARCHIVE))], "analis")
    post(analyst, "/language", {"lang": "en"}, token_from="/analyst/processes")
    pages = [analyst.get(url) for url in ("/analyst/processes", "/analyst/processes/usulan_uji",
                                          "/analyst/processes/usulan_uji/modeler")]
    pages.append(upload(analyst, variant(('value="1 hari"', 'value="sebentar"'))))
    joined = " ".join(text(p) for p in pages)
    assert "Manage processes" in joined and "Compare two versions" in joined and "Save as a new version" in joined
    assert "Line " in joined and "Add an activity after this one" in joined
    for word in ("Kelola Proses", "Pasang diagram", "Bandingkan", "Sedang berjalan", "Pindahkan", "Simpan",
                 "Kepala SOP", "Tambah kegiatan", "Baris ", "tidak dipasang"):
        assert word not in joined, word
