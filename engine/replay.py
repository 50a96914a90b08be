"""Replay an instance: its state after any event, and a re-execution of its recorded completions
through SpiffWorkflow on the recorded version, compared step by step with the log."""

from . import events, highlight, versions
from .errors import AlurError, InvalidData
from .history import fold, started
from .kelengkapan import MISSING
from .results import Divergence, Message, Reexecution, ReplayedTask, ReplayStep
from .runtime import Execution
from .store import instances as instance_table
from .vocabulary import EventType


def step(db, instance_id, number):
    """The instance as it stood after its `number`-th event (1-based)."""
    instance_table.get(db, instance_id)
    log = events.for_instance(db, instance_id)
    if not 1 <= number <= len(log):
        raise InvalidData("replay.step_outside", instance=instance_id, step=number, steps=len(log))
    state = fold(log[:number])
    ready = [_task(e) for e in state.ready.values()]
    done = [_task(e, actor=e.actor, at=e.at, data=e.data) for e in state.done]
    marks = highlight.passed(versions.model_of(db, state.version_id), {t.element for t in done},
                             {t.element for t in ready}, state.flows)
    current = log[number - 1]
    return ReplayStep(instance=instance_id, step=number, steps=len(log), event=current, status=state.status,
                      actor=current.actor, lane=current.lane, data=state.data, done=done, ready=ready,
                      highlight=marks, subject=state.subject)


def _task(event, **more):
    return ReplayedTask(task=event.task, element=event.element, name=event.name, lane=event.lane, **more)


def reexecute(db, instance_id):
    """Run the recorded completions again; a Reexecution with the first divergence, if any."""
    row = instance_table.get(db, instance_id)
    log = events.for_instance(db, instance_id)
    checker = _Checker(db, log)
    try:
        divergence = checker.run()
    except AlurError as error:  # the engine refused a step (runtime.Execution wraps SpiffWorkflow's errors)
        divergence = Divergence(step=checker.position, event=None, message=Message("replay.engine_failed",
                                                                                   {"reason": error.message}))
    return Reexecution(instance=instance_id, process=row["process_id"], version=checker.version["version"],
                       steps=len(log), ok=divergence is None, divergence=divergence)


class _Checker:
    """Walks the log, driving a fresh execution and comparing what it does with what was recorded."""

    def __init__(self, db, log):
        self.db, self.log, self.position = db, log, 0
        self.version = versions.by_id(db, log[0].version_id)
        self.execution, self.mapped, self.pending = None, {}, []

    def run(self):
        for self.position, event in enumerate(self.log, start=1):
            message = self._apply(event)
            if message:
                return Divergence(step=self.position, event=event.seq, message=message)
        return None

    def _model(self):
        return versions.model_of(self.db, self.version["id"])

    def _apply(self, event):
        kind = event.type
        if kind == EventType.INSTANCE_STARTED:
            self.execution, first = Execution.start(self.version, self._model(), started(event.data)[1])
            return self._expect_step(first)
        if self.execution is None:
            return Message("replay.log_start", {"type": kind})
        if kind == EventType.TASK_READY:
            return self._expect(kind, event.element, lambda: self._map_ready(event))
        if kind == EventType.FLOW_TAKEN:
            return self._expect(kind, event.element)
        if kind == EventType.TASK_COMPLETED:
            return self._complete(event)
        if kind == EventType.INSTANCE_COMPLETED:
            return self._expect(kind, None)
        if kind == EventType.INSTANCE_MIGRATED:
            self.version = versions.by_id(self.db, event.version_id)
            self.execution.move_to(self.version, self._model())
        return None

    def _expect_step(self, step):
        """Note what a step should be recorded as: its flows, its newly ready tasks, the end."""
        self.pending.extend((EventType.FLOW_TAKEN, flow) for flow in step.flows)
        known = set(self.mapped.values())
        for task in step.ready:
            if task.spiff_id not in known and (EventType.TASK_READY, task.element) not in self.pending:
                self.pending.append((EventType.TASK_READY, task.element))
        if step.finished:
            self.pending.append((EventType.INSTANCE_COMPLETED, None))
        return None

    def _expect(self, kind, element, then=None):
        if (kind, element) not in self.pending:
            return Message("replay.unexpected", {"said": self._named(kind, element),
                                                 "expected": [self._named(k, e) for k, e in self.pending] or
                                                 Message("replay.nothing_more")})
        self.pending.remove((kind, element))
        return then() if then else None

    def _named(self, kind, element):
        """An expected or recorded event as an auditor reads it: its type and the name of its activity or flow
        (a flow's answer, else where it leads), the element id only where nothing has a name."""
        model = self._model()
        if element in model["activities"]:
            name = model["activities"][element]["name"]
        elif element in model["flows"]:
            flow = model["flows"][element]
            target = model["activities"].get(flow["target"], {}).get("name") or model.get("nodes", {}).get(flow["target"])
            name = flow["name"] or (target and f"→ {target}") or element
        else:
            name = element or ""
        return Message("replay.event", {"type": kind, "name": name})

    def _map_ready(self, event):
        taken = set(self.mapped.values())
        for task in self.execution.ready():
            if task.element == event.element and task.spiff_id not in taken:
                self.mapped[event.task] = task.spiff_id
                return None
        return Message("replay.no_ready_match", {"element": event.element, "task": event.task})

    def _complete(self, event):
        spiff_id = self.mapped.pop(event.task, None)
        if spiff_id is None:
            return Message("replay.never_ready", {"task": event.task, "name": event.name})
        if self.pending:
            kind, element = self.pending[0]
            return Message("replay.completed_early", {"name": event.name, "expected": self._named(kind, element)})
        entered = {key: value for key, value in event.data.items() if key != MISSING}  # said, not data
        return self._expect_step(self.execution.complete(spiff_id, entered, event.name))
