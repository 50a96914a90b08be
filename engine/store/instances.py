"""The `instances` table: one row per run of a process, with its status, data and engine state."""

from dataclasses import dataclass

from ..vocabulary import TaskState
from . import INT_MAX, counted, marks, one, search_clause, select, where

_COLUMNS = ("i.id, i.process_id, i.status, i.started_at, i.started_by, i.ended_at, i.version_id, i.subject, "
            "v.version, v.name")
_LISTED = f"SELECT {_COLUMNS} FROM instances i JOIN versions v ON v.id = i.version_id"


def insert(db, row):
    return db["instances"].insert(row).last_pk


def get(db, instance_id):
    return one(select(db, "SELECT * FROM instances WHERE id = ?", [instance_id]), "instance.not_found",
               instance=instance_id)


def save(db, instance_id, state, data):
    """The instance's engine state and data. Its status is `end`'s: an UPDATE that names `status` rewrites the
    entry of every index holding it, four of them, even when the value stays."""
    db.execute("UPDATE instances SET state = ?, data = ? WHERE id = ?", [state, data, instance_id])


def end(db, instance_id, status, ended_at):
    db.execute("UPDATE instances SET status = ?, ended_at = ? WHERE id = ?", [status, ended_at, instance_id])


def move(db, instance_id, version_id, state):
    db.execute("UPDATE instances SET version_id = ?, state = ? WHERE id = ?", [version_id, state, instance_id])


def listing(db, process=None, status=None, since=None, ids=None):
    """Instances with their version number and process name, by id (`ids`: those, in that order)."""
    if ids is not None:
        rows = {row["id"]: row for row in select(db, f"{_LISTED} WHERE i.id IN ({marks(ids)})", list(ids))}
        return [rows[i] for i in ids if i in rows]
    clause, params = where({"i.process_id = ?": process, "i.status = ?": status, "i.started_at >= ?": since})
    return list(select(db, f"{_LISTED}{clause} ORDER BY i.id", params))


def listed(db, instance_id):
    """One instance as `listing` gives it, with its data."""
    return one(select(db, f"SELECT {_COLUMNS}, i.data FROM instances i JOIN versions v ON v.id = i.version_id "
                        "WHERE i.id = ?", [instance_id]), "instance.not_found", instance=instance_id)


def every(db):
    """Every instance row (state included), by id."""
    return db.query("SELECT * FROM instances ORDER BY id")


@dataclass
class Filter:
    """Which instances a list holds (engine.worklist.instance_filter makes it)."""
    process: str | None = None
    status: str | None = None
    search: object = None            # engine.worklist.Search
    processes: list | None = None    # only these processes' instances; None: all
    activity: str | None = None      # only the instances with a ready task at this element (the heatmap's link)


def _conditions(db, conditions):
    clause, params = where({"i.process_id = ?": conditions.process, "i.status = ?": conditions.status})
    extra = []
    if conditions.processes is not None:
        extra.append((f"i.process_id IN ({marks(conditions.processes)})", conditions.processes))
    if conditions.search:
        extra.append(search_clause(conditions.search, "EXISTS (SELECT 1 FROM tasks t WHERE t.instance_id = i.id "
                                   f"AND t.state = '{TaskState.READY.value}' "
                                   "AND (i.version_id, t.element) IN (VALUES {pairs}))", db.LIKE))
    if conditions.activity:
        extra.append(("EXISTS (SELECT 1 FROM tasks t WHERE t.instance_id = i.id AND t.state = ? AND t.element = ?)",
                      [TaskState.READY.value, conditions.activity]))
    for sql, more in extra:
        clause = f"{clause} AND {sql}" if clause else f" WHERE {sql}"
        params += list(more)
    return f"FROM instances i{clause}", params


def page(db, conditions, order, limit, offset):
    """The ids of the instances `conditions` give, newest or oldest first, `limit` from `offset` (all: None)."""
    sql, params = _conditions(db, conditions)
    sql = f"SELECT i.id {sql} ORDER BY i.id {'DESC' if order == 'newest' else 'ASC'}"
    sql, params = f"{sql} LIMIT ? OFFSET ?", [*params, INT_MAX if limit is None else limit, offset]
    return [row["id"] for row in select(db, sql, params)]


def count(db, conditions, cap):
    sql, params = _conditions(db, conditions)
    return counted(db, f"SELECT COUNT(*) AS n FROM (SELECT 1 {sql} LIMIT ?) AS capped", [*params, cap])
