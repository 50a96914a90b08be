"""The web UI for audit (issue 5) through Flask's test client (the administrative acts: test_webui_admin.py).

Auditors see every instance and change nothing; they replay an instance step by step, re-execute it, verify
the chain, read the time standards and export the log. Admins cancel instances and reassign tasks. Lane staff
keep to their lanes. The fixtures (webui_fixtures) give `tanpa-lajur` (auditor, no lane) and `admin-uji`.
"""

import csv
import io
import json
import re
from datetime import datetime, timedelta, timezone
from html import unescape

import pytest

from conftest import tamper

from webui import audit as audit_views
from webui.roles import HARMLESS_POSTS
from webui_fixtures import app, auth, client, clock, engine, template_db, webui_db  # noqa: F401  (fixtures)
from webui_fixtures import PASSWORD, csrf_token, post

AUDITOR, ADMIN = "tanpa-lajur", "admin-uji"
DOKUMEN = ["Surat pengantar", "Lampiran"]


def text(response):
    return unescape(response.get_data(as_text=True))


def diagram_data(response):
    return json.loads(re.search(r'<script type="application/json" id="diagram-data">(.*?)</script>',
                                response.get_data(as_text=True), re.S).group(1))


def walked_usulan(engine):
    """usulan_uji: Staf drafts, Kepala sends it back (revisi), Staf drafts again; Kepala's review is waiting."""
    instance = engine.start("usulan_uji", "staf")
    engine.complete(engine.tasks(instance=instance)[0]["id"], "staf", {"judul": "A", "dokumen": DOKUMEN})
    engine.complete(engine.tasks(instance=instance)[0]["id"], "kepala", {"keputusan": "revisi"})
    engine.complete(engine.tasks(instance=instance)[0]["id"], "staf", {"judul": "B", "dokumen": DOKUMEN})
    return instance



# Who may open what ------------------------------------------------------------------------------------------

AUDIT_PAGES = ["/audit/verify", "/audit/instances/{i}/replay", "/audit/instances/{i}/reexecute"]
REPORT_PAGES = ["/audit/export", "/audit/export/download?format=csv"]


def test_every_audit_page_needs_sign_in(client, engine):
    instance = walked_usulan(engine)
    for url in AUDIT_PAGES + REPORT_PAGES + ["/sla"]:
        answer = client.get(url.format(i=instance))
        assert answer.status_code == 302 and answer.headers["Location"].startswith("/auth/login"), url


def test_lane_staff_cannot_open_auditor_pages(client, auth, engine):
    instance = walked_usulan(engine)
    auth.login("staf")
    for url in AUDIT_PAGES + REPORT_PAGES:
        answer = client.get(url.format(i=instance))
        assert answer.status_code == 403, url
        assert "Akses ditolak" in text(answer)
    nav = text(client.get("/inbox")).split("</nav>")[0]
    assert "Verifikasi" not in nav and "Ekspor" not in nav and "Standar Waktu" in nav


def test_an_analyst_reads_time_standards_and_exports_but_does_not_verify(client, auth, engine):
    engine.add_user("analis", roles=["analyst"], password=PASSWORD)
    auth.login("analis")
    assert client.get("/sla").status_code == 200
    assert client.get("/audit/export").status_code == 200
    assert client.get("/audit/verify").status_code == 403
    assert client.get(f"/audit/instances/{walked_usulan(engine)}/replay").status_code == 403


def test_auditor_and_admin_see_every_instance_and_filter_by_process(client, auth, engine):
    usulan = walked_usulan(engine)
    bayar = engine.start("bayar_uji", "bendahara")
    for user in (AUDITOR, ADMIN):
        auth.login(user)
        page = text(client.get("/instances"))
        assert {int(i) for i in re.findall(r'data-instance="(\d+)"', page)} == {usulan, bayar}, user
        assert "Semua proses, dari setiap pelaksana." in page
        only = text(client.get("/instances?process=bayar_uji"))
        assert [int(i) for i in re.findall(r'data-instance="(\d+)"', only)] == [bayar]
        assert client.get(f"/instances/{bayar}").status_code == 200
        assert client.get(f"/instances/{usulan}").status_code == 200
        auth.logout()
    auth.login("staf")  # a lane user: the filter cannot show another lane's process
    page = text(client.get("/instances?process=bayar_uji"))
    assert [int(i) for i in re.findall(r'data-instance="(\d+)"', page)] == [usulan]


def test_the_front_page_of_a_user_without_lanes_is_the_list_of_instances(client, auth):
    auth.login(AUDITOR)
    answer = client.get("/")
    assert answer.status_code == 302 and answer.headers["Location"] == "/instances"
    nav = text(client.get("/instances")).split("</nav>")[0]
    for link in ("Daftar Proses", "Standar Waktu", "Verifikasi", "Ekspor"):
        assert link in nav
    assert "Kotak Masuk" not in nav and "Mulai Proses" not in nav
    auth.logout()
    auth.login("staf")
    assert client.get("/").status_code == 200


# The auditor changes nothing ---------------------------------------------------------------------------------

def _example_url(rule):
    """A URL for a rule, its variables filled with something plausible."""
    values = {}
    for name, converter in rule._converters.items():
        values[name] = 1 if type(converter).__name__ == "IntegerConverter" else "usulan_uji"
    return rule.build(values)[1]


def test_every_changing_route_answers_403_to_an_auditor(app, client, auth, engine):
    instance = walked_usulan(engine)
    before = engine.verify()["events"]
    auth.login(AUDITOR)
    token = csrf_token(client, "/instances")
    assert HARMLESS_POSTS == {"auth.login", "auth.logout", "views.language", "monitoring.print_form"}
    posted = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in HARMLESS_POSTS:  # signing in and out, language, printing
            continue
        url = _example_url(rule)
        answer = client.post(url, data={"csrf_token": token, "reason": "uji", "to": "staf", "keputusan": "setuju"})
        assert answer.status_code == 403, (rule.endpoint, url, answer.status_code)
        assert "Auditor hanya dapat melihat" in text(answer)
        posted.append(rule.endpoint)
    assert {"tasks.task", "instances.start", "admin_acts.cancel", "admin_acts.reassign"} <= set(posted)
    assert engine.verify()["events"] == before and engine.show(instance)["status"] == "running"
    # signing out and the language switch still work
    assert post(client, "/language", {"lang": "en"}, token_from="/instances").status_code == 302
    assert auth.logout().status_code == 302


def test_an_auditor_with_a_lane_still_cannot_complete_or_start(client, auth, engine):
    engine.add_user("auditor-staf", lanes=["Staf"], roles=["auditor"], password=PASSWORD)
    instance = engine.start("usulan_uji", "staf")
    (task,) = engine.tasks(instance=instance)
    auth.login("auditor-staf")
    assert client.get(f"/tasks/{task['id']}").status_code == 200  # may look
    answer = post(client, f"/tasks/{task['id']}", {"judul": "A", "dokumen": DOKUMEN}, token_from="/inbox")
    assert answer.status_code == 403
    assert post(client, "/processes/usulan_uji/start", token_from="/inbox").status_code == 403
    assert engine.task(task["id"])["state"] == "ready" and len(engine.instances()) == 1


def test_the_auditors_instance_page_has_hashes_steps_and_no_changing_form(client, auth, engine):
    instance = walked_usulan(engine)
    history = engine.history(instance)
    auth.login(AUDITOR)
    answer = client.get(f"/instances/{instance}?semua=1")
    page = text(answer)
    for step, event in enumerate(history, start=1):
        assert f'<code class="hash" title="{event["hash"]}">{event["hash"][:12]}</code>' in page
        assert f'href="/audit/instances/{instance}/replay?step={step}"' in page
    assert f'href="/audit/instances/{instance}/reexecute"' in page
    forms = re.findall(r'<form method="post" action="([^"]+)"', answer.get_data(as_text=True))
    assert set(forms) <= {"/language", "/auth/logout"}, forms
    assert "Batalkan proses" not in page and "Alihkan tugas ini" not in page


def test_lane_staff_see_no_hashes_and_no_admin_forms(client, auth, engine):
    instance = walked_usulan(engine)
    auth.login("kepala")
    page = text(client.get(f"/instances/{instance}"))
    assert 'class="hash"' not in page and "/replay" not in page and "Batalkan proses" not in page


# Replay -----------------------------------------------------------------------------------------------------

def test_replay_shows_each_step_as_the_engine_replays_it(client, auth, engine):
    instance = walked_usulan(engine)
    steps = len(engine.history(instance))
    auth.login(AUDITOR)
    for step in range(1, steps + 1):
        expected = engine.replay(instance, step)
        answer = client.get(f"/audit/instances/{instance}/replay?step={step}")
        assert answer.status_code == 200, step
        page = text(answer)
        data = diagram_data(answer)
        assert {k: data[k] for k in ("done", "current", "flows")} == dict(expected["highlight"]), step
        assert data["bpmn"].startswith("<?xml") and data["version"] == 1
        assert f'data-step="{step}"' in page and f"Langkah {step} dari {steps}" in page
        assert f'<dd id="replay-actor">{expected["actor"]}</dd>' in page
        assert f'<dd id="replay-lane">{expected["lane"] or "–"}</dd>' in page
        ready = re.findall(r'<li data-element="([^"]+)">', page.split('id="replay-ready"')[1].split("</ul>")[0]) \
            if expected["ready"] else []
        assert ready == [t["element"] for t in expected["ready"]], step
        assert f'value="{step}"' in page and f'max="{steps}"' in page
        assert ('rel="prev" href' in page) == (step > 1) and ('rel="next" href' in page) == (step < steps)
    last = text(client.get(f"/audit/instances/{instance}/replay?step={steps}"))
    assert "Judul usulan</dt><dd>B</dd>" in last and "Keputusan Kepala</dt><dd>revisi</dd>" in last
    first = text(client.get(f"/audit/instances/{instance}/replay"))  # step 1 by default
    assert "Langkah 1 dari" in first and "Proses dimulai" in first and "replay.js" in first


@pytest.mark.parametrize("step, status", [("0", 404), ("999", 404), ("abc", 400), ("-1", 400), ("1.5", 400),
                                          ("", 400)])
def test_replay_of_a_step_outside_the_history_is_a_friendly_page(client, auth, engine, step, status):
    instance = walked_usulan(engine)
    auth.login(AUDITOR)
    answer = client.get(f"/audit/instances/{instance}/replay", query_string={"step": step})
    assert answer.status_code == status
    page = text(answer)
    assert "Langkah tidak ada" in page and f"punya langkah 1 sampai {len(engine.history(instance))}" in page
    assert f'href="/audit/instances/{instance}/replay?step=1"' in page


def test_replay_and_reexecution_of_an_unknown_instance_answer_404(client, auth):
    auth.login(AUDITOR)
    assert client.get("/audit/instances/4242/replay").status_code == 404
    assert client.get("/audit/instances/4242/reexecute").status_code == 404


def test_replay_of_a_cancelled_instance_ends_cancelled_with_the_reason(client, auth, engine):
    instance = walked_usulan(engine)
    engine.cancel(instance, ADMIN, "salah kirim")
    steps = len(engine.history(instance))
    auth.login(AUDITOR)
    page = text(client.get(f"/audit/instances/{instance}/replay?step={steps}"))
    assert "Proses dibatalkan" in page and "<dt>Alasan</dt><dd>salah kirim</dd>" in page
    assert '<span class="status cancelled">dibatalkan</span>' in page


# Re-execution and verify ------------------------------------------------------------------------------------

def test_reexecution_of_a_faithful_history(client, auth, engine):
    instance = walked_usulan(engine)
    auth.login(AUDITOR)
    page = text(client.get(f"/audit/instances/{instance}/reexecute"))
    assert 'data-ok="true"' in page and "Sesuai dengan riwayat" in page
    assert f"Semua {len(engine.history(instance))} kejadian dijalankan ulang" in page


def test_reexecution_names_the_step_where_a_rewritten_decision_diverges(client, auth, engine, webui_db):
    instance = walked_usulan(engine)
    history = engine.history(instance)
    review = next(e for e in history if e["type"] == "task_completed" and e["lane"] == "Kepala")
    tamper(webui_db, f"UPDATE events SET data = '{{\"keputusan\": \"setuju\"}}' WHERE seq = {review['seq']}")
    step = engine.reexecute(instance)["divergence"]["step"]
    auth.login(AUDITOR)
    answer = client.get(f"/audit/instances/{instance}/reexecute")
    assert answer.status_code == 200
    page = text(answer)
    assert 'data-ok="false"' in page and f"Menyimpang pada langkah {step}" in page
    assert "eksekusi ulang menghasilkan" in page  # the engine's own account
    assert f'href="/audit/instances/{instance}/replay?step={step}"' in page


def test_verify_page_says_intact_with_the_head_hash(client, auth, engine):
    walked_usulan(engine)
    report = engine.verify()
    auth.login(AUDITOR)
    page = text(client.get("/audit/verify"))
    assert 'data-ok="true"' in page and "Riwayat utuh" in page
    assert f"{report['events']} kejadian;" in page and f'<code class="hash full" id="verify-head">{report["head"]}</code>' in page
    assert 'href="/audit/instances/1/reexecute"' in page


def test_verify_page_names_the_broken_link_after_an_event_is_edited(client, auth, engine, webui_db):
    walked_usulan(engine)
    tamper(webui_db, "UPDATE events SET actor = 'mallory' WHERE seq = 3")
    auth.login(ADMIN)  # admins verify too
    answer = client.get("/audit/verify")
    assert answer.status_code == 200
    page = text(answer)
    assert 'data-ok="false"' in page and "Riwayat rusak" in page
    assert "Kejadian ke-3 (" in page and "oleh mallory pada" in page and "telah diubah" in page
    assert "Rantai utuh sampai kejadian ke-2" in page


def test_verify_page_names_a_stored_state_the_events_do_not_explain(client, auth, engine, webui_db):
    instance = walked_usulan(engine)
    tamper(webui_db, f"UPDATE instances SET status = 'completed' WHERE id = {instance}")
    auth.login(AUDITOR)
    page = text(client.get("/audit/verify"))
    assert "Riwayat rusak" in page and f"Proses #{instance} tersimpan berstatus selesai" in page


# Time standards ---------------------------------------------------------------------------------------------

@pytest.fixture
def timed(engine, clock):
    """Instances run on a set clock: a Monday 08:00 WIB start, each task taking a known working time."""
    clock.moment = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)

    def later(**delta):
        clock.moment += timedelta(**delta)
    instance = engine.start("usulan_uji", "staf")
    later(minutes=90)  # Menyusun usulan: 90 working minutes against 60 menit
    engine.complete(engine.tasks(instance=instance)[0]["id"], "staf", {"judul": "A", "dokumen": DOKUMEN})
    later(minutes=30)  # Memeriksa usulan: 30 minutes against 1 hari
    engine.complete(engine.tasks(instance=instance)[0]["id"], "kepala", {"keputusan": "setuju"})
    other = engine.start("bayar_uji", "bendahara")
    later(days=30)  # the archive task and the payment are long overdue now
    return {"usulan": instance, "bayar": other}



def test_sla_page_for_an_auditor_shows_every_process_lane_activity_and_overdue_task(client, auth, engine, timed):
    auth.login(AUDITOR)
    answer = client.get("/sla")
    assert answer.status_code == 200
    page = text(answer)
    processes = page.split('id="sla-processes"')[1].split("</section>")[0]
    assert 'data-process="usulan_uji"' in processes and 'data-process="bayar_uji"' in processes
    activities = page.split('id="sla-activities"')[1].split("</section>")[0]
    susun = activities.split('data-element="susun"')[1].split("</tr>")[0]
    assert "1 jam 30 menit" in susun and "0/1 (0%)" in susun
    periksa = activities.split('data-element="periksa"')[1].split("</tr>")[0]
    assert "30 menit" in periksa and "1/1 (100%)" in periksa
    overdue = page.split('id="sla-overdue"')[1].split("</section>")[0]
    late = {int(t) for t in re.findall(r'data-task="(\d+)"', overdue)}
    assert late == {t["id"] for i in timed.values() for t in engine.tasks(instance=i)}
    assert "Waktu kerja: Senin–Jumat 07:30-16:00" in page and "1 hari = 8 jam 30 menit" in page
    only = text(client.get("/sla?process=bayar_uji"))
    assert 'data-process="usulan_uji"' not in only and 'data-process="bayar_uji"' in only


def test_sla_page_for_lane_staff_shows_their_lanes_only(client, auth, engine, timed):
    auth.login("bendahara")
    page = text(client.get("/sla"))
    assert 'id="sla-processes"' not in page and 'id="sla-instances"' not in page
    assert re.findall(r'<tr data-lane="([^"]+)"', page) == ["Bendahara"]
    (bayar,) = engine.tasks(instance=timed["bayar"])
    overdue = page.split('id="sla-overdue"')[1].split("</section>")[0]
    assert [int(t) for t in re.findall(r'data-task="(\d+)"', overdue)] == [bayar["id"]]
    assert f'href="/tasks/{bayar["id"]}"' in overdue
    assert "Mengarsipkan usulan" not in page and "Staf" not in page
    assert client.get("/sla?process=usulan_uji").status_code == 404  # not a process of their lanes


def test_sla_of_an_unknown_process_answers_404(client, auth):
    auth.login(AUDITOR)
    assert client.get("/sla?process=tidak_ada").status_code == 404


def test_working_time_is_shown_as_the_cli_shows_it(app):
    with app.test_request_context():
        assert audit_views.working_time(521, 510) == "1 hari 11 menit"
        assert audit_views.working_time(90, 510) == "1 jam 30 menit"
        assert audit_views.working_time(0.2, 510) == "0 menit"
        assert audit_views.working_time(None, 510) == "–"
    assert audit_views.share({"with_standard": 4, "within_standard": 3, "share_within": 0.75}) == "3/4 (75%)"
    assert audit_views.share({"with_standard": 0}) == "–"


# Export -----------------------------------------------------------------------------------------------------

def test_export_downloads_xes_and_csv(client, auth, engine):
    instance = walked_usulan(engine)
    engine.start("bayar_uji", "bendahara")
    auth.login(AUDITOR)
    assert 'name="format" value="xes"' in text(client.get("/audit/export"))
    xes = client.get("/audit/export/download?format=xes&process=usulan_uji&since=")
    assert xes.status_code == 200 and xes.mimetype == "application/xml"
    assert xes.headers["Content-Disposition"] == 'attachment; filename="alur-usulan_uji.xes"'
    body = xes.get_data(as_text=True)
    assert '<log xes.version="1849.2016"' in body and f'<string key="concept:name" value="{instance}"/>' in body
    assert 'value="bayar_uji"' not in body
    answer = client.get("/audit/export/download?format=csv")
    assert answer.mimetype == "text/csv" and "alur-semua.csv" in answer.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert {r["process"] for r in rows} == {"usulan_uji", "bayar_uji"}
    assert rows == list(csv.DictReader(io.StringIO(engine.export("csv"))))
    later = client.get("/audit/export/download?format=csv&since=2999-01-01")
    assert later.status_code == 200 and "sejak-2999-01-01" in later.headers["Content-Disposition"]
    assert later.get_data(as_text=True).strip().count("\n") == 0  # the header only


@pytest.mark.parametrize("query, field, message", [
    ("format=csv&since=2024-13-45", "since", "Harus berupa tanggal (TTTT-BB-HH)."),
    ("format=csv&since=kemarin", "since", "Harus berupa tanggal (TTTT-BB-HH)."),
    ("format=csv&since=2024-02-30", "since", "Harus berupa tanggal (TTTT-BB-HH)."),
    ("format=pdf", "format", "Pilih XES atau CSV."),
    ("format=xes&process=tidak_ada", "process", "Tidak ada proses tidak_ada."),
])
def test_a_bad_export_request_is_a_form_message(client, auth, query, field, message):
    auth.login(AUDITOR)
    answer = client.get(f"/audit/export/download?{query}")
    assert answer.status_code == 400 and answer.mimetype == "text/html"
    page = text(answer)
    assert f'<p class="error" id="err-{field}">{message}</p>' in page
    assert 'id="export-form"' in page
