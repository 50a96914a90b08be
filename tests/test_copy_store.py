"""`alur copy-store`: an office's whole data moved from SQLite to another store and back, every row as it was (ids,
the chain's hashes, documents' bytes, password hashes, sessions, notices), verified on arrival; a target that
holds anything, a source at another schema and a store that cannot be opened are refused and nothing is written."""

import hashlib
import shutil
import sqlite3
import time
from datetime import timedelta

import pytest

from conftest import DATA, SURAT, Cli, tamper
from engine import Alur
from engine.db import SCHEMA_VERSION, snapshot, transaction
from engine.mailer import from_settings
from engine.settings import Settings
from engine.store import catalog
from engine.store import rate_limits
from stores import other_store  # noqa: F401  (fixture)

DOKUMEN = DATA / "dokumen.bpmn"
PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <<>>\n%%EOF\n" + bytes(range(256))
PASSWORD = "kopi-pagi-di-kantor"


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A SQLite office with two months of demo history, a document, a session, a rate limit, a lane head, an acting
    official, a kept monitoring form and notices that a failing mail server left waiting."""
    path = tmp_path_factory.mktemp("office") / "kantor.db"
    Cli(path)("demo", "--history", "--months", "2", check=True)
    smtp = Settings.from_env({"ALUR_ARGON2_PROFILE": "CHEAPEST", "ALUR_SMTP_HOST": "127.0.0.1",
                              "ALUR_SMTP_PORT": "9", "ALUR_BASE_URL": "http://alur.kantor.test"})
    alur = Alur.open(path, settings=smtp)
    try:
        alur.deploy([DOKUMEN, SURAT])
        alur.add_user("staf", lanes=["Staf"], password=PASSWORD, email="staf@kantor.test")
        alur.add_user("kepala", lanes=["Kepala"], email="kepala@kantor.test")
        instance = alur.start("penerbitan_spt", "staf", subject="SPT pemeriksaan")
        task = alur.tasks(instance=instance)[0].id
        alur.complete(task, "staf", {"nomor_spt": "800/12/2026", "kelengkapan_spt": ["Disposisi", "Data pegawai"]},
                      {"berkas_spt": ("SPT 800.pdf", PDF)})
        alur.sign_in("staf", PASSWORD)
        with transaction(alur.db):
            rate_limits.add(alur.db, "login:staf", 2, time.time(), 3600)
        alur.set_lane_head("Staf", "staf")
        today = alur.clock.now().date()
        alur.delegate("Kepala", "staf", today, today + timedelta(days=4), "admin", "cuti tahunan")
        alur.assess("admin")
        alur.start("surat", "staf", subject="Undangan rapat")
        alur.run_notices(from_settings(alur.settings))   # nothing listens on port 9: the notices wait
    finally:
        alur.close()
    return path


def dump(location):
    """Every row of every table of a store, by table, as the store gives them back."""
    alur = Alur.open(location)
    try:
        with snapshot(alur.db):
            return {name: [row for _, batch in catalog.rows(alur.db, name) for row in batch]
                    for name in catalog.tables(alur.db)}
    finally:
        alur.close()


def read_as_a_user_would(location):
    alur = Alur.open(location)
    try:
        instances = alur.instances()
        return {"tasks": [t.to_json() for t in alur.tasks()],
                "instances": [i.to_json() for i in instances],
                "history": {i["id"]: alur.history(i["id"]) for i in instances[::7]},
                "attachments": [(a.name, a.sha256, hashlib.sha256(alur.attachment_content(a.id)).hexdigest())
                                for i in instances for a in alur.attachments(i["id"])],
                "signs in": alur.authenticate("staf", PASSWORD) is not None}
    finally:
        alur.close()


def test_an_office_moves_to_another_store_and_back_row_for_row(office, other_store, tmp_path):
    cli = Cli(tmp_path / "unused.db")
    moved = cli("copy-store", office, other_store, check=True)
    lines = moved.stdout.splitlines()
    assert "events: " in moved.stdout and "attachments: 1 row" in lines
    assert lines[-1].startswith(f"copied to {other_store}: ") and "the chain verified on arrival" in lines[-1]
    original = dump(office)
    assert {name: len(rows) for name, rows in dump(other_store).items()} == {n: len(r) for n, r in original.items()}
    assert all(original[name] for name in ("events", "sessions", "rate_limits", "notices", "delegations",
                                           "lane_heads", "monitoring_forms", "attachments"))
    assert Cli(other_store)("verify").returncode == 0
    assert read_as_a_user_would(other_store) == read_as_a_user_would(office)
    back = tmp_path / "kembali.db"
    cli("copy-store", other_store, back, check=True)
    assert dump(back) == original                       # every row, byte for byte: ids, hashes, bytes
    # The stores go on: the next instance gets the next id in each.
    for location in (other_store, back):
        alur = Alur.open(location)
        try:
            assert alur.start("surat", "staf", subject="Sesudah pindah") == max(r[0] for r in original["instances"]) + 1
            assert alur.verify().ok
        finally:
            alur.close()


def test_a_target_that_holds_anything_is_refused_and_left_as_it_was(office, other_store, monkeypatch):
    alur = Alur.open(other_store)
    alur.add_user("seseorang", roles=["auditor"])
    alur.close()
    before = dump(other_store)
    refused = Cli(office)("copy-store", office, other_store)
    assert refused.returncode == 2
    assert refused.stderr == (f"error: {other_store} is not empty (table users has 1 row): copy into an empty "
                              "database; nothing was written\n")
    assert dump(other_store) == before
    monkeypatch.setenv("ALUR_LANG", "id")
    indonesian = Cli(office)("copy-store", office, other_store)
    assert "tidak kosong (tabel users berisi 1 baris)" in indonesian.stderr


def test_a_copy_that_does_not_verify_keeps_nothing(office, other_store, tmp_path):
    edited = tmp_path / "diubah.db"
    shutil.copyfile(office, edited)
    tamper(edited, "UPDATE events SET actor = 'penyusup' WHERE seq = 5")
    refused = Cli(edited)("copy-store", edited, other_store)
    assert refused.returncode == 2
    assert refused.stderr.startswith("error: the copy does not verify, so nothing was kept: event 5 (")
    assert "was edited" in refused.stderr
    if isinstance(other_store, str):   # the PostgreSQL database keeps a fresh schema: only its one-row tables filled
        assert {name for name, rows in dump(other_store).items() if rows} == {"chain_head", "notice_scan"}
        assert dump(other_store)["chain_head"] == [[1, 0, "0" * 64]]
    else:                              # the file the copy made is gone
        assert not other_store.exists()


def test_a_source_at_an_older_schema_is_refused_until_alur_opens_it(tmp_path):
    old = tmp_path / "lama.db"
    Alur.open(old).close()
    conn = sqlite3.connect(old)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()
    refused = Cli(old)("copy-store", old, tmp_path / "baru.db")
    assert refused.returncode == 2
    assert f"has schema {SCHEMA_VERSION - 1}, this Alur has {SCHEMA_VERSION}: open it with this alur" in refused.stderr
    assert not (tmp_path / "baru.db").exists()


def test_a_missing_source_and_an_unreachable_server_are_refused_clearly(office, tmp_path):
    missing = Cli(office)("copy-store", tmp_path / "tidak-ada.db", tmp_path / "baru.db")
    assert missing.returncode == 2 and f"there is no database at {tmp_path / 'tidak-ada.db'}" in missing.stderr
    assert not (tmp_path / "tidak-ada.db").exists() and not (tmp_path / "baru.db").exists()
    url = "postgresql://alur:rahasia@127.0.0.1:1/kantor"
    for source, target in ((office, url), (url, tmp_path / "baru.db")):
        unreachable = Cli(office)("copy-store", source, target)
        assert unreachable.returncode == 2
        assert unreachable.stderr.startswith("error: the database server postgresql://alur:***@127.0.0.1:1/kantor "
                                             "cannot be reached (Connection refused)")
        assert "rahasia" not in unreachable.stderr and not (tmp_path / "baru.db").exists()
    not_sqlite = tmp_path / "bukan.db"
    not_sqlite.write_text("bukan basis data")
    refused = Cli(office)("copy-store", not_sqlite, tmp_path / "baru.db")
    assert refused.returncode == 2 and refused.stderr == (f"error: cannot open {not_sqlite} (file is not a database): "
                                                          "check the path or the address, the user and the password, "
                                                          "and that the server runs\n")
