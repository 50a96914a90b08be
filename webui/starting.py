"""Mulai Proses, one process: the page that asks for the case's subject (perihal) and the start event's fields,
then starts it. A refused form comes back with every value typed and the problem beside its field."""

from flask import abort, flash, g, make_response, redirect, render_template, request, session, url_for

from engine.errors import InvalidData, Unavailable

from . import forms
from .db import get_alur
from .errors import refusal_text, with_retry
from .i18n import _
from .tasks import field_error, keep_refused, problems_of

FORM_KEY = "start_form"   # a refused start form, kept in the session across the redirect


def startable(alur, process_id):
    """The process, when the user may start it (its first activity is in one of their lanes); else 403 or 404."""
    process = alur.versions(process_id)   # NotFound: 404
    if not set(process.start_lanes) & set(g.user["lanes"]):
        abort(403)
    return process


def start_form(process_id):
    alur = get_alur()
    process = startable(alur, process_id)
    stash = session.pop(FORM_KEY, None) if FORM_KEY in session else None
    if stash and stash.get("process") == process_id:
        return render_template("start.html", process=process, values=stash["values"], errors=stash["errors"])
    return render_template("start.html", process=process, values={}, errors={})


def start_submit(process_id):
    alur = get_alur()
    process = alur.versions(process_id)
    subject, values = request.form.get("subject", ""), forms.read(process.start_fields, request.form)
    data = {name: value for name, value in values.items() if value not in ("", [])}
    try:
        instance_id = alur.start(process_id, g.user["name"], data, subject=subject)
    except (InvalidData, Unavailable) as error:
        if isinstance(error, InvalidData):  # every problem beside its field, after a redirect (post, redirect, get)
            errors = {p.field or "": field_error(p) if p.field in values else refusal_text(p)
                      for p in reversed(problems_of(error))}
            stash = {"process": process_id, "values": {**values, "subject": subject}, "errors": errors}
            if keep_refused(FORM_KEY, stash):
                return redirect(url_for("instances.start", process_id=process_id), code=303)
        else:
            errors = {"": refusal_text(error)}
        page = render_template("start.html", process=process, values={**values, "subject": subject}, errors=errors)
        return with_retry(make_response(page, error.status), error)
    flash(_("Proses #{id} dimulai: {subject}.", id=instance_id, subject=" ".join(subject.split())), "success")
    first = [t for t in alur.tasks(instance=instance_id) if t["lane"] in g.user["lanes"]]
    if first:
        return redirect(url_for("tasks.task", task_id=first[0]["id"]))
    return redirect(url_for("instances.instance", instance_id=instance_id))
