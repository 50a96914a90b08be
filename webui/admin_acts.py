"""Administrative acts from the instance page: cancel an instance, move a ready task to another user of its
lane. Each needs the admin role and a reason; the engine checks both again and records the act as an event
in the chain. A refusal is shown next to the form, with what was typed kept, after a redirect (post, redirect,
get: reloading never sends the form again)."""

from flask import Blueprint, abort, flash, g, redirect, request, session, url_for

from engine.errors import Conflict, Forbidden, InvalidData, NotFound

from .auth import login_required
from .db import get_alur
from .i18n import _
from .instances import REFUSAL_KEY
from .roles import may_administer
from .views import say, status_label

bp = Blueprint("admin_acts", __name__, url_prefix="/admin")
REASON_LIMIT = 500


def _admin_only():
    if not may_administer(g.user):
        abort(403)


def _reason():
    return request.form.get("reason", "").strip()[:REASON_LIMIT]


@bp.post("/instances/<int:instance_id>/cancel")
@login_required
def cancel(instance_id):
    _admin_only()
    alur = get_alur()
    reason = _reason()
    values = {"reason": reason}
    if not reason:
        return _refused(instance_id, "cancel", _("Tuliskan alasannya: riwayat mencatat mengapa."), values)
    try:
        alur.cancel(instance_id, g.user["name"], reason)
    except Conflict:  # it ended meanwhile: the page shows no cancel form any more, so the message goes on top
        flash(_("Proses ini sudah {status}: tidak dapat dibatalkan lagi.",
                status=status_label(alur.show(instance_id)["status"])), "warning")
        return redirect(url_for("instances.instance", instance_id=instance_id), code=303)
    except InvalidData as error:
        return _refused(instance_id, "cancel", say(error.message), values)
    flash(_("Proses #{id} dibatalkan. Alasan: {reason}", id=instance_id, reason=reason), "success")
    return redirect(url_for("instances.instance", instance_id=instance_id))


@bp.post("/tasks/<int:task_id>/reassign")
@login_required
def reassign(task_id):
    _admin_only()
    alur = get_alur()
    task = alur.task(task_id)  # 404 for an unknown task
    to_user = request.form.get("to", "").strip()
    reason = _reason()
    values = {"to": to_user, "reason": reason}
    instance_id = task["instance"]
    if not to_user:
        return _refused(instance_id, task_id, _("Pilih pengguna tujuan."), values)
    if not reason:
        return _refused(instance_id, task_id, _("Tuliskan alasannya: riwayat mencatat mengapa."), values)
    try:
        alur.reassign(task_id, to_user, g.user["name"], reason)
    except NotFound:
        return _refused(instance_id, task_id, _("Tidak ada pengguna {name}.", name=to_user), values)
    except Forbidden:  # the role was checked above: the user is not in the task's lane
        return _refused(instance_id, task_id, _("{name} bukan anggota pelaksana {lane}.", name=to_user,
                                                lane=task["lane"]), values)
    except Conflict:
        flash(_("Tugas {number}. {name} sudah tidak menunggu: tidak dapat dialihkan.", number=task["number"],
                name=task["name"]), "warning")
        return redirect(url_for("instances.instance", instance_id=instance_id))
    except InvalidData as error:
        return _refused(instance_id, task_id, say(error.message), values)
    flash(_("Tugas {number}. {name} dialihkan kepada {to}.", number=task["number"], name=task["name"], to=to_user),
          "success")
    return redirect(url_for("instances.instance", instance_id=instance_id))


def _refused(instance_id, form, message, values):
    """Back to the instance page, the refusal beside its form (kept in the session across the redirect)."""
    session[REFUSAL_KEY] = {"instance": instance_id, "form": form, "message": message, "values": values}
    return redirect(url_for("instances.instance", instance_id=instance_id), code=303)
