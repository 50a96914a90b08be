"""For analysts (role `analyst`): deploy diagrams, read and compare versions, move running instances,
and edit a version in bpmn-js's Modeler in the browser.

Every check stays in the engine: `deploy_bytes` validates (and refuses hostile XML), `diff` says what
changed, `migrate` refuses an instance whose current task changed. These views only show the answers.
"""

from pathlib import PurePosixPath

from flask import Blueprint, Response, flash, g, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from engine import fields, model, timestandard
from engine.errors import AlurError, Conflict, InvalidDiagram, NotFound
from engine.xmlsafe import MAX_BYTES

from engine.vocabulary import InstanceStatus, Role

from .auth import load_logged_in_user
from .db import get_alur
from .errors import page, with_retry
from .i18n import _
from .roles import has_role, may_change, role_required
from .views import say, say_alone

bp = Blueprint("analyst", __name__, url_prefix="/analyst")

ROLE = Role.ANALYST
# A diagram may be as large as the engine takes (engine.xmlsafe.MAX_BYTES), plus the multipart envelope.
# Everything else keeps the app's MAX_CONTENT_LENGTH.
DIAGRAM_LIMIT = MAX_BYTES + 64 * 1024
DIAGRAM_ENDPOINTS = {"analyst.upload", "analyst.save"}


def is_analyst(user):
    return has_role(user, ROLE)


analyst_required = role_required(ROLE)


@bp.url_value_preprocessor
def diagram_limit(endpoint, values):
    """Raise the body limit for the two routes that take a diagram. URL value preprocessors run before
    every before_request function, so the limit is in place before the CSRF check reads the form."""
    if endpoint in DIAGRAM_ENDPOINTS:
        request.max_content_length = DIAGRAM_LIMIT


def _too_large_message():
    return _("Berkas terlalu besar: diagram paling besar {mb} MB. Apakah ini berkas yang benar?",
             mb=MAX_BYTES // (1024 * 1024))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """Raised while the CSRF check reads the body, before the user is loaded: load them here."""
    if "user" not in g:
        load_logged_in_user()
    if not is_analyst(g.user):
        return page(403 if g.user else 413)
    if request.endpoint == "analyst.save":
        return jsonify(message=_too_large_message(), problems=[]), 413
    return _processes_page(message=_too_large_message(), status=413)


# Processes: upload ---------------------------------------------------------------------------------------------

@bp.get("/processes")
@analyst_required
def processes():
    return _processes_page()


def _processes_page(problems=None, diagram=None, file_name=None, message=None, status=200):
    listed = get_alur().processes()
    running = {p.id: sum(v.running_instances for v in p.versions) for p in listed}
    return render_template("analyst_processes.html", processes=listed, running=running, problems=problems or [],
                           diagram=diagram, file_name=file_name, message=message, limit_mb=MAX_BYTES // (1024 * 1024)), status


@bp.post("/upload")
@analyst_required
def upload():
    upload = request.files.get("diagram")
    if upload is None or not upload.filename:
        return _processes_page(message=_("Pilih berkas .bpmn yang akan dipasang."), status=400)
    name = file_name(upload.filename)
    data = upload.read()
    try:
        results = get_alur().deploy_bytes([(name, data)], g.user["name"])
    except InvalidDiagram as refused:
        return _processes_page(problems=problem_list(refused), diagram=_readable(data, refused), file_name=name,
                               message=_("Diagram {file} tidak dipasang, tidak ada yang disimpan: perbaiki ini lalu unggah lagi.",
                                         file=name), status=422)
    for result in results:
        flash_result(result)
    if len(results) == 1:
        return redirect(after_deploy(results[0]))
    return redirect(url_for("analyst.processes"))


def file_name(name, default="diagram.bpmn"):
    """The upload's own name, without any folder ('../x.bpmn' -> 'x.bpmn')."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    return base[:120] or default


def flash_result(result):
    if result.changed:
        flash(_("{name}: versi {version} dipasang.", name=result.name, version=result.version), "success")
    else:
        flash(_("{name}: isinya sama dengan versi {version}, tidak ada versi baru.", name=result.name,
                version=result.version), "info")


def after_deploy(result):
    if result.changed and result.version > 1:
        return url_for("analyst.versions", process_id=result.process, old=result.version - 1,
                       new=result.version, _anchor="bandingkan")
    return url_for("analyst.versions", process_id=result.process)


def problem_list(refused):
    return [{"file": p.file, "line": p.line, "element": p.element, "message": say_alone(p.message)} for p in refused.problems]


def _readable(data, refused):
    """The uploaded XML as text, to draw with its problems marked; None when the engine refused to read it."""
    if not all(getattr(p, "readable", True) for p in refused.problems):
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


# Versions of one process ---------------------------------------------------------------------------------------

@bp.get("/processes/<process_id>")
@analyst_required
def versions(process_id):
    alur = get_alur()
    process = alur.versions(process_id)
    numbers = [v["version"] for v in process["versions"]]
    newest = numbers[-1]
    # By default the newest version against the one before it.
    old = _version_arg("old", numbers, numbers[-2] if len(numbers) > 1 else None)
    new = _version_arg("new", numbers, newest)
    comparison = None
    if old is not None:
        marks = alur.diff_elements(process_id, old, new)
        comparison = {"old": old, "new": new, "changes": alur.diff(process_id, old, new),
                      "old_marks": {**{e: "alur-removed" for e in marks["removed"]},
                                    **{e: "alur-changed" for e in marks["changed"]}},
                      "new_marks": {**{e: "alur-added" for e in marks["added"]},
                                    **{e: "alur-changed" for e in marks["changed"]}},
                      "old_bpmn": alur.version_bpmn(process_id, old).decode("utf-8"),
                      "new_bpmn": alur.version_bpmn(process_id, new).decode("utf-8")}
    running = [(instance, alur.tasks(instance=instance.id))
               for instance in alur.instances(process=process_id, status=InstanceStatus.RUNNING)]
    return render_template("analyst_versions.html", process=process, numbers=numbers, newest=newest,
                           old=old, new=new, comparison=comparison, running=running)


def _version_arg(name, numbers, default):
    value = request.args.get(name, type=int)
    return value if value in numbers else default


@bp.get("/processes/<process_id>/versions/<int:version>.bpmn")
@analyst_required
def download(process_id, version):
    alur = get_alur()
    data = alur.version_bpmn(process_id, version)
    file_name = next((v.file for v in alur.versions(process_id).versions if v.version == version), process_id)
    stem = PurePosixPath(file_name).stem or process_id
    return Response(data, mimetype="application/xml", headers={
        "Content-Disposition": f'attachment; filename="{ascii_name(stem)}-v{version}.bpmn"'})


def ascii_name(text):
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in text) or "diagram"


@bp.post("/instances/<int:instance_id>/migrate")
@analyst_required
def migrate(instance_id):
    alur = get_alur()
    shown = alur.show(instance_id)
    to_version = request.form.get("to_version", type=int)
    back = url_for("analyst.versions", process_id=shown["process"], _anchor="berjalan")
    if to_version is None:
        flash(_("Pilih versi tujuan."), "error")
        return redirect(back)
    try:
        alur.migrate(instance_id, to_version, g.user["name"])
    except (Conflict, NotFound) as refused:
        flash(_("Proses #{id} tidak dipindahkan: {reason}", id=instance_id, reason=say(refused.message)), "error")
    else:
        flash(_("Proses #{id} dipindahkan dari versi {old} ke versi {new}.", id=instance_id,
                old=shown["version"], new=to_version), "success")
    return redirect(back)


# The modeler ---------------------------------------------------------------------------------------------------

@bp.get("/processes/<process_id>/modeler")
@analyst_required
def modeler(process_id):
    if not may_change(g.user):  # the modeler is for saving versions, which an auditor never does
        return page(403, _("Auditor hanya dapat melihat: peran ini tidak mengubah apa pun."))
    alur = get_alur()
    process = alur.versions(process_id)
    numbers = [v["version"] for v in process["versions"]]
    version = request.args.get("version", type=int)
    if version is None:
        version = numbers[-1]
    if version not in numbers:
        raise NotFound("version.not_found", process=process_id, version=version)
    return render_template("analyst_modeler.html", process=process, version=version, newest=numbers[-1],
                           bpmn=alur.version_bpmn(process_id, version).decode("utf-8"),
                           constants=modeler_constants(), header_labels=header_labels())


def header_labels():
    """The SOP header's items by their keys, in the page's language: for the modeler's panel and the SOP table editor."""
    return {"nomor": _("Nomor SOP"), "nama": _("Nama SOP"), "unit": _("Unit"), "instansi": _("Instansi"),
            "tanggal_pembuatan": _("Tanggal pembuatan"), "tanggal_revisi": _("Tanggal revisi"),
            "tanggal_pengesahan": _("Tanggal pengesahan"), "tanggal_efektif": _("Tanggal efektif"),
            "disahkan_oleh": _("Disahkan oleh"), "dasar_hukum": _("Dasar hukum"),
            "kualifikasi_pelaksana": _("Kualifikasi pelaksana"), "keterkaitan": _("Keterkaitan"),
            "peralatan_perlengkapan": _("Peralatan/perlengkapan"), "peringatan": _("Peringatan"),
            "pencatatan_pendataan": _("Pencatatan dan pendataan"), "penetapan.nomor": _("Penetapan: nomor"),
            "penetapan.tanggal": _("Penetapan: tanggal"), "penetapan.judul": _("Penetapan: judul")}


def modeler_constants():
    """The engine's tables the modeler's panel needs, so that modeler.js keeps no copy of them."""
    return {"units": timestandard.UNITS, "field_types": fields.TYPES, "mutu_baku": model.MUTU_BAKU,
            "header_scalars": model.HEADER_SCALARS, "header_lists": model.HEADER_LISTS,
            "header_penetapan": model.HEADER_PENETAPAN}


@bp.post("/processes/<process_id>/modeler")
@analyst_required
def save(process_id):
    """The modeler posts the diagram's XML (the body, CSRF token in the X-CSRFToken header); the engine
    deploys it. JSON answer: where to go next, or the problems to mark on the diagram."""
    file_name = get_alur().versions(process_id)["versions"][-1]["file"]
    return deploy_posted(file_name, process_id)


def deploy_posted(file_name, process_id):
    """Deploy the diagram in the request's body as `file_name`: the JSON answer the modeler's save reads (where to
    go next, or the problems to mark on the diagram) with its status. Also the save of an SOP draft (webui/sop.py)."""
    alur = get_alur()
    data = request.get_data(cache=False)
    if not data.strip():
        return jsonify(message=_("Diagram kosong: tidak ada yang disimpan."), problems=[]), 400
    try:
        results = alur.deploy_bytes([(file_name, data)], g.user["name"])
    except InvalidDiagram as refused:
        message = _("Diagram belum dapat dipasang, tidak ada yang disimpan: perbaiki yang ditandai lalu simpan lagi.")
        return jsonify(message=message, problems=problem_list(refused)), 422
    except AlurError as refused:  # a database fault too: with its Retry-After
        return with_retry(jsonify(message=say(refused.message), problems=[]), refused), refused.status
    for result in results:
        flash_result(result)
    mine = [r for r in results if r.process == process_id] or results
    return jsonify(message="", redirect=after_deploy(mine[0]),
                   versions=[{"process": r.process, "version": r.version, "changed": r.changed}
                             for r in results])


def init_app(app):
    app.register_blueprint(bp)
