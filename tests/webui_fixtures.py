"""Fixtures for the web UI tests: an app on a fresh database per test, its test client, and sign-in.

The database is built once per session (deploying the real diagrams in bpmn/ and the web UI test
diagrams, adding users costs seconds) and copied for each test, so every test starts from the same
fresh state. Import the fixtures into a test module: `from webui_fixtures import app, client, auth`.
"""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from engine import Alur
from engine import demo
from engine.clock import FixedClock
from webui import create_app

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
USULAN = DATA / "webui-usulan.bpmn"  # Staf -> Kepala (decision, loop back) -> Staf; every field type
LAIN = DATA / "webui-lain.bpmn"      # a process of the Bendahara lane only
NGANJUK = ROOT / "bpmn" / "inspektorat-nganjuk" / "pengusulan-wbk-wbbm.bpmn"
PASSWORD = "sandi-uji-123"  # every test user's
# Test users: name -> lanes. Each lane of the real diagrams gets a user named as `alur demo` names it
# (`tpi`, `inspektur`, `bagian-hukum`, ...), with PASSWORD too.
USERS = {"staf": ["Staf"], "kepala": ["Kepala"], "bendahara": ["Bendahara"], "rangkap": ["Staf", "Bendahara"]}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def template_db(request, tmp_path_factory):
    """The filled database each test copies: a SQLite file, or with --store=postgresql a database of the cluster."""
    if request.config.getoption("--store") == "postgresql":
        path = request.getfixturevalue("pg_cluster").create_database(template="alur_template")
    else:
        path = tmp_path_factory.mktemp("webui-template") / "alur.db"
    alur = Alur.open(path)
    try:
        alur.deploy(sorted(ROOT.glob("bpmn/*/*.bpmn")) + [USULAN, LAIN], actor="test")
        lanes = {lane for p in alur.processes() for lane in p["lanes"]} - {l for ls in USERS.values() for l in ls}
        for name, user_lanes in {**{demo.user_name(lane): [lane] for lane in lanes}, **USERS}.items():
            alur.add_user(name, lanes=user_lanes, password=PASSWORD)
        alur.add_user("tanpa-lajur", roles=["auditor"], password=PASSWORD)
        alur.add_user("admin-uji", roles=["admin"], password=PASSWORD)  # cancels instances
    finally:
        alur.close()
    return path


def copy_database(request, template_db, path):
    """A copy of the filled database: the file copied to `path`, or with --store=postgresql a new database made
    from the template's (dropped when `request`'s test or module ends)."""
    if isinstance(template_db, str):  # a PostgreSQL URL
        from bench.pgcluster import database_name
        cluster = request.getfixturevalue("pg_cluster")
        url = cluster.create_database(template=database_name(template_db))
        request.addfinalizer(lambda: cluster.drop_database(url))
        return url
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def webui_db(request, template_db, tmp_path):
    return copy_database(request, template_db, tmp_path / "alur.db")


@pytest.fixture
def clock():
    """The engine's clock for the app and the test's engine alike: real time until a test sets it."""
    return FixedClock()


@pytest.fixture
def app(webui_db, clock):
    return create_app({"TESTING": True, "ALUR_DB": str(webui_db), "SECRET_KEY": "test-secret",
                       "ALUR_ENV": "production", "ALUR_CLOCK": clock})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def engine(webui_db, clock):
    """The engine on the test's database, to set up instances and check what a request changed."""
    alur = Alur.open(webui_db, clock=clock)
    yield alur
    alur.close()


def csrf_token(client, url="/auth/login"):
    page = client.get(url)
    match = CSRF.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def post(client, url, data=None, token_from="/auth/login", **kwargs):
    """POST a form the way the browser does: with the CSRF token of the session."""
    form = dict(data or {})
    form.setdefault("csrf_token", csrf_token(client, token_from))
    return client.post(url, data=form, **kwargs)


def followed(client, answer, url):
    """A POST answered the browser's way (post, redirect, get): a 303 to `url`, then that page, as reloading it
    shows it. Returns the page's response."""
    assert answer.status_code == 303, answer.status_code
    assert answer.headers["Location"].split("#")[0] == url, answer.headers["Location"]
    return client.get(answer.headers["Location"])


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, name="staf", password=PASSWORD, **kwargs):
        return post(self.client, "/auth/login", {"name": name, "password": password}, **kwargs)

    def logout(self):
        return post(self.client, "/auth/logout", token_from="/inbox")


@pytest.fixture
def auth(client):
    return AuthActions(client)


ALUR_BIN = Path(sys.executable).parent / "alur"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def log_path(db_path, name):
    """Where a server on `db_path` logs: beside a SQLite file, in a temporary folder for a PostgreSQL URL."""
    if str(db_path).startswith("postgresql://"):
        import tempfile
        return Path(tempfile.mkdtemp(prefix="alur-log-")) / f"{name}.log"
    return Path(db_path).with_suffix(f".{name}.log")


@contextlib.contextmanager
def live_server(db_path, workers=2, env=None, threads=None):
    """`alur serve` (gunicorn) in a subprocess on a free loopback port; yields its base URL."""
    port = free_port()
    environment = {**os.environ, "ALUR_ENV": "production", "ALUR_SECRET_KEY": "live-test-secret", **(env or {})}
    log = open(log_path(db_path, "serve"), "w+")
    process = subprocess.Popen([str(ALUR_BIN), "serve", "--db", str(db_path), "--host", "127.0.0.1",
                                "--port", str(port), "--workers", str(workers),
                                *(["--threads", str(threads)] if threads else [])],
                               cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise AssertionError(f"alur serve exited with {process.returncode}:\n{log.read()}")
            try:
                with urllib.request.urlopen(base + "/auth/login", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("alur serve did not answer within 30 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()  # gunicorn's master stops its workers on SIGTERM
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
