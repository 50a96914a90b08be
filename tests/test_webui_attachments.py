"""The task page and the instance page with documents, rework, kelengkapan and comments, through Flask's test
client: attaching and downloading, every problem beside its field after a redirect, the rework banner with the
last values, a second identical submission, the next task's link, comments."""

import hashlib
import io
import re
from html import unescape

import pytest

from conftest import DATA
from engine.settings import Settings
from webui import create_app
from webui_fixtures import app, auth, client, clock, engine, template_db, webui_db  # noqa: F401  (fixtures)
from webui_fixtures import AuthActions, csrf_token, followed, post

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <<>>\n%%EOF\n"
FORM = {"nomor_spt": "800/12/2026", "kelengkapan_spt": ["Disposisi", "Data pegawai"], "catatan_spt": "pertama"}


def text(response):
    return unescape(response.get_data(as_text=True))


@pytest.fixture
def spt(engine):
    """The SOP with a file field deployed on the test database, one instance started by staf: (instance, task)."""
    engine.deploy([DATA / "dokumen.bpmn"])
    instance = engine.start("penerbitan_spt", "staf")
    return instance, engine.tasks(instance=instance)[0].id


def attach(form, content=PDF, name="SPT 800.pdf"):
    return {**form, "berkas_spt": (io.BytesIO(content), name)}


def test_staff_attach_a_document_and_whoever_sees_the_instance_downloads_it(client, auth, engine, spt):
    instance, task = spt
    auth.login("staf")
    page = text(client.get(f"/tasks/{task}"))
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page and "paling besar 20 MB" in page
    answer = post(client, f"/tasks/{task}", attach(FORM))
    assert answer.status_code == 302 and answer.headers["Location"] == "/inbox"
    (attachment,) = engine.attachments(instance)
    shown = text(client.get(f"/instances/{instance}"))
    assert f'href="/attachments/{attachment.id}">SPT 800.pdf</a>' in shown
    assert attachment.sha256[:12] in shown and 'id="attachments"' in shown
    auth.logout()
    auth.login("tanpa-lajur")  # an auditor
    download = client.get(f"/attachments/{attachment.id}")
    assert download.status_code == 200 and download.data == PDF and download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith('attachment; filename="SPT 800.pdf"')
    # its own stricter policy, not the pages' one beside it
    assert download.headers.getlist("Content-Security-Policy") == ["default-src 'none'; sandbox"]
    assert download.headers.getlist("Cache-Control") == ["private, no-store"]
    assert hashlib.sha256(download.data).hexdigest() == attachment.sha256
    auth.logout()
    auth.login("bendahara")  # in none of the instance's lanes
    assert client.get(f"/attachments/{attachment.id}").status_code == 403
    assert client.get("/attachments/999").status_code == 404


def test_a_refused_form_redirects_and_shows_every_problem_beside_its_field(client, auth, engine, spt):
    instance, task = spt
    auth.login("staf")
    answer = post(client, f"/tasks/{task}", attach({"kelengkapan_spt": ["Disposisi"], "catatan_spt": "ketik"},
                                                 b"MZ" + b"\0" * 64, "spt.pdf"))
    page = text(followed(client, answer, f"/tasks/{task}"))
    for field, message in (("nomor_spt", "Wajib diisi."), ("kelengkapan_spt", "Belum dicentang: Data pegawai."),
                           ("berkas_spt", "Berkas 'spt.pdf' adalah program, bukan dokumen")):
        assert re.search(rf'data-field="{field}".*?<p class="error" id="err-{field}">{re.escape(message)}', page, re.S)
    assert ">ketik</textarea>" in page and 'value="Disposisi" checked' in page
    again = text(client.get(f"/tasks/{task}"))  # a reload shows the page afresh: nothing is sent again
    assert "Wajib diisi." not in again and engine.attachments(instance) == []
    assert engine.tasks(instance=instance)[0].id == task


def test_a_task_sent_back_opens_with_why_and_its_last_values(client, auth, engine, spt):
    instance, task = spt
    auth.login("staf")
    post(client, f"/tasks/{task}", attach(FORM))
    periksa = engine.tasks(instance=instance)[0].id
    auth.logout()
    auth.login("kepala")
    assert 'id="rework"' not in text(client.get(f"/tasks/{periksa}"))
    answer = post(client, f"/tasks/{periksa}", {"keputusan": "kembalikan", "alasan": "Tanggal SPT salah",
                                                "kelengkapan_periksa": ["SPT"]})
    assert answer.status_code == 302
    again = engine.tasks(instance=instance)[0].id
    auth.logout()
    auth.login("staf")
    page = text(client.get(f"/tasks/{again}"))
    banner = re.search(r'<section class="flash warning rework" id="rework".*?</section>', page, re.S).group(0)
    assert "kepala (Kepala) mengembalikan pekerjaan ini dari kegiatan Memeriksa SPT pada" in banner
    assert "kembalikan" in banner and "Tanggal SPT salah" in banner
    assert "Kelengkapan: SPT, Disposisi: Disposisi" in banner  # what the Kepala found missing
    assert 'value="800/12/2026"' in page and ">pertama</textarea>" in page
    assert 'name="kelengkapan_spt" value="Data pegawai" checked' in page
    assert re.search(r'Berkas terakhir kali: <a href="/attachments/\d+">SPT 800.pdf</a>', page)
    history = text(client.get(f"/instances/{instance}"))
    assert "<dt>Kelengkapan kurang</dt><dd>Kelengkapan: SPT, Disposisi: Disposisi</dd>" in history


def test_a_second_identical_submission_answers_as_the_first(client, auth, engine, spt):
    instance, task = spt
    auth.login("staf")
    token = csrf_token(client, f"/tasks/{task}")  # a double click: two posts of the same page
    first = client.post(f"/tasks/{task}", data=attach({**FORM, "csrf_token": token}))
    second = client.post(f"/tasks/{task}", data=attach({**FORM, "csrf_token": token}))
    assert first.status_code == second.status_code == 302 and second.headers["Location"] == "/inbox"
    page = text(client.get("/inbox"))
    assert page.count("Tugas diselesaikan: 1. Menyusun SPT.") == 2 and "sudah diselesaikan oleh" not in page
    assert len(engine.attachments(instance)) == 1
    changed = post(client, f"/tasks/{task}", attach({**FORM, "nomor_spt": "lain"}))
    assert changed.status_code == 302
    assert "Tugas ini sudah diselesaikan oleh staf" in text(client.get("/inbox"))
    json_again = post(client, f"/tasks/{task}", attach(FORM), headers={"Accept": "application/json"})
    assert json_again.status_code == 200 and json_again.json["task"] == task


def test_after_completing_a_link_to_the_next_task_waiting_in_the_lane(client, auth, engine, spt):
    instance, task = spt
    other = engine.start("penerbitan_spt", "staf")
    auth.login("staf")
    post(client, f"/tasks/{task}", attach(FORM))
    page = client.get("/inbox").get_data(as_text=True)
    (next_task,) = engine.tasks(instance=other)
    assert re.search(rf'Tugas berikutnya yang menunggu di Staf: <a class="next-task" href="/tasks/{next_task.id}">'
                     rf'1\. Menyusun SPT</a> \(Proses #{other}\)', page)


def test_comments_from_the_instance_page(client, auth, engine, spt):
    instance, _ = spt
    auth.login("kepala")
    answer = post(client, f"/instances/{instance}/comments", {"text": "SPT ditunggu hari ini"},
                  token_from=f"/instances/{instance}")
    page = text(followed(client, answer, f"/instances/{instance}"))
    assert "Komentar dicatat." in page
    assert re.search(r'<strong>kepala</strong>.*?<p class="comment-text">SPT ditunggu hari ini</p>', page, re.S)
    refused = post(client, f"/instances/{instance}/comments", {"text": "   "}, token_from=f"/instances/{instance}")
    page = text(followed(client, refused, f"/instances/{instance}"))
    assert '<p class="error" id="err-comment" role="alert">Komentar kosong' in page
    assert [c.text for c in engine.comments(instance)] == ["SPT ditunggu hari ini"]
    auth.logout()
    auth.login("tanpa-lajur")  # an auditor reads the comments, and has no form
    page = text(client.get(f"/instances/{instance}"))
    assert "SPT ditunggu hari ini" in page and 'id="comment-form"' not in page
    assert post(client, f"/instances/{instance}/comments", {"text": "x"}, token_from="/instances").status_code == 403


@pytest.fixture
def small_app(webui_db, clock):
    return create_app({"TESTING": True, "ALUR_DB": str(webui_db), "SECRET_KEY": "test-secret",
                       "ALUR_ENV": "production", "ALUR_CLOCK": clock, "ALUR_SETTINGS": Settings(max_upload_mb=1)})


def test_a_document_over_the_limit_is_refused_with_a_message(small_app, engine, spt):
    _, task = spt
    client = small_app.test_client()
    AuthActions(client).login("staf")
    over = PDF + b"0" * (1024 * 1024)
    page = text(followed(client, post(client, f"/tasks/{task}", attach(FORM, over)), f"/tasks/{task}"))
    assert "berukuran 1.0 MB; dokumen paling besar 1 MB" in page
    far_over = post(client, f"/tasks/{task}", attach(FORM, PDF + b"0" * (3 * 1024 * 1024)))
    page = text(followed(client, far_over, f"/tasks/{task}"))
    assert "Kiriman terlalu besar: setiap dokumen paling besar 1 MB." in page
    assert engine.tasks(instance=engine.task(task).instance)[0].id == task
