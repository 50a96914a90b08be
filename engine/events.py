"""The append-only audit trail: one row per thing that happened, each chained to the one before.

Every event carries a SHA-256 over its own content and the previous event's hash, so an edited,
deleted or inserted row breaks the chain from that point on (`engine.audit.verify` finds it).
SQLite triggers refuse UPDATE and DELETE on the table as a first line.
"""

import hashlib
import json

from .results import Event
from .store import events as table
from .vocabulary import EventType

CONTENT = ("seq", "at", "type", "instance_id", "version_id", "process_id", "actor", "lane", "element",
           "element_name", "task_id", "data")
GENESIS = "0" * 64


def record(db, clock, type, actor, *, instance=None, version=None, lane=None, element=None, element_name=None,
           task_id=None, data=None):
    """Append an event; call inside the command's transaction (which holds the write lock).

    The event links to the head this transaction saw (read with the instance's newest event, or its own previous
    event; else read now), once the chain's head is found to be still that (one statement, which also moves it);
    else to the newest event read from the table."""
    type = EventType(type)
    row = {"seq": None, "at": clock.stamp(), "type": type.value,
           "instance_id": instance and instance["id"], "version_id": version and version["id"],
           "process_id": version and version["process_id"], "actor": actor, "lane": lane, "element": element,
           "element_name": element_name, "task_id": task_id,
           # No NaN or infinity in the chain (engine.fields refuses them): JSON has none, and NaN equals nothing.
           "data": json.dumps(data or {}, ensure_ascii=False, sort_keys=True, allow_nan=False)}
    seen = db.seen_head or table.head(db)
    if seen is None or not table.advance_head(db, seen, _linked(row, seen)) or not table.append(db, row):
        # The head moved (another connection wrote, or what was seen was rolled back), or an event was added
        # without it: link to the newest event itself, and the head follows.
        _linked(row, table.last(db) or (0, GENESIS))
        table.set_head(db, row)
        if not table.append(db, row):
            raise RuntimeError(f"event {row['seq']} exists, yet is not the newest")
    db.seen_head = (row["seq"], row["hash"])
    return row


def _linked(row, previous):
    """`row` as the event after `previous` (seq, hash): its seq, link and hash."""
    row["seq"], row["prev_hash"] = previous[0] + 1, previous[1]
    row["hash"] = content_hash(row)
    return row


def content_hash(row):
    """SHA-256 over the event's content and the previous event's hash."""
    content = {key: row[key] for key in CONTENT}
    payload = json.dumps([content, row["prev_hash"]], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def for_instance(db, instance_id):
    return [public(row) for row in table.of_instance(db, instance_id)]


def public(row):
    return Event(seq=row["seq"], at=row["at"], type=EventType(row["type"]), instance=row["instance_id"],
                 process=row["process_id"], version=row.get("version"), version_id=row["version_id"],
                 actor=row["actor"], lane=row["lane"], element=row["element"], name=row["element_name"],
                 task=row["task_id"], data=json.loads(row["data"]), hash=row["hash"])
