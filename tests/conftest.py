"""Shared fixtures: a fresh Alur database per test, the test diagram, its users, and the CLI."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine import Alur

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SURAT = DATA / "surat.bpmn"
ALUR_BIN = Path(sys.executable).parent / "alur"


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
