"""Shared fixtures: a fresh Alur database per test, the test diagram, its users, and the CLI."""

import os

# Cheap password hashes under test: set before the engine is imported, and inherited by every `alur` process
# and server the tests start. (The default outside the tests is RFC_9106_LOW_MEMORY.)
os.environ.setdefault("ALUR_ARGON2_PROFILE", "CHEAPEST")

import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from engine import Alur  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SURAT = DATA / "surat.bpmn"
ALUR_BIN = Path(sys.executable).parent / "alur"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "alur.db"


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
    """What someone with sqlite3 and write access could do behind Alur's back: drop the append-only
    triggers, then run `statements` (each SQL text, or (SQL, parameters))."""
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER IF EXISTS events_append_only_update")
    conn.execute("DROP TRIGGER IF EXISTS events_append_only_delete")
    for statement in statements:
        conn.execute(*([statement] if isinstance(statement, str) else statement))
    conn.commit()
    conn.close()


class Cli:
    """Runs the real `alur` command against the test database."""

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
    return Cli(db_path)


def chromium_or_skip(what="THE BROWSER TESTS"):
    """Debian's Chromium or a loud skip; under CI=true a failure, never a silent skip."""
    if os.path.exists(CHROMIUM):
        return
    reason = f"!!!!!!!! {CHROMIUM} NOT FOUND: {what} DID NOT RUN (apt-get install chromium) !!!!!!!!"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (CI=true: failing instead of skipping)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright (never a browser Playwright downloads)."""
    chromium_or_skip()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()
