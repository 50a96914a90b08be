"""The administrative acts (cancel, reassign) on the instance page, and the audit pages in English, through
Flask's test client.
"""

import re

import pytest

from test_webui_audit import ADMIN, AUDITOR, DOKUMEN, diagram_data, text, walked_usulan
from webui_fixtures import app, auth, client, clock, engine, template_db, webui_db  # noqa: F401  (fixtures)
from webui_fixtures import PASSWORD, csrf_token, followed, post


# Administrative acts ----------------------------------------------------------------------------------------

def test_admin_cancels_an_instance_with_a_reason(client, auth, engine):
    instance = walked_usulan(engine)
    auth.login(ADMIN)
    page = text(client.get(f"/instances/{instance}"))
    assert f'action="/admin/instances/{instance}/cancel"' in page
    answer = post(client, f"/admin/instances/{instance}/cancel", {"reason": "usulan ganda"}, token_from="/instances")
    assert answer.status_code == 302 and answer.headers["Location"] == f"/instances/{instance}"
    assert engine.show(instance)["status"] == "cancelled"
    (event,) = [e for e in engine.history(instance) if e["type"] == "instance_cancelled"]
    assert (event["actor"], event["data"]) == (ADMIN, {"reason": "usulan ganda"})
    page = text(client.get(f"/instances/{instance}"))
    assert f"Proses #{instance} dibatalkan. Alasan: usulan ganda" in page
    assert 'id="instance-status">dibatalkan' in page and 'id="cancel-form"' not in page
    assert engine.verify()["ok"]


def test_cancel_without_a_reason_or_twice_is_refused_with_a_message(client, auth, engine):
    instance = walked_usulan(engine)
    auth.login(ADMIN)
    answer = post(client, f"/admin/instances/{instance}/cancel", {"reason": "   "}, token_from="/instances")
    page = text(followed(client, answer, f"/instances/{instance}"))
    assert '<p class="error" id="refusal-cancel" role="alert">Tuliskan alasannya' in page
    assert "refusal-cancel" not in text(client.get(f"/instances/{instance}"))  # a reload sends nothing again
    assert engine.show(instance)["status"] == "running"
    token = csrf_token(client, f"/instances/{instance}")  # the page is open ...
    engine.cancel(instance, ADMIN, "oleh admin lain")    # ... while another admin cancels it
    answer = client.post(f"/admin/instances/{instance}/cancel", data={"reason": "saya juga", "csrf_token": token})
    assert "Proses ini sudah dibatalkan: tidak dapat dibatalkan lagi." in text(followed(client, answer,
                                                                                        f"/instances/{instance}"))


def test_admin_reassigns_a_ready_task_to_a_user_of_its_lane(client, auth, engine):
    engine.add_user("staf2", lanes=["Staf"], password=PASSWORD)
    instance = engine.start("usulan_uji", "staf")
    (task,) = engine.tasks(instance=instance)
    auth.login(ADMIN)
    page = text(client.get(f"/instances/{instance}"))
    options = re.findall(r'<option value="([^"]+)"', page.split(f'id="reassign-{task["id"]}"')[1].split("</select>")[0])
    assert options == ["rangkap", "staf", "staf2"]  # the Staf lane's users only
    answer = post(client, f"/admin/tasks/{task['id']}/reassign", {"to": "staf2", "reason": "staf cuti"},
                  token_from="/instances")
    assert answer.status_code == 302
    assert engine.task(task["id"])["assignee"] == "staf2"
    page = text(client.get(f"/instances/{instance}"))
    assert "Tugas 1. Menyusun usulan dialihkan kepada staf2." in page and "Ditugaskan kepada staf2." in page
    assert "Tugas dialihkan: Menyusun usulan" in page and "<dt>Alasan</dt><dd>staf cuti</dd>" in page


@pytest.mark.parametrize("form, message", [
    ({"to": "kepala", "reason": "x"}, "kepala bukan anggota pelaksana Staf."),
    ({"to": "siapa", "reason": "x"}, "Tidak ada pengguna siapa."),
    ({"to": "rangkap", "reason": ""}, "Tuliskan alasannya: riwayat mencatat mengapa."),
    ({"reason": "x"}, "Pilih pengguna tujuan."),
])
def test_a_refused_reassignment_is_shown_next_to_its_form(client, auth, engine, form, message):
    instance = engine.start("usulan_uji", "staf")
    (task,) = engine.tasks(instance=instance)
    auth.login(ADMIN)
    answer = post(client, f"/admin/tasks/{task['id']}/reassign", form, token_from="/instances")
    page = text(followed(client, answer, f"/instances/{instance}"))
    assert f'<p class="error" id="refusal-{task["id"]}" role="alert">{message}</p>' in page
    assert "<details class=\"admin-act reassign\" open>" in page
    if form.get("reason"):
        assert f'id="reason-{task["id"]}" name="reason" maxlength="500" required value="{form["reason"]}"' in page
    assert engine.task(task["id"])["assignee"] is None


def test_reassigning_a_task_that_moved_on_says_so(client, auth, engine):
    instance = engine.start("usulan_uji", "staf")
    (task,) = engine.tasks(instance=instance)
    engine.complete(task["id"], "staf", {"judul": "A", "dokumen": DOKUMEN})
    auth.login(ADMIN)
    answer = post(client, f"/admin/tasks/{task['id']}/reassign", {"to": "rangkap", "reason": "x"},
                  token_from="/instances")
    assert answer.status_code == 302
    assert "sudah tidak menunggu" in text(client.get(answer.headers["Location"]))
    assert post(client, "/admin/tasks/99999/reassign", {"to": "staf", "reason": "x"}).status_code == 404


def test_lane_staff_cannot_cancel_or_reassign(client, auth, engine):
    instance = engine.start("usulan_uji", "staf")
    (task,) = engine.tasks(instance=instance)
    auth.login("staf")
    assert post(client, f"/admin/instances/{instance}/cancel", {"reason": "x"}, token_from="/inbox").status_code == 403
    answer = post(client, f"/admin/tasks/{task['id']}/reassign", {"to": "rangkap", "reason": "x"}, token_from="/inbox")
    assert answer.status_code == 403
    assert engine.show(instance)["status"] == "running" and engine.task(task["id"])["assignee"] is None


def test_admin_acts_need_post_and_csrf(client, auth, engine):
    instance = engine.start("usulan_uji", "staf")
    (task,) = engine.tasks(instance=instance)
    auth.login(ADMIN)
    assert client.get(f"/admin/instances/{instance}/cancel").status_code == 405
    assert client.post(f"/admin/instances/{instance}/cancel", data={"reason": "x"}).status_code == 400
    assert client.post(f"/admin/tasks/{task['id']}/reassign", data={"to": "rangkap", "reason": "x"}).status_code == 400
    assert engine.show(instance)["status"] == "running" and engine.task(task["id"])["assignee"] is None


# Language ---------------------------------------------------------------------------------------------------

def test_the_audit_pages_in_english(client, auth, engine, webui_db):
    instance = walked_usulan(engine)
    auth.login(AUDITOR)
    post(client, "/language", {"lang": "en"}, token_from="/instances")
    urls = ["/instances", f"/instances/{instance}", f"/audit/instances/{instance}/replay?step=3",
            f"/audit/instances/{instance}/replay?step=99", f"/audit/instances/{instance}/reexecute", "/audit/verify",
            "/sla", "/audit/export", "/audit/export/download?format=csv&since=x"]
    joined = " ".join(text(client.get(url)) for url in urls)
    assert "Replay of process" in joined and "Step 3 of" in joined and "The history is intact" in joined
    assert "Must be a date (YYYY-MM-DD)." in joined and "Time standards" in joined
    for word in ("Putar ulang", "Langkah", "Riwayat utuh", "Standar Waktu", "Ekspor", "Eksekusi ulang", "Sebelumnya",
                 "Berikutnya", "Terlambat", "Unduh", "Semua SOP", "Verifikasi"):
        assert word not in joined, word


def test_replay_draws_the_version_the_instance_was_on_at_each_step(client, auth, engine):
    """An instance migrated to version 2: the steps before the migration show version 1's diagram."""
    from webui_fixtures import USULAN
    instance = engine.start("usulan_uji", "staf")
    bpmn = USULAN.read_bytes().replace(b'name="Mengarsipkan usulan"', b'name="Mengarsipkan usulan di arsip"')
    engine.deploy_bytes([("usulan-v2.bpmn", bpmn)], "test")
    engine.add_user("analis", roles=["analyst"], password=PASSWORD)
    engine.migrate(instance, 2, "analis")
    steps = len(engine.history(instance))
    auth.login(AUDITOR)
    before = diagram_data(client.get(f"/audit/instances/{instance}/replay?step=1"))
    after = diagram_data(client.get(f"/audit/instances/{instance}/replay?step={steps}"))
    assert (before["version"], after["version"]) == (1, 2)
    assert "Mengarsipkan usulan di arsip" not in before["bpmn"] and "Mengarsipkan usulan di arsip" in after["bpmn"]
    assert after["current"] == ["susun"]
