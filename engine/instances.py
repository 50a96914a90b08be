"""Start instances and complete their tasks: each command one transaction over the engine state, the ready
tasks table and the events."""

import json
import math

from . import events, fields, users, versions
from .db import transaction
from .errors import Conflict, Forbidden, InvalidData
from .runtime import Execution
from .store import instances as instance_table
from .store import tasks as task_table
from .vocabulary import EventType, InstanceStatus, TaskState


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
    subject = None if subject is None else subject_of(subject)
    db = ctx.db
    with transaction(db):
        version = versions.newest(db, process_id)
        model = versions.model_of(db, version["id"])
        if model.get("start_fields"):
            data = fields.validate(model["start_fields"], data)
        starter = users.get(db, user)
        lanes = [lane for lane in model["start_lanes"] if lane in starter.lanes]
        if not lanes:
            raise Forbidden("instance.start_lane", process=model["name"], lanes=model["start_lanes"], user=user,
                            user_lanes=starter.lanes)
        instance = {"version_id": version["id"], "process_id": process_id, "status": InstanceStatus.RUNNING,
                    "started_at": ctx.clock.stamp(), "started_by": user, "state": "{}", "data": json.dumps(data),
                    "subject": subject}
        instance["id"] = instance_table.insert(db, instance)
        events.record(db, ctx.clock, EventType.INSTANCE_STARTED, user, instance=instance, version=version,
                      lane=lanes[0], element=process_id, element_name=model["name"],
                      data={"subject": subject, "data": data})
        execution, step = Execution.start(version, model, data)
        _record_step(ctx, instance, execution, step, user)
    return instance["id"]


def complete(ctx, task_id, user, data=None):
    """Complete READY task `task_id` as `user` with `data`; return the instance's id."""
    data = _object(data)
    db = ctx.db
    with transaction(db):
        row = task_table.get(db, task_id)
        instance = instance_table.get(db, row["instance_id"])
        version = versions.by_id(db, instance["version_id"])
        model = versions.model_of(db, version["id"])
        activity = model["activities"][row["element"]]
        _check_can_complete(db, row, activity, user)
        cleaned = fields.validate(activity["fields"], data)
        execution = Execution.load(version, model, instance["state"])
        step = execution.complete(row["spiff_id"], cleaned, activity["name"])
        task_table.complete(db, row["id"], ctx.clock.stamp(), user)
        events.record(db, ctx.clock, EventType.TASK_COMPLETED, user, instance=instance, version=version,
                      lane=row["lane"], element=row["element"], element_name=activity["name"], task_id=row["id"],
                      data=cleaned)
        _record_step(ctx, instance, execution, step, user)
    return instance["id"]


def _check_can_complete(db, row, activity, user):
    task = {"task": row["id"], "name": activity["name"]}
    if row["state"] == TaskState.COMPLETED:
        raise Conflict("task.completed_already", **task, by=row["completed_by"], at=row["completed_at"])
    if row["state"] != TaskState.READY:
        raise Conflict("task.not_ready", **task, state=TaskState(row["state"]))
    actor = users.get(db, user)
    if row["assignee"] and row["assignee"] != user:
        raise Forbidden("task.assigned_to_other", **task, assignee=row["assignee"], user=user)
    if row["lane"] not in actor.lanes:
        raise Forbidden("task.other_lane", **task, lane=row["lane"], user=user, user_lanes=actor.lanes)


def _record_step(ctx, instance, execution, step, actor):
    """Record what a step did (flows taken, tasks ready, the end) and save the instance."""
    db, version, model = ctx.db, execution.version, execution.model
    for flow_id in step.flows:
        flow = model["flows"][flow_id]
        events.record(db, ctx.clock, EventType.FLOW_TAKEN, actor, instance=instance, version=version,
                      element=flow_id, element_name=flow["name"], data={"from": flow["source"], "to": flow["target"]})
    _sync_ready(ctx, instance, version, model, step.ready, actor)
    status, ended = InstanceStatus.RUNNING, None
    if step.finished:
        status, ended = InstanceStatus.COMPLETED, ctx.clock.stamp()
        events.record(db, ctx.clock, EventType.INSTANCE_COMPLETED, actor, instance=instance, version=version,
                      element=model["process_id"], element_name=model["name"])
    instance_table.save(db, instance["id"], execution.dump(), json.dumps(execution.data(), ensure_ascii=False),
                        status, ended)


def _sync_ready(ctx, instance, version, model, ready, actor):
    db = ctx.db
    listed = {r["spiff_id"]: r for r in task_table.of_instance(db, instance["id"], TaskState.READY)}
    live = {task.spiff_id: task for task in ready}
    for spiff_id in set(listed) - set(live):
        task_table.withdraw(db, listed[spiff_id]["id"])
    for spiff_id, task in live.items():
        if spiff_id in listed:
            continue
        activity = model["activities"][task.element]
        now = ctx.clock.now()
        waktu = activity["mutu_baku"]["waktu"]
        due = ctx.settings.calendar.due(now, waktu) if waktu else None
        task_id = task_table.insert(db, {
            "instance_id": instance["id"], "spiff_id": spiff_id, "element": activity["element"],
            "lane": activity["lane"], "state": TaskState.READY, "ready_at": ctx.clock.stamp(now),
            "due_at": ctx.clock.stamp(due) if due else None})
        events.record(db, ctx.clock, EventType.TASK_READY, actor, instance=instance, version=version,
                      lane=activity["lane"], element=activity["element"], element_name=activity["name"],
                      task_id=task_id)


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
