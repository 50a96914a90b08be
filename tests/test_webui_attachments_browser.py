"""In headless Chromium on the real server: the Staf attaches an SPT as a PDF, the Kepala sends the work back with
a reason, the Staf sees the banner on the returned task with the last values kept; a refused form reloaded sends
nothing again; an auditor downloads the SPT; `alur verify` names the SPT once it is changed behind Alur's back.

Uses Debian's /usr/bin/chromium through Playwright; never a browser downloaded by Playwright.
"""

import hashlib
import os
import subprocess

import pytest

from conftest import ALUR_BIN, DATA, ROOT, tamper
from engine import Alur
from test_webui_browser import Staff
from webui_fixtures import copy_database, live_server, template_db  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.real_process]

SPT = (b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
       b"trailer <</Root 1 0 R>>\n%%EOF\n")


@pytest.fixture(scope="module")
def spt_db(template_db, tmp_path_factory, request):
    path = copy_database(request, template_db, tmp_path_factory.mktemp("webui-documents") / "alur.db")
    alur = Alur.open(path)
    try:
        alur.deploy([DATA / "dokumen.bpmn"], actor="test")
    finally:
        alur.close()
    return path


def test_an_spt_attached_sent_back_with_a_reason_downloaded_and_verified(browser, spt_db, tmp_path):
    alur = Alur.open(spt_db)
    try:
        instance = alur.start("penerbitan_spt", "staf")
        with live_server(spt_db, workers=2) as base:
            _journey(browser, base, alur, instance, tmp_path)
    finally:
        alur.close()
    _verify_names_the_changed_spt(spt_db, instance)


def _journey(browser, base, alur, instance, tmp_path):
    pdf = tmp_path / "SPT 800-12-2026.pdf"
    pdf.write_bytes(SPT)
    staf, kepala = Staff(browser, base, "staf"), Staff(browser, base, "kepala")
    (task,) = alur.tasks(instance=instance)

    # A form sent without what it needs comes back with every problem; reloading it sends nothing again.
    staf.goto(f"/tasks/{task.id}")
    staf.page.check("input[name=kelengkapan_spt][value=Disposisi]")
    staf.page.click("form.task-form button[type=submit]")
    assert staf.page.url == f"{base}/tasks/{task.id}"
    assert staf.page.inner_text("#err-nomor_spt") == "Wajib diisi."
    assert staf.page.inner_text("#err-berkas_spt") == "Wajib diisi."
    assert "Data pegawai" in staf.page.inner_text("#err-kelengkapan_spt")
    assert staf.page.is_checked("input[name=kelengkapan_spt][value=Disposisi]")
    staf.page.reload()
    assert staf.page.query_selector("#err-nomor_spt") is None and alur.tasks(instance=instance)[0].id == task.id

    # The Staf attaches the SPT.
    staf.page.fill("#f-nomor_spt", "800/12/2026")
    staf.page.check("input[name=kelengkapan_spt][value=Disposisi]")
    staf.page.check("input[name=kelengkapan_spt][value='Data pegawai']")
    staf.page.set_input_files("#f-berkas_spt", str(pdf))
    staf.page.click("form.task-form button[type=submit]")
    assert staf.page.url == f"{base}/inbox"
    assert "Tugas diselesaikan: 1. Menyusun SPT." in staf.page.inner_text(".flashes")
    (attachment,) = alur.attachments(instance)
    assert attachment.name == pdf.name and attachment.sha256 == hashlib.sha256(SPT).hexdigest()

    # The Kepala sends it back with a reason, with one kelengkapan item missing.
    (periksa,) = alur.tasks(instance=instance)
    kepala.goto(f"/tasks/{periksa.id}")
    kepala.page.check("input[name=kelengkapan_periksa][value=SPT]")
    kepala.page.fill("#f-alasan", "Tanggal SPT salah: seharusnya 12 Desember")
    kepala.page.click("button[name=keputusan][value=kembalikan]")
    assert kepala.page.url == f"{base}/inbox"

    # The Staf's returned task opens with why, and with what was entered last time.
    (again,) = alur.tasks(instance=instance)
    staf.goto(f"/tasks/{again.id}")
    banner = staf.page.inner_text("#rework")
    assert "kepala (Kepala) mengembalikan pekerjaan ini dari kegiatan Memeriksa SPT" in banner
    assert "kembalikan" in banner and "Tanggal SPT salah: seharusnya 12 Desember" in banner
    assert "Disposisi" in staf.page.inner_text("#rework .rework-missing")
    assert staf.page.input_value("#f-nomor_spt") == "800/12/2026"
    assert staf.page.is_checked("input[name=kelengkapan_spt][value='Data pegawai']")
    assert staf.page.inner_text(".previous-file a") == pdf.name

    # An auditor downloads the SPT from the instance page.
    auditor = Staff(browser, base, "tanpa-lajur", landing="/instances")
    auditor.goto(f"/instances/{instance}")
    assert auditor.page.query_selector("#comment-form") is None
    with auditor.page.expect_download() as downloading:
        auditor.page.click(f"#attachments a[href='/attachments/{attachment.id}']")
    download = downloading.value
    assert download.suggested_filename == pdf.name
    assert open(download.path(), "rb").read() == SPT
    for user in (staf, kepala, auditor):
        assert user.errors == [], user.errors
        user.context.close()


def _verify_names_the_changed_spt(db_path, instance):
    env = {**os.environ, "ALUR_DB": str(db_path)}
    verify = [str(ALUR_BIN), "verify"]
    assert subprocess.run(verify, capture_output=True, text=True, env=env, cwd=ROOT).returncode == 0
    tamper(db_path, "DROP TRIGGER attachments_append_only_update",
           ("UPDATE attachments SET content = ? WHERE instance_id = ?", [SPT.replace(b"/Count 0", b"/Count 1"), instance]))
    result = subprocess.run(verify, capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 1
    assert f"instance {instance}: the document of attachment" in result.stdout + result.stderr
    assert "('SPT 800-12-2026.pdf') was changed after it was attached" in result.stdout + result.stderr
