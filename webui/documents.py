"""Printed documents: the **Cetak SOP** button's download, the SOP AP document of a version as PDF.

Analysts, auditors and admins may print any process; lane staff the processes they work in. Printing reads
and changes nothing, so an auditor may print too. The engine draws the document (engine.documents); a refusal
(unknown process or version, paper, Pango missing) is its page like any other.
"""

from flask import Blueprint, Response, abort, g, request

from engine.errors import NotFound

from .analyst import ascii_name
from .auth import login_required
from .db import get_alur
from .roles import REPORTS, has_role

bp = Blueprint("documents", __name__)


def may_print(user, process):
    return has_role(user, *REPORTS) or bool(set(process.lanes) & set(user["lanes"]))


@bp.get("/processes/<process_id>/sop.pdf")
@login_required
def sop(process_id):
    alur = get_alur()
    process = alur.versions(process_id)
    if not may_print(g.user, process):
        abort(403)
    raw = request.args.get("version")
    if raw is not None and not raw.isdigit():
        raise NotFound("version.not_found", process=process_id, version=raw[:20])
    version = int(raw) if raw is not None else process.newest
    paper = request.args.get("paper", "a4")[:10]
    data = alur.print_sop(process_id, version=version, fmt="pdf", paper=paper)
    name = f"SOP-{ascii_name(process_id)}-v{version}.pdf"
    return Response(data, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})


def init_app(app):
    app.register_blueprint(bp)
    app.jinja_env.globals.update(may_print=may_print)
