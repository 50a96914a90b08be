"""Shared fixtures: a fresh Alur database per test, the test diagram, its users, and the CLI."""

import os

# Cheap password hashes under test: set before the engine is imported, and inherited by every `alur` process
# and server the tests start. (The default outside the tests is RFC_9106_LOW_MEMORY.)
os.environ.setdefault("ALUR_ARGON2_PROFILE", "CHEAPEST")

import contextlib  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import traceback  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402
from unittest import mock  # noqa: E402

import pytest  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from engine import Alur  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SURAT = DATA / "surat.bpmn"
ALUR_BIN = Path(sys.executable).parent / "alur"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_addoption(parser):
    parser.addoption("--store", choices=["sqlite", "postgresql"], default=os.environ.get("ALUR_TEST_STORE", "sqlite"),
                     help="the store the `db_path` fixture gives every test: a SQLite file (the default) or a fresh "
                          "database in a throwaway PostgreSQL cluster (env ALUR_TEST_STORE)")


def store(config):
    return config.getoption("--store")


@pytest.fixture(scope="session")
def pg_cluster(request):
    """The throwaway PostgreSQL cluster of this run (bench/pgcluster.py, which `make bench` starts too), with an
    empty Alur database `alur_template` that each test's database is copied from."""
    from bench.pgcluster import Cluster, PostgreSQLMissing
    try:
        cluster = Cluster.start()
    except PostgreSQLMissing as missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing} (CI=true: failing instead of skipping)", pytrace=False)
        pytest.skip(str(missing))
    try:
        cluster.admin('CREATE DATABASE "alur_template"')
        Alur.open(cluster.url("alur_template")).close()  # the schema, migrated once
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def db_path(request, tmp_path):
    """Where the test's Alur database is: a file under tmp_path, or with --store=postgresql the URL of a fresh
    database (dropped after the test)."""
    if store(request.config) == "sqlite":
        yield tmp_path / "alur.db"
        return
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database(template="alur_template")
    yield url
    cluster.drop_database(url)


@pytest.fixture
def alur(db_path):
    engine = Alur.open(db_path)
    yield engine
    engine.close()


@pytest.fixture
def surat(alur):
    """The test SOP deployed, with a user in each lane: `staf` (Staf) and `kepala` (Kepala)."""
    alur.deploy([SURAT])
    alur.add_user("staf", lanes=["Staf"])
    alur.add_user("kepala", lanes=["Kepala"])
    return alur


def tamper(db_path, *statements):
    """What someone with sqlite3 (or psql) and write access could do behind Alur's back: drop the append-only
    triggers, then run `statements` (each SQL text, or (SQL, parameters))."""
    if str(db_path).startswith("postgresql://"):
        return _tamper_postgresql(str(db_path), statements)
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER IF EXISTS events_append_only_update")
    conn.execute("DROP TRIGGER IF EXISTS events_append_only_delete")
    for statement in statements:
        conn.execute(*([statement] if isinstance(statement, str) else statement))
    conn.commit()
    conn.close()


def _tamper_postgresql(url, statements):
    """tamper() in PostgreSQL's words: a trigger is dropped ON its table, a x'..' blob is a bytea."""
    import re

    import psycopg

    from engine.pgdb import placeholders
    with psycopg.connect(url, autocommit=True) as conn:
        for name in ("events_append_only_update", "events_append_only_delete"):
            conn.execute(f"DROP TRIGGER IF EXISTS {name} ON events")
        for statement in statements:
            sql, params = (statement, []) if isinstance(statement, str) else statement
            sql = re.sub(r"DROP TRIGGER (\w+)_append_only_(\w+)", r"DROP TRIGGER \1_append_only_\2 ON \1", sql)
            sql = re.sub(r"\bx'([0-9a-fA-F]*)'", r"'\\x\1'::bytea", sql)
            conn.execute(placeholders(sql), params)


class CliResult:
    """What `subprocess.run` gives back: `returncode`, `stdout`, `stderr` (text)."""

    def __init__(self, args, returncode, stdout, stderr):
        self.args, self.returncode, self.stdout, self.stderr = args, returncode, stdout, stderr

    def __repr__(self):
        return f"CliResult(args={self.args!r}, returncode={self.returncode}, stderr={self.stderr!r})"


def _cli_runner():
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2 mixes stderr into stdout unless told
    except TypeError:
        return CliRunner()  # click >= 8.2: stderr is always separate


class Cli:
    """Runs `alur` in this process (click's CliRunner) against the test database, with ALUR_DB set, from the
    project's root, `input` as standard input. Gives back what a real process would: the exit code
    (`sys.exit(2)` is 2; an uncaught exception is 1 with its traceback on stderr, as Python prints it), standard
    output and standard error apart. Every database connection a command opens is closed when it returns: by the
    command (one that exits 0 and leaves a connection open fails the test), else here, with a warning."""

    def __init__(self, db_path):
        self.db_path = db_path

    def __call__(self, *args, input=None, check=False):
        import cli as alur_cli
        args = [str(a) for a in args]
        opened = []

        def tracked(real_connect):
            def connect(*a, **kw):
                connection = real_connect(*a, **kw)
                opened.append(connection)
                return connection
            return connect

        import psycopg
        with mock.patch("sqlite3.connect", tracked(sqlite3.connect)), \
                mock.patch("psycopg.connect", tracked(psycopg.connect)), contextlib.chdir(ROOT):
            outcome = _cli_runner().invoke(alur_cli.main, args, input=input, env={"ALUR_DB": str(self.db_path)},
                                           prog_name="alur", catch_exceptions=True)
        stderr = outcome.stderr
        if outcome.exception is not None and not isinstance(outcome.exception, SystemExit):
            stderr += "".join(traceback.format_exception(*outcome.exc_info))
        result = CliResult(["alur", *args], outcome.exit_code, outcome.stdout, stderr)
        left_open = [c for c in opened if _is_open(c)]
        for connection in left_open:  # never carried into the next call or test
            connection.close()
        if left_open:
            leak = f"alur {' '.join(args)} exited {result.returncode} with {len(left_open)} database connection(s) open"
            # A command that did its work closes its database; one that failed may leave a half-opened connection
            # that its process's exit would close (a warning, in the summary).
            assert result.returncode != 0, leak
            warnings.warn(leak, UserWarning)
        if check and result.returncode != 0:
            raise AssertionError(f"alur {' '.join(args)} failed: {result.stderr}")
        return result


def _is_open(connection):
    if not isinstance(connection, sqlite3.Connection):  # psycopg's
        return not connection.closed
    try:
        connection.total_changes
    except sqlite3.ProgrammingError:  # "Cannot operate on a closed database."
        return False
    return True


class RealCli:
    """Runs the installed `alur` command in its own process against the test database."""

    def __init__(self, db_path):
        self.db_path = db_path

    def __call__(self, *args, input=None, check=False):
        env = {**os.environ, "ALUR_DB": str(self.db_path)}
        result = subprocess.run([str(ALUR_BIN), *map(str, args)], capture_output=True, text=True, input=input,
                                env=env, cwd=ROOT)
        if check and result.returncode != 0:
            raise AssertionError(f"alur {' '.join(map(str, args))} failed: {result.stderr}")
        return result


@pytest.fixture
def cli(db_path):
    """`alur` in-process (fast); see `real_cli` for the real command."""
    return Cli(db_path)


@pytest.fixture
def real_cli(db_path, request):
    """The installed `alur` in a real process: for the few smoke tests marked `real_process`."""
    assert request.node.get_closest_marker("real_process"), "a test using real_cli is marked real_process"
    return RealCli(db_path)


def pytest_configure(config):
    config.addinivalue_line("markers", "real_process: runs the installed `alur` (or a server) in its own process")
    config.addinivalue_line("markers", "sqlite_only(reason): about the SQLite file itself; not run with "
                                       "--store=postgresql")


STORE_FIXTURES = {"db_path", "webui_db", "template_db", "pg_cluster"}


def pytest_collection_modifyitems(config, items):
    if store(config) == "sqlite":
        return
    # A test that never touches the store (a calendar, a diagram's parse) proves nothing more on PostgreSQL.
    unaffected = [item for item in items if not STORE_FIXTURES & set(item.fixturenames)]
    if unaffected:
        config.hook.pytest_deselected(items=unaffected)
        items[:] = [item for item in items if STORE_FIXTURES & set(item.fixturenames)]
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker:
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "about SQLite's file")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


def chromium_or_skip(what="THE BROWSER TESTS"):
    """Debian's Chromium or a loud skip; under CI=true a failure, never a silent skip."""
    if os.path.exists(CHROMIUM):
        return
    reason = f"!!!!!!!! {CHROMIUM} NOT FOUND: {what} DID NOT RUN (apt-get install chromium) !!!!!!!!"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (CI=true: failing instead of skipping)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never a browser Playwright downloads): one for the whole
    session; each test opens its own contexts (cookies, storage and cache apart) and closes them."""
    chromium_or_skip()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()
