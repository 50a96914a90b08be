"""The Pengguna, Penunjukan and Akun pages with Flask's test client: what an admin, an auditor and staff see and
do, and what the engine then holds."""

import re
from datetime import date, timedelta
from html import unescape

from webui_fixtures import app, auth, client, clock, engine, template_db, webui_db  # noqa: F401  (fixtures)
from webui_fixtures import PASSWORD, AuthActions, post

TEMPORARY = "sementara-dari-admin"


def text(response):
    return unescape(response.get_data(as_text=True))


def add_budi(client, **more):
    form = {"name": "budi", "email": "budi@kantor.test", "password": TEMPORARY, "lanes": ["Staf"], **more}
    return post(client, "/users", form, token_from="/users")


def test_an_admin_adds_a_user_who_must_choose_a_password_at_the_first_sign_in(app, client, auth, engine):
    auth.login("admin-uji")
    answer = add_budi(client)
    assert answer.status_code == 302
    assert "Pengguna budi ditambahkan" in text(client.get(answer.headers["Location"]))
    budi = engine.user("budi")
    assert budi.lanes == ["Staf"] and budi.email == "budi@kantor.test" and budi.must_change_password
    added = list(engine.db.query("SELECT actor, data FROM events WHERE type = ?", ["user_added"]))
    assert [row["actor"] for row in added] == ["admin-uji"] and '"user": "budi"' in added[0]["data"]
    browser = app.test_client()
    AuthActions(browser).login("budi", TEMPORARY)
    sent = browser.get("/inbox")
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/account")
    changed = post(browser, "/account/password", {"current": TEMPORARY, "new": "kopi-pagi-di-kantor",
                                                  "again": "kopi-pagi-di-kantor"}, token_from="/account")
    assert changed.status_code == 302 and browser.get("/inbox").status_code == 200   # signed in still, anew
    assert not engine.user("budi").must_change_password
    assert [e for e in engine.verify().problems] == []


def test_a_refused_new_user_keeps_what_was_typed_and_says_why(client, auth, engine):
    auth.login("admin-uji")
    answer = add_budi(client, password="indonesia123")
    page = text(answer)
    assert answer.status_code == 400 and "kata sandi yang paling umum" in page
    assert 'value="budi@kantor.test"' in page and "budi" not in [u.name for u in engine.users()]
    other = add_budi(client, name="x y")
    assert other.status_code == 400 and "nama pengguna 'x y'" in text(other).lower()


def test_an_admin_changes_resets_and_deactivates_a_user(app, client, auth, engine):
    staf = app.test_client()
    AuthActions(staf).login("staf")
    auth.login("admin-uji")
    post(client, "/users/edit", {"name": "staf", "lanes": ["Staf", "Bendahara"], "email": "staf@kantor.test"},
         token_from="/users")
    assert engine.user("staf").lanes == ["Bendahara", "Staf"] and engine.user("staf").email == "staf@kantor.test"
    post(client, "/users/password", {"name": "staf", "password": TEMPORARY}, token_from="/users")
    assert staf.get("/inbox").status_code == 302                  # the old session ended
    assert engine.user("staf").must_change_password
    refused = post(client, "/users/deactivate", {"name": "staf", "reason": ""}, token_from="/users")
    assert refused.status_code == 400 and engine.user("staf").active
    post(client, "/users/deactivate", {"name": "staf", "reason": "pensiun"}, token_from="/users")
    assert not engine.user("staf").active
    assert AuthActions(app.test_client()).login("staf", TEMPORARY).status_code == 401
    page = text(client.get("/users"))
    assert "Nonaktif" in page and "pensiun" in page


def test_a_plh_named_in_the_browser_sees_and_completes_the_lanes_task_and_the_history_says_so(app, client, auth,
                                                                                           engine):
    instance = engine.start("usulan_uji", "staf")
    engine.complete(engine.tasks(instance=instance)[0].id, "staf",
                    {"judul": "A", "dokumen": ["Surat pengantar", "Lampiran"]})
    decision = engine.tasks(instance=instance)[0]
    auth.login("admin-uji")
    today = engine.clock.now().date()
    answer = post(client, "/delegations", {"lane": "Kepala", "user": "bendahara", "title": "Plh",
                                           "from": today.isoformat(), "until": (today + timedelta(6)).isoformat(),
                                           "reason": "Kepala cuti"}, token_from="/users")
    assert answer.status_code == 302
    plh = app.test_client()
    AuthActions(plh).login("bendahara")
    inbox = text(plh.get("/inbox"))
    assert f'data-task="{decision.id}"' in inbox and "Plh Kepala" in inbox
    done = post(plh, f"/tasks/{decision.id}", {"keputusan": "setuju"}, token_from=f"/tasks/{decision.id}")
    assert done.status_code == 302
    history = text(client.get(f"/instances/{instance}"))
    assert "bendahara, Plh Kepala" in history
    auditor = app.test_client()
    AuthActions(auditor).login("tanpa-lajur")
    listed = text(auditor.get("/delegations"))
    assert "bendahara, Plh Kepala" in listed and "Kepala cuti" in listed and "<form" not in listed.split("<main")[1]


def test_a_delegation_refused_in_the_browser_says_why_and_keeps_the_form(client, auth, engine):
    auth.login("admin-uji")
    answer = post(client, "/delegations", {"lane": "Kepala", "user": "bendahara", "title": "Plh",
                                           "from": "2030-01-10", "until": "2030-01-01", "reason": "cuti"},
                  token_from="/users")
    page = text(answer)
    assert answer.status_code == 400 and "hari terakhir tidak boleh sebelum hari pertama" in page
    assert 'value="2030-01-01"' in page and engine.delegations() == []


def test_an_admin_names_a_lane_head(client, auth, engine):
    auth.login("admin-uji")
    post(client, "/lanes/head", {"lane": "Kepala", "user": "kepala"}, token_from="/users")
    assert engine.lane_heads() == {"Kepala": "kepala"}
    assert "Kepala Kepala" in text(client.get("/users"))
    refused = post(client, "/lanes/head", {"lane": "Kepala", "user": "staf"}, token_from="/users")
    assert refused.status_code == 400 and "bukan anggota pelaksana" in text(refused)


def test_every_user_changes_their_own_mail_and_password(client, auth, engine):
    auth.login("staf")
    post(client, "/account/mail", {"email": "staf@kantor.test", "mail_off": "1"}, token_from="/account")
    assert engine.user("staf").email == "staf@kantor.test" and engine.user("staf").mail_off
    wrong = post(client, "/account/password", {"current": "salah-sekali", "new": "kopi-pagi-di-kantor",
                                               "again": "kopi-pagi-di-kantor"}, token_from="/account")
    assert wrong.status_code == 400 and "Kata sandi saat ini salah" in text(wrong)
    differ = post(client, "/account/password", {"current": PASSWORD, "new": "kopi-pagi-di-kantor",
                                                "again": "kopi-sore"}, token_from="/account")
    assert differ.status_code == 400 and "tidak sama" in text(differ)
    assert engine.sign_in("staf", PASSWORD) is not None


def test_staff_reach_neither_the_users_page_nor_the_delegations(client, auth):
    auth.login("staf")
    assert client.get("/users").status_code == 403 and client.get("/delegations").status_code == 403
    assert "Pengguna" not in text(client.get("/inbox")).split("<main")[0]


def test_the_header_counts_new_tasks_until_the_inbox_is_opened(client, auth, engine, clock):
    auth.login("kepala")
    client.get("/inbox")
    for _ in range(2):
        instance = engine.start("usulan_uji", "staf")
        engine.complete(engine.tasks(instance=instance)[0].id, "staf",
                        {"judul": "A", "dokumen": ["Surat pengantar", "Lampiran"]})
    page = text(client.get("/account"))
    assert re.search(r'class="badge new-tasks"[^>]*>2<', page)
    client.get("/inbox")
    assert "new-tasks" not in text(client.get("/account"))
