"""Friendly error pages: the engine's refusals by their status, HTTP errors, and a 500 without a trace."""

from flask import jsonify, make_response, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from engine import AlurError, messages
from engine.errors import Unavailable

from . import db
from .i18n import _, current_language
from .views import say_alone, sentence, wants_json

TITLES = {
    400: ("Permintaan tidak valid", "Permintaan tidak dapat diproses."),
    403: ("Akses ditolak", "Halaman ini bukan untuk pelaksana Anda."),
    404: ("Tidak ditemukan", "Halaman atau data yang Anda cari tidak ada."),
    405: ("Metode tidak diizinkan", "Permintaan tidak dapat diproses."),
    409: ("Konflik", "Permintaan ini bertabrakan dengan keadaan saat ini."),
    413: ("Kiriman terlalu besar", "Permintaan tidak dapat diproses."),
    422: ("Permintaan tidak valid", "Permintaan tidak dapat diproses."),
    500: ("Terjadi kesalahan", "Terjadi kesalahan di server. Kesalahan sudah dicatat; silakan coba lagi nanti."),
    503: ("Layanan sementara tidak tersedia", "Basis data tidak dapat dipakai saat ini. Tidak ada yang diubah."),
}


def page(status, detail=None):
    title, explanation = TITLES.get(status, TITLES[400] if status < 500 else TITLES[500])
    return render_template("error.html", status=status, title=_(title), explanation=_(explanation),
                           detail=detail), status


def refusal(error):
    """An engine refusal as a response: its page (or {code, message} when the request asks for JSON) with its
    status; for a database fault (503), Retry-After when waiting may help, and this worker's engine is closed so
    that the next request opens the database afresh (a file made writable again is then written)."""
    message = refusal_text(error)
    if wants_json():
        response = make_response(jsonify(code=error.code, message=message), error.status)
    else:
        response = make_response(*page(error.status, message))
    return with_retry(response, error)


def refusal_text(error):
    """What the engine refused, in the page's language, as a sentence. A database fault is said without the engine,
    which may not open (its message holds no time to show in the office's zone)."""
    if isinstance(error, Unavailable):
        return sentence(messages.render(error.message, current_language()))
    return say_alone(error.message)


def with_retry(response, error):
    """`response` with the Retry-After a database fault calls for; the engine closed after any fault."""
    if isinstance(error, Unavailable):
        db.close()
        if error.retry_after:
            response.headers["Retry-After"] = str(error.retry_after)
    return response


def init_app(app):
    @app.errorhandler(AlurError)
    def engine_refusal(error):
        # The engine's message says what was wrong and where; it never holds a trace.
        return refusal(error)

    @app.errorhandler(CSRFError)
    def csrf_refusal(error):
        return page(400, _("Formulir kedaluwarsa atau tidak sah: muat ulang halaman lalu coba lagi."))

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        return page(error.code)

    @app.errorhandler(Exception)
    def unexpected(error):
        if isinstance(error, HTTPException):
            return http_error(error)
        app.logger.exception("unexpected error")
        return page(500)
