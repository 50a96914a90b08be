"""An instance's SpiffWorkflow state to and from the dict `json` reads and writes, in SpiffWorkflow's own format
(serializer 1.5, without the spec: the version holds it), at a fraction of SpiffWorkflow's cost.

SpiffWorkflow's converter restores each task through its generic registry (a copy of every dict, a recursive
walk of every value) and keys the task tree by `uuid.UUID`, whose construction, hashing and comparison are
Python code: about half of a completion's SpiffWorkflow time went there, for states of 5 to 10 tasks. Here the
tasks of a process are restored directly, keyed by their ids as text (SpiffWorkflow treats ids as opaque keys;
tasks it creates while stepping get `uuid4()` ids, which never equal a text id and are written out the same
way). What the text is stays exactly what SpiffWorkflow writes and reads, so a state from either loads in the
other; a state with subprocesses (which no runnable Alur diagram has) goes through SpiffWorkflow's own converter.
"""

from copy import copy

from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

_MUTABLE = (dict, list, set)


class StateConverter(BpmnWorkflowConverter):
    """SpiffWorkflow's converter of a workflow, without its spec: dumped without converting the spec to a dict
    (only to drop it), loaded onto the version's parsed spec objects."""

    def to_dict(self, workflow):
        tasks = workflow.tasks
        return dict(   # SpiffWorkflow's WorkflowConverter.to_dict, key for key, then the top workflow's own
            data=self.registry.convert(self.registry.clean(workflow.data)),
            correlations=workflow.correlations,
            last_task=str(workflow.last_task.id) if workflow.last_task is not None else None,
            success=workflow.success,
            completed=workflow.completed,
            tasks={str(key): (_task_dict(self.registry, task, tasks) if type(task) is Task
                              else self.registry.convert(task)) for key, task in tasks.items()},
            root=str(workflow.task_tree.id),
            subprocesses=self.mapping_to_dict(workflow.subprocesses),
            bpmn_events=self.registry.convert(workflow.bpmn_events),
        )

    def from_dict(self, dct, spec, subprocess_specs):
        if dct.get("subprocesses"):
            # SpiffWorkflow restores what is not a dict of a known type as it is: the spec objects themselves.
            return super().from_dict({**dct, "spec": spec, "subprocess_specs": subprocess_specs})
        workflow = self.target_class(spec, subprocess_specs, deserializing=True)
        for task in dct["tasks"].values():   # parents come before their children, as SpiffWorkflow wrote them
            _restore_task(self.registry, task, workflow)
        workflow.task_tree = workflow.tasks.get(dct["root"])
        self.set_default_attributes(workflow, dct)
        workflow.last_task = workflow.tasks.get(dct["last_task"])   # SpiffWorkflow's looks it up by UUID
        workflow.bpmn_events = self.registry.restore(dct.get("bpmn_events", []))
        return workflow


def _task_dict(registry, task, tasks):
    """SpiffWorkflow's TaskConverter.to_dict, key for key: a task's data as what changed from its parent's."""
    parent = tasks.get(task._parent)
    if parent is None:
        data, delta = task.data, {}
    else:
        before, after = parent.data, task.data
        data = {}
        delta = {"updates": {k: v for k, v in after.items() if k not in before or v != before[k]},
                 "deletions": [k for k in before if k not in after]}
    internal = task.internal_data
    return {
        "id": str(task.id),
        "parent": str(task._parent) if parent is not None else None,
        "children": [str(child) for child in task._children],
        "last_state_change": task.last_state_change,
        "state": task.state,
        "task_spec": task.task_spec.name,
        "triggered": task.triggered,
        "internal_data": registry.convert(internal) if internal else {},
        "data": data,
        "delta": delta,
        "typename": "Task",
    }


def _restore_task(registry, dct, workflow):
    """SpiffWorkflow's TaskConverter.from_dict with the ids kept as text (the task adds itself to the workflow)."""
    task_spec = workflow.spec.task_specs.get(dct["task_spec"])
    task = Task(workflow, task_spec, state=dct["state"], id=dct["id"])
    task._parent = dct["parent"]
    task._children = dct["children"]
    task.last_state_change = dct["last_state_change"]
    task.triggered = dct["triggered"]
    internal = dct["internal_data"]
    task.internal_data = registry.restore(internal) if internal else {}
    if isinstance(task_spec, CatchingEvent) and task.has_state(TaskState.WAITING):
        workflow.top_workflow.event_manager.add_task(task)
    delta = dct.get("delta")
    parent = workflow.tasks.get(task._parent) if task._parent is not None else None
    if delta and parent is not None:
        # DeepMerge.merge({}, parent.data): a copy of each of the parent's values that can change in place
        data = {k: copy(v) if isinstance(v, _MUTABLE) else v for k, v in parent.data.items()}
        updates = delta.get("updates")
        if updates:
            data.update(registry.restore(updates))
        for key in delta.get("deletions", ()):
            data.pop(key, None)
    else:
        data = registry.restore(dct["data"])
    task.data = data
    return task
