"""SpiffWorkflow behind one small interface: build a workflow from a stored version, run a
step, and save the state so that its size, and so each command's cost, does not grow with history.

SpiffWorkflow's task tree keeps every task ever run, and its iterator stops at depth 1000, so a
long loop would both slow every request and hide ready tasks. After each step the tree is pruned
to what is still to come: finished branches are dropped and finished pass-through tasks are spliced
out of chains. The audit trail lives in Alur's own events table, not in this tree.
"""

import json
from collections import OrderedDict

from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.defaults import (EndEvent, ExclusiveGateway, InclusiveGateway,
                                               IntermediateThrowEvent, ParallelGateway, StartEvent)
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.specs.Join import Join
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.spiff.specs.defaults import UserTask
from SpiffWorkflow.util.task import TaskState

from .expressions import script_engine
from .xmlsafe import parse as parse_xml

_SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
_PASS_THROUGH = (UserTask, StartEvent, EndEvent, ExclusiveGateway, IntermediateThrowEvent)
GATEWAY_SPECS = (ExclusiveGateway, InclusiveGateway, ParallelGateway)
_SPEC_CACHE = OrderedDict()
_SPEC_CACHE_SIZE = 64


def specs(version):
    """(spec, subprocess_specs) of a stored version row, parsed once per process."""
    key = (version["id"], version["sha256"])
    if key not in _SPEC_CACHE:
        parser = SpiffBpmnParser()
        parser.add_bpmn_xml(parse_xml(version["bpmn"], version["file_name"]), version["file_name"])
        pid = version["process_id"]
        _SPEC_CACHE[key] = (parser.get_spec(pid), parser.get_subprocess_specs(pid))
        if len(_SPEC_CACHE) > _SPEC_CACHE_SIZE:
            _SPEC_CACHE.popitem(last=False)
    _SPEC_CACHE.move_to_end(key)
    return _SPEC_CACHE[key]


def new_workflow(version, data):
    spec, subprocess_specs = specs(version)
    workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine())
    workflow.task_tree.data.update(data)
    return workflow


def load(version, state):
    """The workflow saved as `state` (from `dump`) on its version's spec."""
    spec, subprocess_specs = specs(version)
    dct = json.loads(state)
    dct["spec"] = _SERIALIZER.to_dict(spec)
    dct["subprocess_specs"] = {name: _SERIALIZER.to_dict(s) for name, s in subprocess_specs.items()}
    workflow = _SERIALIZER.from_dict(dct)
    workflow.script_engine = script_engine()
    return workflow


def dump(workflow):
    """Prune the tree to what is still to come and serialise it without the spec."""
    prune(workflow)
    dct = _SERIALIZER.to_dict(workflow)
    del dct["spec"], dct["subprocess_specs"]
    return json.dumps(dct, separators=(",", ":"))


def prune(workflow):
    root = workflow.task_tree
    needed = _needed(root)
    for task in _walk(root):
        task._children = [c for c in task._children if needed.get(c)]
    for task_id in [i for i in workflow.tasks if not needed.get(i) and i != root.id]:
        del workflow.tasks[task_id]
    for task in list(_walk(root)):
        if task is not root and _spliceable(task):
            child = task.children[0]
            parent = task.parent
            parent._children = [child.id if c == task.id else c for c in parent._children]
            child._parent = parent.id
            del workflow.tasks[task.id]


def _walk(root):
    stack = [root]
    while stack:
        task = stack.pop()
        yield task
        stack.extend(task.children)


def _needed(root):
    """task id -> whether the task or anything below it is unfinished or part of a join."""
    order = list(_walk(root))
    needed = {}
    for task in reversed(order):
        needed[task.id] = (not task.has_state(TaskState.FINISHED_MASK) or isinstance(task.task_spec, Join)
                           or any(needed.get(c) for c in task._children))
    return needed


def _spliceable(task):
    return (task.state == TaskState.COMPLETED and isinstance(task.task_spec, _PASS_THROUGH)
            and len(task._children) == 1 and not isinstance(task.children[0].task_spec, Join))


def ready_user_tasks(workflow):
    return workflow.get_tasks(state=TaskState.READY, manual=True)


def states(workflow):
    return {task.id: task.state for task in workflow.get_tasks()}


def newly_completed(workflow, before):
    """Tasks completed since the snapshot `before` (from `states`), in the order they completed."""
    done = [t for t in workflow.get_tasks(state=TaskState.COMPLETED) if before.get(t.id) != TaskState.COMPLETED]
    return sorted(done, key=lambda t: t.last_state_change)


def taken_targets(gateway_task):
    """Element ids a completed gateway task sent its token to."""
    live = TaskState.READY | TaskState.COMPLETED | TaskState.WAITING | TaskState.STARTED
    return [c.task_spec.name for c in gateway_task.children if c.has_state(live)]


def reached_end(completed_tasks):
    return any(isinstance(t.task_spec, EndEvent) for t in completed_tasks)


def current_data(workflow):
    """The instance's data as it stands: the ready tasks' data, or the workflow's once it is done."""
    data = {}
    if workflow.is_completed():
        last = workflow.last_task
        data.update(last.data if last is not None else {})
        data.update(workflow.data)
    for task in workflow.get_tasks(state=TaskState.READY):
        data.update(task.data)
    return _plain(data)


def _plain(data):
    return json.loads(json.dumps(data, default=str))


def registry():
    """SpiffWorkflow's converter registry (its diff helpers compare specs through it)."""
    return _SERIALIZER.registry
