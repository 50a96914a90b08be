"""The `tasks` table: the user tasks of every instance, ready, completed or cancelled."""

from ..vocabulary import EventType, TaskState
from . import one, select, where

_VIEW = ("SELECT t.*, i.process_id, i.version_id, v.version FROM tasks t JOIN instances i ON i.id = t.instance_id "
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
    db.execute("UPDATE tasks SET assignee = ? WHERE id = ?", [user, task_id])


def of_instance(db, instance_id, state=None):
    clause, params = where({"instance_id = ?": instance_id, "state = ?": state})
    return list(select(db, f"SELECT * FROM tasks{clause} ORDER BY id", params))


def views(db, *, state=None, lanes=None, instance=None, task=None):
    """Task rows with their instance's process, version id and version number; oldest first."""
    clause, params = where({"t.state = ?": state, "t.instance_id = ?": instance, "t.id = ?": task})
    if lanes is not None:
        lane_clause = f"t.lane IN ({', '.join('?' for _ in lanes) or 'NULL'})"
        clause = f"{clause} AND {lane_clause}" if clause else f" WHERE {lane_clause}"
        params += list(lanes)
    order = "t.ready_at, t.id" if state == TaskState.READY else "t.id"
    return list(select(db, f"{_VIEW}{clause} ORDER BY {order}", params))


def view(db, task_id):
    return one(views(db, task=task_id), "task.not_found", task=task_id)


def for_time_standards(db, process=None):
    """Completed and ready tasks, each with the version it became ready on (its `task_ready` event's)."""
    clause, params = ("AND i.process_id = ?", [process]) if process else ("", [])
    return select(db, f"""
        SELECT t.id, t.instance_id, t.element, t.lane, t.state, t.ready_at, t.due_at, t.completed_at,
               t.completed_by, t.assignee, i.process_id, i.status AS instance_status,
               i.version_id AS instance_version_id,
               COALESCE((SELECT e.version_id FROM events e WHERE e.instance_id = t.instance_id AND e.task_id = t.id
                         AND e.type = ? ORDER BY e.seq LIMIT 1), i.version_id) AS version_id
        FROM tasks t JOIN instances i ON i.id = t.instance_id
        WHERE t.state IN (?, ?) {clause} ORDER BY t.id""",
        [EventType.TASK_READY, TaskState.COMPLETED, TaskState.READY, *params])


def release(db, user):
    """Tasks assigned to `user` and still ready go back to their whole lane; their ids."""
    ids = [row["id"] for row in select(db, "SELECT id FROM tasks WHERE assignee = ? AND state = ?",
                                       [user, TaskState.READY])]
    db.execute("UPDATE tasks SET assignee = NULL WHERE assignee = ? AND state = ?", [user, TaskState.READY])
    return ids
