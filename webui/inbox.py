"""The inbox as pages of 50: search (subject, SOP, activity, instance number), filters (SOP, lane, overdue, taken by
me), order (oldest first, due first), links that keep them; and taking a task ("Saya kerjakan") or giving it back.
Daftar Proses pages the same way (webui.instances)."""

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from engine.errors import Conflict, Forbidden, InvalidData

from .auth import login_required
from .db import get_alur
from .i18n import _
from .inbox_rows import inbox_rows
from .views import safe_next, say

bp = Blueprint("inbox", __name__)

PER_PAGE = 50
TASK_ORDERS = {"lama": "oldest", "batas": "due"}       # ?urut=: the Indonesian word -> the engine's order


def page_number():
    """?hal=N, the page asked for (1 when missing or not a number)."""
    number = request.args.get("hal", "")
    return int(number) if number.isdigit() and 0 < int(number) < 10**6 else 1


def searched():
    """?q=, the search as typed (at most a few hundred characters are kept to show again)."""
    return request.args.get("q", "")[:300]


def inbox_page():
    alur = get_alur()
    lanes = g.user["lanes"]
    processes = {p.id: p for p in alur.processes(count_running=False) if set(p.lanes) & set(lanes)}
    asked = {"q": searched(), "sop": request.args.get("sop", ""), "pelaksana": request.args.get("pelaksana", ""),
             "terlambat": request.args.get("terlambat", ""), "saya": request.args.get("saya", ""),
             "urut": request.args.get("urut", "")}
    asked["sop"] = asked["sop"] if asked["sop"] in processes else ""
    asked["pelaksana"] = asked["pelaksana"] if asked["pelaksana"] in lanes else ""
    asked["urut"] = asked["urut"] if asked["urut"] in TASK_ORDERS else "lama"
    number = page_number()
    conditions = {"user": g.user["name"], "lane": asked["pelaksana"] or None, "process": asked["sop"] or None,
                  "search": asked["q"], "overdue": asked["terlambat"] == "1",
                  "taken_by": g.user["name"] if asked["saya"] == "1" else None}
    tasks, counted, problem = [], None, None
    if lanes:
        try:
            counted = alur.count_tasks(**conditions)
            tasks = alur.tasks(**conditions, order=TASK_ORDERS[asked["urut"]], limit=PER_PAGE,
                               offset=(number - 1) * PER_PAGE)
        except InvalidData as error:  # a search too long: said beside the box, nothing listed
            problem = say(error.message)
    if lanes:
        alur.inbox_seen(g.user["name"])  # the header's count of new tasks starts again from here
    kept = {key: value for key, value in asked.items() if value and not (key == "urut" and value == "lama")}
    return render_template("inbox.html", tasks=tasks, rows=inbox_rows(tasks, processes, g.user), counted=counted,
                           asked=asked, kept=kept, number=number, per_page=PER_PAGE, processes=processes,
                           problem=problem,
                           filtered=any(value for key, value in kept.items() if key != "urut"))


def _back():
    return redirect(safe_next(request.form.get("next")) or url_for("tasks.inbox"))


@bp.post("/tasks/<int:task_id>/claim")
@login_required
def claim(task_id):
    """"Saya kerjakan": the task is taken; a colleague who took it first is named."""
    try:
        get_alur().claim(task_id, g.user["name"])
    except (Conflict, Forbidden) as error:
        flash(say(error.message), "warning")
    else:
        flash(_("Tugas #{id} Anda kerjakan: rekan sepelaksana melihatnya.", id=task_id), "success")
    return _back()


@bp.post("/tasks/<int:task_id>/release")
@login_required
def release(task_id):
    try:
        get_alur().release(task_id, g.user["name"])
    except Conflict as error:
        flash(say(error.message), "warning")
    else:
        flash(_("Tugas #{id} dilepas: kembali ke pelaksananya.", id=task_id), "info")
    return _back()


def init_app(app):
    app.register_blueprint(bp)
