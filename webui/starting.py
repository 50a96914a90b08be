"""Mulai Proses, one process: the page that asks for the case's subject (perihal) and the start event's fields,
then starts it. A refused form comes back with every value typed and the problem beside its field."""

from flask import abort, flash, g, make_response, redirect, render_template, request, url_for

from engine.errors import InvalidData, Unavailable

from . import forms
from .db import get_alur
from .errors import refusal_text, with_retry
from .i18n import _
from .tasks import field_error


def startable(alur, process_id):
    """The process, when the user may start it (its first activity is in one of their lanes); else 403 or 404."""
    process = alur.versions(process_id)   # NotFound: 404
    if not set(process.start_lanes) & set(g.user["lanes"]):
        abort(403)
    return process


def start_form(process_id):
    alur = get_alur()
    return render_template("start.html", process=startable(alur, process_id), values={}, errors={})


def start_submit(process_id):
    alur = get_alur()
    process = alur.versions(process_id)
    subject, values = request.form.get("subject", ""), forms.read(process.start_fields, request.form)
    data = {name: value for name, value in values.items() if value not in ("", [])}
    try:
        instance_id = alur.start(process_id, g.user["name"], data, subject=subject)
    except (InvalidData, Unavailable) as error:
        if isinstance(error, InvalidData):
            errors = {error.field or "": field_error(error) if error.field in values else refusal_text(error)}
        else:
            errors = {"": refusal_text(error)}
        page = render_template("start.html", process=process, values={**values, "subject": subject}, errors=errors)
        return with_retry(make_response(page, error.status), error)
    flash(_("Proses #{id} dimulai: {subject}.", id=instance_id, subject=" ".join(subject.split())), "success")
    first = [t for t in alur.tasks(instance=instance_id) if t["lane"] in g.user["lanes"]]
    if first:
        return redirect(url_for("tasks.task", task_id=first[0]["id"]))
    return redirect(url_for("instances.instance", instance_id=instance_id))
