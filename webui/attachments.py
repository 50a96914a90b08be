"""Documents and comments on an instance: downloading what was attached to a task's `file` field (whoever may
see the instance, auditors too) and commenting (its staff and admins; an event in the chain)."""

from urllib.parse import quote

from flask import Blueprint, Response, flash, g, redirect, request, session, url_for

from engine.attachments import is_value
from engine.errors import Forbidden, InvalidData
from engine.kelengkapan import MISSING
from engine.vocabulary import Role

from . import instances
from .auth import login_required
from .db import get_alur
from .i18n import _
from .roles import has_role, may_change
from .views import say_alone

bp = Blueprint("attachments", __name__)


@bp.get("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id):
    """The document exactly as attached, as a download (never shown inline: it came from someone)."""
    alur = get_alur()
    attachment = alur.attachment(attachment_id)
    instances.visible_instance(alur, attachment.instance)
    content = alur.attachment_content(attachment_id)
    return Response(content, mimetype=attachment.type, headers={
        "Content-Disposition": f"attachment; filename=\"{_ascii(attachment.name)}\"; "
                               f"filename*=UTF-8''{quote(attachment.name)}",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store"})


def _ascii(name):
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_. ") else "_" for c in name) or "dokumen"


@bp.post("/instances/<int:instance_id>/comments")
@login_required
def comment(instance_id):
    """Add a comment, then back to the instance page (post, redirect, get); a refusal is shown beside the form
    with what was typed."""
    alur = get_alur()
    instances.visible_instance(alur, instance_id)
    text = request.form.get("text", "")
    try:
        alur.comment(instance_id, g.user["name"], text)
    except (InvalidData, Forbidden) as error:
        session["comment_form"] = {"instance": instance_id, "text": text[:2000], "error": say_alone(error.message)}
    else:
        flash(_("Komentar dicatat."), "success")
    return redirect(url_for("instances.instance", instance_id=instance_id, _anchor="comments"), code=303)


def comment_form(instance_id, process_lanes):
    """The comment form's state for the instance page: may the user comment, and a refusal with its text."""
    stash = session.pop("comment_form", None) if "comment_form" in session else None
    stash = stash if stash and stash.get("instance") == instance_id else {}
    allowed = may_change(g.user) and (bool(set(process_lanes) & set(g.user["lanes"]))
                                      or has_role(g.user, Role.ADMIN))
    return {"allowed": allowed, "text": stash.get("text", ""), "error": stash.get("error")}


def filesize(size):
    """1234567 -> '1,2 MB' (Indonesian writes a decimal comma; English pages too, for one format)."""
    for unit, scale in (("MB", 1024 * 1024), ("kB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(".", ",")
    return f"{size} B"


def init_app(app):
    app.register_blueprint(bp)
    app.jinja_env.tests["attachment"] = is_value
    app.jinja_env.filters["filesize"] = filesize
    app.jinja_env.globals.update(MISSING_KEY=MISSING, max_upload_mb=lambda: get_alur().settings.max_upload_mb)
