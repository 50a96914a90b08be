"""Monitoring SOP (Permenpan RB 35/2012, Tabel 7), the evaluation of an SOP, and where the work is now.

Auditors, admins and analysts read them. The assessor edits Catatan and Tindakan on the page and prints the form
(a POST that changes nothing, so auditors may print too); admins and analysts also save it, which the engine
keeps with who assessed it and when (`Alur.assess`, an event in the chain). The engine measures everything
(`Alur.monitor`, `evaluate`, `heatmap`); these views only choose what to show.
"""

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for

from engine.documents import pdf
from engine.errors import AlurError, InvalidData
from engine.monitor import MAX_TEXT
from engine.results import Message
from engine.vocabulary import Assessment, InstanceStatus, Role

from .audit import working_time
from .db import get_alur
from .i18n import _
from .roles import REPORTS, has_role, is_auditor, role_required
from .views import format_stamp, say

bp = Blueprint("monitoring", __name__)
FIELDS = ("catatan", "tindakan")


def may_assess(user):
    return has_role(user, Role.ADMIN, Role.ANALYST) and not is_auditor(user)


def _period_args(source):
    return {key: (source.get(key) or "").strip() or None for key in ("from", "to")}


def _measure(period, errors):
    """The measured form, or None with the refusal put in `errors` (a bad or reversed date)."""
    try:
        return get_alur().monitor(start=period["from"], end=period["to"])
    except InvalidData as error:
        errors["period"] = say(error.message)
        return None


def _drafted(report):
    """Catatan and Tindakan as the form's editable text, in the page's language, one note a line."""
    return {row["process"]: {key: "\n".join(say(note) for note in row[key]) for key in FIELDS}
            for row in report["rows"]}


def _edited(form, report):
    """What the assessor typed, per SOP and field (the drafted text where nothing came)."""
    drafted = _drafted(report)
    return {pid: {key: form.get(f"{key}-{pid}", texts[key]) for key, _text in texts.items()}
            for pid, texts in drafted.items()}


@bp.get("/monitoring")
@role_required(*REPORTS)
def page():
    period, errors = _period_args(request.args), {}
    report = _measure(period, errors)
    if report is None:
        return _render(None, period, {}, errors, 400)
    return _render(report, report["period"], _drafted(report), errors)


def _render(report, period, texts, errors, status=200):
    alur = get_alur()
    heatmaps = [alur.heatmap(row["process"]) for row in report["rows"]] if report else []
    return render_template("monitoring.html", report=report, period=period, texts=texts, errors=errors,
                           heatmaps=heatmaps, forms=alur.monitoring_forms(), may_assess=may_assess(g.user),
                           max_text=MAX_TEXT, penilaian=penilaian), status


def penilaian(value):
    return say(Message(f"monitor.penilaian.{value}"))


def _posted():
    """(report, period, texts, errors) from a posted form; errors hold what is wrong with a text or the period."""
    period, errors = _period_args(request.form), {}
    report = _measure(period, errors)
    if report is None:
        return None, period, {}, errors
    texts = _edited(request.form, report)
    for pid, fields in texts.items():
        for key, text in fields.items():
            if len(text) > MAX_TEXT:
                errors[f"{key}-{pid}"] = _("Paling banyak {limit} karakter (sekarang {length}).", limit=MAX_TEXT,
                                           length=len(text))
    return report, report["period"], texts, errors


@bp.post("/monitoring/print")
@role_required(*REPORTS)
def print_form():
    """The form as edited, as a PDF (A4 landscape); nothing is saved."""
    report, period, texts, errors = _posted()
    if errors:
        return _render(report, period, texts, errors, 400)
    rows = [{**row, **texts[row["process"]]} for row in report["rows"]]
    return _pdf(rows, report["period"], report["threshold"], None, f"monitoring-sop-{period['from']}-{period['to']}")


@bp.post("/monitoring/save")
@role_required(Role.ADMIN, Role.ANALYST)
def save():
    report, period, texts, errors = _posted()
    if errors:
        return _render(report, period, texts, errors, 400)
    try:
        form_id = get_alur().assess(g.user["name"], start=period["from"], end=period["to"], entries=texts)
    except AlurError as error:
        errors[""] = say(error.message)
        return _render(report, period, texts, errors, error.status)
    flash(_("Formulir monitoring #{id} disimpan.", id=form_id), "success")
    return redirect(url_for("monitoring.saved", form_id=form_id))


@bp.get("/monitoring/forms/<int:form_id>")
@role_required(*REPORTS)
def saved(form_id):
    return render_template("monitoring_saved.html", form=get_alur().monitoring_form(form_id), penilaian=penilaian)


@bp.get("/monitoring/forms/<int:form_id>/pdf")
@role_required(*REPORTS)
def saved_pdf(form_id):
    form = get_alur().monitoring_form(form_id)
    return _pdf(form["rows"], form["period"], form["threshold"], form, f"monitoring-sop-{form_id}")


def _pdf(rows, period, threshold, form, name):
    html = render_template("monitoring_print.html", rows=rows, period=period, threshold=threshold, form=form,
                           penilaian=penilaian, Assessment=Assessment, generated=format_stamp(get_alur().clock.stamp()))
    return Response(pdf.to_pdf(html), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}.pdf"', "Cache-Control": "no-store"})


@bp.get("/evaluate")
@role_required(*REPORTS)
def evaluate():
    alur = get_alur()
    processes = {p.id: p for p in alur.processes()}
    process = request.args.get("process") or next(iter(processes), None)
    if process is None:
        return render_template("evaluate.html", report=None, processes=processes, process=None)
    if process not in processes:
        abort(404)
    return render_template("evaluate.html", report=alur.evaluate(process), processes=processes, process=process)


@bp.get("/heatmap/<process>")
@role_required(*REPORTS)
def heatmap(process):
    alur = get_alur()
    if process not in {p.id for p in alur.processes()}:
        abort(404)
    return render_template("heatmap.html", heat=alur.heatmap(process))


def heat_links(heat):
    """The heatmap's activities for heatmap.js, each with the link to its waiting instances and a title."""
    return [{"element": a["element"], "waiting": a["waiting"], "late": a["late"],
             "longest_minutes": a["longest_minutes"],
             "link": url_for("instances.instances", process=heat["process"], status=InstanceStatus.RUNNING,
                             activity=a["element"]),
             "title": _("{number} {name}: {waiting} menunggu, {late} terlambat, terlama {time}", number=a["number"],
                        name=a["name"], waiting=a["waiting"], late=a["late"],
                        time=working_time(a["longest_minutes"], heat["day_minutes"]))}
            for a in heat["activities"]]


def init_app(app):
    app.jinja_env.globals.update(heat_links=heat_links)
    app.register_blueprint(bp)
