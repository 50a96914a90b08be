"""`verify`: is the history intact, and does every instance's stored state follow from it?

The chain check walks every event in order, recomputing its hash; the state check rebuilds each
instance's status, ready tasks and data from its events and compares them with what is stored,
including the SpiffWorkflow state itself. Each finding names the event or instance and what differs.
"""

import json

from . import events, runtime, versions
from .events import GENESIS, content_hash


def verify(db):
    """{'ok', 'events', 'head', 'problems'}: problems are sentences, the first broken link first."""
    problems, count, head = _verify_chain(db)
    for row in db.query("SELECT * FROM instances ORDER BY id"):
        problems.extend(_verify_instance(db, row))
    return {"ok": not problems, "events": count, "head": head, "problems": problems}


def _verify_chain(db):
    previous, expected, count = GENESIS, 1, 0
    for row in db.query("SELECT * FROM events ORDER BY seq"):
        if row["seq"] != expected:
            return [f"event {expected} is missing (the next stored is {row['seq']}): events were deleted"], count, None
        if row["prev_hash"] != previous:
            return [f"event {row['seq']} does not follow event {row['seq'] - 1} (its link is {row['prev_hash'][:12]}, "
                    f"event {row['seq'] - 1} hashes to {previous[:12]}): an event before it was changed, "
                    "inserted or removed"], count, None
        if content_hash(row) != row["hash"]:
            return [f"event {row['seq']} ({row['type']} by {row['actor']} at {row['at']}) was edited: its content "
                    "no longer matches the hash it was written with"], count, None
        previous, expected, count = row["hash"], expected + 1, count + 1
    head = db.execute("SELECT seq, hash FROM chain_head").fetchone()
    stored = (head[0], head[1]) if head else (0, GENESIS)
    if stored != (count, previous):
        return [f"the history ends at event {count} but was last written up to event {stored[0]}: "
                "events at the end were deleted"], count, previous
    return [], count, previous


def explained(db, instance_id):
    """What the events say of an instance: status, ready and completed task ids, and its data."""
    status, ready, completed, data = "running", set(), {}, {}
    for event in events.for_instance(db, instance_id):
        kind = event["type"]
        if kind == "instance_started":
            data.update(event["data"])
        elif kind == "task_ready":
            ready.add(event["task"])
        elif kind == "task_completed":
            ready.discard(event["task"])
            completed[event["task"]] = event["actor"]
            data.update(event["data"])
        elif kind in ("instance_completed", "instance_cancelled"):
            status = "completed" if kind == "instance_completed" else "cancelled"
            if kind == "instance_cancelled":
                ready = set()
    return {"status": status, "ready": ready, "completed": completed, "data": data}


def _verify_instance(db, row):
    said = explained(db, row["id"])
    where = f"instance {row['id']}"
    problems = []
    if row["status"] != said["status"]:
        problems.append(f"{where} is stored as {row['status']} but its events say {said['status']}")
    tasks = {t["id"]: t for t in db.query("SELECT * FROM tasks WHERE instance_id = ?", [row["id"]])}
    stored_ready = {i for i, t in tasks.items() if t["state"] == "ready"}
    if stored_ready != said["ready"]:
        problems.append(f"{where}: tasks ready in the database {sorted(stored_ready)} differ from the events "
                        f"{sorted(said['ready'])}")
    for task_id, actor in said["completed"].items():
        stored = tasks.get(task_id)
        if stored is None or stored["state"] != "completed" or stored["completed_by"] != actor:
            problems.append(f"{where}: task {task_id} was completed by {actor} according to the events, "
                            f"but the database says {_describe(stored)}")
    for task_id in {i for i, t in tasks.items() if t["state"] == "completed"} - set(said["completed"]):
        problems.append(f"{where}: task {task_id} is completed in the database but no event says so")
    stored_data = json.loads(row["data"])
    changed = sorted(k for k in set(stored_data) | set(said["data"]) if stored_data.get(k) != said["data"].get(k))
    if changed:
        problems.append(f"{where}: data '{changed[0]}' is {stored_data.get(changed[0])!r} but the events recorded "
                        f"{said['data'].get(changed[0])!r}")
    problems.extend(_verify_state(db, row, tasks, where))
    return problems


def _verify_state(db, row, tasks, where):
    """The stored SpiffWorkflow state must hold exactly the ready tasks the table lists."""
    try:
        workflow = runtime.load(versions.by_id(db, row["version_id"]), row["state"])
    except Exception as error:  # any failure to load is itself the finding
        return [f"{where}: the stored engine state does not load ({type(error).__name__}: {error})"]
    live = {str(t.id) for t in runtime.ready_user_tasks(workflow)}
    listed = {t["spiff_id"] for t in tasks.values() if t["state"] == "ready"}
    if row["status"] == "running" and live != listed:
        return [f"{where}: the engine state has {len(live)} ready task(s) that the task table does not match"]
    if row["status"] == "completed" and not workflow.is_completed():
        return [f"{where} is stored as completed but its engine state is not"]
    return []


def _describe(task):
    if task is None:
        return "no such task"
    return f"{task['state']}" + (f" by {task['completed_by']}" if task["completed_by"] else "")
