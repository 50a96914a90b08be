"""PostgreSQL as the store (engine.pgdb), on a real throwaway cluster: the schema migrated from empty and left
alone after, the chain head's row lock ordering writers from several connections, and the refusals a user
sees when the server is away. Run with --store=postgresql (make test's second pass)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from conftest import SURAT
from engine import Alur
from engine.db import SCHEMA_VERSION
from engine.errors import AlurError, NotFound, Unavailable
from webui_fixtures import PASSWORD, auth, client, app, clock, template_db, webui_db  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def postgresql_only(request):
    if request.config.getoption("--store") != "postgresql":
        pytest.skip("PostgreSQL's own tests: run with --store=postgresql (make test does)")


@pytest.fixture
def empty_url(pg_cluster):
    """A database with nothing in it, not even Alur's schema."""
    url = pg_cluster.create_database()
    yield url
    pg_cluster.drop_database(url)


def tables(url):
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT table_name, column_name FROM information_schema.columns "
                            "WHERE table_schema = 'public'").fetchall()
    found = {}
    for table, column in rows:
        found.setdefault(table, set()).add(column)
    return found


def test_the_migrations_make_the_schema_from_empty_and_a_second_open_changes_nothing(empty_url, tmp_path):
    Alur.open(empty_url).close()
    lite = Alur.open(tmp_path / "alur.db")
    try:
        names = [row[0] for row in lite.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        expected = {name: {row[1] for row in lite.db.execute(f"PRAGMA table_info({name})")} for name in names}
    finally:
        lite.close()
    made = tables(empty_url)
    assert made.pop("schema_version") == {"id", "version"}
    assert made == expected  # the same tables with the same columns as SQLite's
    with psycopg.connect(empty_url) as conn:
        version, written_by = conn.execute("SELECT version, xmin::text FROM schema_version").fetchone()
    assert version == SCHEMA_VERSION
    Alur.open(empty_url).close()
    with psycopg.connect(empty_url) as conn:
        assert conn.execute("SELECT version, xmin::text FROM schema_version").fetchone() == (version, written_by)


def test_servers_starting_together_on_an_empty_database_migrate_it_once(empty_url):
    with ThreadPoolExecutor(4) as starting:
        opened = list(starting.map(lambda _: Alur.open(empty_url), range(4)))  # one refusal would raise here
    assert all(alur.verify().ok for alur in opened)
    for alur in opened:
        alur.close()


def test_the_history_is_append_only_on_the_server_too(alur, db_path):
    alur.deploy([SURAT])
    for statement in ("UPDATE events SET actor = 'mallory'", "DELETE FROM events", "TRUNCATE events"):
        with psycopg.connect(db_path) as conn, pytest.raises(psycopg.Error, match="append-only"):
            conn.execute(statement)
    assert alur.verify().ok and alur.verify().events == 1


def test_two_connections_racing_for_one_task_give_one_winner_and_one_chain(surat, db_path):
    """Two engines (as two servers would have) complete the same task at the same moment, many times over: the
    chain head's row lock lets exactly one through each time, and the history stays one chain without a gap."""
    engines = [Alur.open(db_path) for _ in range(2)]
    try:
        for _ in range(8):
            instance = surat.start("surat", "staf")
            [task] = surat.tasks(instance=instance)
            start, outcomes = threading.Barrier(2), []

            def complete(engine):  # each with its own data: the same submission twice is answered as one
                start.wait()
                try:
                    engine.complete(task.id, "staf", {"nomor_konsep": f"K-{engines.index(engine)}"})
                    outcomes.append("won")
                except AlurError as refusal:
                    outcomes.append(refusal.code)
            racers = [threading.Thread(target=complete, args=(engine,)) for engine in engines]
            for racer in racers:
                racer.start()
            for racer in racers:
                racer.join()
            assert sorted(outcomes)[-1] == "won" and outcomes.count("won") == 1, outcomes
    finally:
        for engine in engines:
            engine.close()
    completed = surat.db.execute("SELECT COUNT(*) FROM events WHERE type = 'task_completed'").fetchone()[0]
    assert completed == 8
    seqs = [row[0] for row in surat.db.execute("SELECT seq FROM events ORDER BY seq")]
    assert seqs == list(range(1, len(seqs) + 1))
    assert surat.verify().ok


def test_a_server_that_is_not_there_is_refused_in_one_line(cli, pg_cluster, monkeypatch):
    gone = pg_cluster.url("alur_nowhere").replace(str(pg_cluster.socket), "/nonexistent-socket-folder")
    with pytest.raises(Unavailable) as refused:
        Alur.open(gone)
    assert refused.value.code == "database.unreachable" and refused.value.status == 503
    monkeypatch.setattr(cli, "db_path", gone)
    result = cli("tasks")
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "the database server" in result.stderr and "cannot be reached (No such file or directory)" in result.stderr
    monkeypatch.setenv("ALUR_LANG", "id")
    assert "tidak dapat dihubungi" in cli("tasks").stderr


def test_a_password_in_the_url_is_never_printed(cli, monkeypatch):
    monkeypatch.setattr(cli, "db_path", "postgresql://alur:rahasia@127.0.0.1:1/alur")
    result = cli("tasks")
    assert result.returncode == 2 and "rahasia" not in result.stderr and "alur:***@127.0.0.1:1" in result.stderr


def test_an_id_past_64_bits_is_no_such_thing_not_a_server_error(client, auth, engine_on_webui_db):
    auth.login("staf")
    for url in (f"/tasks/{2**64}", f"/instances/{2**64}", f"/tasks/{2**63}"):
        assert client.get(url).status_code == 404, url
    with pytest.raises(NotFound):
        engine_on_webui_db.show(2**64)


@pytest.fixture
def engine_on_webui_db(webui_db):
    alur = Alur.open(webui_db)
    yield alur
    alur.close()


def test_a_connection_the_server_ended_fails_one_command_and_the_next_connects_again(surat, db_path):
    instance = surat.start("surat", "staf")
    with psycopg.connect(db_path, autocommit=True) as admin:
        [ended] = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                                "current_database() AND pid <> pg_backend_pid()").fetchall()
    assert ended == (True,)
    with pytest.raises(Unavailable) as refused:
        surat.show(instance)
    assert refused.value.code == "database.connection_lost"
    [task] = surat.tasks(instance=instance)
    surat.complete(task.id, "staf", {"nomor_konsep": "K-1"})
    assert surat.verify().ok


def test_rows_copied_in_with_their_ids_leave_the_next_id_past_them(alur):
    from engine import pgdb
    alur.deploy([SURAT])
    alur.add_user("staf", lanes=["Staf"])
    alur.db["delegations"].insert({"id": 41, "lane": "Staf", "delegate": "staf", "title": "Plt", "starts_at": "a",
                                   "ends_at": "b", "reason": "copied", "created_at": "a", "created_by": "x"})
    pgdb.reset_identities(alur.db)
    assert alur.db["delegations"].insert({"lane": "Staf", "delegate": "staf", "title": "Plt", "starts_at": "a",
                                          "ends_at": "b", "reason": "new", "created_at": "a",
                                          "created_by": "x"}).last_pk == 42


def test_postgres_urls_and_the_socket_form_select_the_server_and_a_dev_server_refuses_an_absent_one(
        cli, db_path, monkeypatch):
    assert db_path.startswith("postgresql://") and "?host=/" in db_path  # libpq's ?host=/socket/dir form
    monkeypatch.setattr(cli, "db_path", db_path.replace("postgresql://", "postgres://", 1))
    cli("deploy", SURAT, check=True)
    alur = Alur.open(db_path)
    assert alur.processes()[0]["id"] == "surat"
    alur.close()
    monkeypatch.setenv("ALUR_ENV", "development")
    gone = "postgres:///nowhere?host=/nonexistent-socket-folder"
    result = cli("serve", "--db", gone, "--port", "1")
    assert result.returncode == 2 and f"the database server {gone} cannot be reached" in result.stderr
