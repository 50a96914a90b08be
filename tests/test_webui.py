"""The web UI through Flask's test client: every route, every refusal, and what each user sees.

Each test has a fresh database (webui_fixtures) with the real SOPs of bpmn/ and two small test SOPs:
`usulan_uji` (Staf -> Kepala decides setuju/revisi, revisi loops back -> Staf archives; every field type)
and `bayar_uji` (Bendahara only).
"""

import json
import re
import secrets
from datetime import datetime, timedelta, timezone
from html import unescape

import pytest

from engine import Alur
from engine.errors import InstanceStuck
from webui_fixtures import app, auth, client, clock, engine, template_db, webui_db  # noqa: F401  (fixtures)
from webui_fixtures import PASSWORD, csrf_token, followed, post


USULAN_OK = {"judul": "Usulan gedung", "catatan": "baris satu\nbaris dua", "jumlah": "3", "tanggal": "2024-05-02",
             "mendesak": "true", "dokumen": ["Surat pengantar", "Lampiran"]}


def text(response):
    return unescape(response.get_data(as_text=True))


def start_usulan(engine, user="staf", subject="Usulan uji"):
    instance = engine.start("usulan_uji", user, subject=subject)
    (task,) = engine.tasks(instance=instance)
    return instance, task["id"]


def ready_ids(engine, instance):
    return [(t["element"], t["id"]) for t in engine.tasks(instance=instance)]


def data_tasks(page):
    return [int(n) for n in re.findall(r'data-task="(\d+)"', page)]


# Inbox --------------------------------------------------------------------------------------------------------

def test_inbox_shows_own_lane_tasks_oldest_first_with_sop_number_and_times(client, auth, engine):
    first, first_task = start_usulan(engine)
    second, second_task = start_usulan(engine)
    engine.start("bayar_uji", "bendahara")  # another lane's task: never shown to staf
    auth.login("staf")
    page = text(client.get("/inbox"))
    assert data_tasks(page) == [first_task, second_task]
    assert "Usulan Uji" in page and "000/1/SOP/UJI/2024" in page
    assert f"#{first}" in page and f"#{second}" in page
    assert "Menyusun usulan" in page and "60 menit" in page
    assert "WIB" in page
    assert "Membayar tagihan" not in page and "Bendahara" not in page
    assert "Terlambat" not in page


def test_inbox_of_a_user_in_two_lanes_names_each_tasks_lane_and_filters_by_lane(client, auth, engine):
    _, staf_task = start_usulan(engine)
    bayar = engine.start("bayar_uji", "bendahara")
    (bayar_task,) = engine.tasks(instance=bayar)
    auth.login("rangkap")
    page = text(client.get("/inbox"))
    rows = re.findall(r'data-task="(\d+)" data-lane="([^"]+)"', page)
    assert rows == [(str(staf_task), "Staf"), (str(bayar_task["id"]), "Bendahara")]
    assert "<th>Pelaksana</th>" in page
    only = text(client.get("/inbox?pelaksana=Bendahara"))
    assert data_tasks(only) == [bayar_task["id"]] and '<option value="Bendahara" selected>' in only


def test_inbox_marks_overdue_tasks(client, auth, engine, clock):
    start_usulan(engine)
    auth.login("staf")
    assert "Terlambat" not in text(client.get("/inbox"))
    clock.moment = datetime.now(timezone.utc) + timedelta(days=60)
    assert client.get("/inbox").status_code == 302  # the 12-hour session ended long ago
    auth.login("staf")
    page = text(client.get("/inbox"))
    assert "Terlambat" in page and 'class="task overdue"' in page


def test_inbox_of_an_empty_lane_and_of_a_user_without_lanes(client, auth):
    auth.login("staf")
    assert "Tidak ada tugas yang menunggu." in text(client.get("/inbox"))
    auth.logout()
    auth.login("tanpa-lajur")
    assert "belum tergabung dalam pelaksana" in text(client.get("/inbox"))


# Task page ----------------------------------------------------------------------------------------------------

def test_task_page_shows_kegiatan_mutu_baku_and_a_form_from_the_fields(client, auth, engine):
    _, task = start_usulan(engine)
    auth.login("staf")
    answer = client.get(f"/tasks/{task}")
    assert answer.status_code == 200
    page = text(answer)
    assert "Staf menyusun draft usulan beserta lampirannya <b>lengkap</b>." in page  # escaped, shown as written
    assert "<b>lengkap</b>" not in answer.get_data(as_text=True)
    assert re.search(r'<ul class="checklist".*Kertas.*laptop.*printer', page, re.S)  # kelengkapan as a checklist
    assert "Draft usulan" in page and "60 menit" in page and "HVS 70 gr" in page
    assert 'name="judul"' in page and "<textarea" in page and 'inputmode="decimal"' in page
    assert 'type="date"' in page and 'name="mendesak" value="true"' in page
    assert 'type="checkbox" name="dokumen" value="Surat pengantar"' in page
    assert "Selesaikan tugas" in page


def test_a_decision_is_one_button_per_answer(client, auth, engine):
    instance, task = start_usulan(engine)
    engine.complete(task, "staf", {"judul": "A", "dokumen": ["Surat pengantar", "Lampiran"]})
    (periksa,) = engine.tasks(instance=instance)
    auth.login("kepala")
    page = text(client.get(f"/tasks/{periksa['id']}"))
    assert '<button type="submit" class="primary" name="keputusan" value="setuju">' in page
    assert '<button type="submit" class="primary" name="keputusan" value="revisi">' in page
    assert "Selesaikan tugas" not in page
    assert "Usulan gedung" not in page and re.search(r"Judul usulan</dt><dd>A</dd>", page)  # data so far


def test_the_kelengkapan_checklist_field_is_not_shown_twice(client, auth, engine):
    instance = engine.start("pengusulan_wbk_wbbm", "tpi")
    (task,) = engine.tasks(instance=instance)
    auth.login("tpi")
    page = text(client.get(f"/tasks/{task['id']}"))
    assert 'type="checkbox" name="kelengkapan_1" value="SPT"' in page
    assert '<ul class="checklist"' not in page and "Centang di isian: Kelengkapan: SPT." in page


def test_completing_a_task_records_the_data_and_goes_back_to_the_inbox(client, auth, engine):
    instance, task = start_usulan(engine)
    auth.login("staf")
    answer = post(client, f"/tasks/{task}", USULAN_OK)
    assert answer.status_code == 302 and answer.headers["Location"] == "/inbox"
    assert "Tugas diselesaikan: 1. Menyusun usulan." in text(client.get("/inbox"))
    shown = engine.show(instance)
    assert shown["data"] == {"judul": "Usulan gedung", "catatan": "baris satu\nbaris dua", "jumlah": 3,
                             "tanggal": "2024-05-02", "mendesak": True, "dokumen": ["Surat pengantar", "Lampiran"]}
    assert [t["completed_by"] for t in shown["completed"]] == ["staf"]
    assert [t["lane"] for t in shown["ready"]] == ["Kepala"]


def test_optional_fields_may_stay_empty(client, auth, engine):
    instance, task = start_usulan(engine)
    auth.login("staf")
    answer = post(client, f"/tasks/{task}", {"judul": "Saja", "dokumen": ["Surat pengantar", "Lampiran"]})
    assert answer.status_code == 302
    assert engine.show(instance)["data"] == {"judul": "Saja", "dokumen": ["Surat pengantar", "Lampiran"]}


@pytest.mark.parametrize("change, field, message", [
    ({"judul": ""}, "judul", "Wajib diisi."),
    ({"jumlah": "tiga"}, "jumlah", "Harus berupa angka."),
    ({"tanggal": "2024-13-45"}, "tanggal", "Harus berupa tanggal (TTTT-BB-HH)."),
    ({"mendesak": "mungkin"}, "mendesak", "Pilih ya atau tidak."),
    ({"dokumen": ["Lampiran"]}, "dokumen", "Belum dicentang: Surat pengantar."),
    ({"dokumen": ["Surat pengantar", "Lampiran", "Cek"]}, "dokumen", "Pilih salah satu dari: Surat pengantar, Lampiran."),
])
def test_invalid_input_is_shown_next_to_the_field_with_what_was_typed_kept(client, auth, engine, change, field,
                                                                          message):
    instance, task = start_usulan(engine)
    auth.login("staf")
    answer = post(client, f"/tasks/{task}", {**USULAN_OK, **change})
    page = text(followed(client, answer, f"/tasks/{task}"))
    assert "Isian belum benar" in page
    assert re.search(rf'data-field="{field}".*?<p class="error" id="err-{field}">{re.escape(message)}</p>', page, re.S)
    for name, value in {**USULAN_OK, **change}.items():  # everything typed is still there
        if name == "catatan":
            assert ">baris satu\nbaris dua</textarea>" in page
        elif name == "dokumen":
            for item in value:
                if item in ("Surat pengantar", "Lampiran"):
                    assert f'name="dokumen" value="{item}" checked' in page
        elif name == "mendesak":
            assert ('name="mendesak" value="true" checked' in page) == (value == "true")
        else:
            assert f'name="{name}"' in page and f'value="{value}"' in page, name
    assert engine.show(instance)["completed"] == [] and ready_ids(engine, instance) == [("susun", task)]


def test_the_english_form_errors(client, auth, engine):
    _, task = start_usulan(engine)
    auth.login("staf")
    post(client, "/language", {"lang": "en"})
    page = text(followed(client, post(client, f"/tasks/{task}", {**USULAN_OK, "judul": ""}), f"/tasks/{task}"))
    assert "Required." in page and "The form is not right yet" in page


def test_decision_loops_back_then_goes_on(client, auth, engine):
    instance, task = start_usulan(engine)
    engine.complete(task, "staf", {"judul": "A", "dokumen": ["Surat pengantar", "Lampiran"]})
    (periksa,) = engine.tasks(instance=instance)
    auth.login("kepala")
    answer = post(client, f"/tasks/{periksa['id']}", {"keputusan": "revisi"})
    assert answer.status_code == 302
    assert [e for e, _ in ready_ids(engine, instance)] == ["susun"]  # back to Staf
    (susun,) = engine.tasks(instance=instance)
    engine.complete(susun["id"], "staf", {"judul": "B", "dokumen": ["Surat pengantar", "Lampiran"]})
    (periksa,) = engine.tasks(instance=instance)
    post(client, f"/tasks/{periksa['id']}", {"keputusan": "setuju"})
    assert [e for e, _ in ready_ids(engine, instance)] == ["arsip"]


def test_a_decision_without_an_answer_is_refused(client, auth, engine):
    instance, task = start_usulan(engine)
    engine.complete(task, "staf", {"judul": "A", "dokumen": ["Surat pengantar", "Lampiran"]})
    (periksa,) = engine.tasks(instance=instance)
    auth.login("kepala")
    for form in ({}, {"keputusan": "mungkin"}):
        answer = post(client, f"/tasks/{periksa['id']}", form)
        assert '<p class="error" id="err-keputusan">' in text(followed(client, answer, f"/tasks/{periksa['id']}"))
    assert ready_ids(engine, instance) == [("periksa", periksa["id"])]


def test_the_last_task_completes_the_instance(client, auth, engine):
    instance, task = start_usulan(engine)
    engine.complete(task, "staf", {"judul": "A", "dokumen": ["Surat pengantar", "Lampiran"]})
    engine.complete(engine.tasks(instance=instance)[0]["id"], "kepala", {"keputusan": "setuju"})
    (arsip,) = engine.tasks(instance=instance)
    auth.login("staf")
    page = text(client.get(f"/tasks/{arsip['id']}"))
    assert "Kegiatan ini tidak meminta isian" in page
    answer = post(client, f"/tasks/{arsip['id']}", {})
    assert answer.status_code == 302
    assert f"Proses #{instance} selesai." in text(client.get("/inbox"))
    assert engine.show(instance)["status"] == "completed"


def test_next_task_in_the_same_lane_is_announced(client, auth, engine):
    instance, task = start_usulan(engine)
    engine.complete(task, "staf", {"judul": "A", "dokumen": ["Surat pengantar", "Lampiran"]})
    engine.complete(engine.tasks(instance=instance)[0]["id"], "kepala", {"keputusan": "revisi"})
    auth.login("rangkap")  # Staf (and Bendahara)
    (susun,) = engine.tasks(instance=instance)
    post(client, f"/tasks/{susun['id']}", USULAN_OK)
    assert "Tugas berikutnya untuk Anda" not in text(client.get("/inbox"))  # next is Kepala's


def test_a_task_assigned_to_someone_else_says_so_and_keeps_what_was_typed(client, auth, engine):
    engine.add_user("staf2", lanes=["Staf"], password=PASSWORD)
    instance, task = start_usulan(engine)
    engine.reassign(task, "staf2", "admin-uji", "staf cuti")
    auth.login("staf")
    assert "Ditugaskan kepada staf2." in text(client.get("/inbox"))
    assert "Ditugaskan kepada staf2." in text(client.get(f"/tasks/{task}"))
    page = text(followed(client, post(client, f"/tasks/{task}", USULAN_OK), f"/tasks/{task}"))
    assert "hanya dia yang dapat menyelesaikannya" in page and 'value="Usulan gedung"' in page
    assert ready_ids(engine, instance) == [("susun", task)]
    history = text(client.get(f"/instances/{instance}"))
    assert "Tugas dialihkan: Menyusun usulan" in history and "<dt>Alasan</dt><dd>staf cuti</dd>" in history
    auth.logout()
    auth.login("staf2")
    assert post(client, f"/tasks/{task}", USULAN_OK).status_code == 302


def test_another_lanes_task_answers_403_and_is_not_completed(client, auth, engine):
    instance, task = start_usulan(engine)
    auth.login("kepala")
    assert client.get(f"/tasks/{task}").status_code == 403
    answer = post(client, f"/tasks/{task}", USULAN_OK)
    assert answer.status_code == 403
    assert "Akses ditolak" in text(answer) and "Menyusun usulan" not in text(answer)
    assert ready_ids(engine, instance) == [("susun", task)]


def test_unknown_task_answers_404(client, auth):
    auth.login("staf")
    answer = client.get("/tasks/99999")
    assert answer.status_code == 404 and "Tidak ditemukan" in text(answer)
    assert post(client, "/tasks/99999", {}).status_code == 404
    assert client.get("/tasks/abc").status_code == 404


def test_task_completed_meanwhile_by_someone_else(client, auth, engine):
    engine.add_user("staf2", lanes=["Staf"], password=PASSWORD)
    instance, task = start_usulan(engine)
    auth.login("staf")
    token = csrf_token(client, f"/tasks/{task}")  # staf has the form open ...
    engine.complete(task, "staf2", {"judul": "Dari staf2", "dokumen": ["Surat pengantar", "Lampiran"]})  # ... staf2 wins
    answer = client.post(f"/tasks/{task}", data={**USULAN_OK, "csrf_token": token})
    assert answer.status_code == 302 and answer.headers["Location"] == "/inbox"
    page = text(client.get("/inbox"))
    assert "Tugas ini sudah diselesaikan oleh staf2 pada" in page
    assert "Isian Anda tidak disimpan: Judul usulan: Usulan gedung" in page  # nothing typed is lost
    assert engine.show(instance)["data"]["judul"] == "Dari staf2"  # nor the winner's work


def test_a_long_note_typed_for_a_task_completed_meanwhile_does_not_break_the_session(client, auth, engine):
    instance, task = start_usulan(engine)
    auth.login("staf")
    token = csrf_token(client, f"/tasks/{task}")
    engine.complete(task, "rangkap", {"judul": "A", "dokumen": ["Surat pengantar", "Lampiran"]})
    note = "kata " + " ".join(secrets.token_hex(4) for _ in range(2000))  # 18 kB that do not compress
    answer = client.post(f"/tasks/{task}", data={**USULAN_OK, "catatan": note, "csrf_token": token})
    assert answer.status_code == 302
    assert len(answer.headers["Set-Cookie"]) < 4000
    page = text(client.get("/inbox"))
    assert "Isian Anda tidak disimpan: Judul usulan: Usulan gedung; Catatan: kata " in page and "…" in page


def test_opening_a_completed_task_says_who_did_it(client, auth, engine):
    instance, task = start_usulan(engine)
    engine.complete(task, "rangkap", {"judul": "A", "dokumen": ["Surat pengantar", "Lampiran"]})
    auth.login("staf")
    answer = client.get(f"/tasks/{task}")
    assert answer.status_code == 302 and answer.headers["Location"] == "/inbox"
    assert "sudah diselesaikan oleh rangkap" in text(client.get("/inbox"))


def test_a_task_of_a_cancelled_instance_is_no_longer_open(client, auth, engine):
    instance, task = start_usulan(engine)
    engine.cancel(instance, "admin-uji", "uji")
    auth.login("staf")
    answer = post(client, f"/tasks/{task}", USULAN_OK)
    assert answer.status_code == 302
    assert "sudah tidak berlaku" in text(client.get("/inbox"))


def test_completing_without_csrf_token_is_refused(client, auth, engine):
    instance, task = start_usulan(engine)
    auth.login("staf")
    answer = client.post(f"/tasks/{task}", data=USULAN_OK)
    assert answer.status_code == 400
    assert ready_ids(engine, instance) == [("susun", task)]


def test_an_engine_refusal_becomes_its_status_page(client, auth, engine, monkeypatch):
    _, task = start_usulan(engine)
    auth.login("staf")

    def stuck(self, *args, **kwargs):
        raise InstanceStuck("the process cannot go on after 'Menyusun usulan'")
    monkeypatch.setattr(Alur, "complete", stuck)
    answer = post(client, f"/tasks/{task}", USULAN_OK)
    assert answer.status_code == 409
    assert "Konflik" in text(answer) and "cannot go on after" in text(answer)


# Start --------------------------------------------------------------------------------------------------------

def test_start_page_lists_only_processes_the_user_may_start(client, auth):
    expected = {"staf": ({"usulan_uji"}, {"bayar_uji", "pengusulan_wbk_wbbm"}),
                "bendahara": ({"bayar_uji"}, {"usulan_uji"}),
                "rangkap": ({"usulan_uji", "bayar_uji"}, set()),
                "kepala": (set(), {"usulan_uji", "bayar_uji"}),
                "tpi": ({"pengusulan_wbk_wbbm"}, {"usulan_uji"}),
                "kasubbag-tata-laksana": ({"kompetisi_sinovik"}, {"pengusulan_wbk_wbbm"})}
    for user, (shown, hidden) in expected.items():
        auth.login(user)
        page = text(client.get("/processes"))
        listed = set(re.findall(r'data-process="([^"]+)"', page))
        assert shown <= listed and not hidden & listed, user
        if not shown:
            assert "Tidak ada proses yang dapat Anda mulai." in page
        auth.logout()


def test_starting_a_process_opens_its_first_task(client, auth, engine):
    auth.login("staf")
    answer = post(client, "/processes/usulan_uji/start", {"subject": "Usulan gedung"},
                  token_from="/processes/usulan_uji/start")
    assert answer.status_code == 302
    (instance,) = engine.instances(process="usulan_uji")
    (task,) = engine.tasks(instance=instance["id"])
    assert answer.headers["Location"] == f"/tasks/{task['id']}"
    assert instance["started_by"] == "staf"
    assert f"Proses #{instance['id']} dimulai: Usulan gedung." in text(client.get(answer.headers["Location"]))


def test_starting_another_lanes_process_is_refused(client, auth, engine):
    auth.login("kepala")
    assert client.get("/processes/usulan_uji/start").status_code == 403
    answer = post(client, "/processes/usulan_uji/start", {"subject": "Usulan"})
    assert answer.status_code == 403
    assert "Hanya pelaksana Staf yang boleh memulai" in text(answer)
    assert engine.instances() == []


def test_starting_an_unknown_process_answers_404(client, auth, engine):
    auth.login("staf")
    assert post(client, "/processes/tidak_ada/start", {"subject": "x"}).status_code == 404
    assert client.get("/processes/tidak_ada/start").status_code == 404
    assert engine.instances() == []


def test_starting_needs_post_and_csrf(client, auth, engine):
    auth.login("staf")
    assert client.get("/processes/usulan_uji/start").status_code == 200
    assert client.post("/processes/usulan_uji/start", data={"subject": "Usulan"}).status_code == 400
    assert engine.instances() == []


# Instances ----------------------------------------------------------------------------------------------------

def test_instance_list_shows_the_processes_of_ones_lanes_and_filters_by_status(client, auth, engine):
    running, _ = start_usulan(engine)
    done, task = start_usulan(engine)
    engine.cancel(done, "admin-uji", "uji")
    other = engine.start("bayar_uji", "bendahara")
    auth.login("kepala")  # a lane of usulan_uji that started nothing
    page = text(client.get("/instances"))
    listed = [int(i) for i in re.findall(r'data-instance="(\d+)"', page)]
    assert listed == [done, running] and other not in listed  # newest first
    assert "berjalan" in page and "dibatalkan" in page
    assert [int(i) for i in re.findall(r'data-instance="(\d+)"', text(client.get("/instances?status=cancelled")))] == [done]
    assert re.findall(r'data-instance="(\d+)"', text(client.get("/instances?status=completed"))) == []
    assert len(re.findall(r'data-instance="', text(client.get("/instances?status=bogus")))) == 2


def test_instance_page_shows_status_history_and_the_diagram_highlights(client, auth, engine):
    instance, task = start_usulan(engine)
    engine.complete(task, "staf", {"judul": "Usulan A", "dokumen": ["Surat pengantar", "Lampiran"]})
    (periksa,) = engine.tasks(instance=instance)
    engine.complete(periksa["id"], "kepala", {"keputusan": "revisi"})
    auth.login("kepala")
    answer = client.get(f"/instances/{instance}")
    assert answer.status_code == 200
    page = text(answer)
    assert 'id="instance-status">berjalan' in page
    history = page.split("<h2>Riwayat</h2>")[1]
    assert "Proses dimulai" in history and "Tugas diselesaikan: Menyusun usulan" in history
    assert "Jalur dipilih: revisi" in history
    assert re.search(r"<td[^>]*>kepala</td>\s*<td[^>]*>Kepala</td>\s*<td[^>]*>Tugas diselesaikan: Memeriksa usulan",
                     history)
    assert "<dt>Keputusan Kepala</dt><dd>revisi</dd>" in history and "<dt>Judul usulan</dt><dd>Usulan A</dd>" in history
    data = json.loads(re.search(r'<script type="application/json" id="diagram-data">(.*?)</script>',
                                answer.get_data(as_text=True), re.S).group(1))
    assert data["bpmn"].startswith("<?xml") and 'id="usulan_uji"' in data["bpmn"]
    assert data["current"] == ["susun"] and {"mulai", "periksa", "gw_periksa"} <= set(data["done"])
    assert {"f_mulai", "f_revisi"} <= set(data["flows"]) and "f_setuju" not in data["flows"]
    assert "bpmn-navigated-viewer.production.min.js" in page and "instance.js" in page
    # kepala sees the waiting task of Staf, but without a link to it
    assert f'href="/tasks/{engine.tasks(instance=instance)[0]["id"]}"' not in page


def test_history_lists_actions_and_on_request_every_event(client, auth, engine):
    instance, task = start_usulan(engine)
    engine.complete(task, "staf", {"judul": "A", "dokumen": ["Surat pengantar", "Lampiran"]})
    auth.login("staf")
    actions = text(client.get(f"/instances/{instance}")).split("<h2>Riwayat</h2>")[1]
    assert "Tugas diselesaikan: Menyusun usulan" in actions and "Tugas siap" not in actions
    every = text(client.get(f"/instances/{instance}?semua=1")).split("<h2>Riwayat</h2>")[1]
    assert "Tugas siap: Menyusun usulan" in every and "Tugas siap: Memeriksa usulan" in every
    assert "Tampilkan tindakan saja" in every


def test_a_label_several_activities_use_gets_the_activity_number(client, auth, engine):
    instance = engine.start("pengusulan_wbk_wbbm", "tpi")
    for nomor in ("1", "2"):
        (task,) = engine.tasks(instance=instance)
        data = {f["name"]: f["choices"] if f["type"] == "checklist" else "x" for f in task["fields"]}
        engine.complete(task["id"], "tpi", {**data, f"catatan_{nomor}": f"catatan {nomor}"})
    auth.login("tpi")
    page = text(client.get(f"/instances/{instance}"))
    assert "<dt>Catatan (1)</dt><dd>catatan 1</dd>" in page and "<dt>Catatan (2)</dt><dd>catatan 2</dd>" in page


def test_instance_page_links_waiting_tasks_of_ones_own_lane(client, auth, engine):
    instance, task = start_usulan(engine)
    auth.login("staf")
    assert f'href="/tasks/{task}"' in text(client.get(f"/instances/{instance}"))


def test_instance_of_other_lanes_answers_403_and_unknown_404(client, auth, engine):
    instance = engine.start("bayar_uji", "bendahara")
    auth.login("staf")
    answer = client.get(f"/instances/{instance}")
    assert answer.status_code == 403 and "Membayar" not in text(answer)
    assert client.get("/instances/4242").status_code == 404


def test_html_in_data_is_escaped_everywhere(client, auth, engine):
    instance, task = start_usulan(engine)
    auth.login("staf")
    post(client, f"/tasks/{task}", {**USULAN_OK, "judul": "<script>alert(1)</script>"})
    raw = client.get(f"/instances/{instance}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in raw and "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    auth.logout()
    auth.login("kepala")
    (periksa,) = engine.tasks(instance=instance)
    raw = client.get(f"/tasks/{periksa['id']}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in raw
