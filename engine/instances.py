"""Start instances and complete their tasks: each command one transaction over the engine state, the ready
tasks table and the events."""

import json
import math
from dataclasses import dataclass

from . import delegation, events, fields, submission, users, versions
from .db import snapshot, transaction
from .sqlitedb import LockBusy
from .errors import Conflict, Forbidden, InvalidData
from .runtime import Execution, Step
from .store import events as event_table
from .store import instances as instance_table
from .store import tasks as task_table
from .vocabulary import EventType, InstanceStatus, TaskState

OPTIMISTIC_TRIES = 3   # completions worked out outside the write lock before one is worked out under it


SUBJECT_LIMIT = 200  # characters: a subject is a line in the inbox, not a letter


def subject_of(text):
    """A case's subject (perihal) on one line, its spaces collapsed; refused when blank or too long."""
    subject = " ".join(str(text or "").split())
    if not subject:
        raise InvalidData("instance.subject_blank", field="subject")
    if len(subject) > SUBJECT_LIMIT:
        raise InvalidData("instance.subject_too_long", field="subject", length=len(subject), limit=SUBJECT_LIMIT)
    return subject


def start(ctx, process_id, user, data=None, subject=None):
    """Start an instance of the newest version of `process_id` about `subject`; return its id. The faces always
    ask for a subject; a script of the API that gives none starts a case without one (shown as a dash)."""
    data = _object(data)
    db = ctx.db
    with transaction(db):
        version = versions.newest(db, process_id)
        model = versions.model_of(db, version["id"])
        starter = users.require_active(db, user, ctx.clock.stamp())
        lanes = [lane for lane in model["start_lanes"] if lane in starter.work_lanes]
        if not lanes:  # who may start comes first: someone who may not learns nothing of what a start needs
            raise Forbidden("instance.start_lane", process=model["name"], lanes=model["start_lanes"], user=user,
                            user_lanes=starter.lanes)
        subject = None if subject is None else subject_of(subject)
        if model.get("start_fields"):
            data = fields.validate(model["start_fields"], data)
        instance = {"version_id": version["id"], "process_id": process_id, "status": InstanceStatus.RUNNING,
                    "started_at": ctx.clock.stamp(), "started_by": user, "state": "{}", "data": json.dumps(data),
                    "subject": subject}
        instance["id"] = instance_table.insert(db, instance)
        events.record(db, ctx.clock, EventType.INSTANCE_STARTED, user, instance=instance, version=version,
                      lane=lanes[0], element=process_id, element_name=model["name"],
                      data={"subject": subject, "data": data})
        execution, step = Execution.start(version, model, data)
        _record_step(ctx, instance, execution, step, user, execution.saved())
    return instance["id"]


@dataclass
class _Completion:
    """A completion worked out on one snapshot of the database: what was read, and the engine's step with the
    state and data to save. `seen` is the instance's newest event then (read only when it was worked out on a
    snapshot, to be compared under the write lock)."""

    task: dict
    instance: dict
    version: dict
    model: dict
    activity: dict
    user: str
    data: dict
    seen: int
    execution: Execution
    step: Step
    saved: tuple          # (state, data) as instances.state and instances.data keep them
    repeat: bool = False  # the same submission again by who completed the task: answered as the first, no write
    acting: dict | None = None   # the delegation (Plt/Plh) the user completes it under, when not their own lane


def complete(ctx, task_id, user, data=None, files=None):
    """Complete READY task `task_id` as `user` with `data` and `files` ({file field: (file name, bytes)}); return
    the instance's id and its READY tasks as engine.store.tasks.views rows, oldest first (None when nothing was
    written: the same submission again by the same user is answered as the first).

    When no other connection holds the write lock, the completion is worked out and written under it at once: one
    transaction. When one does, the engine's work (loading the state, stepping it, dumping it) is done on a
    snapshot, outside the write lock, so that other commands write meanwhile; under the lock the completion is
    written only if the instance has had no event since (every change to an instance is one), else it is worked
    out again on what changed; the last of OPTIMISTIC_TRIES works it out under the lock, so a busy instance still
    gets its turn. Either way it is one write transaction, and of two completions of one task exactly one wins.
    A completion with documents is worked out under the lock: a document's stored id is part of the data the
    engine steps with."""
    data = _object(data)
    db = ctx.db
    if not files:
        try:
            with transaction(db, wait=False):
                return _complete_under_lock(ctx, task_id, user, data)
        except LockBusy:
            pass
    for _ in range(0 if files else OPTIMISTIC_TRIES):
        with snapshot(db):
            completion = _prepare_completion(ctx, task_id, user, data)
            if not completion.repeat:
                completion.seen = event_table.newest_of_instance(db, completion.instance["id"])
                _warm_calendar(ctx, completion.model, completion.step)
        if completion.repeat:
            return completion.instance["id"], None
        with transaction(db):
            if _unchanged(ctx, completion):
                return completion.instance["id"], _write_completion(ctx, completion)
    with transaction(db):  # the instance kept changing meanwhile, or documents come: work it out under the lock
        return _complete_under_lock(ctx, task_id, user, data, files)


def _complete_under_lock(ctx, task_id, user, data, files=None):
    completion = _prepare_completion(ctx, task_id, user, data, files)
    return completion.instance["id"], None if completion.repeat else _write_completion(ctx, completion)


def _prepare_completion(ctx, task_id, user, data, files=None):
    """Read, check and step the engine: everything a completion needs before it writes (no write here, but the
    documents of `files`, which complete() gives only under the write lock)."""
    db = ctx.db
    row = task_table.get(db, task_id)
    instance = instance_table.get(db, row["instance_id"])
    version = versions.by_id(db, instance["version_id"])
    model = versions.model_of(db, version["id"])
    activity = model["activities"][row["element"]]
    if submission.repeated(ctx, model, activity, row, user, data, files):
        return _Completion(task=row, instance=instance, version=version, model=model, activity=activity, user=user,
                           data={}, seen=0, execution=None, step=None, saved=None, repeat=True)
    acting = _check_can_complete(ctx, row, activity, user)
    cleaned = submission.cleaned(ctx, model, activity, data, files)
    if files:
        submission.store(ctx, instance, row, user, cleaned)
    execution = Execution.load(version, model, instance["state"])
    step = execution.complete(row["spiff_id"], cleaned, activity["name"])
    return _Completion(task=row, instance=instance, version=version, model=model, activity=activity, user=user,
                       data=cleaned, seen=0, execution=execution, step=step, saved=execution.saved(), acting=acting)


def _unchanged(ctx, completion):
    """Under the write lock: the instance has had no event since the completion's snapshot, and the user may
    still complete the task (their lanes can change without an event of the instance)."""
    if event_table.newest_of_instance(ctx.db, completion.instance["id"]) != completion.seen:
        return False
    completion.acting = _check_can_complete(ctx, completion.task, completion.activity, completion.user)
    return True


def _write_completion(ctx, c):
    db = ctx.db
    task_table.complete(db, c.task["id"], ctx.clock.stamp(), c.user)
    done = events.record(db, ctx.clock, EventType.TASK_COMPLETED, c.user, instance=c.instance, version=c.version,
                         lane=c.task["lane"], element=c.task["element"], element_name=c.activity["name"],
                         task_id=c.task["id"], data=submission.recorded(c.activity, c.data))
    if c.acting is not None:
        delegation.record_acting(ctx, c.acting, done)
    return _record_step(ctx, c.instance, c.execution, c.step, c.user, c.saved)


def _warm_calendar(ctx, model, step):
    """Count the due times of the tasks now ready once before the write lock, which counts them again when it
    writes them: the holidays of the years they reach are loaded here (the first time, an import of a second)."""
    now = ctx.clock.now()
    for task in step.ready:
        waktu = model["activities"][task.element]["mutu_baku"]["waktu"]
        if waktu:
            ctx.settings.calendar.due(now, waktu)


def _check_can_complete(ctx, row, activity, user):
    """Refuse a completion `user` may not make; the delegation they act under, if the lane is not their own."""
    db = ctx.db
    task = {"task": row["id"], "name": activity["name"]}
    if row["state"] == TaskState.COMPLETED:
        raise Conflict("task.completed_already", **task, by=row["completed_by"], at=row["completed_at"])
    if row["state"] != TaskState.READY:
        raise Conflict("task.not_ready", **task, state=TaskState(row["state"]))
    actor = users.require_active(db, user)
    if row["assignee"] and row["assignee"] != user:
        raise Forbidden("task.assigned_to_other", **task, assignee=row["assignee"], user=user)
    if row["lane"] in actor.lanes:
        return None
    acting = delegation.acting_in(ctx, user, row["lane"])
    if acting is None:
        raise Forbidden("task.other_lane", **task, lane=row["lane"], user=user, user_lanes=actor.lanes)
    return acting


def _record_step(ctx, instance, execution, step, actor, saved):
    """Record what a step did (flows taken, tasks ready, the end) and save the instance's `saved` (state, data);
    return the instance's READY tasks as views rows."""
    db, version, model = ctx.db, execution.version, execution.model
    for flow_id in step.flows:
        flow = model["flows"][flow_id]
        events.record(db, ctx.clock, EventType.FLOW_TAKEN, actor, instance=instance, version=version,
                      element=flow_id, element_name=flow["name"], data={"from": flow["source"], "to": flow["target"]})
    ready = _sync_ready(ctx, instance, version, model, step.ready, actor)
    if step.finished:
        events.record(db, ctx.clock, EventType.INSTANCE_COMPLETED, actor, instance=instance, version=version,
                      element=model["process_id"], element_name=model["name"])
        instance_table.end(db, instance["id"], InstanceStatus.COMPLETED, ctx.clock.stamp())
    instance_table.save(db, instance["id"], *saved)
    return ready


def _sync_ready(ctx, instance, version, model, ready, actor):
    """The tasks table's READY tasks of the instance made those the engine has `ready` (a task no longer ready
    withdrawn, each new one added with its event); return them as views rows, oldest first, as
    engine.store.tasks.views reads them (the completion answers with them without reading them again)."""
    db = ctx.db
    listed = {r["spiff_id"]: r for r in task_table.views(db, state=TaskState.READY, instance=instance["id"])}
    live = {task.spiff_id: task for task in ready}
    for spiff_id in set(listed) - set(live):
        task_table.withdraw(db, listed[spiff_id]["id"])
    rows = [row for spiff_id, row in listed.items() if spiff_id in live]
    for spiff_id, task in live.items():
        if spiff_id in listed:
            continue
        activity = model["activities"][task.element]
        now = ctx.clock.now()
        waktu = activity["mutu_baku"]["waktu"]
        due = ctx.settings.calendar.due(now, waktu) if waktu else None
        row = {"instance_id": instance["id"], "spiff_id": spiff_id, "element": activity["element"],
               "lane": activity["lane"], "state": TaskState.READY, "ready_at": ctx.clock.stamp(now),
               "due_at": ctx.clock.stamp(due) if due else None}
        row["id"] = task_table.insert(db, row)
        events.record(db, ctx.clock, EventType.TASK_READY, actor, instance=instance, version=version,
                      lane=activity["lane"], element=activity["element"], element_name=activity["name"],
                      task_id=row["id"])
        rows.append(task_table.new_view(row, instance, version))
    return sorted(rows, key=lambda row: (row["ready_at"], row["id"]))


def _object(data):
    """Submitted data: a dict, or JSON text of one; no number in it may be NaN, infinite or out of range."""
    if data is None:
        return {}
    if isinstance(data, str):
        try:
            data = json.loads(data, parse_int=_json_int)
        except json.JSONDecodeError as error:
            raise InvalidData("data.bad_json", detail=error.msg, column=error.colno) from None
    if not isinstance(data, dict):
        raise InvalidData("data.not_object")
    fields.refuse_non_finite(data)
    return data


def _json_int(text):
    """An integer in JSON text; one too long for a double stands as infinity, refused with its key."""
    return int(text) if len(text) <= 400 else math.inf
