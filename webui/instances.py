"""Starting processes, the list of instances, and one instance: status, history and diagram."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from engine.vocabulary import EventType, InstanceStatus

from .auth import login_required
from .db import get_alur
from .i18n import _
from .roles import may_administer, sees_every_instance
from .tasks import field_labels

bp = Blueprint("instances", __name__)

EVENT_LABELS = {
    EventType.INSTANCE_STARTED: "Proses dimulai",
    EventType.TASK_READY: "Tugas siap",
    EventType.TASK_COMPLETED: "Tugas diselesaikan",
    EventType.FLOW_TAKEN: "Jalur dipilih",
    EventType.INSTANCE_COMPLETED: "Proses selesai",
    EventType.INSTANCE_CANCELLED: "Proses dibatalkan",
    EventType.TASK_REASSIGNED: "Tugas dialihkan",
    EventType.INSTANCE_MIGRATED: "Proses dipindahkan ke versi baru",
    EventType.COMPLETED_AS_ACTING: "Diselesaikan sebagai Plt/Plh",
}
# Keys of event data that are not fields of the process.
DATA_LABELS = {"reason": "Alasan", "from": "Dari", "to": "Kepada", "from_version": "Dari versi", "to_version": "Ke versi"}


def _mine(process):
    """May the user follow this process's instances: one of its lanes is theirs, or they see everything."""
    return sees_every_instance(g.user) or bool(set(process["lanes"]) & set(g.user["lanes"]))


@bp.get("/processes")
@login_required
def processes():
    startable = [p for p in get_alur().processes() if set(p["start_lanes"]) & set(g.user["lanes"])]
    return render_template("processes.html", processes=startable)


@bp.post("/processes/<process_id>/start")
@login_required
def start(process_id):
    alur = get_alur()
    instance_id = alur.start(process_id, g.user["name"])
    flash(_("Proses #{id} dimulai.", id=instance_id), "success")
    first = [t for t in alur.tasks(instance=instance_id) if t["lane"] in g.user["lanes"]]
    if first:
        return redirect(url_for("tasks.task", task_id=first[0]["id"]))
    return redirect(url_for("instances.instance", instance_id=instance_id))


@bp.get("/instances")
@login_required
def instances():
    alur = get_alur()
    status = request.args.get("status") or None
    if status not in set(InstanceStatus):
        status = None
    known = {p.id: p for p in alur.processes()}
    visible = {pid: p for pid, p in known.items() if _mine(p)}
    process = request.args.get("process") or None
    if process not in visible:
        process = None
    rows = [i for i in alur.instances(status=status, process=process) if i["process"] in visible]
    rows.sort(key=lambda i: (i.status != InstanceStatus.RUNNING, -i.id))
    return render_template("instances.html", instances=rows, status=status, processes=known, visible=visible,
                           process=process)


@bp.get("/instances/<int:instance_id>")
@login_required
def instance(instance_id):
    return render_instance(instance_id)


def visible_instance(alur, instance_id):
    """(shown, process) when the user may see the instance: one of its lanes is theirs, or they see
    every instance (auditor, admin); else 403."""
    shown = alur.show(instance_id)
    process = alur.versions(shown.process)
    lanes = set(process.lanes) | {t.lane for t in shown.ready + shown.completed}
    if not (sees_every_instance(g.user) or lanes & set(g.user["lanes"])):
        abort(403)
    return shown, process


def render_instance(instance_id, refusal=None, status=200):
    """The instance page. `refusal` ({'form': 'cancel' or a task id, 'message', 'values'}) shows an
    administrative act the engine refused next to its form, with what was typed."""
    alur = get_alur()
    shown, process = visible_instance(alur, instance_id)
    labels = {**{key: _(label) for key, label in DATA_LABELS.items()}, **field_labels(shown)}
    everything = request.args.get("semua") == "1"
    # Each event with its step in the instance's history (what the replay counts), before the filter.
    history = [{**e, "step": n} for n, e in enumerate(alur.history(instance_id), start=1)
               if everything or not _minor(e)]
    colleagues = {}
    if may_administer(g.user) and shown.ready:
        users = [u for u in alur.users() if u.active]  # a deactivated user is given no task
        for t in shown.ready:
            colleagues[t["id"]] = [u["name"] for u in users if t["lane"] in u["lanes"] and u["name"] != t.get("assignee")]
    return render_template("instance.html", instance=shown, process=process, history=history, everything=everything,
                           diagram=alur.diagram(instance_id), labels=labels, event_labels=EVENT_LABELS,
                           colleagues=colleagues, refusal=refusal or {}), status


def _minor(event):
    """Events nobody did by hand: a task becoming ready, a flow through a gateway that decides nothing."""
    return event.type == EventType.TASK_READY or (event.type == EventType.FLOW_TAKEN and not event.name)
