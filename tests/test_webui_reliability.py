"""The web UI against the defects of the security review (issue 14): numbers that are not finite, ids past SQLite's
integers on every route that takes one, database faults (read-only, locked, full), an auditor who also has a lane,
the race's loser asking for JSON, and gunicorn's Server banner. The engine's and the CLI's side is in
test_reliability.py."""

import re
import urllib.error
import urllib.request
from html import unescape

import pytest
from werkzeug.routing import IntegerConverter

import webui.db
from faults import LONG_NOTE, connections_ended, fill, read_only, write_lock_held
from webui_fixtures import app, auth, client, clock, engine, template_db, webui_db  # noqa: F401  (fixtures)
from webui_fixtures import PASSWORD, csrf_token, followed, live_server, post

USULAN_OK = {"judul": "Usulan gedung", "jumlah": "3", "dokumen": ["Surat pengantar", "Lampiran"]}
HARMLESS_FORMS = {"/language", "/auth/logout"}
POST_FORM = re.compile(r'<form[^>]*method="post"[^>]*>', re.I)


def text(response):
    return unescape(response.get_data(as_text=True))


def start_usulan(engine):
    instance = engine.start("usulan_uji", "staf")
    (task,) = engine.tasks(instance=instance)
    return instance, task["id"]


def post_forms(page):
    """The actions of the page's POST forms, but signing out and the language switch."""
    actions = [re.search(r'action="([^"]*)"', form) for form in POST_FORM.findall(page)]
    return [a.group(1) if a else "(this page)" for a in actions if not a or a.group(1) not in HARMLESS_FORMS]


def assert_untouched(engine, instance, task):
    shown = engine.show(instance)
    assert shown["data"] == {} and [t["id"] for t in shown["ready"]] == [task]
    assert engine.verify().ok


# 1. Numbers that are not finite -----------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["nan", "inf", "1e999", "-Infinity"])
def test_the_form_refuses_a_number_that_is_not_finite_next_to_its_field(client, auth, engine, typed):
    instance, task = start_usulan(engine)
    auth.login("staf")
    answer = post(client, f"/tasks/{task}", {**USULAN_OK, "jumlah": typed})
    page = text(followed(client, answer, f"/tasks/{task}"))
    assert re.search(rf'<p class="error" id="err-jumlah">\'jumlah\' harus berupa angka biasa, bukan \'{typed}\'', page)
    assert 'name="jumlah"' in page and f'value="{typed}"' in page and 'value="Usulan gedung"' in page
    assert_untouched(engine, instance, task)


# 2. Ids past SQLite's integers ------------------------------------------------------------------------------

def routes_with_an_id(app):
    """(rule, method) for every route whose URL takes an integer."""
    return [(rule, method) for rule in app.url_map.iter_rules()
            if any(isinstance(c, IntegerConverter) for c in rule._converters.values())
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]


@pytest.mark.parametrize("user,roles,lanes", [("semua-peran", ["admin", "analyst"], ["Staf"]),
                                              ("auditor-staf", ["auditor", "analyst"], ["Staf"])])
@pytest.mark.parametrize("big", [2**63, 10**20])
def test_every_route_with_an_id_answers_an_id_past_sqlites_integers_without_a_5xx(app, client, auth, engine, big,
                                                                                  user, roles, lanes):
    engine.add_user(user, lanes=lanes, roles=roles, password=PASSWORD)
    start_usulan(engine)
    auth.login(user)
    token = csrf_token(client, "/inbox")
    routes = routes_with_an_id(app)
    assert len(routes) >= 8
    adapter = app.url_map.bind("localhost")
    for rule, method in routes:
        url = adapter.build(rule.endpoint, {name: big if isinstance(converter, IntegerConverter) else "usulan_uji"
                                            for name, converter in rule._converters.items()})
        answer = client.open(url, method=method, data={"csrf_token": token, "reason": "x", "to": "staf",
                                                       "to_version": str(big)} if method == "POST" else None)
        expected = {403} if "auditor" in roles and method == "POST" else {404}
        assert answer.status_code in expected, f"{method} {url}: {answer.status_code}"


# 3. Database faults -----------------------------------------------------------------------------------------

def test_a_read_only_database_answers_503_with_what_was_typed_kept_then_the_same_completion_works(
        client, auth, engine, webui_db):
    instance, task = start_usulan(engine)
    with client.session_transaction() as cookie:  # signed in before: signing in writes the session
        cookie["sid"] = engine.sign_in("staf", PASSWORD).token
    postgresql = str(webui_db).startswith("postgresql://")
    said, code = (("Server basis data menolak menulis", "database.server_read_only") if postgresql else
                  ("Basis data tidak dapat ditulisi: berkasnya, berkas -wal dan -shm", "database.read_only"))
    with read_only(webui_db):  # the worker opens the database while it is read-only
        answer = post(client, f"/tasks/{task}", USULAN_OK, token_from=f"/tasks/{task}")
        assert answer.status_code == 503 and "Retry-After" not in answer.headers  # someone must act first
        page = text(answer)
        assert said in page
        assert 'value="Usulan gedung"' in page and 'value="3"' in page
        assert client.post(f"/tasks/{task}", data={**USULAN_OK, "csrf_token": csrf_token(client, "/inbox")},
                           headers={"Accept": "application/json"}).get_json()["code"] == code
    assert_untouched(engine, instance, task)
    answer = post(client, f"/tasks/{task}", USULAN_OK, token_from=f"/tasks/{task}")  # made writable again
    assert answer.status_code == 302 and engine.show(instance)["data"]["jumlah"] == 3
    assert engine.verify().ok


def test_a_database_fault_while_reading_the_signed_in_user_answers_503_and_signs_nobody_out(client, auth, engine,
                                                                                            webui_db):
    auth.login("staf")
    if str(webui_db).startswith("postgresql://"):  # the server ends the worker's connection (a restart, say)
        connections_ended(webui_db)
        answer = client.get("/inbox")
        assert answer.status_code == 503 and "Sambungan ke server basis data terputus" in text(answer)
    else:
        engine.close()  # every connection closed, SQLite removes its -wal and -shm files ...
        webui.db.close()
        with read_only(webui_db.parent):  # ... and in a read-only folder cannot make them again, even to read
            answer = client.get("/inbox")
            assert answer.status_code == 503 and "Basis data tidak dapat ditulisi" in text(answer)
    answer = client.get("/inbox")
    assert answer.status_code == 200 and "Kotak Masuk" in text(answer) and ">staf<" in text(answer)


def test_a_lock_held_too_long_answers_503_with_retry_after_then_the_same_completion_works(
        client, auth, engine, webui_db, monkeypatch):
    monkeypatch.setenv("ALUR_DB_TIMEOUT", "0.2")  # read once, when the worker opens the engine
    instance, task = start_usulan(engine)
    auth.login("staf")
    token = csrf_token(client, f"/tasks/{task}")
    with write_lock_held(webui_db):
        answer = post(client, f"/tasks/{task}", USULAN_OK, token_from=f"/tasks/{task}")
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
        page = text(answer)
        assert "Basis data sedang sibuk: program lain menguncinya lebih dari 0.2 detik" in page
        assert 'value="Usulan gedung"' in page
        answer = client.post("/processes/usulan_uji/start", data={"csrf_token": token, "subject": "Usulan taman"})
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
        assert "Basis data sedang sibuk" in text(answer) and "Traceback" not in text(answer)
        assert 'value="Usulan taman"' in text(answer)  # what was typed stays on the form
    assert_untouched(engine, instance, task)
    assert post(client, f"/tasks/{task}", USULAN_OK, token_from=f"/tasks/{task}").status_code == 302
    assert engine.verify().ok


@pytest.mark.sqlite_only(reason="a full disk is SQLite's max_page_count standing in for it")
def test_a_full_disk_answers_503_with_retry_after_nothing_half_written_then_the_same_completion_works(
        app, client, auth, engine):
    instance, task = start_usulan(engine)
    auth.login("staf")
    token = csrf_token(client, f"/tasks/{task}")
    with app.app_context():
        fill(webui.db.get_alur().db)  # this worker's connection: its database may not grow
    answer = client.post(f"/tasks/{task}", data={**USULAN_OK, "catatan": LONG_NOTE, "csrf_token": token},
                         headers={"Accept": "application/json"})
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "300"
    assert answer.get_json() == {"code": "database.full", "message": "Disk tempat basis data penuh. Tidak ada yang "
                                 "diubah: minta administrator mengosongkan ruang, lalu coba lagi"}
    assert_untouched(engine, instance, task)
    # The worker opened the database afresh after the fault; space was freed meanwhile.
    answer = client.post(f"/tasks/{task}", data={**USULAN_OK, "catatan": LONG_NOTE, "csrf_token": token})
    assert answer.status_code == 302 and engine.show(instance)["data"]["catatan"] == LONG_NOTE.strip()
    assert engine.verify().ok


# 5. An auditor who also has a lane --------------------------------------------------------------------------

def test_an_auditor_in_a_lane_sees_the_task_read_only_and_no_start_button(client, auth, engine):
    engine.add_user("auditor-staf", lanes=["Staf"], roles=["auditor"], password=PASSWORD)
    instance, task = start_usulan(engine)
    auth.login("auditor-staf")
    inbox = text(client.get("/inbox"))
    assert f'href="/tasks/{task}"' in inbox and "Mulai Proses" not in inbox and post_forms(inbox) == []
    page = text(client.get(f"/tasks/{task}"))
    assert "Anda auditor: halaman ini hanya untuk dilihat." in page and "Menyusun usulan" in page
    assert post_forms(page) == [] and 'name="judul"' not in page and "Selesaikan tugas" not in page
    processes = text(client.get("/processes"))
    assert post_forms(processes) == [] and "Anda auditor" in processes and ">Mulai</a>" not in processes
    start = text(client.get("/processes/usulan_uji/start"))
    assert post_forms(start) == [] and "Anda auditor" in start and 'name="subject"' not in start
    assert post(client, f"/tasks/{task}", USULAN_OK, token_from="/inbox").status_code == 403
    assert_untouched(engine, instance, task)


def test_an_auditor_with_every_role_and_lane_finds_no_form_that_changes_anything(client, auth, engine):
    engine.add_user("semua", lanes=["Staf", "Kepala"], roles=["auditor", "admin", "analyst"], password=PASSWORD)
    instance, task = start_usulan(engine)
    auth.login("semua")
    for url in ("/", "/inbox", f"/tasks/{task}", "/processes", "/processes/usulan_uji/start", "/instances",
                f"/instances/{instance}",
                f"/audit/instances/{instance}/replay", "/audit/verify", "/sla", "/audit/export", "/analyst/processes",
                "/analyst/processes/usulan_uji"):
        answer = client.get(url, follow_redirects=True)
        assert answer.status_code == 200, url
        assert post_forms(text(answer)) == [], url
        assert "modeler" not in re.findall(r'href="([^"]*)"', text(answer)), url
    assert client.get("/analyst/processes/usulan_uji/modeler").status_code == 403
    # A lane member who is not an auditor still gets the form and the start button.
    auth.logout()
    auth.login("staf")
    assert post_forms(text(client.get(f"/tasks/{task}"))) == [f"/tasks/{task}/claim", "(this page)"]
    assert post_forms(text(client.get("/processes/usulan_uji/start"))) == ["(this page)"]
    inbox = text(client.get("/inbox"))
    assert post_forms(inbox) == ["(this page)"] and f'formaction="/tasks/{task}/claim"' in inbox


# 6. The race's loser asking for JSON, and the Server banner -------------------------------------------------

def test_the_loser_of_a_race_asking_for_json_gets_409_with_code_and_message(app, client, auth, engine):
    instance, task = start_usulan(engine)
    auth.login("rangkap")
    token = csrf_token(client, f"/tasks/{task}")  # the form is open; meanwhile staf completes the task
    other = app.test_client()
    post(other, "/auth/login", {"name": "staf", "password": PASSWORD})
    assert post(other, f"/tasks/{task}", {**USULAN_OK, "judul": "oleh staf"}, token_from="/inbox").status_code == 302
    answer = client.post(f"/tasks/{task}", data={**USULAN_OK, "csrf_token": token},
                         headers={"Accept": "application/json"})
    assert answer.status_code == 409 and answer.mimetype == "application/json"
    body = answer.get_json()
    assert set(body) == {"code", "message"} and body["code"] == "task.completed_already"
    assert re.match(rf"Tugas {task} \(Menyusun usulan\) sudah diselesaikan oleh staf pada ", body["message"])
    # A browser (no JSON asked) is still sent to its inbox with the message, as before.
    answer = client.post(f"/tasks/{task}", data={**USULAN_OK, "csrf_token": token})
    assert answer.status_code == 302 and answer.headers["Location"] == "/inbox"
    assert engine.show(instance)["data"]["judul"] == "oleh staf"


def test_json_asked_for_a_completion_and_its_refusals(client, auth, engine):
    instance, task = start_usulan(engine)
    auth.login("staf")
    token = csrf_token(client, f"/tasks/{task}")
    json_post = lambda data: client.post(f"/tasks/{task}", data={**data, "csrf_token": token},  # noqa: E731
                                         headers={"Accept": "application/json"})
    refused = json_post({**USULAN_OK, "jumlah": "nan"})
    assert refused.status_code == 400 and refused.get_json()["code"] == "field.not_finite"
    done = json_post(USULAN_OK)
    assert done.status_code == 200 and done.get_json()["task"] == task
    assert [t["lane"] for t in done.get_json()["ready"]] == ["Kepala"]


def test_the_real_server_sends_no_server_banner(webui_db):
    with live_server(webui_db, workers=1) as base:
        for path, status in (("/auth/login", 200), ("/nope", 404), ("/static/style.css", 200)):
            try:
                answer = urllib.request.urlopen(base + path, timeout=10)
            except urllib.error.HTTPError as error:
                answer = error
            assert answer.status == status, path
            assert "Server" not in answer.headers, (path, answer.headers["Server"])
            assert answer.headers["X-Content-Type-Options"] == "nosniff"
