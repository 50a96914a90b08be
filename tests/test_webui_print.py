"""The **Cetak SOP** button (issue 11): on the analysts' process list and version page, on the start page and an
instance's page; it downloads the version's SOP AP document as PDF. Auditors may print (printing changes
nothing); lane staff print the processes they work in, not others; mistakes in the address get a page that says
what was wrong, never a 500.
"""

import re
import shutil
import subprocess
from html import unescape

import pytest

from webui_fixtures import app, auth, client, clock, engine, template_db, webui_db  # noqa: F401  (fixtures)
from webui_fixtures import PASSWORD

AUDITOR = "tanpa-lajur"
NGANJUK = "pengusulan_wbk_wbbm"


def text(response):
    return unescape(response.get_data(as_text=True))


def pdf_words(data, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("!!! pdftotext missing (Debian's poppler-utils)")
    (tmp_path / "sop.pdf").write_bytes(data)
    return subprocess.run(["pdftotext", str(tmp_path / "sop.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def analyst(client, auth, engine):
    engine.add_user("analis", roles=["analyst"], password=PASSWORD)
    auth.login("analis")
    return client


def print_links(page):
    return re.findall(r'href="([^"]*/sop\.pdf[^"]*)"[^>]*>([^<]+)<', page)


def test_the_analysts_pages_carry_the_button_and_it_downloads_the_pdf(analyst, tmp_path):
    listing = text(analyst.get("/analyst/processes"))
    assert (f"/processes/{NGANJUK}/sop.pdf", "Cetak SOP") in print_links(listing)
    page = text(analyst.get(f"/analyst/processes/{NGANJUK}"))
    links = print_links(page)
    assert (f"/processes/{NGANJUK}/sop.pdf", "Cetak SOP") in links
    assert (f"/processes/{NGANJUK}/sop.pdf?paper=f4", "Cetak SOP (kertas F4)") in links
    assert (f"/processes/{NGANJUK}/sop.pdf?version=1", "Cetak SOP") in links
    response = analyst.get(f"/processes/{NGANJUK}/sop.pdf?version=1")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="SOP-{NGANJUK}-v1.pdf"'
    words = pdf_words(response.data, tmp_path)
    assert "700/21/SOP/411.200/2023" in words and "TPI menerima SPT dari Inspektur" in words


def test_an_auditor_prints_the_version_an_instance_runs_on(client, auth, engine, tmp_path):
    instance = engine.start(NGANJUK, "tpi")
    auth.login(AUDITOR)
    page = text(client.get(f"/instances/{instance}"))
    assert (f"/processes/{NGANJUK}/sop.pdf?version=1", "Cetak SOP versi ini") in print_links(page)
    response = client.get(f"/processes/{NGANJUK}/sop.pdf?version=1")
    assert response.status_code == 200
    assert "Pengusulan Unit Kerja dalam rangka meraih predikat WBK dan WBBM" in pdf_words(response.data, tmp_path)


def test_an_auditor_prints_from_the_monitoring_and_evaluation_pages(client, auth):
    auth.login(AUDITOR)
    assert (f"/processes/{NGANJUK}/sop.pdf", "Cetak SOP") in print_links(text(client.get("/monitoring")))
    evaluation = text(client.get(f"/evaluate?process={NGANJUK}"))
    assert (f"/processes/{NGANJUK}/sop.pdf?version=1", "Cetak SOP") in print_links(evaluation)


def test_lane_staff_print_their_processes_only(client, auth):
    auth.login("tpi")
    start = text(client.get("/processes"))
    assert (f"/processes/{NGANJUK}/sop.pdf", "Cetak SOP") in print_links(start)
    assert client.get(f"/processes/{NGANJUK}/sop.pdf").status_code == 200
    assert client.get("/processes/kompetisi_sinovik/sop.pdf").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(f"/processes/{NGANJUK}/sop.pdf")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("url, status, says", [
    ("/processes/tidak_ada/sop.pdf", 404, "tidak_ada"),
    (f"/processes/{NGANJUK}/sop.pdf?version=9", 404, "versi 9"),
    (f"/processes/{NGANJUK}/sop.pdf?version=satu", 404, "satu"),
    (f"/processes/{NGANJUK}/sop.pdf?paper=a3", 400, "a3"),
])
def test_mistakes_in_the_address_get_a_clear_page(analyst, url, status, says):
    response = analyst.get(url)
    assert response.status_code == status and response.mimetype == "text/html"
    assert says in text(response)
