"""Start instances and complete their tasks: each command one transaction over state, the ready
tasks table and the events."""

import json
from uuid import UUID

from SpiffWorkflow.exceptions import SpiffWorkflowException

from . import clock, events, fields, runtime, users, versions, workcalendar
from .db import transaction
from .errors import AlurError, Conflict, Forbidden, InstanceStuck, InvalidData, NotFound


def start(db, process_id, user, data=None):
    """Start an instance of the newest version of `process_id`; return its id."""
    data = _object(data)
    with transaction(db):
        version = versions.newest(db, process_id)
        model = versions.model_of(db, version["id"])
        starter = users.get(db, user)
        lanes = [lane for lane in model["start_lanes"] if lane in starter["lanes"]]
        if not lanes:
            raise Forbidden(f"only the lane {' or '.join(model['start_lanes'])} may start '{process_id}'; "
                            f"user '{user}' belongs to {_lanes(starter)}")
        workflow = runtime.new_workflow(version, data)
        instance = {"version_id": version["id"], "process_id": process_id, "status": "running",
                    "started_at": clock.stamp(), "started_by": user, "state": "{}", "data": json.dumps(data)}
        instance["id"] = db["instances"].insert(instance).last_pk
        events.record(db, "instance_started", user, instance=instance, version=version, lane=lanes[0],
                      element=process_id, element_name=model["name"], data=data)
        _advance(db, instance, version, model, workflow, {}, user, f"at the start of '{model['name']}'")
    return instance["id"]


def complete(db, task_id, user, data=None):
    """Complete READY task `task_id` as `user` with `data`; return the instance's id."""
    data = _object(data)
    with transaction(db):
        row = task_row(db, task_id)
        instance = db["instances"].get(row["instance_id"])
        version = versions.by_id(db, instance["version_id"])
        model = versions.model_of(db, version["id"])
        activity = model["activities"][row["element"]]
        _check_can_complete(db, row, activity, user)
        cleaned = fields.validate(activity["fields"], data)
        workflow = runtime.load(version, instance["state"])
        spiff_task = workflow.get_task_from_id(UUID(row["spiff_id"]))
        before = runtime.states(workflow)
        spiff_task.set_data(**cleaned)
        where = f"after '{activity['name']}'"
        _run(spiff_task.run, where)
        now = clock.stamp()
        db.execute("UPDATE tasks SET state = 'completed', completed_at = ?, completed_by = ? WHERE id = ?",
                   [now, user, row["id"]])
        events.record(db, "task_completed", user, instance=instance, version=version, lane=row["lane"],
                      element=row["element"], element_name=activity["name"], task_id=row["id"], data=cleaned)
        _advance(db, instance, version, model, workflow, before, user, where)
    return instance["id"]


def get_row(db, instance_id):
    rows = list(db.query("SELECT * FROM instances WHERE id = ?", [instance_id]))
    if not rows:
        raise NotFound(f"no instance {instance_id}: see `alur instances`")
    return rows[0]


def task_row(db, task_id):
    rows = list(db.query("SELECT * FROM tasks WHERE id = ?", [task_id]))
    if not rows:
        raise NotFound(f"no task {task_id}: see `alur tasks` for the ready ones")
    return rows[0]


def _check_can_complete(db, row, activity, user):
    if row["state"] == "completed":
        raise Conflict(f"task {row['id']} ({activity['name']}) was completed already by {row['completed_by']} "
                       f"at {row['completed_at']}")
    if row["state"] != "ready":
        raise Conflict(f"task {row['id']} ({activity['name']}) was {row['state']}: it cannot be completed")
    actor = users.get(db, user)
    if row["assignee"] and row["assignee"] != user:
        raise Forbidden(f"task {row['id']} ({activity['name']}) is assigned to {row['assignee']}; "
                        f"ask an admin to reassign it (`alur reassign`) if {user} should do it")
    if row["lane"] not in actor["lanes"]:
        raise Forbidden(f"task {row['id']} ({activity['name']}) belongs to lane '{row['lane']}'; "
                        f"user '{user}' belongs to {_lanes(actor)}")


def _lanes(user):
    return ", ".join(f"'{lane}'" for lane in user["lanes"]) or "no lane"


def _run(step, where):
    """Run a SpiffWorkflow step; a failure (a condition that cannot be evaluated, say) is the diagram's."""
    try:
        step()
    except SpiffWorkflowException as error:
        cause = getattr(error, "exception", None) or error
        message = str(cause) if isinstance(cause, AlurError) else str(error)
        raise InstanceStuck(f"the process cannot go on {where}: {message}. "
                            "Nothing was saved; the diagram's analyst must fix it") from None


def _advance(db, instance, version, model, workflow, before, actor, where):
    """Run the engine to the next user tasks, then record what happened and save."""
    _run(workflow.do_engine_steps, where)
    done = runtime.newly_completed(workflow, before)
    for task in done:
        if isinstance(task.task_spec, runtime.GATEWAY_SPECS):
            _record_flows(db, instance, version, model, task, actor)
    ready = runtime.ready_user_tasks(workflow)
    _sync_ready(db, instance, version, model, ready, actor)
    status, ended = "running", None
    if workflow.is_completed():
        if not runtime.reached_end(done):
            raise InstanceStuck(f"instance {instance['id']} ran out of tasks without reaching an end event; "
                                "nothing was saved")
        status, ended = "completed", clock.stamp()
        events.record(db, "instance_completed", actor, instance=instance, version=version,
                      element=model["process_id"], element_name=model["name"])
    elif not ready:
        raise InstanceStuck(f"instance {instance['id']} has no task ready and reached no end event: the diagram "
                            "needs a flow onward; nothing was saved")
    db.execute("UPDATE instances SET state = ?, data = ?, status = ?, ended_at = ? WHERE id = ?",
               [runtime.dump(workflow), json.dumps(runtime.current_data(workflow), ensure_ascii=False),
                status, ended, instance["id"]])


def _record_flows(db, instance, version, model, gateway_task, actor):
    gateway = gateway_task.task_spec.name
    for target in runtime.taken_targets(gateway_task):
        for flow_id, flow in model["flows"].items():
            if flow["source"] == gateway and flow["target"] == target:
                events.record(db, "flow_taken", actor, instance=instance, version=version, element=flow_id,
                              element_name=flow["name"], data={"from": gateway, "to": target})


def _sync_ready(db, instance, version, model, ready, actor):
    listed = {r["spiff_id"]: r for r in db.query(
        "SELECT * FROM tasks WHERE instance_id = ? AND state = 'ready'", [instance["id"]])}
    live = {str(t.id): t for t in ready}
    for spiff_id in set(listed) - set(live):
        db.execute("UPDATE tasks SET state = 'cancelled' WHERE id = ?", [listed[spiff_id]["id"]])
    for spiff_id, task in live.items():
        if spiff_id in listed:
            continue
        activity = model["activities"][task.task_spec.name]
        now = clock.now()
        waktu = activity["mutu_baku"]["waktu"]
        row = {"instance_id": instance["id"], "spiff_id": spiff_id, "element": activity["element"],
               "lane": activity["lane"], "state": "ready", "ready_at": clock.stamp(now),
               "due_at": clock.stamp(workcalendar.current().due(now, waktu)) if waktu else None}
        task_id = db["tasks"].insert(row).last_pk
        events.record(db, "task_ready", actor, instance=instance, version=version, lane=activity["lane"],
                      element=activity["element"], element_name=activity["name"], task_id=task_id)


def _object(data):
    if data is None:
        return {}
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise InvalidData(f"the data is not valid JSON ({error.msg} at column {error.colno}): "
                              "write an object such as '{\"catatan\": \"...\"}'") from None
    if not isinstance(data, dict):
        raise InvalidData("the data must be a JSON object such as {\"catatan\": \"...\"}")
    return data
