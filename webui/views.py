"""What every page shares: times in local time, values for display, the language switch, bpmn-js from
node_modules, and the security headers on every response."""

from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime
from flask import Blueprint, current_app, redirect, request, send_from_directory, session, url_for

from .i18n import LANGUAGES, _, current_language

bp = Blueprint("views", __name__)

# Abbreviations Indonesian staff know their clocks by.
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def now():
    """The current time (UTC); tests move it to see tasks become overdue."""
    return datetime.now(timezone.utc)


def parse_stamp(stamp):
    return datetime.fromisoformat(stamp) if stamp else None


def local_zone():
    name = current_app.config["ALUR_TIMEZONE"]
    try:
        return ZoneInfo(name), ZONE_NAMES.get(name, name)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone(timedelta(hours=7)), "WIB"


def format_stamp(stamp):
    """'2024-05-02T01:30:00+00:00' -> '02-05-2024 08:30 WIB' (the day first, as Indonesian forms write it)."""
    moment = parse_stamp(stamp)
    if moment is None:
        return "–"
    zone, label = local_zone()
    return f"{format_datetime(moment, 'dd-MM-yyyy HH:mm', tzinfo=zone, locale=current_language())} {label}"


def is_overdue(task):
    due = parse_stamp(task.get("due_at"))
    return due is not None and task.get("state", "ready") == "ready" and due < now()


def format_value(value):
    """A value from an instance's data, for reading."""
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {format_value(v)}" for k, v in value.items())
    if value is None:
        return "–"
    return str(value)


STATUS_LABELS = {"running": "berjalan", "completed": "selesai", "cancelled": "dibatalkan"}


def status_label(status):
    return _(STATUS_LABELS.get(status, status))


def safe_next(target):
    """Only a path on this site may be a redirect target after sign-in."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


@bp.post("/language")
def language():
    lang = request.form.get("lang")
    if lang in LANGUAGES:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next")) or url_for("index"))


@bp.get("/vendor/bpmn-js/<path:filename>")
def vendor(filename):
    """bpmn-js as npm installed it (node_modules/bpmn-js/dist): no CDN, no copy to keep in step."""
    return send_from_directory(current_app.config["BPMN_JS_DIST"], filename, max_age=3600)


def security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app):
    app.register_blueprint(bp)
    app.after_request(security_headers)
    app.jinja_env.filters.update(when=format_stamp, value=format_value)
    app.jinja_env.globals.update(is_overdue=is_overdue, status_label=status_label)
