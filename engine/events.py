"""The append-only audit trail: one row per thing that happened (SQLite triggers forbid edits)."""

import json

from . import clock

TYPES = ("deployed", "instance_started", "task_ready", "task_completed", "flow_taken",
         "instance_completed", "instance_cancelled")


def record(db, type, actor, *, instance=None, version=None, lane=None, element=None, element_name=None,
           task_id=None, data=None):
    assert type in TYPES, type
    db.execute(
        "INSERT INTO events (at, type, instance_id, version_id, process_id, actor, lane, element, element_name,"
        " task_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [clock.stamp(), type, instance and instance["id"], version and version["id"],
         version and version["process_id"], actor, lane, element, element_name, task_id,
         json.dumps(data or {}, ensure_ascii=False, sort_keys=True)])


def for_instance(db, instance_id):
    rows = db.query(
        "SELECT e.*, v.version FROM events e LEFT JOIN versions v ON v.id = e.version_id "
        "WHERE instance_id = ? ORDER BY seq", [instance_id])
    return [_public(row) for row in rows]


def _public(row):
    return {"seq": row["seq"], "at": row["at"], "type": row["type"], "instance": row["instance_id"],
            "process": row["process_id"], "version": row["version"], "actor": row["actor"], "lane": row["lane"],
            "element": row["element"], "name": row["element_name"], "task": row["task_id"],
            "data": json.loads(row["data"])}
