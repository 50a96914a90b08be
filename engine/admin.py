"""Administrative acts: cancelling an instance and moving a task to another user of its lane.
Each needs the admin role and a reason, and is an event in the chain like any other."""

from . import events, users, versions
from .db import transaction
from .errors import Conflict, Forbidden, InvalidData
from .store import instances as instance_table
from .store import tasks as task_table
from .vocabulary import EventType, InstanceStatus, Role, TaskState


def _reason(reason):
    if not (reason or "").strip():
        raise InvalidData("admin.no_reason")
    return reason.strip()


def cancel(ctx, instance_id, actor, reason):
    reason = _reason(reason)
    db = ctx.db
    with transaction(db):
        users.require_role(db, actor, Role.ADMIN, "action.cancel")
        instance = instance_table.get(db, instance_id)
        if instance["status"] != InstanceStatus.RUNNING:
            raise Conflict("instance.ended_already", instance=instance_id, status=InstanceStatus(instance["status"]))
        version = versions.by_id(db, instance["version_id"])
        task_table.cancel_ready(db, instance_id)
        instance_table.end(db, instance_id, InstanceStatus.CANCELLED, ctx.clock.stamp())
        events.record(db, ctx.clock, EventType.INSTANCE_CANCELLED, actor, instance=instance, version=version,
                      element=instance["process_id"], data={"reason": reason})


def reassign(ctx, task_id, to_user, actor, reason):
    """Move a READY task to `to_user`, who must belong to its lane; only they may then complete it."""
    reason = _reason(reason)
    db = ctx.db
    with transaction(db):
        users.require_role(db, actor, Role.ADMIN, "action.reassign")
        row = task_table.get(db, task_id)
        if row["state"] != TaskState.READY:
            raise Conflict("task.not_ready", task=task_id, name=None, state=TaskState(row["state"]))
        target = users.require_active(db, to_user, ctx.clock.stamp())
        if row["lane"] not in target.work_lanes:
            raise Forbidden("task.reassign_outside_lane", task=task_id, lane=row["lane"], user=to_user)
        instance = instance_table.get(db, row["instance_id"])
        version = versions.by_id(db, instance["version_id"])
        activity = versions.model_of(db, version["id"])["activities"][row["element"]]
        task_table.assign(db, task_id, to_user)
        events.record(db, ctx.clock, EventType.TASK_REASSIGNED, actor, instance=instance, version=version,
                      lane=row["lane"], element=row["element"], element_name=activity["name"], task_id=task_id,
                      data={"from": row["assignee"], "to": to_user, "reason": reason})
