"""Audit pages: step-through replay, re-execution, the chain check, time standards and the export.

All read-only. Auditors and admins replay, re-execute and verify; analysts too read the time-standard
report and export the log; lane staff see their own lanes on the time-standard page. The engine does the
work (`Alur.replay`, `reexecute`, `verify`, `sla`, `export`); these views only choose what to show.
"""

import re
from datetime import date

from flask import Blueprint, Response, abort, g, render_template, request

from engine.errors import InvalidData

from .auth import login_required
from .db import get_alur
from .i18n import _
from .instances import DATA_LABELS, EVENT_LABELS, visible_instance
from .roles import AUDIT, REPORTS, has_role, role_required
from .tasks import field_labels
from .views import say

bp = Blueprint("audit", __name__)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FORMATS = {"xes": "application/xml", "csv": "text/csv", "pnml": "application/xml"}


# Replay ---------------------------------------------------------------------------------------------------

@bp.get("/audit/instances/<int:instance_id>/replay")
@role_required(*AUDIT)
def replay(instance_id):
    """The instance as it stood after its step-th event (?step=N, 1 by default): the diagram marked as it
    was then, the event, who acted in which lane, the data, what was done and what was waiting."""
    alur = get_alur()
    shown, process = visible_instance(alur, instance_id)
    history = alur.history(instance_id)
    raw = request.args.get("step", "1").strip()
    if not raw.isdigit():
        return _bad_step(instance_id, raw, len(history), 400)
    step = int(raw)
    if not 1 <= step <= len(history):
        return _bad_step(instance_id, raw, len(history), 404)
    state = alur.replay(instance_id, step)
    diagram = alur.diagram(instance_id)
    # The diagram of the version the instance was on at that step (a migration changes it).
    version = next((e["version"] for e in reversed(history[:step]) if e["version"]), diagram["version"])
    bpmn = diagram["bpmn"] if version == diagram["version"] else \
        alur.version_bpmn(shown["process"], version).decode("utf-8")
    labels = {**{key: _(label) for key, label in DATA_LABELS.items()}, **field_labels(shown)}
    return render_template("replay.html", instance=shown, process=process, state=state, step=step,
                           steps=len(history), version=version, labels=labels, event_labels=EVENT_LABELS,
                           diagram={"bpmn": bpmn, "version": version, **state["highlight"]})


def _bad_step(instance_id, raw, steps, status):
    return render_template("replay_missing.html", instance_id=instance_id, raw=raw[:20], steps=steps), status


# Re-execution ---------------------------------------------------------------------------------------------

@bp.get("/audit/instances/<int:instance_id>/reexecute")
@role_required(*AUDIT)
def reexecute(instance_id):
    """Run the recorded completions again on the recorded version and say whether the log is faithful."""
    alur = get_alur()
    shown, process = visible_instance(alur, instance_id)
    report = alur.reexecute(instance_id)
    divergence = report["divergence"]
    event = None
    if divergence:
        history = alur.history(instance_id)
        if 1 <= divergence["step"] <= len(history):
            event = history[divergence["step"] - 1]
    return render_template("reexecute.html", instance=shown, process=process, report=report, event=event,
                           event_labels=EVENT_LABELS)


# The chain ------------------------------------------------------------------------------------------------

@bp.get("/audit/verify")
@role_required(*AUDIT)
def verify():
    """Check the whole event chain and every instance's stored state against it."""
    alur = get_alur()
    report = alur.verify()
    instances = sorted(alur.instances(), key=lambda i: -i["id"])
    return render_template("verify.html", report=report, instances=instances)


# Time standards -------------------------------------------------------------------------------------------

@bp.get("/sla")
@login_required
def sla():
    """The time-standard report: everything for auditors, admins and analysts; for lane staff, their
    lanes' rows and their lanes' overdue tasks."""
    alur = get_alur()
    everything = has_role(g.user, *REPORTS)
    if not everything and not g.user["lanes"]:
        abort(403)
    processes = {p.id: p for p in alur.processes()
                 if everything or set(p["lanes"]) & set(g.user["lanes"])}
    process = request.args.get("process") or None
    if process is not None and process not in processes:
        abort(404)
    report = alur.sla(process=process)
    if not everything:
        mine = set(g.user["lanes"])
        report = {**report, "processes": [], "instances": [],
                  "lanes": [r for r in report["lanes"] if r["lane"] in mine],
                  "activities": [r for r in report["activities"] if r["lane"] in mine],
                  "overdue": [t for t in report["overdue"] if t["lane"] in mine]}
    return render_template("sla.html", report=report, processes=processes, process=process, everything=everything,
                           day=report["calendar"]["day_minutes"])


def working_time(minutes, day_minutes):
    """520.5 -> '1 hari 11 menit' with 510-minute working days (as `alur sla` shows durations)."""
    if minutes is None:
        return "–"
    days, rest = divmod(round(minutes), day_minutes)
    hours, mins = divmod(rest, 60)
    parts = [_("{n} hari", n=days)] * bool(days) + [_("{n} jam", n=hours)] * bool(hours) + \
        [_("{n} menit", n=mins)] * bool(mins)
    return " ".join(parts) or _("{n} menit", n=0)


def share(group):
    """'3/4 (75%)', or a dash when no task of the group had a time standard."""
    if not group.get("with_standard"):
        return "–"
    return f"{group['within_standard']}/{group['with_standard']} ({group['share_within']:.0%})"


# Export ---------------------------------------------------------------------------------------------------

@bp.get("/audit/export")
@role_required(*REPORTS)
def export():
    """The export form: XES or CSV, all processes or one, optionally only instances started since a date."""
    return _export_form({})


@bp.get("/audit/export/download")
@role_required(*REPORTS)
def download():
    alur = get_alur()
    values = {key: request.args.get(key, "").strip() for key in ("format", "process", "since")}
    known = {p.id for p in alur.processes()}
    errors = {}
    if values["format"] not in FORMATS:
        errors["format"] = _("Pilih XES atau CSV.")
    if values["process"] and values["process"] not in known:
        errors["process"] = _("Tidak ada proses {name}.", name=values["process"])
    if values["since"] and not _is_date(values["since"]):
        errors["since"] = _("Harus berupa tanggal (TTTT-BB-HH).")
    if errors:
        return _export_form(values, errors, 400)
    try:
        text = alur.export(values["format"], process=values["process"] or None, since=values["since"] or None)
    except InvalidData as error:
        return _export_form(values, {"": say(error.message)}, 400)
    name = "alur-{}{}.{}".format(values["process"] or "semua", f"-sejak-{values['since']}" if values["since"] else "",
                                 values["format"])
    return Response(text, mimetype=FORMATS[values["format"]],
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


def _is_date(text):
    if not DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _export_form(values, errors=None, status=200):
    processes = get_alur().processes()
    return render_template("export.html", values=values, errors=errors or {}, processes=processes), status


def init_app(app):
    app.jinja_env.filters.update(working_time=working_time, share=share)
    app.register_blueprint(bp)
