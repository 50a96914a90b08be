"""The web UI's frame through Flask's test client and the real server: signing in and out, static files and
security headers, error pages, configuration, `alur serve`.
"""

import http.cookiejar
import re
import subprocess
import threading
import urllib.parse
import urllib.request
from html import unescape

import pytest

from engine import Alur
from test_webui import USULAN_OK, start_usulan, text
from webui import ConfigError, create_app
from webui_fixtures import app, auth, client, clock, engine, template_db, webui_db  # noqa: F401  (fixtures)
from webui_fixtures import ALUR_BIN, PASSWORD, ROOT, live_server, post


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
    engine.db.execute("DELETE FROM user_lanes WHERE \"user\" = 'staf'")
    engine.db.execute("DELETE FROM users WHERE name = 'staf'")
    assert client.get("/inbox").status_code == 302


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
    assert answer.headers["Referrer-Policy"] == "same-origin" and answer.headers["Cache-Control"] == "no-store"
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
        started = form("/processes/usulan_uji/start", {"subject": "Usulan gedung"})
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
