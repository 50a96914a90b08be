"""Starting processes, the list of instances, and one instance: status, history and diagram."""

from flask import Blueprint, abort, g, render_template, request, session

from engine.errors import InvalidData
from engine.kelengkapan import MISSING
from engine.vocabulary import EventType, InstanceStatus

from . import attachments, starting
from .auth import login_required
from .inbox import PER_PAGE, page_number, searched
from .db import get_alur
from .i18n import _
from .roles import may_administer, sees_every_instance
from .tasks import field_labels
from .views import say

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
    EventType.TASK_CLAIMED: "Tugas diambil",
    EventType.TASK_RELEASED: "Tugas dilepas",
    EventType.COMMENT_ADDED: "Komentar",
}
# An administrative act the engine refused, kept in the session for the redirect to the instance page.
REFUSAL_KEY = "instance_refusal"
# Keys of event data that are not fields of the process.
DATA_LABELS = {"subject": "Perihal", "reason": "Alasan", "from": "Dari", "to": "Kepada", "from_version": "Dari versi", "to_version": "Ke versi",
               MISSING: "Kelengkapan kurang", "text": "Komentar"}


def _mine(process):
    """May the user follow this process's instances: one of its lanes is theirs, or they see everything."""
    return sees_every_instance(g.user) or bool(set(process["lanes"]) & set(g.user["lanes"]))


@bp.get("/processes")
@login_required
def processes():
    startable = [p for p in get_alur().processes(count_running=False) if set(p["start_lanes"]) & set(g.user["lanes"])]
    return render_template("processes.html", processes=startable)


@bp.route("/processes/<process_id>/start", methods=("GET", "POST"))
@login_required
def start(process_id):
    """The subject and the start fields on a page (webui.starting), then the case starts."""
    if request.method == "POST":
        return starting.start_submit(process_id)
    return starting.start_form(process_id)


INSTANCE_ORDERS = {"baru": "newest", "lama": "oldest"}   # ?urut=: the Indonesian word -> the engine's order


@bp.get("/instances")
@login_required
def instances():
    """Daftar Proses: the instances of the processes one's lanes take part in (every one for an auditor or admin),
    newest first, as pages of 50 with search and filters (status, SOP) kept in the links."""
    alur = get_alur()
    known = {p.id: p for p in alur.processes(count_running=False)}
    visible = {pid: p for pid, p in known.items() if _mine(p)}
    asked = {"q": searched(), "status": request.args.get("status", ""), "process": request.args.get("process", ""),
             "urut": request.args.get("urut", "")}
    asked["status"] = asked["status"] if asked["status"] in set(InstanceStatus) else ""
    asked["process"] = asked["process"] if asked["process"] in visible else ""
    asked["urut"] = asked["urut"] if asked["urut"] in INSTANCE_ORDERS else "baru"
    number = page_number()
    activity = (request.args.get("activity") or None) if asked["process"] else None  # from the heatmap
    conditions = {"process": asked["process"] or None, "status": asked["status"] or None, "search": asked["q"],
                  "processes": None if sees_every_instance(g.user) else list(visible), "activity": activity}
    rows, counted, problem = [], None, None
    try:
        counted = alur.count_instances(**conditions)
        rows = alur.instances(**conditions, order=INSTANCE_ORDERS[asked["urut"]], limit=PER_PAGE,
                              offset=(number - 1) * PER_PAGE)
    except InvalidData as error:
        problem = say(error.message)
    kept = {key: value for key, value in asked.items() if value and not (key == "urut" and value == "baru")}
    if activity:
        kept["activity"] = activity
        activity = activity_name(alur, asked["process"], activity)
    return render_template("instances.html", instances=rows, status=asked["status"] or None, processes=known,
                           visible=visible, process=asked["process"] or None, asked=asked, kept=kept, number=number,
                           per_page=PER_PAGE, counted=counted, problem=problem, activity=activity)


def activity_name(alur, process, element):
    """'number name' of the activity `element` of `process`'s newest diagram, as the heatmap names it."""
    for place in alur.heatmap(process)["activities"]:
        if place["element"] == element:
            return f"{place['number']} {place['name']}"
    return element


@bp.get("/instances/<int:instance_id>")
@login_required
def instance(instance_id):
    refused = session.pop(REFUSAL_KEY, None) if REFUSAL_KEY in session else None
    return render_instance(instance_id, refused if refused and refused.pop("instance", None) == instance_id else None)


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
        users = alur.users()
        for t in shown.ready:
            colleagues[t["id"]] = [u["name"] for u in users if t["lane"] in u["lanes"] and u["name"] != t.get("assignee")]
    return render_template("instance.html", instance=shown, process=process, history=history, everything=everything,
                           diagram=alur.diagram(instance_id), labels=labels, event_labels=EVENT_LABELS,
                           colleagues=colleagues, refusal=refusal or {}, attachments=alur.attachments(instance_id),
                           comments=alur.comments(instance_id), comment_form=attachments.comment_form(instance_id, process.lanes)), status


def _minor(event):
    """Events nobody did by hand: a task becoming ready, a flow through a gateway that decides nothing."""
    return event.type == EventType.TASK_READY or (event.type == EventType.FLOW_TAKEN and not event.name)
