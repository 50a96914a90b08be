"""The `instances` table: one row per run of a process, with its status, data and engine state."""

from . import one, select, where

_COLUMNS = "i.id, i.process_id, i.status, i.started_at, i.started_by, i.ended_at, i.version_id, v.version, v.name"
_LISTED = f"SELECT {_COLUMNS} FROM instances i JOIN versions v ON v.id = i.version_id"


def insert(db, row):
    return db["instances"].insert(row).last_pk


def get(db, instance_id):
    return one(select(db, "SELECT * FROM instances WHERE id = ?", [instance_id]), "instance.not_found",
               instance=instance_id)


def save(db, instance_id, state, data, status, ended_at):
    db.execute("UPDATE instances SET state = ?, data = ?, status = ?, ended_at = ? WHERE id = ?",
               [state, data, status, ended_at, instance_id])


def end(db, instance_id, status, ended_at):
    db.execute("UPDATE instances SET status = ?, ended_at = ? WHERE id = ?", [status, ended_at, instance_id])


def move(db, instance_id, version_id, state):
    db.execute("UPDATE instances SET version_id = ?, state = ? WHERE id = ?", [version_id, state, instance_id])


def listing(db, process=None, status=None, since=None):
    """Instances with their version number and process name, by id."""
    clause, params = where({"i.process_id = ?": process, "i.status = ?": status, "i.started_at >= ?": since})
    return list(select(db, f"{_LISTED}{clause} ORDER BY i.id", params))


def listed(db, instance_id):
    """One instance as `listing` gives it, with its data."""
    return one(select(db, f"SELECT {_COLUMNS}, i.data FROM instances i JOIN versions v ON v.id = i.version_id "
                        "WHERE i.id = ?", [instance_id]), "instance.not_found", instance=instance_id)


def every(db):
    """Every instance row (state included), by id."""
    return db.query("SELECT * FROM instances ORDER BY id")
