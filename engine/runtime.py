"""SpiffWorkflow behind one object, `Execution`: the only code that holds a SpiffWorkflow workflow. It starts
or loads an instance's state, steps it to the next user tasks (saying what completed, which flows were
taken and what is ready), moves it to another version, and dumps it, so that its size, and so each
command's cost, does not grow with history.

SpiffWorkflow's task tree keeps every task ever run, and its iterator stops at depth 1000, so a
long loop would both slow every request and hide ready tasks. After each step the tree is pruned
to what is still to come: finished branches are dropped and finished pass-through tasks are spliced
out of chains. The audit trail lives in Alur's own events table, not in this tree.
"""

import json
from collections import OrderedDict
from dataclasses import dataclass
from uuid import UUID

from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.defaults import (EndEvent, ExclusiveGateway, InclusiveGateway,
                                               IntermediateThrowEvent, ParallelGateway, StartEvent)
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.specs.Join import Join
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.spiff.specs.defaults import UserTask
from SpiffWorkflow.util.task import TaskState

from .errors import AlurError, Conflict, InstanceStuck
from .expressions import script_engine
from .spiffstate import StateConverter
from .xmlsafe import parse as parse_xml

_SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure({**SPIFF_CONFIG,
                                                                       BpmnWorkflow: StateConverter}))
_PASS_THROUGH = (UserTask, StartEvent, EndEvent, ExclusiveGateway, IntermediateThrowEvent)
_GATEWAYS = (ExclusiveGateway, InclusiveGateway, ParallelGateway)
_LIVE = TaskState.READY | TaskState.COMPLETED | TaskState.WAITING | TaskState.STARTED
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


def schema_problems(root, file_name):
    """(line, element, detail) for each way the diagram breaks the BPMN 2.0 schema (SpiffWorkflow's XSD)."""
    try:
        VALIDATOR.validate(root, file_name)
    except ValidationException as error:
        return [(error.line_number or None, None, str(error))]
    return []


def parse_problems(root, file_name, process_ids):
    """(line, element, detail) for what keeps SpiffWorkflow from reading the processes `process_ids`."""
    try:
        parser = SpiffBpmnParser()
        parser.add_bpmn_xml(root, file_name)
        for process_id in process_ids:
            parser.get_spec(process_id)
    except ValidationException as error:
        return [(error.line_number or None, error.id or None, str(error))]
    except SpiffWorkflowException as error:
        return [(None, None, str(error))]
    return []


def prune(workflow):
    root = workflow.task_tree
    order = _walk(workflow)
    needed = _needed(order)
    for task in order:
        task._children = [c for c in task._children if needed.get(c)]
    for task_id in [i for i in workflow.tasks if not needed.get(i) and i != root.id]:
        del workflow.tasks[task_id]
    for task in _walk(workflow):
        if task is not root and _spliceable(task):
            child = task.children[0]
            parent = task.parent
            parent._children = [child.id if c == task.id else c for c in parent._children]
            child._parent = parent.id
            del workflow.tasks[task.id]


def _walk(workflow):
    """The workflow's tasks, each before its children."""
    tasks, order, stack = workflow.tasks, [], [workflow.task_tree]
    while stack:
        task = stack.pop()
        order.append(task)
        stack.extend(tasks[child] for child in task._children)
    return order


def _needed(order):
    """task id -> whether the task or anything below it is unfinished or part of a join (`order`: parents
    before children)."""
    needed = {}
    for task in reversed(order):
        needed[task.id] = (not task.has_state(TaskState.FINISHED_MASK) or isinstance(task.task_spec, Join)
                           or any(needed.get(c) for c in task._children))
    return needed


def _spliceable(task):
    return (task.state == TaskState.COMPLETED and isinstance(task.task_spec, _PASS_THROUGH)
            and len(task._children) == 1 and not isinstance(task.children[0].task_spec, Join))


@dataclass(frozen=True)
class ReadyTask:
    spiff_id: str
    element: str


@dataclass(frozen=True)
class Step:
    """What one step of the engine did: the flows its gateways took (ids, in order), the user tasks ready
    now, and whether the process reached an end event."""

    flows: list
    ready: list
    finished: bool


class Execution:
    """One instance's SpiffWorkflow state on one version of its process (`version` row, `model` dict)."""

    def __init__(self, workflow, version, model):
        self.workflow, self.version, self.model = workflow, version, model

    @classmethod
    def start(cls, version, model, data):
        """A new instance with `data`, stepped to its first user tasks: (execution, step)."""
        spec, subprocess_specs = specs(version)
        workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine())
        workflow.task_tree.data.update(data)
        execution = cls(workflow, version, model)
        return execution, execution._advance({}, None)

    @classmethod
    def load(cls, version, model, state):
        """The state saved by `dump`, on its version's spec."""
        spec, subprocess_specs = specs(version)
        workflow = _SERIALIZER.from_dict(json.loads(state), spec=spec, subprocess_specs=subprocess_specs)
        workflow.script_engine = script_engine()
        return cls(workflow, version, model)

    def complete(self, spiff_id, data, activity_name):
        """Complete the ready user task `spiff_id` with `data` and step on to the next user tasks."""
        tasks = self.workflow.tasks   # ids as text once loaded (engine.spiffstate), UUIDs on a workflow just started
        task = self.workflow.get_task_from_id(spiff_id if spiff_id in tasks else UUID(spiff_id))
        before = {t.id: t.state for t in self.workflow.tasks.values()}
        task.set_data(**data)
        _run(task.run, activity_name)
        return self._advance(before, activity_name)

    def ready(self):
        return [ReadyTask(str(t.id), t.task_spec.name)
                for t in self.workflow.get_tasks(state=TaskState.READY, manual=True)]

    @property
    def finished(self):
        return self.workflow.is_completed()

    def saved(self):
        """(state, data) as JSON text, as the instance's row keeps them."""
        return self.dump(), self._data_text()

    def _data_text(self):
        """The instance's data as JSON text: the workflow's once it is done; before, what the tasks the pruned tree
        still holds carry (the ready ones, and the last task of a parallel branch that waits at its join with what
        was entered there), the latest change last, as the events have it."""
        data = {}
        if self.workflow.is_completed():
            last = self.workflow.last_task
            data.update(last.data if last is not None else {})
            data.update(self.workflow.data)
        for task in sorted(self.workflow.get_tasks(state=TaskState.READY | TaskState.WAITING | TaskState.COMPLETED),
                           key=lambda t: t.last_state_change):
            data.update(task.data)
        return json.dumps(data, default=str, ensure_ascii=False)

    def move_to(self, version, model):
        """Put the instance on `version`'s spec, keeping its ready tasks (ids and data); Conflict when the
        ready tasks would change."""
        spec, subprocess_specs = specs(version)
        kept = {task.id: dict(task.data) for task in self._ready_tasks()}
        top, _ = diff_workflow(_SERIALIZER.registry, self.workflow, spec, subprocess_specs)
        migrate_workflow(top, self.workflow, spec)
        self.workflow.subprocess_specs = subprocess_specs
        _run(self.workflow.do_engine_steps, None)
        for task in self._ready_tasks():
            if task.id in kept:
                task.data = kept[task.id]
        if {t.id for t in self._ready_tasks()} != set(kept):
            raise Conflict("migration.ready_tasks_change", version=version["version"])
        self.version, self.model = version, model
        prune(self.workflow)

    def dump(self):
        """The state without the spec (the version has it), pruned to what is still to come."""
        return json.dumps(_SERIALIZER.to_dict(self.workflow), separators=(",", ":"))

    def _ready_tasks(self):
        return self.workflow.get_tasks(state=TaskState.READY, manual=True)

    def _advance(self, before, activity_name):
        _run(self.workflow.do_engine_steps, activity_name)
        done = sorted((t for t in self.workflow.get_tasks(state=TaskState.COMPLETED)
                       if before.get(t.id) != TaskState.COMPLETED), key=lambda t: t.last_state_change)
        flows = [flow for task in done if isinstance(task.task_spec, _GATEWAYS) for flow in self._taken(task)]
        finished = self.workflow.is_completed()
        if finished and not any(isinstance(t.task_spec, EndEvent) for t in done):
            raise InstanceStuck("instance.no_end_event")
        prune(self.workflow)   # first: the ready tasks are the same, in the same order, in a smaller tree
        step = Step(flows=flows, ready=self.ready(), finished=finished)
        if not finished and not step.ready:
            raise InstanceStuck("instance.nothing_ready")
        return step

    def _taken(self, gateway_task):
        """Flow ids a completed gateway task sent its token along."""
        gateway = gateway_task.task_spec.name
        targets = [c.task_spec.name for c in gateway_task.children if c.has_state(_LIVE)]
        return [flow_id for target in targets for flow_id, flow in self.model["flows"].items()
                if flow["source"] == gateway and flow["target"] == target]


def _run(step, activity_name):
    """Run a SpiffWorkflow step; a failure (a condition that cannot be evaluated, say) is the diagram's."""
    try:
        step()
    except SpiffWorkflowException as error:
        cause = _refusal_behind(error)
        reason = cause.message if cause is not None else None
        raise InstanceStuck("instance.cannot_go_on" if activity_name else "instance.cannot_start", after=activity_name,
                            reason=reason,
                            detail=None if reason else str(error)) from None


def _refusal_behind(error):
    """Alur's own refusal (a condition the evaluator refused) behind a SpiffWorkflow error, however SpiffWorkflow
    wrapped it (its `exception`, or the error it was handling when it raised its own); else None."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, AlurError):
            return error
        seen.add(id(error))
        error = getattr(error, "exception", None) or error.__cause__ or error.__context__
    return None
