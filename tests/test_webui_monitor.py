"""The Monitoring SOP, Evaluasi SOP and heatmap pages, for each role, on a month of demo history with a fixed clock:
what an auditor prints, what an analyst saves, and every refusal."""

import re
import shutil
import subprocess
from datetime import datetime, timezone

import pytest

from engine import demo_history
from engine.vocabulary import Role

from webui_fixtures import PASSWORD, app, auth, client, clock, engine, post, template_db, webui_db  # noqa: F401

END = datetime(2026, 6, 10, 3, 20, tzinfo=timezone.utc)
PERIOD = {"from": "2026-05-01", "to": "2026-06-10"}
SINOVIK = "kompetisi_sinovik"


@pytest.fixture
def history(engine, clock):  # noqa: F811
    engine.add_user("admin", roles=[Role.ADMIN])          # demo_history cancels as "admin"
    engine.add_user("analis", roles=[Role.ANALYST], password=PASSWORD)
    list(demo_history.fill(engine, months=1, end=END))
    clock.moment = END
    return engine


def page(client, url, user, auth):  # noqa: F811
    auth.login(user)
    return client.get(url)


@pytest.mark.parametrize("user, saves", [("tanpa-lajur", False), ("admin-uji", True), ("analis", True)])
def test_auditors_admins_and_analysts_read_the_form(history, client, auth, user, saves):  # noqa: F811
    answer = page(client, "/monitoring?from=2026-05-01&to=2026-06-10", user, auth)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "Monitoring Pelaksanaan SOP AP" in text
    assert len(re.findall(r'<tr data-process="', text)) == len(history.processes())
    assert 'id="print-pdf"' in text and ('id="save-form"' in text) == saves
    assert text.count('class="heatmap"') == len(history.processes())
    assert "Berjalan dengan baik" in text or "Tidak berjalan dengan baik" in text


def test_lane_staff_do_not_see_the_monitoring_pages(history, client, auth):  # noqa: F811
    auth.login("staf")
    for url in ("/monitoring", "/evaluate", f"/heatmap/{SINOVIK}", "/monitoring/forms/1"):
        assert client.get(url).status_code == 403, url
    assert post(client, "/monitoring/print", PERIOD, token_from="/inbox").status_code == 403


def pdf_text(data, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (Debian's poppler-utils) is missing: .ci/run installs it")
    (tmp_path / "form.pdf").write_bytes(data)
    text = subprocess.run(["pdftotext", str(tmp_path / "form.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())   # a cell's lines wrap where the column ends


def test_an_auditor_edits_and_prints_the_form_and_nothing_is_saved(history, client, auth, tmp_path):  # noqa: F811
    events = history.verify()["events"]
    auth.login("tanpa-lajur")
    answer = post(client, "/monitoring/print", {**PERIOD, f"catatan-{SINOVIK}": "Catatan diubah auditor",
                                                 f"tindakan-{SINOVIK}": "Rapat evaluasi"}, token_from="/monitoring")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    text = pdf_text(answer.data, tmp_path)
    assert "MONITORING PELAKSANAAN SOP AP" in text and "Periode 2026-05-01 – 2026-06-10" in text
    assert "Catatan diubah auditor" in text and "Rapat evaluasi" in text and "Paraf penilai" in text
    assert "Pengusulan Unit" in text   # the other SOP, with its drafted notes
    assert history.monitoring_forms() == [] and history.verify()["events"] == events
    assert post(client, "/monitoring/save", PERIOD, token_from="/monitoring").status_code == 403


def test_an_analyst_saves_the_edited_form_which_is_kept_in_the_chain(history, client, auth, tmp_path):  # noqa: F811
    auth.login("analis")
    answer = post(client, "/monitoring/save", {**PERIOD, f"catatan-{SINOVIK}": "Dua tugas terlambat."},
                  token_from="/monitoring")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/monitoring/forms/1")
    form = history.monitoring_form(1)
    rows = {row["process"]: row for row in form["rows"]}
    assert form["assessed_by"] == "analis" and form["period"] == PERIOD
    assert rows[SINOVIK]["catatan"] == "Dua tugas terlambat."
    assert history.verify()["ok"]
    shown = client.get("/monitoring/forms/1").get_data(as_text=True)
    assert "dinilai oleh analis" in shown and "Dua tugas terlambat." in shown
    assert "Dua tugas terlambat." in pdf_text(client.get("/monitoring/forms/1/pdf").data, tmp_path)
    assert 'href="/monitoring/forms/1"' in client.get("/monitoring").get_data(as_text=True)


def test_mistakes_are_shown_on_the_form_and_save_nothing(history, client, auth):  # noqa: F811
    auth.login("analis")
    long = "x" * 2001
    answer = post(client, "/monitoring/save", {**PERIOD, f"tindakan-{SINOVIK}": long}, token_from="/monitoring")
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "Paling banyak 2000 karakter (sekarang 2001)." in text and long in text
    bad = client.get("/monitoring?from=2026-02-30")
    assert bad.status_code == 400 and "&#39;2026-02-30&#39; bukan tanggal" in bad.get_data(as_text=True)
    reversed_period = post(client, "/monitoring/print", {"from": "2026-06-10", "to": "2026-05-01"},
                           token_from="/monitoring")
    assert reversed_period.status_code == 400 and "Periode dimulai 2026-06-10" in reversed_period.get_data(as_text=True)
    assert history.monitoring_forms() == []
    assert client.get("/monitoring/forms/99").status_code == 404


def test_the_evaluation_page_proposes_standards(history, client, auth):  # noqa: F811
    answer = page(client, f"/evaluate?process={SINOVIK}", "tanpa-lajur", auth)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "Usulan mutu baku" in text and "Beban per pelaksana" in text
    proposed = [a for a in history.evaluate(SINOVIK)["activities"] if a["proposed_waktu"]]
    for activity in proposed:
        assert re.search(rf'data-element="{activity["element"]}" class="proposed">.*?<strong>'
                         rf'{activity["proposed_waktu"]}</strong>', text, re.S)
    assert client.get("/evaluate?process=lain").status_code == 404


def test_the_heatmap_links_each_activity_to_the_instances_waiting_there(history, client, auth):  # noqa: F811
    heat = history.heatmap(SINOVIK)
    assert heat["activities"], "the month of history leaves work waiting"
    place = max(heat["activities"], key=lambda a: a["waiting"])
    text = page(client, f"/heatmap/{SINOVIK}", "admin-uji", auth).get_data(as_text=True)
    link = f"/instances?process={SINOVIK}&amp;status=running&amp;activity={place['element']}"
    assert link in text and "heatmap.js" in text
    listed = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    shown = {int(i) for i in re.findall(r'<tr data-instance="(\d+)"', listed)}
    assert shown == set(place["instances"]) and f"{place['number']} {place['name']}" in listed
    assert client.get("/heatmap/lain").status_code == 404
