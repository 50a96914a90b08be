"""The inbox (each lane's READY tasks) and the task page that completes one."""

import json

from flask import (Blueprint, abort, flash, g, jsonify, make_response, redirect, render_template, request, session,
                   url_for)
from markupsafe import Markup, escape
from werkzeug.exceptions import RequestEntityTooLarge

from engine.errors import AlurError, Conflict, Forbidden, InvalidData, Unavailable
from engine.vocabulary import InstanceStatus, Role, TaskState

from . import forms
from .auth import login_required
from .db import get_alur
from .errors import refusal, refusal_text, with_retry
from .inbox import inbox_page
from .i18n import _
from .views import format_stamp, format_value, say, say_alone, wants_json

bp = Blueprint("tasks", __name__)

# A refused form is kept in the session cookie across the redirect (post, redirect, get); a cookie holds 4 kB,
# so what is longer is answered at once with the form instead (the browser's reload would then ask to resend).
STASH_LIMIT = 2500
ENVELOPE = 1024 * 1024   # a form's fields and multipart headers beside its documents


@bp.url_value_preprocessor
def upload_limit(endpoint, values):
    """A task form with file fields takes the engine's largest document per field (ALUR_MAX_UPLOAD_MB); every other
    form keeps the app's limit. Runs before the CSRF check reads the body."""
    if endpoint != "tasks.task" or request.method != "POST":
        return
    try:
        task = get_alur().task(values["task_id"])
    except AlurError:  # the view answers for a task that does not exist
        return
    g.posted_task = task   # the view's own (read once per request)
    documents = sum(f["type"] == "file" for f in task["fields"])
    if documents:
        request.max_content_length = get_alur().settings.max_upload_bytes * documents + ENVELOPE


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    flash(_("Kiriman terlalu besar: setiap dokumen paling besar {mb} MB. Isian tidak tersimpan; lampirkan berkas "
            "yang lebih kecil.", mb=get_alur().settings.max_upload_mb), "error")
    return redirect(request.path, code=303)


def process_names(alur):
    return {p.id: p for p in alur.processes()}


@login_required
def home():
    """The front page: the inbox, or for a user without lanes who sees every instance (auditor, admin) the
    list of instances, or for an analyst without lanes the processes they keep."""
    if not g.user.lanes and set(g.user.roles) & {Role.AUDITOR, Role.ADMIN}:
        return redirect(url_for("instances.instances"))
    if not g.user.lanes and Role.ANALYST in g.user.roles:
        return redirect(url_for("analyst.processes"))
    return inbox()


@bp.get("/inbox")
@login_required
def inbox():
    return inbox_page()


def _own_task(alur, task_id):
    """The task, if it is in one of the user's lanes; another lane's task answers 403."""
    task = g.get("posted_task")
    if task is None or task.id != task_id:
        task = alur.task(task_id)
    if task["lane"] not in g.user["lanes"]:
        abort(403)
    return task


def _gone(task, typed=None):
    """The task moved on (completed by someone, or cancelled): say so, keep what was typed, go to the inbox."""
    if task.state == TaskState.COMPLETED:
        flash(_("Tugas ini sudah diselesaikan oleh {by} pada {at}.", by=task["completed_by"],
                at=format_stamp(task["completed_at"])), "warning")
    else:
        flash(_("Tugas ini sudah tidak berlaku (proses dibatalkan atau berpindah jalur)."), "warning")
    entered = {f["label"]: typed[f["name"]] for f in task["fields"] if typed and typed.get(f["name"]) not in ("", [])}
    if entered:
        # Flashes live in the session cookie (4 kB at most): a long note is shown cut short.
        data = "; ".join(f"{label}: {_shorten(format_value(v), 300)}" for label, v in entered.items())
        flash(_("Isian Anda tidak disimpan: {data}", data=_shorten(data, 1500)), "info")
    return redirect(url_for("tasks.inbox"))


def _shorten(text, limit):
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


@bp.route("/tasks/<int:task_id>", methods=("GET", "POST"))
@login_required
def task(task_id):
    alur = get_alur()
    task = _own_task(alur, task_id)
    if request.method == "POST":
        return _submit(alur, task)
    if task.state != TaskState.READY:
        return _gone(task)
    stash = session.pop("task_form", None)
    if stash and stash.get("task") == task.id:
        return _page(alur, task, stash["values"], stash["errors"])
    return _page(alur, task, None, {})


def _submit(alur, task):
    """Complete the task with the form; the engine decides (a task completed meanwhile is its Conflict). A request
    asking for JSON gets a refusal as {code, message} with its status (409 for the race's loser); a page, a
    redirect to the task page with every problem beside its field (post, redirect, get)."""
    values = forms.read(task["fields"], request.form)
    try:
        ready = alur.complete(task.id, g.user["name"], values, forms.uploads(task["fields"], request.files))
    except (Conflict, Forbidden, InvalidData, Unavailable) as error:
        if wants_json():
            return refusal(error)
        if isinstance(error, Conflict):
            return _gone(alur.task(task.id), values)
        if isinstance(error, Unavailable):  # the database cannot be written now: the form, with what was typed
            errors = {"": refusal_text(error)}
            return with_retry(make_response(_page(alur, task, values, errors)), error), error.status
        if isinstance(error, Forbidden):  # e.g. an admin assigned the task to someone else meanwhile
            task = alur.task(task.id)
            errors = {"": _("Tugas ini ditugaskan kepada {name}: hanya dia yang dapat menyelesaikannya.",
                            name=task.assignee) if task.assignee else say(error.message)}
        else:
            names = {f["name"] for f in task["fields"]}
            errors = {problem.field if problem.field in names else "": field_error(problem)
                      for problem in reversed(problems_of(error))}
            flash(_("Isian belum benar: periksa kolom yang ditandai."), "error")
        return _refused(alur, task, values, errors, error.status)
    if wants_json():
        return jsonify(task=task.id, instance=task.instance,
                       ready=[{"id": t.id, "name": t.name, "lane": t.lane} for t in ready])
    return _completed(alur, task, ready)


def problems_of(error):
    """Every field the engine refused at once (engine.errors.InvalidFields), or the one."""
    return getattr(error, "problems", [error])


def _refused(alur, task, values, errors, status):
    """Back to the task page with the problems and what was typed (kept in the session), so that reloading or
    going back never sends the form again; a form too long for the cookie is answered at once."""
    if not keep_refused("task_form", {"task": task.id, "values": values, "errors": errors}):
        return _page(alur, task, values, errors), status
    return redirect(url_for("tasks.task", task_id=task.id), code=303)


def keep_refused(key, stash):
    """Keep a refused form in the session for the redirect; False when it is too long for the cookie."""
    if len(json.dumps(stash, ensure_ascii=False)) > STASH_LIMIT:
        return False
    session[key] = stash
    return True


def _page(alur, task, values, errors):
    """The task page: the activity, its mutu baku, the data so far and the form (read-only for an auditor). A task
    the work was sent back to opens with why, its fields filled with what was entered last time (`values` None)."""
    shown = alur.show(task["instance"])
    kelengkapan = forms.kelengkapan_items(task["mutu_baku"]["kelengkapan"])
    rework = alur.rework(task.id) if task.state == TaskState.READY else None
    if values is None:
        values = forms.prefill(task["fields"], rework.previous) if rework else {}
    return render_template("task.html", task=task, instance=shown, values=values, errors=errors, rework=rework,
                           multipart=forms.has_files(task["fields"]),
                           labels=field_labels(shown), process=process_names(alur).get(task["process"]),
                           decision=forms.decision_field(task["fields"]), kelengkapan=kelengkapan,
                           kelengkapan_field=forms.kelengkapan_field(task["fields"], kelengkapan))


def _completed(alur, task, ready):
    flash(_("Tugas diselesaikan: {name}.", name=f"{task['number']}. {task['name']}"), "success")
    mine = [t for t in ready if t["lane"] in g.user["lanes"] and t.assignee in (None, g.user["name"])]
    for t in mine:
        flash(_task_link(_("Tugas berikutnya untuk Anda:"), t), "info")
    # The lane's tasks as the user's lanes stood when the request began (g.user: read once per request).
    waiting = [] if mine or task.lane not in g.user["lanes"] else \
        alur.tasks(lane=task.lane, open_to=g.user["name"], limit=1)
    if waiting:
        flash(_task_link(_("Tugas berikutnya yang menunggu di {lane}:", lane=task.lane), waiting[0]), "info")
    if not ready and alur.show(task.instance).status == InstanceStatus.COMPLETED:
        flash(_("Proses #{id} selesai.", id=task["instance"]), "success")
    return redirect(url_for("tasks.inbox"))


def _task_link(text, task):
    """A flash message ending in a link to `task` (Markup: kept as such in the session)."""
    parts = (text, url_for("tasks.task", task_id=task.id), f"{task.number}. {task.name}",
             _("Proses #{id}", id=task.instance))
    return Markup('%s <a class="next-task" href="%s">%s</a> (%s)' % tuple(escape(part) for part in parts))


def field_error(error):
    """A short message beside the field the engine refused, by the refusal's code; its own words otherwise."""
    items = ", ".join(error.items)
    short = {
        "field.required": lambda: _("Wajib diisi."),
        "field.unchecked": lambda: _("Belum dicentang: {items}.", items=items),
        "field.not_number": lambda: _("Harus berupa angka."),
        "field.not_date": lambda: _("Harus berupa tanggal (TTTT-BB-HH)."),
        "field.not_boolean": lambda: _("Pilih ya atau tidak."),
        "field.not_choice": lambda: _("Pilih salah satu dari: {choices}.", choices=items),
    }
    return short.get(error.code, lambda: say_alone(error.message))()


def field_labels(shown):
    """Field name -> label, from every task of the instance so far. A label that several activities use
    ("Catatan") gets the activity's number: "Catatan (2)"."""
    declared = {}
    for t in shown.completed + shown.ready:
        for field in t["fields"]:
            declared.setdefault(field["name"], (field["label"], t["number"]))
    count = {}
    for label, _number in declared.values():
        count[label] = count.get(label, 0) + 1
    return {name: f"{label} ({number})" if count[label] > 1 and number else label
            for name, (label, number) in declared.items()}
