"""Move running instances to a newer version of their process when their current tasks exist
unchanged in it. Uses SpiffWorkflow's own diff and migrate helpers; a migration is an event."""

from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow

from . import diff, events, instances, runtime, users, versions
from .db import transaction
from .errors import Conflict, NotFound


def migrate(db, instance_id, to_version, actor):
    """Move instance `instance_id` to version number `to_version` of its process."""
    with transaction(db):
        users.require_role(db, actor, "analyst", "migrate instances")
        instance = instances.get_row(db, instance_id)
        if instance["status"] != "running":
            raise Conflict(f"instance {instance_id} is {instance['status']}: only running instances move")
        old = versions.by_id(db, instance["version_id"])
        new = _version(db, instance["process_id"], to_version)
        if new["id"] == old["id"]:
            raise Conflict(f"instance {instance_id} is on version {to_version} already")
        ready = list(db.query("SELECT * FROM tasks WHERE instance_id = ? AND state = 'ready'", [instance_id]))
        check_movable(db, old, new, ready)
        workflow = runtime.load(old, instance["state"])
        move(workflow, new)
        db.execute("UPDATE instances SET version_id = ?, state = ? WHERE id = ?",
                   [new["id"], runtime.dump(workflow), instance_id])
        events.record(db, "instance_migrated", actor, instance=instance, version=new, element=instance["process_id"],
                      data={"from_version": old["version"], "to_version": new["version"]})


def _version(db, process_id, number):
    rows = list(db.query("SELECT * FROM versions WHERE process_id = ? AND version = ?", [process_id, number]))
    if not rows:
        raise NotFound(f"process '{process_id}' has no version {number}: see `alur versions {process_id}`")
    return rows[0]


def check_movable(db, old, new, ready):
    """Refuse, naming the task, when a current task is missing or changed in the new version."""
    old_model, new_model = versions.model_of(db, old["id"]), versions.model_of(db, new["id"])
    for task in ready:
        before = old_model["activities"][task["element"]]
        after = new_model["activities"].get(task["element"])
        if after is None:
            raise Conflict(f"task {task['id']} ({before['name']}) is not in version {new['version']}: "
                           "the instance must finish on its own version")
        changes = diff.activity_changes(before, after)
        if changes:
            raise Conflict(f"task {task['id']} ({before['name']}) changed in version {new['version']} "
                           f"({changes[0]}): the instance must finish on its own version")


def move(workflow, new_version):
    """Put `workflow` on `new_version`'s spec, keeping its ready tasks (ids and data)."""
    spec, subprocess_specs = runtime.specs(new_version)
    kept = {task.id: dict(task.data) for task in runtime.ready_user_tasks(workflow)}
    top, _ = diff_workflow(runtime.registry(), workflow, spec, subprocess_specs)
    migrate_workflow(top, workflow, spec)
    workflow.subprocess_specs = subprocess_specs
    workflow.do_engine_steps()
    for task in runtime.ready_user_tasks(workflow):
        if task.id in kept:
            task.data = kept[task.id]
    if {t.id for t in runtime.ready_user_tasks(workflow)} != set(kept):
        raise Conflict("the instance's ready tasks would change on the new version: it must finish on its own")
