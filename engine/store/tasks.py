"""The `tasks` table: the user tasks of every instance, ready, completed or cancelled."""

from dataclasses import dataclass

from ..vocabulary import EventType, TaskState
from . import INT_MAX, counted, marks, one, search_clause, select, where

_INSTANCE = "instances i ON i.id = t.instance_id"
_VIEW = (f"SELECT t.*, i.process_id, i.version_id, i.subject, v.version FROM tasks t JOIN {_INSTANCE} "
         "JOIN versions v ON v.id = i.version_id")


def insert(db, row):
    return db["tasks"].insert(row).last_pk


def get(db, task_id):
    return one(select(db, "SELECT * FROM tasks WHERE id = ?", [task_id]), "task.not_found", task=task_id)


def complete(db, task_id, at, by):
    db.execute("UPDATE tasks SET state = ?, completed_at = ?, completed_by = ? WHERE id = ?",
               [TaskState.COMPLETED, at, by, task_id])


def withdraw(db, task_id):
    db.execute("UPDATE tasks SET state = ? WHERE id = ?", [TaskState.CANCELLED, task_id])


def cancel_ready(db, instance_id):
    db.execute("UPDATE tasks SET state = ? WHERE instance_id = ? AND state = ?",
               [TaskState.CANCELLED, instance_id, TaskState.READY])


def assign(db, task_id, user):
    """Assign the task to `user` (None: back to the lane); it is no longer taken by anyone."""
    db.execute("UPDATE tasks SET assignee = ?, taken_at = NULL WHERE id = ?", [user, task_id])


def take(db, task_id, user, at):
    db.execute("UPDATE tasks SET assignee = ?, taken_at = ? WHERE id = ?", [user, at, task_id])


def of_instance(db, instance_id, state=None):
    clause, params = where({"instance_id = ?": instance_id, "state = ?": state})
    return list(select(db, f"SELECT * FROM tasks{clause} ORDER BY id", params))


def views(db, *, state=None, lanes=None, instance=None, task=None, ids=None):
    """Task rows with their instance's process, version id and version number; oldest first (`ids`: those
    tasks, in that order)."""
    if ids is not None:
        rows = {row["id"]: row for row in select(db, f"{_VIEW} WHERE t.id IN ({marks(ids)})", list(ids))}
        return [rows[i] for i in ids if i in rows]
    clause, params = where({"t.state = ?": state, "t.instance_id = ?": instance, "t.id = ?": task})
    if lanes is not None:
        lane_clause = f"t.lane IN ({', '.join('?' for _ in lanes) or 'NULL'})"
        clause = f"{clause} AND {lane_clause}" if clause else f" WHERE {lane_clause}"
        params += list(lanes)
    order = "t.ready_at, t.id" if state == TaskState.READY else "t.id"
    return list(select(db, f"{_VIEW}{clause} ORDER BY {order}", params))


def new_view(row, instance, version):
    """A task just inserted (`row`, with its id) as `views` reads it: with its instance's process, version id,
    subject and version number, nobody holding or having completed it."""
    return {**row, "completed_at": None, "completed_by": None, "assignee": None, "taken_at": None,
            "process_id": instance["process_id"], "version_id": version["id"], "subject": instance["subject"],
            "version": version["version"]}


def view(db, task_id):
    return one(views(db, task=task_id), "task.not_found", task=task_id)


def for_time_standards(db, process=None):
    """Completed and ready tasks, each with the version it became ready on (its `task_ready` event's)."""
    clause, params = ("AND i.process_id = ?", [process]) if process else ("", [])
    return select(db, f"""
        SELECT t.id, t.instance_id, t.element, t.lane, t.state, t.ready_at, t.due_at, t.completed_at,
               t.completed_by, t.assignee, i.process_id, i.status AS instance_status, i.subject,
               i.version_id AS instance_version_id,
               COALESCE((SELECT e.version_id FROM events e WHERE e.instance_id = t.instance_id AND e.task_id = t.id
                         AND e.type = ? ORDER BY e.seq LIMIT 1), i.version_id) AS version_id
        FROM tasks t JOIN instances i ON i.id = t.instance_id
        WHERE t.state IN (?, ?) {clause} ORDER BY t.id""",
        [EventType.TASK_READY, TaskState.COMPLETED, TaskState.READY, *params])


@dataclass
class Filter:
    """Which READY tasks a list holds (engine.worklist.task_filter makes it)."""
    lanes: list | None = None        # None: every lane
    instance: int | None = None
    process: str | None = None
    search: object = None            # engine.worklist.Search
    due_before: str | None = None    # overdue: due before this time
    taken_by: str | None = None
    open_to: str | None = None       # only the tasks no one else holds: free, or taken by / assigned to this user


def _conditions(db, conditions):
    """(FROM and WHERE SQL without the lane, params); the instances join only when a condition needs it."""
    clause, params = ["t.state = ?"], [TaskState.READY]
    for sql, value in (("t.instance_id = ?", conditions.instance), ("i.process_id = ?", conditions.process),
                       ("t.due_at < ?", conditions.due_before), ("t.assignee = ?", conditions.taken_by)):
        if value is not None:
            clause.append(sql)
            params.append(value)
    if conditions.open_to is not None:
        clause.append("(t.assignee IS NULL OR t.assignee = ?)")
        params.append(conditions.open_to)
    if conditions.search:
        sql, more = search_clause(conditions.search, "(i.version_id, t.element) IN (VALUES {pairs})", db.LIKE)
        clause.append(sql)
        params += more
    joined = conditions.process is not None or conditions.search
    source = f"tasks t JOIN {_INSTANCE}" if joined else "tasks t"
    return f"FROM {source} WHERE {' AND '.join(clause)}", params


def _lanes(sql, params, lanes):
    if lanes is None:
        return sql, params
    return f"{sql} AND t.lane IN ({marks(lanes)})", [*params, *lanes]


def page(db, conditions, lanes, order, limit, offset):
    """The ids of the READY tasks `conditions` give, `order` 'oldest' (ready_at) or 'due' (due_at, none last),
    `limit` from `offset` (all with limit None). A page is merged from each lane's own range of the index
    (state, lane, ready_at or due_at, id), so that it reads offset + limit rows a lane, not the whole lane."""
    body, params = _conditions(db, conditions)
    if limit is None:
        sql, params = _lanes(body, params, conditions.lanes)
        order_by = "t.ready_at, t.id" if order == "oldest" else "t.due_at IS NULL, t.due_at, t.id"
        return [row["id"] for row in select(db, f"SELECT t.id {sql} ORDER BY {order_by} LIMIT ? OFFSET ?",
                                                [*params, INT_MAX, offset])]
    parts, values, reach = [], [], offset + limit
    for lane in lanes:
        ranges = ([("0", "t.ready_at", "", "t.ready_at, t.id")] if order == "oldest" else
                  [("0", "t.due_at", "AND t.due_at IS NOT NULL", "t.due_at, t.id"),
                   ("1", "''", "AND t.due_at IS NULL", "t.id")])
        for group, key, extra, order_by in ranges:
            parts.append(f"SELECT * FROM (SELECT {group} AS grp, {key} AS k, t.id AS id {body} AND t.lane = ? "
                         f"{extra} ORDER BY {order_by} LIMIT ?) AS lane_{len(parts)}")
            values += [*params, lane, reach]
    if not parts:
        return []
    sql = f"SELECT id FROM ({' UNION ALL '.join(parts)}) AS merged ORDER BY grp, k, id LIMIT ? OFFSET ?"
    return [row["id"] for row in select(db, sql, [*values, limit, offset])]


def count(db, conditions, cap):
    """How many READY tasks `conditions` give, counting no further than `cap`."""
    sql, params = _lanes(*_conditions(db, conditions), conditions.lanes)
    return counted(db, f"SELECT COUNT(*) AS n FROM (SELECT 1 {sql} LIMIT ?) AS capped", [*params, cap])
def release(db, user):
    """Tasks assigned to `user` and still ready go back to their whole lane; their ids."""
    ids = [row["id"] for row in select(db, "SELECT id FROM tasks WHERE assignee = ? AND state = ?",
                                       [user, TaskState.READY])]
    db.execute("UPDATE tasks SET assignee = NULL WHERE assignee = ? AND state = ?", [user, TaskState.READY])
    return ids
