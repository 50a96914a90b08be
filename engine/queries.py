"""Read-only views: tasks, instances, one instance, its diagram. None loads workflow state."""

import json

from . import events, highlight, versions, worklist
from .results import Diagram, Instance, InstanceDetail, MutuBaku, Task
from .store import events as event_table
from .store import instances as instance_table
from .store import tasks as task_table
from .vocabulary import InstanceStatus, TaskState


def tasks(ctx, order=None, limit=None, offset=0, **conditions):
    """READY tasks filtered by `conditions` (engine.worklist.task_filter), oldest or due first, a page of them."""
    ids = worklist.task_ids(ctx, worklist.task_filter(ctx, **conditions), order, limit, offset)
    return [task_view(ctx.db, row) for row in task_table.views(ctx.db, ids=ids)]


def ready_of(db, instance_id, rows=None):
    """The READY tasks of one instance, oldest first (what a completion answers with): from their views `rows`
    when the completion has them, else in one query."""
    if rows is None:
        rows = task_table.views(db, state=TaskState.READY, instance=instance_id)
    return [task_view(db, row) for row in rows]


def task(db, task_id):
    """One task (any state) with its activity, for the task page."""
    return task_view(db, task_table.view(db, task_id))


def task_view(db, row):
    activity = versions.model_of(db, row["version_id"])["activities"][row["element"]]
    mutu = activity["mutu_baku"]
    return Task(
        id=row["id"], instance=row["instance_id"], process=row["process_id"], version=row["version"],
        element=row["element"], number=activity["number"], name=activity["name"], lane=row["lane"],
        documentation=activity["documentation"], state=TaskState(row["state"]),
        mutu_baku=MutuBaku(**{key: mutu.get(key, "") for key in MutuBaku.__dataclass_fields__}),
        ready_at=row["ready_at"], due_at=row["due_at"], completed_at=row["completed_at"],
        completed_by=row["completed_by"], assignee=row["assignee"], fields=activity["fields"],
        subject=row["subject"], taken_at=row["taken_at"])


def list_instances(ctx, order=None, limit=None, offset=0, **conditions):
    """Instances filtered by `conditions` (engine.worklist.instance_filter), newest or oldest first."""
    ids = worklist.instance_ids(ctx, worklist.instance_filter(ctx, **conditions), order or "oldest", limit, offset)
    return [_instance(row) for row in instance_table.listing(ctx.db, ids=ids)]


def _instance(row, cls=Instance, **more):
    return cls(id=row["id"], process=row["process_id"], name=row["name"], version=row["version"],
               status=InstanceStatus(row["status"]), started_at=row["started_at"], started_by=row["started_by"],
               ended_at=row["ended_at"], subject=row["subject"], **more)


def show(db, instance_id):
    row = instance_table.listed(db, instance_id)
    views = [task_view(db, r) for r in task_table.views(db, instance=instance_id)]
    return _instance(row, InstanceDetail, data=json.loads(row["data"]),
                     ready=[t for t in views if t.state == TaskState.READY],
                     completed=[t for t in views if t.state == TaskState.COMPLETED])


def history(db, instance_id):
    instance_table.get(db, instance_id)
    return events.for_instance(db, instance_id)


def checked_instance(db, instance_id, what):
    """`what(db, instance_id)` for an instance that exists (NotFound otherwise)."""
    instance_table.get(db, instance_id)
    return what(db, instance_id)


def diagram(db, instance_id):
    """The instance's diagram and what to highlight on it: done and current nodes, taken flows."""
    row = instance_table.get(db, instance_id)
    version = versions.by_id(db, row["version_id"])
    elements = {state: set() for state in TaskState}
    for task_row in task_table.of_instance(db, instance_id):
        elements[TaskState(task_row["state"])].add(task_row["element"])
    marks = highlight.passed(versions.model_of(db, version["id"]), elements[TaskState.COMPLETED],
                             elements[TaskState.READY], event_table.taken_flows(db, instance_id))
    return Diagram(instance=instance_id, process=row["process_id"], version=version["version"],
                   bpmn=version["bpmn"].decode("utf-8"), done=marks.done, current=marks.current, flows=marks.flows)


def version_diff(db, process_id, old, new, what):
    """`what` (diff.between or diff.elements) applied to the models of versions `old` and `new`."""
    old_row, new_row = versions.by_number(db, process_id, old), versions.by_number(db, process_id, new)
    return what(versions.model_of(db, old_row["id"]), versions.model_of(db, new_row["id"]))
