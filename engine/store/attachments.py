"""The `attachments` table: documents attached to `file` fields, their bytes kept in the database (a backup
of the database keeps them); rows are never changed once written."""

from . import one, select

_LISTED = "id, instance_id, task_id, field, name, type, size, sha256, added_at, added_by"


def insert(db, row):
    return db["attachments"].insert(row).last_pk


def get(db, attachment_id):
    """One attachment without its bytes."""
    return one(select(db, f"SELECT {_LISTED} FROM attachments WHERE id = ?", [attachment_id]),
               "attachment.not_found", attachment=attachment_id)


def content(db, attachment_id):
    return one(select(db, "SELECT content FROM attachments WHERE id = ?", [attachment_id]),
               "attachment.not_found", attachment=attachment_id)["content"]


def of_instance(db, instance_id):
    return list(select(db, f"SELECT {_LISTED} FROM attachments WHERE instance_id = ? ORDER BY id", [instance_id]))


def contents(db, instance_id):
    """(id, bytes) of every attachment of the instance, for engine.audit."""
    return select(db, "SELECT id, name, content FROM attachments WHERE instance_id = ? ORDER BY id", [instance_id])
