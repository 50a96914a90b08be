"""The stores a test can run on: a SQLite file, or a database of the throwaway PostgreSQL cluster."""

import pytest


@pytest.fixture(params=["sqlite"])
def other_store(request, tmp_path):
    """An empty store of each kind: a path (SQLite) or a postgresql:// URL."""
    return tmp_path / "lain.db"
