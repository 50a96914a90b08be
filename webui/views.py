"""What every page shares: times in local time, values for display, the language switch, bpmn-js from
node_modules, and the security headers on every response."""

import functools
from datetime import datetime
from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, redirect, request, send_from_directory, session, url_for
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from engine import messages
from engine.history import started
from engine.vocabulary import EventType, InstanceStatus, Role, TaskState

from .db import get_alur
from .i18n import LANGUAGES, _, current_language

bp = Blueprint("views", __name__)

# Abbreviations Indonesian staff know their clocks by.
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def now():
    """The current time (UTC), by the engine's clock."""
    return get_alur().clock.now()


def parse_stamp(stamp):
    return datetime.fromisoformat(stamp) if stamp else None


def local_zone():
    """The office's time zone (the engine's setting, ALUR_TIMEZONE) and the abbreviation staff know it by; looked
    up once per request (a page shows many times)."""
    if "local_zone" not in g:
        zone = get_alur().settings.timezone
        g.local_zone = zone, ZONE_NAMES.get(zone.key, zone.key)
    return g.local_zone


def format_stamp(stamp):
    """'2024-05-02T01:30:00+00:00' -> '02-05-2024 08:30 WIB' (the day first, as Indonesian forms write it)."""
    if not stamp:
        return "–"
    zone, label = local_zone()
    return _local_text(stamp, zone, label)


@functools.lru_cache(maxsize=8192)
def _local_text(stamp, zone, label):
    # Digits only, the same in both languages: strftime, not Babel; and each time said once (an inbox page shows
    # a hundred, the same ones page after page).
    return f"{parse_stamp(stamp).astimezone(zone).strftime('%d-%m-%Y %H:%M')} {label}"


def is_overdue(task):
    due = parse_stamp(task.get("due_at"))
    if due is None or task.get("state", TaskState.READY) != TaskState.READY:
        return False
    if "now" not in g:  # one clock reading per request: a page asks for every row
        g.now = now()
    return due < g.now


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


# Events that carry what someone entered (shown with the event), and events named after the whole process.
ENTERED_EVENTS = {EventType.INSTANCE_STARTED, EventType.TASK_COMPLETED, EventType.INSTANCE_CANCELLED,
                  EventType.TASK_REASSIGNED, EventType.INSTANCE_MIGRATED, EventType.COMMENT_ADDED}
PROCESS_EVENTS = {EventType.INSTANCE_STARTED, EventType.INSTANCE_COMPLETED}
STATUS_LABELS = {InstanceStatus.RUNNING: "berjalan", InstanceStatus.COMPLETED: "selesai",
                 InstanceStatus.CANCELLED: "dibatalkan"}


def entered(event):
    """What someone entered with an event, to show: for a start, its subject (perihal) beside the start fields."""
    if event["type"] == EventType.INSTANCE_STARTED:
        subject, data = started(event["data"])
        return {**({"subject": subject} if subject else {}), **data}
    return event["data"]


def status_label(status):
    return _(STATUS_LABELS.get(status, status))


def say(message):
    """Something the engine says (a refusal, a change, a finding), in the page's language and time zone."""
    return messages.render(message, current_language(), local_zone()[0])


def sentence(text):
    """A message standing on its own (in a list, a box): its first letter a capital."""
    return text[:1].upper() + text[1:]


def say_alone(message):
    """`say` for a message that stands on its own: a box, a list item, the `say` filter of the templates."""
    return sentence(say(message))


def wants_json():
    """Does the request ask for JSON (Accept: application/json, preferred to text/html)? A script, or a page's own
    script, gets the engine's refusal as {code, message} then, instead of a page."""
    return _asks_json(request.headers.get("Accept"))


@functools.lru_cache(maxsize=64)
def _asks_json(accept):
    # by the header's text: a browser sends the same one with every request, and parsing it is a hundredth of a
    # task completion's CPU
    return parse_accept_header(accept, MIMEAccept).best_match(["text/html", "application/json"]) == "application/json"


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


SECURITY_HEADERS = (("Content-Security-Policy", CSP), ("X-Content-Type-Options", "nosniff"),
                    ("X-Frame-Options", "DENY"), ("Referrer-Policy", "same-origin"))


def security_headers(response):
    """Each header unless the view set its own (a document's download sets a stricter CSP); a page is not cached."""
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    for name, value in SECURITY_HEADERS:
        if name.lower() not in present:
            headers.add(name, value)
    if "cache-control" not in present and response.mimetype == "text/html":
        headers.add("Cache-Control", "no-store")
    return response


def init_app(app):
    app.register_blueprint(bp)
    app.after_request(security_headers)
    app.jinja_env.filters.update(when=format_stamp, value=format_value, say=say_alone, entered=entered)
    app.jinja_env.globals.update(is_overdue=is_overdue, status_label=status_label, InstanceStatus=InstanceStatus,
                                 TaskState=TaskState, EventType=EventType, Role=Role, ENTERED_EVENTS=ENTERED_EVENTS,
                                 PROCESS_EVENTS=PROCESS_EVENTS)
