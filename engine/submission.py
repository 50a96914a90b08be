"""What a completion adds to the plain fields: documents checked and stored, the kelengkapan missing recorded,
and a second identical submission (a double click, a slow line) answered as the first was."""

import json

from . import attachments, fields, kelengkapan
from .errors import InvalidData
from .store import events as event_table
from .vocabulary import TaskState


def cleaned(ctx, model, activity, data, files):
    """`data` and `files` checked against the activity's fields: a required checklist may miss items when the
    answer sends the work back or refuses it (engine.kelengkapan)."""
    every_item = kelengkapan.every_item_needed(model, activity, data)
    return fields.validate(activity["fields"], data, files, ctx.settings.max_upload_bytes, every_item)


def store(ctx, instance, row, user, values):
    """Store the documents among `values` (inside the completion's transaction), each replaced by its stored
    value {attachment, name, type, size, sha256}."""
    values.update(attachments.store(ctx.db, ctx.clock, instance, row["id"], user, values))
    return values


def recorded(activity, values):
    """The completion event's data: the values, and the kelengkapan found missing when something is."""
    missing = kelengkapan.missing(activity["fields"], values)
    return {**values, kelengkapan.MISSING: missing} if missing else values


def repeated(ctx, model, activity, row, user, data, files):
    """Is this a second submission, by the same user and identical, of a task they completed?"""
    if row["state"] != TaskState.COMPLETED or row["completed_by"] != user:
        return False
    try:
        values = cleaned(ctx, model, activity, data, files)
    except InvalidData:
        return False
    stored = event_table.completion(ctx.db, row["instance_id"], row["id"])
    if stored is None:
        return False
    said = {key: value for key, value in json.loads(stored).items() if key != kelengkapan.MISSING}
    return set(said) == set(values) and all(attachments.same(values[key], said[key]) for key in values)
