"""Administrative acts: cancelling an instance and moving a task to another user of its lane.
Each needs the admin role and a reason, and is an event in the chain like any other."""

from . import clock, events, instances, users, versions
from .db import transaction
from .errors import Conflict, Forbidden, InvalidData


def _reason(reason):
    if not (reason or "").strip():
        raise InvalidData("give a reason (--reason): the audit trail records why")
    return reason.strip()


def cancel(db, instance_id, actor, reason):
    reason = _reason(reason)
    with transaction(db):
        users.require_role(db, actor, "admin", "cancel an instance")
        instance = instances.get_row(db, instance_id)
        if instance["status"] != "running":
            raise Conflict(f"instance {instance_id} is {instance['status']} already")
        version = versions.by_id(db, instance["version_id"])
        db.execute("UPDATE tasks SET state = 'cancelled' WHERE instance_id = ? AND state = 'ready'", [instance_id])
        db.execute("UPDATE instances SET status = 'cancelled', ended_at = ? WHERE id = ?", [clock.stamp(), instance_id])
        events.record(db, "instance_cancelled", actor, instance=instance, version=version,
                      element=instance["process_id"], data={"reason": reason})


def reassign(db, task_id, to_user, actor, reason):
    """Move a READY task to `to_user`, who must belong to its lane; only they may then complete it."""
    reason = _reason(reason)
    with transaction(db):
        users.require_role(db, actor, "admin", "reassign a task")
        row = instances.task_row(db, task_id)
        if row["state"] != "ready":
            raise Conflict(f"task {task_id} is {row['state']}: only a ready task can be reassigned")
        target = users.get(db, to_user)
        if row["lane"] not in target["lanes"]:
            raise Forbidden(f"task {task_id} belongs to lane '{row['lane']}'; user '{to_user}' is not in it")
        instance = instances.get_row(db, row["instance_id"])
        version = versions.by_id(db, instance["version_id"])
        activity = versions.model_of(db, version["id"])["activities"][row["element"]]
        db.execute("UPDATE tasks SET assignee = ? WHERE id = ?", [to_user, task_id])
        events.record(db, "task_reassigned", actor, instance=instance, version=version, lane=row["lane"],
                      element=row["element"], element_name=activity["name"], task_id=task_id,
                      data={"from": row["assignee"], "to": to_user, "reason": reason})
