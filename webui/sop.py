"""SOP Baru, for analysts: an SOP AP table becomes a diagram. Download the template, upload a filled workbook
or write the table in the page's editor; see the problems on the rows they concern, or the diagram laid out;
then deploy it or open it in the modeler. An existing process's table opens in the editor, and downloads as a
workbook.

Every reading and check is the engine's (`Alur.read_sop`, `sop_from_table`, `import_sop`, `export_sop`,
`sop_table`); these views keep what was brought as a draft (`sopdrafts`) between a POST and the page that
shows it, and say the engine's findings.
"""

import functools
import io
import json
import zipfile

from flask import (Blueprint, Response, abort, current_app, flash, g, make_response, redirect, render_template,
                   request, url_for)
from werkzeug.exceptions import RequestEntityTooLarge

from engine.errors import Unavailable
from engine.vocabulary import Role

from . import sopdrafts
from .analyst import (ROLE, after_deploy, ascii_name, deploy_posted, file_name, flash_result, header_labels,
                      modeler_constants)
from .auth import load_logged_in_user
from .db import get_alur
from .errors import page
from .i18n import _
from .roles import has_role, may_change, role_required
from .views import say_alone

bp = Blueprint("sop", __name__, url_prefix="/analyst/sop")

WORKBOOK_MB = 5
WORKBOOK_LIMIT = WORKBOOK_MB * 1024 * 1024 + 64 * 1024  # the workbook and the multipart envelope
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an .xls of Excel 97-2003


def _for_changers(view):
    """Analysts who may change things: an auditor holding the analyst role reads, never deploys."""
    @functools.wraps(view)
    def wrapped(**kwargs):
        if not may_change(g.user):
            return page(403, _("Auditor hanya dapat melihat: peran ini tidak mengubah apa pun."))
        return view(**kwargs)
    return role_required(ROLE)(wrapped)


@bp.url_value_preprocessor
def workbook_limit(endpoint, values):
    """A workbook may be larger than the app's 1 MB for forms (a logo, a long Dasar Hukum); set before the CSRF
    check reads the body."""
    if endpoint == "sop.upload":
        request.max_content_length = WORKBOOK_LIMIT


def _too_large_message():
    return _("Berkas terlalu besar: buku kerja SOP paling besar {mb} MB. Apakah ini berkas yang benar?",
             mb=WORKBOOK_MB)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    if "user" not in g:
        load_logged_in_user()
    if not has_role(g.user, Role.ANALYST) or not may_change(g.user):
        return page(403 if g.user else 413)
    return _page(message=_too_large_message(), status=413)


# The page -------------------------------------------------------------------------------------------------------

@bp.get("")
@_for_changers
def new():
    """SOP Baru: the upload, the editor, and a draft's problems or preview (?draft=TOKEN); ?process=ID
    (&version=N) opens that process's table in the editor."""
    token = request.args.get("draft")
    if token:
        draft = sopdrafts.load(token, g.user["name"])
        if draft is None:
            flash(_("Draf SOP ini tidak ada lagi (sudah dipasang, atau lebih dari sehari): unggah atau tulis lagi."),
                  "warning")
            return redirect(url_for("sop.new"))
        return _page(draft=draft)
    process_id = request.args.get("process")
    if process_id:
        version = request.args.get("version", type=int)
        table = get_alur().sop_table(process_id, version)
        return _page(table=table.to_json(), source={"process": process_id, "version": version})
    return _page()


def _page(draft=None, table=None, source=None, message=None, status=200):
    result = None
    if draft is not None:
        result = _check(draft)
        table = result.table.to_json() if result.table is not None else draft.get("table")
    problems = _problems(result.problems) if result is not None else []
    preview = result.bpmn.decode("utf-8") if result is not None and result.bpmn else None
    return render_template("analyst_sop.html", draft=draft, result=result, problems=problems, preview=preview,
                           table=table, source=source, message=message, limit_mb=WORKBOOK_MB,
                           strings=editor_strings(), constants=modeler_constants()), status


def _check(draft):
    """The engine's reading of a draft, afresh (drafts keep what was brought, not what the engine said)."""
    alur = get_alur()
    if draft["kind"] == "workbook":
        return alur.read_sop(draft["workbook"], draft["file_name"])
    return alur.sop_from_table(draft["table"])


def _problems(problems):
    """Each problem for the page: where (sheet, row, column; `nomor`, the activity's number as the engine reads
    it, by which the editor finds the row of a table typed in the browser), error or warning, what to do."""
    where = ("sheet", "row", "column", "cell")
    return [{"code": p.code, "severity": str(p.severity), "error": p.is_error, **{k: p.params.get(k) for k in where},
             "no": p.params.get("nomor"), "message": say_alone(p.message)} for p in problems]


# Template and workbooks ----------------------------------------------------------------------------------------

@bp.get("/template.xlsx")
@role_required(ROLE)
def template():
    return _workbook(get_alur().sop_template(), "templat-sop-ap.xlsx")


@bp.get("/processes/<process_id>.xlsx")
@role_required(ROLE)
def export(process_id):
    """A deployed process as the SOP AP workbook (the newest version, or ?version=N)."""
    version = request.args.get("version", type=int)
    data = get_alur().export_sop(process_id, version)
    suffix = f"-v{version}" if version else ""
    return _workbook(data, f"{ascii_name(process_id)}{suffix}.xlsx")


def _workbook(data, file_name):
    return Response(data, mimetype=XLSX_MIME, headers={"Content-Disposition": f'attachment; filename="{file_name}"'})


# Bringing a table: a workbook, or the editor's JSON ------------------------------------------------------------

@bp.post("/upload")
@_for_changers
def upload():
    upload = request.files.get("workbook")
    if upload is None or not upload.filename:
        return _page(message=_("Pilih berkas .xlsx yang akan diperiksa."), status=400)
    name = file_name(upload.filename, "sop.xlsx")
    data = upload.read()
    refused = _sniff(data)
    if refused:
        return _page(message=refused, status=415)
    token = _keep(name, workbook=data)
    if token is None:
        return _page(message=_cannot_keep(), status=503)
    return redirect(url_for("sop.new", draft=token, _anchor="hasil"))


def _keep(name, **brought):
    """The draft's token, or None when the database cannot keep it now (a full disk, a read-only database)."""
    try:
        return sopdrafts.save(g.user["name"], name, **brought)
    except Unavailable:
        current_app.logger.exception("an SOP draft could not be written")
        return None


def _cannot_keep():
    return _("Draf SOP tidak dapat disimpan di server saat ini (disk penuh atau basis data tidak dapat ditulis); "
             "tidak ada yang diubah. Coba lagi nanti atau beri tahu pengelola Alur.")


def _sniff(data):
    """Why these bytes are not an .xlsx workbook, or None. The engine reads the workbook itself; this only says
    early, and plainly, what a wrong file is."""
    if not data:
        return _("Berkas kosong: pilih buku kerja .xlsx yang sudah diisi.")
    if data.startswith(OLE_MAGIC):
        return _("Berkas ini buku kerja Excel lama (.xls): buka di Excel atau LibreOffice, simpan sebagai .xlsx, "
                 "lalu unggah lagi.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        names = set()
    if "xl/workbook.xml" not in names:
        return _("Berkas ini bukan buku kerja .xlsx: unduh templat, isi, simpan sebagai .xlsx (Excel Workbook), "
                 "lalu unggah lagi.")
    return None


ACTIONS = ("check", "deploy", "modeler")


@bp.post("/table")
@_for_changers
def table():
    """The editor's table (JSON in the form's `table`), kept as a draft, then checked, deployed or opened in the
    modeler as the button said."""
    try:
        data = json.loads(request.form.get("table", ""))
    except (ValueError, RecursionError):  # RecursionError: JSON nested deeper than Python reads
        data = None
    if not isinstance(data, dict):
        return _page(message=_("Tabel SOP tidak terbaca: muat ulang halaman lalu coba lagi."), status=400)
    action = request.form.get("action")
    if action not in ACTIONS:
        action = "check"
    name = (data.get("process_id") or "sop") + ".xlsx"
    token = _keep(file_name(name, "sop.xlsx"), table=data)
    if token is None:
        return _page(table=data, message=_cannot_keep(), status=503)
    if action == "deploy":
        return _deploy(token)
    if action == "modeler":
        return redirect(url_for("sop.modeler", token=token))
    return redirect(url_for("sop.new", draft=token, _anchor="hasil"))


# Deploying and the modeler -------------------------------------------------------------------------------------

@bp.post("/drafts/<token>/deploy")
@_for_changers
def deploy(token):
    return _deploy(token)


def _draft_or_404(token):
    draft = sopdrafts.load(token, g.user["name"])
    if draft is None:
        abort(404)
    return draft


def _deploy(token):
    """Deploy a draft through the engine's import (`import_sop` / `import_table` with deploy): its checks, its
    event. Refused, nothing is stored and the draft's page says why."""
    draft = _draft_or_404(token)
    alur, user = get_alur(), g.user["name"]
    if draft["kind"] == "workbook":
        result = alur.import_sop(draft["workbook"], draft["file_name"], user, deploy=True)
    else:
        result = alur.import_table(draft["table"], user, deploy=True)
    if not result.deployments:
        flash(_("SOP belum dapat dipasang, tidak ada yang disimpan: perbaiki kesalahan yang ditandai lalu coba lagi."),
              "error")
        for problem in result.problems:
            if problem.code == "sop.deploy_refused":  # the deploy's own checks: not found again by the page's reading
                flash(say_alone(problem.message), "error")
        return redirect(url_for("sop.new", draft=token, _anchor="hasil"))
    sopdrafts.discard(token)
    for deployment in result.deployments:
        flash_result(deployment)
    return redirect(after_deploy(result.deployments[0]))


@bp.get("/drafts/<token>/modeler")
@_for_changers
def modeler(token):
    draft = _draft_or_404(token)
    result = _check(draft)
    if not result.bpmn:
        flash(_("Diagram belum dapat dibuat: perbaiki kesalahan yang ditandai lalu buka lagi di modeler."), "error")
        return redirect(url_for("sop.new", draft=token, _anchor="hasil"))
    header = result.table.header if result.table is not None else {}
    process = {"id": result.process_id, "name": header.get("nama") or result.process_id, "header": header}
    return render_template("analyst_modeler.html", process=process, version=None, newest=None, draft=token,
                           bpmn=result.bpmn.decode("utf-8"), constants=modeler_constants(),
                           header_labels=header_labels(),
                           save_url=url_for("sop.save", token=token))


@bp.post("/drafts/<token>/modeler")
@_for_changers
def save(token):
    """The modeler's save for a draft: the edited diagram is deployed as the process's next version."""
    draft = _draft_or_404(token)
    result = _check(draft)
    answer = make_response(deploy_posted(f"{result.process_id or 'sop'}.bpmn", result.process_id))
    if answer.status_code == 200:
        sopdrafts.discard(token)
    return answer


def editor_strings():
    """The editor's words (static/sop-editor.js), in the page's language."""
    return {
        "header": _("Identitas SOP"), "header_more": _("Dasar hukum, kualifikasi, keterkaitan, peralatan, peringatan, "
                                                       "pencatatan, penetapan"),
        "header_labels": header_labels(), "process_id": _("ID proses (boleh kosong)"),
        "process_id_hint": _("dibuat dari Nama SOP bila kosong"),
        "lanes": _("Pelaksana (kolom tabel, urut dari kiri)"),
        "lanes_hint": _("Satu kolom per jabatan yang mengerjakan kegiatan; di diagram menjadi lajur, urut dari kiri."),
        "lane_name": _("Pelaksana {n}"), "lane_unnamed": _("(pelaksana {n} belum bernama)"),
        "lane_left": _("Geser ke kiri"), "lane_right": _("Geser ke kanan"), "lane_remove": _("Hapus pelaksana"),
        "lane_add": _("Tambah pelaksana"),
        "rows": _("Kegiatan"), "no": _("No"), "executor": _("Pelaksana"), "kegiatan": _("Kegiatan"),
        "kelengkapan": _("Kelengkapan"), "waktu": _("Waktu"), "output": _("Output"), "keterangan": _("Keterangan"),
        "waktu_hint": _("mis. 30 menit, 2 jam, 1 hari"),
        "decision": _("Kegiatan ini keputusan (pertanyaan dengan jawaban)"), "question": _("Pertanyaan"),
        "answer_label": _("Jawaban"), "answer_target": _("Menuju kegiatan"), "answer_add": _("Tambah jawaban"),
        "answer_remove": _("Hapus jawaban"), "yes": _("ya"), "no_answer": _("tidak"),
        "target_next": _("kegiatan berikutnya"), "target_end": _("selesai (akhir prosedur)"),
        "target_missing": _("kegiatan {no} (tidak ada)"),
        "more": _("Lainnya: nama singkat, isian, catatan analis"),
        "isian": _("Isian tambahan yang dicatat pelaksana (pisahkan dengan ;)"),
        "isian_hint": _("mis. Nomor SPT; Tanggal terima [tanggal] (opsional)"),
        "nama": _("Nama singkat tugas (bila kosong: dari Kegiatan)"),
        "catatan": _("Catatan analis (tidak ditampilkan kepada pelaksana)"),
        "row_up": _("Naikkan"), "row_down": _("Turunkan"), "row_insert": _("Sisipkan kegiatan sesudah ini"),
        "row_remove": _("Hapus kegiatan"), "row_add": _("Tambah kegiatan"), "part_add": _("Tambah judul bagian"),
        "part_title": _("Judul bagian"), "part_hint": _("mis. A. PERENCANAAN"), "part_remove": _("Hapus judul bagian"),
        "renumber": _("Nomori ulang kegiatan"),
        "leave": _("Perubahan tabel belum diperiksa. Tinggalkan halaman?"),
    }


def init_app(app):
    app.register_blueprint(bp)
