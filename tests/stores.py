"""The stores a test can run on: a SQLite file, or a database of the throwaway PostgreSQL cluster (conftest's
pg_cluster, whatever --store says)."""

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def other_store(request, tmp_path):
    """An empty store of each kind: a path (SQLite) or a postgresql:// URL (dropped after the test)."""
    if request.param == "sqlite":
        yield tmp_path / "lain.db"
        return
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database()
    yield url
    cluster.drop_database(url)
