"""Replay an instance: its state after any event, and a re-execution of its recorded completions
through SpiffWorkflow on the recorded version, compared step by step with the log."""

import json

from SpiffWorkflow.exceptions import SpiffWorkflowException

from . import events, highlight, instances, migration, runtime, versions
from .errors import AlurError, InvalidData


def step(db, instance_id, number):
    """The instance as it stood after its `number`-th event (1-based)."""
    log = events.for_instance(db, instance_id)
    instances.get_row(db, instance_id)
    if not 1 <= number <= len(log):
        raise InvalidData(f"instance {instance_id} has events 1 to {len(log)}; step {number} is outside them")
    version_ids = [e["version_id"] for e in log[:number] if e["version_id"]]
    model = versions.model_of(db, version_ids[-1])
    ready, done, flows, data, status = {}, [], [], {}, "running"
    for event in log[:number]:
        kind = event["type"]
        if kind == "instance_started":
            data.update(event["data"])
        elif kind == "task_ready":
            ready[event["task"]] = _task(event)
        elif kind == "task_completed":
            ready.pop(event["task"], None)
            done.append({**_task(event), "actor": event["actor"], "at": event["at"], "data": event["data"]})
            data.update(event["data"])
        elif kind == "flow_taken":
            flows.append(event["element"])
        elif kind == "instance_completed":
            status = "completed"
        elif kind == "instance_cancelled":
            status, ready = "cancelled", {}
    current = log[number - 1]
    return {"instance": instance_id, "step": number, "steps": len(log), "event": current, "status": status,
            "actor": current["actor"], "lane": current["lane"], "data": data, "done": done,
            "ready": list(ready.values()), "highlight": highlight.passed(model, {t["element"] for t in done}, {t["element"] for t in ready.values()}, flows)}


def _task(event):
    return {"task": event["task"], "element": event["element"], "name": event["name"], "lane": event["lane"]}


def reexecute(db, instance_id):
    """Run the recorded completions again; {'ok', 'steps', 'divergence'} with the first divergence."""
    row = instances.get_row(db, instance_id)
    log = events.for_instance(db, instance_id)
    checker = _Checker(db, versions.by_id(db, log[0]["version_id"]), log)
    try:
        divergence = checker.run()
    except (SpiffWorkflowException, AlurError) as error:
        divergence = {"step": checker.position, "message": f"the engine could not run this step: {error}"}
    return {"instance": instance_id, "process": row["process_id"], "version": checker.version["version"],
            "steps": len(log), "ok": divergence is None, "divergence": divergence}


class _Checker:
    """Walks the log, driving a fresh workflow and comparing what it does with what was recorded."""

    def __init__(self, db, version, log):
        self.db, self.version, self.log, self.position = db, version, log, 0
        self.workflow, self.mapped, self.pending = None, {}, []

    def run(self):
        for self.position, event in enumerate(self.log, start=1):
            divergence = self._apply(event)
            if divergence:
                return {"step": self.position, "event": event["seq"], "message": divergence}
        return None

    def _apply(self, event):
        kind = event["type"]
        if kind == "instance_started":
            self.workflow = runtime.new_workflow(self.version, event["data"])
            return self._advance({})
        if self.workflow is None:
            return f"the log does not begin with instance_started but with {kind}"
        if kind == "task_ready":
            return self._expect("task_ready", event["element"], lambda: self._map_ready(event))
        if kind == "flow_taken":
            return self._expect("flow_taken", event["element"])
        if kind == "task_completed":
            return self._complete(event)
        if kind == "instance_completed":
            return self._expect("instance_completed", None)
        if kind == "instance_migrated":
            self.version = versions.by_id(self.db, event["version_id"])
            migration.move(self.workflow, self.version)
        return None

    def _advance(self, before):
        self.workflow.do_engine_steps()
        done = runtime.newly_completed(self.workflow, before)
        model_flows = versions_flows(self.version)
        for task in done:
            if isinstance(task.task_spec, runtime.GATEWAY_SPECS):
                for target in runtime.taken_targets(task):
                    for flow_id, flow in model_flows.items():
                        if flow["source"] == task.task_spec.name and flow["target"] == target:
                            self.pending.append(("flow_taken", flow_id))
        known = {id(t) for t in self.mapped.values()}
        for task in runtime.ready_user_tasks(self.workflow):
            if id(task) not in known and ("task_ready", task.task_spec.name) not in self.pending:
                self.pending.append(("task_ready", task.task_spec.name))
        if self.workflow.is_completed():
            self.pending.append(("instance_completed", None))
        return None

    def _expect(self, kind, element, then=None):
        if (kind, element) not in self.pending:
            expected = ", ".join(f"{k} {e or ''}".strip() for k, e in self.pending) or "nothing more"
            return f"the log says {kind} {element or ''}".rstrip() + f", but re-execution gives {expected}"
        self.pending.remove((kind, element))
        return then() if then else None

    def _map_ready(self, event):
        taken = {id(t) for t in self.mapped.values()}
        for task in runtime.ready_user_tasks(self.workflow):
            if task.task_spec.name == event["element"] and id(task) not in taken:
                self.mapped[event["task"]] = task
                return None
        return f"no ready task {event['element']} to match task {event['task']}"

    def _complete(self, event):
        task = self.mapped.pop(event["task"], None)
        if task is None:
            return f"the log completes task {event['task']} ({event['name']}), which re-execution never made ready"
        if self.pending:
            kind, element = self.pending[0]
            return f"the log completes {event['name']} while re-execution still expects {kind} {element or ''}".rstrip()
        before = runtime.states(self.workflow)
        task.set_data(**event["data"])
        task.run()
        return self._advance(before)


def versions_flows(version):
    return json.loads(version["model"])["flows"]
