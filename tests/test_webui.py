"""The web UI through Flask's test client: every route, every refusal, and what each user sees.

Each test has a fresh database (webui_fixtures) with the real SOPs of bpmn/ and two small test SOPs:
`usulan_uji` (Staf -> Kepala decides setuju/revisi, revisi loops back -> Staf archives; every field type)
and `bayar_uji` (Bendahara only).
"""

import http.cookiejar
import json
import re
import secrets
import subprocess
import threading
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from html import unescape

import pytest

import webui.errors
from engine import Alur
from engine.errors import InstanceStuck
from webui import ConfigError, create_app
from webui_fixtures import app, auth, client, clock, engine, template_db, webui_db  # noqa: F401  (fixtures)
from webui_fixtures import ALUR_BIN, PASSWORD, ROOT, csrf_token, live_server, post

USULAN_OK = {"judul": "Usulan gedung", "catatan": "baris satu\nbaris dua", "jumlah": "3", "tanggal": "2024-05-02",
             "mendesak": "true", "dokumen": ["Surat pengantar", "Lampiran"]}


def text(response):
    return unescape(response.get_data(as_text=True))


def start_usulan(engine, user="staf"):
    instance = engine.start("usulan_uji", user)
    (task,) = engine.tasks(instance=instance)
    return instance, task["id"]


def ready_ids(engine, instance):
    return [(t["element"], t["id"]) for t in engine.tasks(instance=instance)]


def data_tasks(page):
    return [int(n) for n in re.findall(r'data-task="(\d+)"', page)]


# Sign in and out ----------------------------------------------------------------------------------------------

def test_login_page_has_a_csrf_protected_form(client):
    page = client.get("/auth/login")
    assert page.status_code == 200
    assert 'name="csrf_token"' in text(page)
    assert "Nama pengguna" in text(page) and "Kata sandi" in text(page)


def test_every_page_needs_a_signed_in_user(client):
    for url in ("/", "/inbox", "/tasks/1", "/processes", "/instances", "/instances/1"):
        answer = client.get(url)
        assert answer.status_code == 302, url
        assert answer.headers["Location"].startswith("/auth/login?next="), url
    assert "Silakan masuk" in text(client.get("/auth/login"))


def test_login_sets_an_httponly_samesite_session_and_greets(client, auth):
    answer = auth.login("staf")
    assert answer.status_code == 302 and answer.headers["Location"] == "/"
    cookie = answer.headers["Set-Cookie"]
    assert "alur_session=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Selamat datang, staf." in text(client.get("/"))


def test_wrong_password_and_unknown_user_get_the_same_answer_with_the_name_kept(client, auth):
    wrong = auth.login("staf", "salah")
    unknown = auth.login("siapa", "salah")
    for answer, name in ((wrong, "staf"), (unknown, "siapa")):
        assert answer.status_code == 401
        assert "Nama pengguna atau kata sandi salah." in text(answer)
        assert f'value="{name}"' in text(answer)
    assert client.get("/inbox").status_code == 302  # still signed out


def test_login_without_csrf_token_is_refused(client):
    answer = client.post("/auth/login", data={"name": "staf", "password": PASSWORD})
    assert answer.status_code == 400
    assert "Formulir kedaluwarsa" in text(answer)
    assert client.get("/inbox").status_code == 302


def test_login_goes_back_to_the_page_asked_for_but_never_off_site(client, auth):
    answer = auth.login("staf", query_string={"next": "/processes"})
    assert answer.headers["Location"] == "/processes"
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        auth.logout()
        answer = auth.login("staf", query_string={"next": target})
        assert answer.headers["Location"] == "/", target


def test_demo_password_is_refused_in_production(client, engine):
    engine.add_user("demo-user", lanes=["Staf"], password="alur-demo")
    answer = post(client, "/auth/login", {"name": "demo-user", "password": "alur-demo"})
    assert answer.status_code == 401
    assert "Kata sandi demo tidak berlaku" in text(answer)


def test_demo_accounts_are_listed_in_development_only(webui_db):
    dev = create_app({"TESTING": True, "ALUR_DB": str(webui_db), "ALUR_ENV": "development"}).test_client()
    assert "Akun demo" in text(dev.get("/auth/login")) and "<code>tpi</code>" in text(dev.get("/auth/login"))
    prod = create_app({"TESTING": True, "ALUR_DB": str(webui_db), "SECRET_KEY": "x"}).test_client()
    assert "Akun demo" not in text(prod.get("/auth/login"))


def test_logout_ends_the_session(client, auth):
    auth.login("staf")
    answer = auth.logout()
    assert answer.status_code == 302 and answer.headers["Location"] == "/auth/login"
    assert "Anda telah keluar." in text(client.get("/auth/login"))
    assert client.get("/inbox").status_code == 302


def test_logout_is_post_only_with_csrf(client, auth):
    auth.login("staf")
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/inbox").status_code == 200


def test_a_deleted_account_is_signed_out(client, auth, engine):
    auth.login("staf")
    engine.db.execute("DELETE FROM user_lanes WHERE user = 'staf'")
    engine.db.execute("DELETE FROM users WHERE name = 'staf'")
    assert client.get("/inbox").status_code == 302


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


def test_inbox_groups_by_lane_for_a_user_in_two_lanes(client, auth, engine):
    _, staf_task = start_usulan(engine)
    bayar = engine.start("bayar_uji", "bendahara")
    (bayar_task,) = engine.tasks(instance=bayar)
    auth.login("rangkap")
    page = text(client.get("/inbox"))
    lanes = re.findall(r'<section class="lane"[^>]*data-lane="([^"]+)"', page)
    assert lanes == ["Bendahara", "Staf"]
    bendahara, staf = page.split('data-lane="Staf"')
    assert f'data-task="{bayar_task["id"]}"' in bendahara and f'data-task="{staf_task}"' in staf


def test_inbox_marks_overdue_tasks(client, auth, engine, clock):
    start_usulan(engine)
    auth.login("staf")
    assert "Terlambat" not in text(client.get("/inbox"))
    clock.moment = datetime.now(timezone.utc) + timedelta(days=60)
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
    assert answer.status_code == 400
    page = text(answer)
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
    page = text(post(client, f"/tasks/{task}", {**USULAN_OK, "judul": ""}))
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
        assert answer.status_code == 400
        assert '<p class="error" id="err-keputusan">' in text(answer)
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
    answer = post(client, f"/tasks/{task}", USULAN_OK)
    assert answer.status_code == 403
    page = text(answer)
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
    answer = post(client, "/processes/usulan_uji/start", token_from="/processes")
    assert answer.status_code == 302
    (instance,) = engine.instances(process="usulan_uji")
    (task,) = engine.tasks(instance=instance["id"])
    assert answer.headers["Location"] == f"/tasks/{task['id']}"
    assert instance["started_by"] == "staf"
    assert f"Proses #{instance['id']} dimulai." in text(client.get(answer.headers["Location"]))


def test_starting_another_lanes_process_is_refused(client, auth, engine):
    auth.login("kepala")
    answer = post(client, "/processes/usulan_uji/start")
    assert answer.status_code == 403
    assert "Hanya pelaksana Staf yang boleh memulai" in text(answer)
    assert engine.instances() == []


def test_starting_an_unknown_process_answers_404(client, auth, engine):
    auth.login("staf")
    assert post(client, "/processes/tidak_ada/start").status_code == 404
    assert engine.instances() == []


def test_starting_needs_post_and_csrf(client, auth, engine):
    auth.login("staf")
    assert client.get("/processes/usulan_uji/start").status_code == 405
    assert client.post("/processes/usulan_uji/start").status_code == 400
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
    assert listed == [running, done] and other not in listed
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


# Static files, errors, configuration ------------------------------------------------------------------------

def test_bpmn_js_is_served_from_node_modules(client):
    answer = client.get("/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js")
    assert answer.status_code == 200 and b"BpmnJS" in answer.data[:200000]
    assert client.get("/vendor/bpmn-js/assets/bpmn-js.css").status_code == 200
    assert client.get("/vendor/bpmn-js/../package.json").status_code == 404
    assert client.get("/vendor/bpmn-js/%2e%2e/package.json").status_code == 404


def test_security_headers(client):
    answer = client.get("/auth/login")
    assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in answer.get_data(as_text=True)  # no inline script to allow


def test_unknown_page_404_and_wrong_method_405(client, auth):
    auth.login("staf")
    answer = client.get("/tidak-ada")
    assert answer.status_code == 404 and "Tidak ditemukan" in text(answer)
    assert client.post("/inbox").status_code in (400, 405)


def test_an_unexpected_error_is_a_500_page_without_trace(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals at /work/main/engine")
    answer = client.get("/boom")
    assert answer.status_code == 500
    page = text(answer)
    assert "Terjadi kesalahan" in page
    assert "Traceback" not in page and "secret internals" not in page and "RuntimeError" not in page


def test_production_refuses_to_start_without_a_secret_key(webui_db, monkeypatch):
    monkeypatch.delenv("ALUR_SECRET_KEY", raising=False)
    monkeypatch.delenv("ALUR_ENV", raising=False)
    with pytest.raises(ConfigError, match="ALUR_SECRET_KEY"):
        create_app({"ALUR_DB": str(webui_db)})
    monkeypatch.setenv("ALUR_SECRET_KEY", "from-the-environment")
    assert create_app({"ALUR_DB": str(webui_db)}).config["SECRET_KEY"] == "from-the-environment"
    monkeypatch.delenv("ALUR_SECRET_KEY")
    monkeypatch.setenv("ALUR_ENV", "development")
    assert len(create_app({"ALUR_DB": str(webui_db)}).config["SECRET_KEY"]) == 64


def test_alur_serve_without_a_key_in_production_says_why(webui_db):
    env = {"PATH": "/usr/bin:/bin", "ALUR_ENV": "production"}
    result = subprocess.run([str(ALUR_BIN), "serve", "--db", str(webui_db), "--port", "1"], capture_output=True,
                            text=True, env=env, cwd=ROOT, timeout=60)
    assert result.returncode == 1
    assert "ALUR_SECRET_KEY is not set" in result.stderr and "Traceback" not in result.stderr


def test_alur_serve_answers_with_several_workers_on_one_database(webui_db):
    """The real server: gunicorn with 3 workers; a user signs in, starts an instance and completes its task."""
    with live_server(webui_db, workers=3) as base:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

        def form(path, fields):
            page = opener.open(base + "/auth/login").read().decode()
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            body = urllib.parse.urlencode({**fields, "csrf_token": token}, doseq=True).encode()
            return opener.open(base + path, body)

        form("/auth/login", {"name": "staf", "password": PASSWORD})
        started = form("/processes/usulan_uji/start", {})
        assert re.search(r"/tasks/\d+$", started.url)
        done = form(urllib.parse.urlsplit(started.url).path, USULAN_OK)
        assert done.url == base + "/inbox"
        for _ in range(12):  # every worker serves the same session and database
            assert "Tugas diselesaikan" in opener.open(base + "/instances/1").read().decode()
    check = Alur.open(webui_db)
    try:
        assert check.show(1)["data"]["judul"] == "Usulan gedung"
    finally:
        check.close()


def test_two_workers_racing_for_one_task_one_wins_the_other_is_told(webui_db, engine):
    """Two users of the lane submit the same task at the same moment through the real multi-worker server."""
    instance, task = start_usulan(engine)
    with live_server(webui_db, workers=4) as base:
        sessions = []
        for name in ("staf", "rangkap"):
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            token = re.search(r'name="csrf_token" value="([^"]+)"',
                              opener.open(base + "/auth/login").read().decode()).group(1)
            opener.open(base + "/auth/login", urllib.parse.urlencode(
                {"name": name, "password": PASSWORD, "csrf_token": token}).encode())
            token = re.search(r'name="csrf_token" value="([^"]+)"',
                              opener.open(f"{base}/tasks/{task}").read().decode()).group(1)
            body = urllib.parse.urlencode({**USULAN_OK, "judul": f"oleh {name}", "csrf_token": token},
                                          doseq=True).encode()
            sessions.append((name, opener, body))
        barrier = threading.Barrier(len(sessions))
        pages = {}

        def submit(name, opener, body):
            barrier.wait()
            pages[name] = unescape(opener.open(f"{base}/tasks/{task}", body).read().decode())

        threads = [threading.Thread(target=submit, args=session) for session in sessions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    winner = engine.task(task)["completed_by"]
    loser = ({"staf", "rangkap"} - {winner}).pop()
    assert "Tugas diselesaikan: 1. Menyusun usulan." in pages[winner]
    assert f"Tugas ini sudah diselesaikan oleh {winner} pada" in pages[loser]
    assert f"Judul usulan: oleh {loser}" in pages[loser]  # what the loser typed is shown back
    assert engine.show(instance)["data"]["judul"] == f"oleh {winner}"


def test_serve_help_lists_its_options():
    result = subprocess.run([str(ALUR_BIN), "serve", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    for option in ("--host", "--port", "--db", "--workers"):
        assert option in result.stdout


def test_dev_server_banner_prints_the_address_and_the_demo_accounts(webui_db, engine, monkeypatch):
    from webui import server
    monkeypatch.delenv("ALUR_SECRET_KEY", raising=False)
    app = server.build(str(webui_db), development=True)
    assert len(app.config["SECRET_KEY"]) == 64  # made once, before gunicorn forks its workers
    lines = server.banner(app, "127.0.0.1", 5000)
    assert lines[0].startswith("Alur web UI: http://127.0.0.1:5000/") and "development mode" in lines[0]
    assert "No demo account" in lines[1]  # the test users have another password
    engine.add_user("demo-tpi", lanes=["TPI"], password="alur-demo")
    lines = server.banner(app, "127.0.0.1", 5000)
    assert lines[1] == "Demo accounts (password 'alur-demo'):" and lines[2].split() == ["demo-tpi", "TPI"]
    assert server.banner(app, "::1", 80)[0].startswith("Alur web UI: http://[::1]:80/")


def test_the_form_reads_only_the_declared_fields_and_picks_the_decision():
    from werkzeug.datastructures import MultiDict
    from webui import forms
    fields = [{"name": "a", "type": "text"}, {"name": "b", "type": "checklist", "choices": ["x", "y"]},
              {"name": "c", "type": "choice", "choices": ["ya", "tidak"]}]
    form = MultiDict([("a", "teks"), ("b", "x"), ("b", "y"), ("c", "ya"), ("csrf_token", "t"), ("lain", "z")])
    assert forms.read(fields, form) == {"a": "teks", "b": ["x", "y"], "c": "ya"}
    assert forms.read(fields, MultiDict()) == {"a": "", "b": [], "c": ""}
    assert forms.decision_field(fields) == fields[2]
    assert forms.decision_field(fields + [{"name": "d", "type": "choice", "choices": ["1"]}]) is None
    assert forms.kelengkapan_items(" Kertas, laptop ,, printer ") == ["Kertas", "laptop", "printer"]
    assert forms.kelengkapan_field(fields, ["Y", "x"]) == fields[1]
