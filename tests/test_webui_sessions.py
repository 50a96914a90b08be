"""Sessions kept on the server and sign-in attempts limited: what a stolen cookie and a password guesser meet."""

from datetime import timedelta

from argon2 import PasswordHasher
from flask.sessions import SecureCookieSessionInterface
from markupsafe import Markup

from conftest import Cli
from webui import create_app
from webui_fixtures import app, auth, client, clock, engine, template_db, webui_db  # noqa: F401  (fixtures)
from webui_fixtures import PASSWORD, AuthActions, post


def text(response):
    return response.get_data(as_text=True)


def copy_of(client, app):
    """Another browser holding a copy of `client`'s cookie, as someone who copied it would."""
    thief = app.test_client()
    cookie = client.get_cookie("alur_session")
    thief.set_cookie(cookie.key, cookie.value)
    return thief


def test_a_cookie_copied_before_sign_out_stops_working_at_sign_out(app, client, auth):
    auth.login("staf")
    thief = copy_of(client, app)
    assert thief.get("/inbox").status_code == 200
    auth.logout()
    assert thief.get("/inbox").status_code == 302


def test_signing_out_in_one_browser_keeps_the_other_signed_in(app, client, auth):
    auth.login("staf")
    other = app.test_client()
    AuthActions(other).login("staf")
    auth.logout()
    assert other.get("/inbox").status_code == 200


def test_a_new_password_ends_every_session_and_only_it_signs_in(app, client, auth, webui_db):
    auth.login("staf")
    thief = copy_of(client, app)
    done = Cli(webui_db)("users", "passwd", "staf", "--password-stdin", input="kuda-lumping-ceria\n")
    assert done.returncode == 0 and "1 web session(s) ended" in done.stdout
    assert client.get("/inbox").status_code == 302 and thief.get("/inbox").status_code == 302
    assert auth.login("staf").status_code == 401
    assert auth.login("staf", "kuda-lumping-ceria").status_code == 302


def test_a_weak_new_password_is_refused_and_the_old_one_stays(client, auth, webui_db):
    cli = Cli(webui_db)
    short = cli("users", "passwd", "staf", "--password-stdin", input="pendek\n")
    assert short.returncode != 0 and "at least 10 characters" in short.stderr
    named = cli("users", "passwd", "tanpa-lajur", "--password-stdin", input="Tanpa-Lajur\n")
    assert named.returncode != 0 and "must not be the user name 'tanpa-lajur'" in named.stderr
    assert auth.login("staf").status_code == 302


def test_an_admin_ends_a_lost_laptops_session_from_the_command_line(app, client, auth, webui_db):
    auth.login("staf")
    done = Cli(webui_db)("users", "sign-out", "staf")
    assert done.returncode == 0 and "1 web session(s) of staf ended" in done.stdout
    assert client.get("/inbox").status_code == 302
    unknown = Cli(webui_db)("users", "sign-out", "siapa")
    assert unknown.returncode != 0 and "no user 'siapa'" in unknown.stderr


def test_a_session_ends_after_twelve_hours_whatever_the_cookie_says(client, auth, clock, engine):
    auth.login("staf")
    clock.moment = engine.clock.now() + timedelta(hours=11, minutes=59)
    assert client.get("/inbox").status_code == 200
    clock.moment += timedelta(minutes=2)
    assert client.get("/inbox").status_code == 302


def test_a_page_that_changes_nothing_sends_no_cookie_and_a_completion_still_says_so(client, auth, engine):
    auth.login("staf")
    assert "Set-Cookie" in client.get("/inbox").headers   # shows, and so drops, the welcome message
    quiet = client.get("/inbox")
    assert quiet.status_code == 200 and "Set-Cookie" not in quiet.headers
    instance = engine.start("usulan_uji", "staf", subject="Usulan uji")
    (task,) = engine.tasks(instance=instance)
    assert "Set-Cookie" not in client.get(f"/tasks/{task.id}").headers
    done = post(client, f"/tasks/{task.id}", {"judul": "Usulan gedung", "jumlah": "3",
                                               "dokumen": ["Surat pengantar", "Lampiran"]})
    assert done.status_code == 302 and "Set-Cookie" in done.headers   # the message for the next page
    assert "Tugas diselesaikan" in text(client.get("/inbox"))


def test_the_database_keeps_no_token_a_browser_could_use(client, auth, engine):
    auth.login("staf")
    cookie = client.get_cookie("alur_session").value
    stored = [row["token_hash"] for row in engine.db.query("SELECT token_hash FROM sessions")]
    assert len(stored) == 1 and stored[0] not in cookie and len(stored[0]) == 64


def test_a_wrong_name_costs_the_same_hash_check_as_a_wrong_password(engine):
    checked = []

    class Counting(PasswordHasher):
        def verify(self, stored, password):
            checked.append(stored)
            return super().verify(stored, password)

    engine.ctx.hasher = Counting.from_parameters(engine.ctx.hasher._parameters)
    assert engine.authenticate("staf", "salah") is None
    assert engine.authenticate("tidak-ada", "salah") is None
    assert len(checked) == 2
    assert PasswordHasher().check_needs_rehash(checked[0]) == PasswordHasher().check_needs_rehash(checked[1])


def test_five_failed_sign_ins_lock_the_account_for_a_while_even_with_the_right_password(app, client, auth):
    for _ in range(5):
        assert auth.login("staf", "tebakan").status_code == 401
    refused = auth.login("staf")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit." in text(refused)
    assert client.get("/inbox").status_code == 302
    other = app.test_client()
    assert AuthActions(other).login("kepala").status_code == 302  # another account from the same address


def test_right_sign_ins_do_not_count(client, auth):
    for _ in range(8):
        assert auth.login("staf").status_code == 302
        auth.logout()


def test_one_address_guessing_many_names_is_limited_too(client, auth):
    answers = [auth.login(f"tebak{i}", "salah").status_code for i in range(31)]
    assert answers[:30] == [401] * 30 and answers[30] == 429


def test_the_limit_holds_across_server_processes(template_db, tmp_path, app, client, auth, webui_db):
    for _ in range(5):
        auth.login("staf", "tebakan")
    second_worker = create_app({"TESTING": True, "ALUR_DB": str(webui_db), "SECRET_KEY": "test-secret",
                                "ALUR_ENV": "production"}).test_client()
    assert post(second_worker, "/auth/login", {"name": "staf", "password": PASSWORD}).status_code == 429


def test_the_sign_in_refusal_reads_in_english_with_the_switch(client, auth):
    post(client, "/language", {"lang": "en"})
    for _ in range(5):
        auth.login("staf", "tebakan")
    assert "Too many failed sign-ins. Try again in 15 minutes." in text(auth.login("staf"))


def test_a_cookie_from_before_keeps_its_user_signed_in_and_a_tampered_one_signs_nobody_in(app, client, auth):
    """The session cookie is made faster (webui/session_cookie.py) in Flask's own format: a browser signed in
    before an upgrade stays signed in, and one after a rollback too; a cookie changed by one letter opens nothing."""
    auth.login("staf")
    client.get("/inbox")
    ours, stock = app.session_interface, SecureCookieSessionInterface()
    with app.test_request_context("/"):
        content = ours.get_signing_serializer(app).loads(client.get_cookie("alur_session").value)
        assert stock.get_signing_serializer(app).loads(client.get_cookie("alur_session").value) == content
        before = stock.get_signing_serializer(app).dumps(content)
    browser = app.test_client()
    browser.set_cookie("alur_session", before)
    assert browser.get("/inbox").status_code == 200
    payload, signed = before.rsplit(".", 1)
    browser.set_cookie("alur_session", f"{payload}.{signed[:5]}{'A' if signed[5] != 'A' else 'B'}{signed[6:]}")
    assert browser.get("/inbox").status_code == 302


def test_the_messages_after_completing_keep_their_link_and_a_long_refused_form_still_fits_the_cookie(app):
    """Flask's tagged values (a link is Markup, a message a tuple) come back as they went; a session too long to go
    uncompressed (a refused form kept for the redirect) is compressed, as before, to stay under 4 kB."""
    link = Markup('Tugas berikutnya untuk Anda: <a class="next-task" href="/tasks/7">2. Periksa</a>')
    small = {"sid": "s", "_flashes": [("success", "Tugas diselesaikan: 1. Usul."), ("info", link)]}
    large = {"sid": "s", "task_form": {"task": 7, "values": {"catatan": "kalimat yang panjang " * 100}}}
    with app.test_request_context("/"):
        ours, stock = (i.get_signing_serializer(app) for i in (app.session_interface, SecureCookieSessionInterface()))
        for content in (small, large):
            cookie = ours.dumps(content)
            assert stock.loads(cookie) == content == ours.loads(stock.dumps(content))
            assert cookie.startswith(".") == (content is large) and len(cookie) < 4000
        assert isinstance(ours.loads(ours.dumps(small))["_flashes"][1][1], Markup)
