"""`verify`: is the history intact, and does every instance's stored state follow from it?

The chain check walks every event in order, recomputing its hash; the state check folds each instance's
events (engine.history) into its status, ready tasks and data and compares them with what is stored,
including the SpiffWorkflow state itself. Each finding names the event or instance and what differs.
"""

import json

from . import attachments, events, versions
from .events import GENESIS, content_hash
from .history import fold
from .results import Message, Verification
from .runtime import Execution
from .store import events as event_table
from .store import instances as instance_table
from .store import tasks as task_table
from .vocabulary import EventType, InstanceStatus, TaskState


def verify(db):
    """Verification(ok, events, head, problems): problems are messages, the first broken link first."""
    problems, count, head = _verify_chain(db)
    for row in instance_table.every(db):
        problems.extend(_verify_instance(db, row))
    return Verification(ok=not problems, events=count, head=head, problems=problems)


def _verify_chain(db):
    previous, expected, count = GENESIS, 1, 0
    for row in event_table.every(db):
        if row["seq"] != expected:
            return [Message("verify.event_missing", {"seq": expected, "next": row["seq"]})], count, None
        if row["prev_hash"] != previous:
            return [Message("verify.link_broken", {"seq": row["seq"], "previous": row["seq"] - 1,
                                                   "link": row["prev_hash"][:12], "hash": previous[:12]})], count, None
        if content_hash(row) != row["hash"]:
            return [Message("verify.event_edited", {"seq": row["seq"], "type": _type(row["type"]), "actor": row["actor"],
                                                    "at": row["at"]})], count, None
        previous, expected, count = row["hash"], expected + 1, count + 1
    head = event_table.head(db)
    stored = (head[0], head[1]) if head else (0, GENESIS)
    if stored != (count, previous):
        return [Message("verify.events_cut", {"count": count, "written": stored[0]})], count, previous
    return [], count, previous


def _type(stored):
    """An event's type as the vocabulary names it; an edited row may hold anything."""
    return EventType(stored) if stored in set(EventType) else stored


def _verify_instance(db, row):
    said = fold(events.for_instance(db, row["id"]))
    where = {"instance": row["id"]}
    problems = []
    if row["status"] != said.status:
        problems.append(Message("verify.status_differs", {**where, "stored": InstanceStatus(row["status"]),
                                                          "said": said.status}))
    tasks = {t["id"]: t for t in task_table.of_instance(db, row["id"])}
    stored_ready = {i for i, t in tasks.items() if t["state"] == TaskState.READY}
    if stored_ready != set(said.ready):
        problems.append(Message("verify.ready_differs", {**where, "stored": sorted(stored_ready),
                                                         "said": sorted(said.ready)}))
    stored_taken = {i: t["assignee"] for i, t in tasks.items() if t["state"] == TaskState.READY and t["assignee"]}
    for task_id in sorted(set(stored_taken) | set(said.taken)):
        if stored_taken.get(task_id) != said.taken.get(task_id):
            problems.append(Message("verify.taken_differs", {**where, "task": task_id, "stored": stored_taken.get(task_id),
                                                             "said": said.taken.get(task_id)}))
    completed = said.completed
    for task_id, actor in completed.items():
        stored = tasks.get(task_id)
        if stored is None or stored["state"] != TaskState.COMPLETED or stored["completed_by"] != actor:
            problems.append(Message("verify.completion_differs", {
                **where, "task": task_id, "actor": actor, "state": stored and TaskState(stored["state"]),
                "by": stored and stored["completed_by"]}))
    for task_id in {i for i, t in tasks.items() if t["state"] == TaskState.COMPLETED} - set(completed):
        problems.append(Message("verify.completion_unrecorded", {**where, "task": task_id}))
    stored_data = json.loads(row["data"])
    changed = sorted(k for k in set(stored_data) | set(said.data) if _exact(stored_data, k) != _exact(said.data, k))
    if changed:
        problems.append(Message("verify.data_differs", {**where, "field": changed[0],
                                                        "stored": repr(stored_data.get(changed[0])),
                                                        "said": repr(said.data.get(changed[0]))}))
    problems.extend(_verify_state(db, row, tasks, where))
    problems.extend(attachments.verify(db, row["id"], said.attachments))
    return problems


def _exact(data, key):
    """The value of `key` in `data` as canonical JSON text, None when absent: equal exactly when the values are
    (1 is not 1.0 nor true; a NaN from an older database equals itself), whatever the engine stored."""
    return json.dumps(data[key], sort_keys=True, ensure_ascii=False) if key in data else None


def _verify_state(db, row, tasks, where):
    """The stored SpiffWorkflow state must hold exactly the ready tasks the table lists."""
    try:
        version = versions.by_id(db, row["version_id"])
        execution = Execution.load(version, versions.model_of(db, version["id"]), row["state"])
    except Exception as error:  # any failure to load is itself the finding
        return [Message("verify.state_unloadable", {**where, "detail": f"{type(error).__name__}: {error}"})]
    live = {task.spiff_id for task in execution.ready()}
    listed = {t["spiff_id"] for t in tasks.values() if t["state"] == TaskState.READY}
    if row["status"] == InstanceStatus.RUNNING and live != listed:
        return [Message("verify.state_ready_differs", {**where, "count": len(live)})]
    if row["status"] == InstanceStatus.COMPLETED and not execution.finished:
        return [Message("verify.state_not_completed", where)]
    return []
