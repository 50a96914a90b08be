"""Documents attached to `file` fields: checked before the completion (engine.filetypes sniffs the type), stored
inside its transaction, and named in its `task_completed` event by SHA-256 so that `verify` finds a document
changed behind Alur's back.

A file field's value, in the instance's data and the event, is {attachment, name, type, size, sha256}.
"""

import hashlib
from dataclasses import dataclass

from . import filetypes
from .errors import InvalidData
from .results import Attachment, Message
from .store import attachments as table

VALUE_KEYS = ("attachment", "name", "type", "size", "sha256")


@dataclass(frozen=True)
class Upload:
    """A document checked and ready to store: what a file field holds until the completion stores it."""

    name: str
    type: str
    content: bytes

    @property
    def sha256(self):
        return hashlib.sha256(self.content).hexdigest()


def check(field, upload, limit):
    """`upload` ((file name, bytes)) for the file field `field`: an Upload, or InvalidData naming the field."""
    name, content = upload
    name = _file_name(name)
    try:
        media_type = filetypes.sniff(name, bytes(content), limit)
    except InvalidData as error:
        raise InvalidData(error.code, field=field["name"], **{k: v for k, v in error.params.items()
                                                               if k not in ("field", "items")}) from None
    return Upload(name, media_type, bytes(content))


def _file_name(name):
    """The name to show: its last path part, printable, at most 200 characters."""
    base = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable()).strip() or "dokumen"
    return base[-200:]


def store(db, clock, instance, task_id, user, cleaned):
    """Store the Uploads among `cleaned` (call inside the completion's transaction); return them as the values
    their fields keep: {field: {attachment, name, type, size, sha256}}."""
    values = {}
    for field, upload in cleaned.items():
        if isinstance(upload, Upload):
            row = {"instance_id": instance["id"], "task_id": task_id, "field": field, "name": upload.name,
                   "type": upload.type, "size": len(upload.content), "sha256": upload.sha256,
                   "content": upload.content, "added_at": clock.stamp(), "added_by": user}
            row["id"] = table.insert(db, row)
            values[field] = {"attachment": row["id"], "name": upload.name, "type": upload.type,
                             "size": row["size"], "sha256": row["sha256"]}
    return values


def is_value(value):
    """Is `value` what a file field keeps (a stored attachment)?"""
    return isinstance(value, dict) and set(value) == set(VALUE_KEYS)


def same(value, stored):
    """Is `value` (an Upload or a stored value) the document `stored` names? Same content and name."""
    if isinstance(value, Upload):
        return is_value(stored) and (value.sha256, value.name) == (stored["sha256"], stored["name"])
    return value == stored


def public(row):
    return Attachment(id=row["id"], instance=row["instance_id"], task=row["task_id"], field=row["field"],
                      name=row["name"], type=row["type"], size=row["size"], sha256=row["sha256"],
                      added_at=row["added_at"], added_by=row["added_by"])


def of_instance(db, instance_id):
    return [public(row) for row in table.of_instance(db, instance_id)]


def get(db, attachment_id):
    return public(table.get(db, attachment_id))


def content(db, attachment_id):
    return bytes(table.content(db, attachment_id))


def verify(db, instance_id, recorded):
    """Problems where the instance's stored documents differ from what its events recorded (`recorded`:
    attachment id -> sha256, from engine.history)."""
    problems, seen = [], set()
    for row in table.contents(db, instance_id):
        seen.add(row["id"])
        digest = hashlib.sha256(row["content"]).hexdigest()
        if row["id"] not in recorded:
            problems.append(Message("verify.attachment_unrecorded", {"instance": instance_id,
                                                                      "attachment": row["id"]}))
        elif digest != recorded[row["id"]]:
            problems.append(Message("verify.attachment_changed", {"instance": instance_id, "attachment": row["id"],
                                                                   "name": row["name"], "stored": digest[:12],
                                                                   "said": recorded[row["id"]][:12]}))
    for missing in sorted(set(recorded) - seen):
        problems.append(Message("verify.attachment_missing", {"instance": instance_id, "attachment": missing}))
    return problems
