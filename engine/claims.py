"""Taking a ready task ("Saya kerjakan") so that the lane's colleagues see who works on it, and giving it back.

A taken task is assigned to its taker, as an admin's reassignment assigns it (`tasks.assignee`, with `taken_at`
set): only they may complete it until they release it or an admin reassigns it. Both acts are events in the
chain; engine.history folds them, and `verify` compares who holds each ready task with what the events say.
"""

from . import events, users, versions
from .db import transaction
from .errors import Conflict, Forbidden
from .store import instances as instance_table
from .store import tasks as task_table
from .vocabulary import EventType, TaskState


def claim(ctx, task_id, user):
    """Take READY task `task_id` for `user`, who must be in its lane; taking one's own task again changes nothing."""
    db = ctx.db
    with transaction(db):
        row, activity = _ready(db, task_id)
        actor = users.get(db, user)
        if row["lane"] not in actor.lanes:
            raise Forbidden("task.other_lane", task=task_id, name=activity["name"], lane=row["lane"], user=user,
                            user_lanes=actor.lanes)
        if row["assignee"] == user:
            return
        if row["assignee"]:
            raise Conflict("task.taken_by_other", task=task_id, name=activity["name"], user=row["assignee"])
        task_table.take(db, task_id, user, ctx.clock.stamp())
        _record(ctx, EventType.TASK_CLAIMED, user, row, activity, {"to": user})


def release(ctx, task_id, user):
    """Give READY task `task_id` back to its lane; only the user who holds it may."""
    db = ctx.db
    with transaction(db):
        row, activity = _ready(db, task_id)
        users.get(db, user)
        if row["assignee"] != user:
            raise Conflict("task.not_taken", task=task_id, name=activity["name"], user=user,
                           holder=row["assignee"] or "")
        task_table.assign(db, task_id, None)
        _record(ctx, EventType.TASK_RELEASED, user, row, activity, {"from": user})


def _ready(db, task_id):
    row = task_table.get(db, task_id)
    instance = instance_table.get(db, row["instance_id"])
    activity = versions.model_of(db, instance["version_id"])["activities"][row["element"]]
    if row["state"] != TaskState.READY:
        raise Conflict("task.not_ready", task=task_id, name=activity["name"], state=TaskState(row["state"]))
    return {**row, "instance": instance}, activity


def _record(ctx, kind, user, row, activity, data):
    instance = row["instance"]
    events.record(ctx.db, ctx.clock, kind, user, instance=instance, version=versions.by_id(ctx.db, instance["version_id"]),
                  lane=row["lane"], element=row["element"], element_name=activity["name"], task_id=row["id"], data=data)
