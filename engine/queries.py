"""Read-only views: ready tasks, instances, one instance, processes. None loads workflow state."""

import json

from . import diff, events, highlight, instances, users, versions
from .errors import InvalidData, NotFound

STATUSES = ("running", "completed", "cancelled")


def tasks(db, lane=None, user=None, instance=None):
    """READY tasks, oldest first, filtered by lane, by the lanes of `user`, and by instance."""
    where, params = ["t.state = 'ready'"], []
    if lane:
        where.append("t.lane = ?")
        params.append(lane)
    if user:
        lanes = users.get(db, user)["lanes"]
        where.append(f"t.lane IN ({', '.join('?' for _ in lanes) or 'NULL'})")
        params.extend(lanes)
    if instance is not None:
        where.append("t.instance_id = ?")
        params.append(instance)
    rows = db.query(
        "SELECT t.*, i.process_id, i.version_id, v.version FROM tasks t JOIN instances i ON i.id = t.instance_id "
        f"JOIN versions v ON v.id = i.version_id WHERE {' AND '.join(where)} ORDER BY t.ready_at, t.id", params)
    return [task_view(db, row) for row in rows]


def task(db, task_id):
    """One task (any state) with its activity, for the task page."""
    rows = list(db.query(
        "SELECT t.*, i.process_id, i.version_id, v.version FROM tasks t JOIN instances i ON i.id = t.instance_id "
        "JOIN versions v ON v.id = i.version_id WHERE t.id = ?", [task_id]))
    if not rows:
        instances.task_row(db, task_id)  # raises NotFound with the usual message
    return task_view(db, rows[0])


def task_view(db, row):
    activity = versions.model_of(db, row["version_id"])["activities"][row["element"]]
    mutu = activity["mutu_baku"]
    return {
        "id": row["id"], "instance": row["instance_id"], "process": row["process_id"], "version": row["version"],
        "element": row["element"], "number": activity["number"], "name": activity["name"], "lane": row["lane"],
        "documentation": activity["documentation"], "state": row["state"],
        "mutu_baku": {"kelengkapan": mutu["kelengkapan"], "waktu": mutu["waktu"], "waktu_iso": mutu["waktu_iso"],
                      "output": mutu["output"], "keterangan": mutu["keterangan"]},
        "ready_at": row["ready_at"], "due_at": row["due_at"],
        "completed_at": row["completed_at"], "completed_by": row["completed_by"], "assignee": row["assignee"],
        "fields": activity["fields"],
    }


def list_instances(db, process=None, status=None):
    if status and status not in STATUSES:
        raise InvalidData(f"status '{status}' is not one of {', '.join(STATUSES)}")
    where, params = [], []
    if process:
        where.append("i.process_id = ?")
        params.append(process)
    if status:
        where.append("i.status = ?")
        params.append(status)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = db.query("SELECT i.id, i.process_id, i.status, i.started_at, i.started_by, i.ended_at, v.version, v.name "
                    f"FROM instances i JOIN versions v ON v.id = i.version_id {clause} ORDER BY i.id", params)
    return [_instance_summary(row) for row in rows]


def _instance_summary(row):
    return {"id": row["id"], "process": row["process_id"], "name": row["name"], "version": row["version"],
            "status": row["status"], "started_at": row["started_at"], "started_by": row["started_by"],
            "ended_at": row["ended_at"]}


def show(db, instance_id):
    row = instances.get_row(db, instance_id)
    version = versions.by_id(db, row["version_id"])
    summary = _instance_summary({**row, "version": version["version"], "name": version["name"]})
    task_rows = db.query(
        "SELECT t.*, i.process_id, i.version_id, ? AS version FROM tasks t JOIN instances i ON i.id = t.instance_id "
        "WHERE t.instance_id = ? ORDER BY t.id", [version["version"], instance_id])
    views = [task_view(db, r) for r in task_rows]
    return {**summary, "data": json.loads(row["data"]),
            "ready": [t for t in views if t["state"] == "ready"],
            "completed": [t for t in views if t["state"] == "completed"]}


def history(db, instance_id):
    instances.get_row(db, instance_id)
    return events.for_instance(db, instance_id)


def processes(db):
    rows = list(db.query(
        "SELECT v.*, (SELECT COUNT(*) FROM instances i WHERE i.version_id = v.id AND i.status = 'running') AS running "
        "FROM versions v ORDER BY v.process_id, v.version"))
    result = {}
    for row in rows:
        model = versions.model_of(db, row["id"])
        entry = result.setdefault(row["process_id"], {"process_id": row["process_id"], "versions": []})
        entry.update(name=model["name"], newest=row["version"], lanes=model["lanes"], header=model["header"],
                     documentation=model["documentation"], start_lanes=model["start_lanes"])
        entry["versions"].append({"version": row["version"], "sha256": row["sha256"], "file": row["file_name"],
                                  "deployed_at": row["deployed_at"], "deployed_by": row["deployed_by"],
                                  "running_instances": row["running"]})
    return list(result.values())


def diagram(db, instance_id):
    """The instance's diagram and what to highlight on it: done and current nodes, taken flows."""
    row = instances.get_row(db, instance_id)
    version = versions.by_id(db, row["version_id"])
    elements = {"completed": set(), "ready": set(), "cancelled": set()}
    for task_row in db.query("SELECT element, state FROM tasks WHERE instance_id = ?", [instance_id]):
        elements[task_row["state"]].add(task_row["element"])
    completed, ready = elements["completed"], elements["ready"]
    taken = {e["element"] for e in events.for_instance(db, instance_id) if e["type"] == "flow_taken"}
    marks = highlight.passed(versions.model_of(db, version["id"]), completed, ready, taken)
    return {"instance": instance_id, "process": row["process_id"], "version": version["version"],
            "bpmn": version["bpmn"].decode("utf-8"), **marks}


def versions_of(db, process_id):
    """One process with its versions (who deployed each, when, its hash, its running instances)."""
    for process in processes(db):
        if process["process_id"] == process_id:
            return process
    raise NotFound(f"no process '{process_id}' is deployed: see `alur processes`")


def version_bpmn(db, process_id, version):
    """The BPMN bytes of one version, as deployed."""
    rows = list(db.query("SELECT bpmn FROM versions WHERE process_id = ? AND version = ?", [process_id, version]))
    if not rows:
        versions_of(db, process_id)  # an unknown process: NotFound naming it
        raise NotFound(f"process '{process_id}' has no version {version}: see `alur versions {process_id}`")
    return bytes(rows[0]["bpmn"])


def version_diff(db, process_id, old, new, what=diff.between):
    """What changed from version `old` to version `new`: in sentences, or `what=diff.elements` the ids."""
    rows = {r["version"]: r for r in db.query(
        "SELECT id, version FROM versions WHERE process_id = ? AND version IN (?, ?)", [process_id, old, new])}
    for number in (old, new):
        if number not in rows:
            raise NotFound(f"process '{process_id}' has no version {number}: see `alur versions {process_id}`")
    return what(versions.model_of(db, rows[old]["id"]), versions.model_of(db, rows[new]["id"]))
