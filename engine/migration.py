"""Move running instances to another version of their process when their current tasks exist unchanged in
it (SpiffWorkflow's own diff and migrate helpers, through `runtime.Execution`); a migration is an event."""

from . import diff, events, users, versions
from .db import transaction
from .errors import Conflict
from .runtime import Execution
from .store import instances as instance_table
from .store import tasks as task_table
from .vocabulary import EventType, InstanceStatus, Role, TaskState


def migrate(ctx, instance_id, to_version, actor):
    """Move instance `instance_id` to version number `to_version` of its process."""
    db = ctx.db
    with transaction(db):
        users.require_role(db, actor, Role.ANALYST, "action.migrate")
        instance = instance_table.get(db, instance_id)
        if instance["status"] != InstanceStatus.RUNNING:
            raise Conflict("migration.not_running", instance=instance_id, status=InstanceStatus(instance["status"]))
        old = versions.by_id(db, instance["version_id"])
        new = versions.by_number(db, instance["process_id"], to_version)
        if new["id"] == old["id"]:
            raise Conflict("migration.same_version", instance=instance_id, version=to_version)
        check_movable(db, old, new, task_table.of_instance(db, instance_id, TaskState.READY))
        execution = Execution.load(old, versions.model_of(db, old["id"]), instance["state"])
        execution.move_to(new, versions.model_of(db, new["id"]))
        instance_table.move(db, instance_id, new["id"], execution.dump())
        events.record(db, ctx.clock, EventType.INSTANCE_MIGRATED, actor, instance=instance, version=new,
                      element=instance["process_id"],
                      data={"from_version": old["version"], "to_version": new["version"]})


def check_movable(db, old, new, ready):
    """Refuse, naming the task, when a current task is missing or changed in the new version."""
    old_model, new_model = versions.model_of(db, old["id"]), versions.model_of(db, new["id"])
    for task in ready:
        before = old_model["activities"][task["element"]]
        after = new_model["activities"].get(task["element"])
        if after is None:
            raise Conflict("migration.task_missing", task=task["id"], name=before["name"], version=new["version"])
        changes = diff.activity_changes(before, after)
        if changes:
            raise Conflict("migration.task_changed", task=task["id"], name=before["name"], version=new["version"],
                           change=changes[0])
