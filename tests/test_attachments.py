"""Documents attached to `file` fields: the type read from the content, the size limit, storage in the database,
the SHA-256 in the completion event, `alur verify` naming a document changed behind Alur's back, and the
commands `alur complete --file`, `alur attachments`, `alur attachment`."""

import hashlib
import io
import json
import zipfile

import pytest

from conftest import DATA, tamper
from engine import Alur
from engine.filetypes import sniff
from engine.errors import ConfigError, InvalidData, InvalidFields
from engine.settings import Settings

DOKUMEN = DATA / "dokumen.bpmn"
PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <<>>\n%%EOF\n"
LIMIT = 20 * 1024 * 1024
FIRST = {"nomor_spt": "800/12/2026", "kelengkapan_spt": ["Disposisi", "Data pegawai"]}


def office(content_types=None, extra=()):
    """A zip container as Word saves one (or with another [Content_Types].xml, or none)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as container:
        if content_types is not None:
            container.writestr("[Content_Types].xml", content_types)
        for name, data in extra:
            container.writestr(name, data)
    return buffer.getvalue()


DOCX = office('<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
              'officedocument.wordprocessingml.document.main+xml"/></Types>', [("word/document.xml", "<w/>")])
DOCM = office('<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.'
              'macroEnabled.main+xml"/></Types>')
ODT = office(None, [("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office/>")])
PLAIN_ZIP = office(None, [("laporan.pdf", PDF.decode())])


@pytest.mark.parametrize("name, content, media_type", [
    ("spt.pdf", PDF, "application/pdf"),
    ("spt.exe", PDF, "application/pdf"),  # the name is never trusted
    ("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),
    ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
    ("draft-sk.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("risalah.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ("lama.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "application/vnd.ms-office"),
])
def test_documents_are_recognised_by_their_content(name, content, media_type):
    assert sniff(name, content, LIMIT) == media_type


@pytest.mark.parametrize("name, content, code", [
    ("spt.pdf", b"MZ\x90\x00" + b"\x00" * 60, "file.executable"),
    ("spt.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "file.executable"),
    ("spt.pdf", b"#!/bin/sh\nrm -rf /\n", "file.executable"),
    ("spt.docx", PLAIN_ZIP, "file.archive"),        # a zip that declares no office document
    ("spt.pdf", b"\x1f\x8b\x08\x00" + b"\x00" * 20, "file.archive"),
    ("spt.pdf", b"Rar!\x1a\x07\x00" + b"\x00" * 20, "file.archive"),
    ("spt.docx", b"PK\x03\x04 not really a zip", "file.archive"),
    ("spt.docm", DOCM, "file.macros"),
    ("spt.pdf", b"", "file.empty"),
    ("spt.txt", b"hanya teks biasa", "file.unknown_type"),
])
def test_programs_archives_and_unknown_content_are_refused_whatever_the_name(name, content, code):
    with pytest.raises(InvalidData) as refused:
        sniff(name, content, LIMIT)
    assert refused.value.code == code and refused.value.params["file"] == name


def test_a_document_over_the_limit_is_refused_with_both_sizes():
    with pytest.raises(InvalidData) as refused:
        sniff("besar.pdf", PDF + b"0" * 1024 * 1024, 1024 * 1024)
    assert refused.value.code == "file.too_large" and refused.value.params["limit"] == 1
    assert "1.0 MB; a document may be at most 1 MB" in str(refused.value)


def test_the_upload_limit_is_a_setting():
    assert Settings.from_env({}).max_upload_mb == 20
    assert Settings.from_env({"ALUR_MAX_UPLOAD_MB": "5"}).max_upload_bytes == 5 * 1024 * 1024
    for bad in ("0", "-1", "lima", "2.5", "100000"):
        with pytest.raises(ConfigError) as refused:
            Settings.from_env({"ALUR_MAX_UPLOAD_MB": bad})
        assert "ALUR_MAX_UPLOAD_MB" in str(refused.value)


@pytest.fixture
def spt(alur):
    """The test SOP with a file field deployed, a Staf and a Kepala, and one instance started."""
    alur.deploy([DOKUMEN])
    alur.add_user("staf", lanes=["Staf"])
    alur.add_user("kepala", lanes=["Kepala"])
    instance = alur.start("penerbitan_spt", "staf")
    return instance, alur.tasks(instance=instance)[0].id


def test_an_attached_document_is_kept_with_its_hash_in_the_completion_event(alur, spt):
    instance, task = spt
    alur.complete(task, "staf", FIRST, {"berkas_spt": ("C:\\Users\\tu\\SPT 800.pdf", PDF)})
    (attachment,) = alur.attachments(instance)
    digest = hashlib.sha256(PDF).hexdigest()
    assert (attachment.name, attachment.type, attachment.size, attachment.sha256, attachment.added_by, attachment.task) \
        == ("SPT 800.pdf", "application/pdf", len(PDF), digest, "staf", task)
    assert alur.attachment_content(attachment.id) == PDF
    completed = [e for e in alur.history(instance) if e.type == "task_completed"][0]
    assert completed.data["berkas_spt"] == {"attachment": attachment.id, "name": "SPT 800.pdf",
                                            "type": "application/pdf", "size": len(PDF), "sha256": digest}
    assert alur.show(instance).data["berkas_spt"]["sha256"] == digest
    assert alur.verify().ok


def test_every_problem_of_a_submission_is_named_at_once_and_nothing_is_stored(alur, spt):
    instance, task = spt
    with pytest.raises(InvalidFields) as refused:
        alur.complete(task, "staf", {"kelengkapan_spt": ["Disposisi"]}, {"berkas_spt": ("spt.pdf", b"MZ" + b"\0" * 9)})
    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("nomor_spt", "field.required"), ("berkas_spt", "file.executable"), ("kelengkapan_spt", "field.unchecked")]
    assert alur.attachments(instance) == [] and alur.tasks(instance=instance)[0].id == task


def test_a_document_belongs_in_a_file_field_only(alur, spt):
    _, task = spt
    with pytest.raises(InvalidFields) as refused:
        alur.complete(task, "staf", {**FIRST, "berkas_spt": "spt.pdf"}, {"nomor_spt": ("spt.pdf", PDF)})
    assert {p.code for p in refused.value.problems} == {"field.not_file", "field.file_in_data"}


def test_verify_names_a_document_changed_removed_or_slipped_in_behind_alurs_back(alur, spt, db_path):
    instance, task = spt
    alur.complete(task, "staf", FIRST, {"berkas_spt": ("spt.pdf", PDF)})
    (attachment,) = alur.attachments(instance)
    tamper(db_path, "DROP TRIGGER attachments_append_only_update",
           ("UPDATE attachments SET content = ? WHERE id = ?", [PDF.replace(b"Catalog", b"Katalog"), attachment.id]))
    result = alur.verify()
    assert not result.ok
    assert [p.code for p in result.problems] == ["verify.attachment_changed"]
    assert "attachment 1 ('spt.pdf') was changed after it was attached" in str(result.problems[0])
    tamper(db_path, "DROP TRIGGER attachments_append_only_delete", "DELETE FROM attachments",
           ("INSERT INTO attachments (id, instance_id, task_id, field, name, type, size, sha256, content, added_at, "
            "added_by) VALUES (7, ?, ?, 'berkas_spt', 'palsu.pdf', 'application/pdf', 3, 'x', x'00', 'now', 'x')",
            [instance, task]))
    assert sorted(p.code for p in alur.verify().problems) == ["verify.attachment_missing",
                                                              "verify.attachment_unrecorded"]


def test_attachments_cannot_be_changed_through_alurs_own_connection(alur, spt):
    instance, task = spt
    alur.complete(task, "staf", FIRST, {"berkas_spt": ("spt.pdf", PDF)})
    with pytest.raises(Exception, match="append-only"):
        alur.db.execute("UPDATE attachments SET name = 'lain.pdf'")


@pytest.mark.sqlite_only(reason="an older SQLite file at schema 2; PostgreSQL began at the newest schema")
def test_an_older_database_gains_the_attachments_table(db_path):
    import sqlite3
    conn = sqlite3.connect(db_path)
    from engine.db import SCHEMA, _statements
    for statement in _statements(SCHEMA):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    alur = Alur.open(db_path)
    try:
        assert alur.db.execute("PRAGMA user_version").fetchone()[0] >= 4
        assert alur.db.execute("SELECT name FROM sqlite_master WHERE name = 'attachments'").fetchone()
    finally:
        alur.close()


# The command line ----------------------------------------------------------------------------------------------

@pytest.fixture
def cli_spt(cli, tmp_path):
    cli("deploy", DOKUMEN, check=True)
    cli("users", "add", "staf", "--lane", "Staf", check=True)
    cli("users", "add", "kepala", "--lane", "Kepala", check=True)
    cli("start", "penerbitan_spt", "--as", "staf", "--subject", "SPT pendampingan WBK 2026", check=True)
    path = tmp_path / "spt.pdf"
    path.write_bytes(PDF)
    return path


def test_the_cli_attaches_lists_and_writes_back_a_document(cli, cli_spt, tmp_path):
    done = cli("complete", "1", "--as", "staf", "--data", json.dumps(FIRST), "--file", f"berkas_spt={cli_spt}")
    assert done.returncode == 0, done.stderr
    listed = json.loads(cli("attachments", "1", "--json", check=True).stdout)
    assert [(a["id"], a["name"], a["type"], a["field"], a["sha256"]) for a in listed] == [
        (1, "spt.pdf", "application/pdf", "berkas_spt", hashlib.sha256(PDF).hexdigest())]
    assert "spt.pdf" in cli("attachments", "1", check=True).stdout
    out = tmp_path / "kembali.pdf"
    written = cli("attachment", "1", "-o", out, check=True)
    assert out.read_bytes() == PDF and "application/pdf" in written.stderr


def test_the_cli_names_every_problem_and_a_file_it_cannot_read(cli, cli_spt, tmp_path):
    program = tmp_path / "spt.pdf.exe"
    program.write_bytes(b"MZ" + b"\0" * 100)
    refused = cli("complete", "1", "--as", "staf", "--data", "{}", "--file", f"berkas_spt={program}")
    assert refused.returncode == 2
    lines = refused.stderr.splitlines()
    assert lines[0] == "error: Nomor SPT is required"
    assert "error: the file 'spt.pdf.exe' is a program, not a document" in lines[1]
    assert "Kelengkapan: Disposisi, Data pegawai is required" in lines[2]
    missing = cli("complete", "1", "--as", "staf", "--file", f"berkas_spt={tmp_path / 'tidak-ada.pdf'}", "--file", "x")
    assert missing.returncode == 2
    assert "cannot read" in missing.stderr and "write it as FIELD=PATH" in missing.stderr
    assert cli("attachments", "1", "--json", check=True).stdout.strip() == "[]"
    assert cli("attachment", "9", "-o", tmp_path / "x").stderr.startswith("error: no attachment 9")


def test_verify_on_the_cli_names_the_changed_attachment(cli, cli_spt, db_path):
    cli("complete", "1", "--as", "staf", "--data", json.dumps(FIRST), "--file", f"berkas_spt={cli_spt}", check=True)
    assert cli("verify").returncode == 0
    tamper(db_path, "DROP TRIGGER attachments_append_only_update", "UPDATE attachments SET content = x'255044462d'")
    broken = cli("verify")
    assert broken.returncode == 1 and "attachment 1 ('spt.pdf') was changed" in broken.stdout + broken.stderr
