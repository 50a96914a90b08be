"""Alur's settings, read from the environment once (`Settings.from_env`) and passed to the engine.

| variable | default | |
|---|---|---|
| `ALUR_WORK_HOURS`, `ALUR_TIMEZONE`, `ALUR_CUTI_BERSAMA`, `ALUR_HOLIDAY_CATEGORIES` | see engine.workcalendar | the working calendar; the time zone is also the one times are shown in |
| `ALUR_ARGON2_PROFILE` | `RFC_9106_LOW_MEMORY` | the Argon2 cost of password hashes, a name from `argon2.profiles` (`CHEAPEST` in tests) |
| `ALUR_DB` | `var/alur.db` | the database, read by the faces (`--db`): a SQLite file's path, or a `postgresql://` URL (engine.pgdb) |
| `ALUR_DB_TIMEOUT` | `30` | seconds a command waits for another program's write lock on the database before it gives up (PostgreSQL: lock_timeout) |
| `ALUR_MONITOR_THRESHOLD` | `80` | the percentage of tasks within their mutu baku at or above which an SOP is "Berjalan dengan baik" (engine.monitor) |
| `ALUR_MAX_UPLOAD_MB` | `20` | the largest document a `file` field takes, in MB |
| `ALUR_SMTP_HOST`, `ALUR_SMTP_PORT` (`25`, `587` with STARTTLS), `ALUR_SMTP_USER`, `ALUR_SMTP_PASSWORD`, `ALUR_SMTP_FROM`, `ALUR_SMTP_STARTTLS` (`1`/`0`) | unset | the mail server `alur worker` sends notices through; no host, no mail |
| `ALUR_MAIL_EVERY_MINUTES` | `10` | at most one mail per user in this many minutes (the first comes within a minute) |
| `ALUR_BASE_URL` | `http://127.0.0.1:5000` | where the web UI is reached: the links in mails |
"""

import math
import os
from dataclasses import dataclass, field

from . import workcalendar
from .errors import ConfigError

DEFAULT_ARGON2 = "RFC_9106_LOW_MEMORY"
ARGON2_PROFILES = ("RFC_9106_HIGH_MEMORY", "RFC_9106_LOW_MEMORY", "PRE_21_2", "CHEAPEST")
DEFAULT_DB_TIMEOUT = 30.0
MAX_DB_TIMEOUT = 3600.0
DEFAULT_MONITOR_THRESHOLD = 0.8
DEFAULT_MAX_UPLOAD_MB = 20
LARGEST_UPLOAD_MB = 1024   # SQLite keeps a BLOB of at most 1 GB by default


@dataclass(frozen=True)
class Settings:
    calendar: workcalendar.WorkCalendar = field(default_factory=workcalendar.WorkCalendar)
    argon2_profile: str = DEFAULT_ARGON2
    db_timeout: float = DEFAULT_DB_TIMEOUT
    monitor_threshold: float = DEFAULT_MONITOR_THRESHOLD
    max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB
    mail: "Mail" = field(default_factory=lambda: Mail())

    @classmethod
    def from_env(cls, environ=None):
        environ = os.environ if environ is None else environ
        profile = environ.get("ALUR_ARGON2_PROFILE") or DEFAULT_ARGON2
        if profile not in ARGON2_PROFILES:
            raise ConfigError("settings.argon2_profile", value=profile, choices=list(ARGON2_PROFILES))
        return cls(calendar=workcalendar.from_env(environ), argon2_profile=profile,
                   db_timeout=_seconds(environ.get("ALUR_DB_TIMEOUT") or str(DEFAULT_DB_TIMEOUT)),
                   monitor_threshold=_percentage(environ.get("ALUR_MONITOR_THRESHOLD") or "80"),
                   max_upload_mb=_megabytes(environ.get("ALUR_MAX_UPLOAD_MB") or str(DEFAULT_MAX_UPLOAD_MB)),
                   mail=Mail.from_env(environ))

    @property
    def timezone(self):
        """The office's time zone (a ZoneInfo): working time is counted, and times are shown, in it."""
        return self.calendar.zone

    @property
    def max_upload_bytes(self):
        return self.max_upload_mb * 1024 * 1024

    @property
    def argon2_parameters(self):
        from argon2 import profiles  # its C library loads when a password is first hashed, not at every start
        return getattr(profiles, self.argon2_profile)


def _seconds(text):
    """ALUR_DB_TIMEOUT: a number of seconds, more than 0 and at most an hour."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds <= MAX_DB_TIMEOUT:  # also refuses nan
        raise ConfigError("settings.db_timeout", value=text, limit=int(MAX_DB_TIMEOUT))
    return seconds


@dataclass(frozen=True)
class Mail:
    """The mail server notices go through (`alur worker`); `host` None sends nothing."""
    host: str | None = None
    port: int = 25
    user: str | None = None
    password: str | None = None
    sender: str = "alur@localhost"
    starttls: bool = False
    every_minutes: int = 10
    base_url: str = "http://127.0.0.1:5000"

    @classmethod
    def from_env(cls, environ):
        starttls = (environ.get("ALUR_SMTP_STARTTLS") or "0").strip()
        if starttls not in ("0", "1"):
            raise ConfigError("settings.smtp_starttls", value=starttls)
        port = _whole(environ, "ALUR_SMTP_PORT", "587" if starttls == "1" else "25", 1, 65535)
        return cls(host=(environ.get("ALUR_SMTP_HOST") or "").strip() or None, port=port,
                   user=environ.get("ALUR_SMTP_USER") or None, password=environ.get("ALUR_SMTP_PASSWORD") or None,
                   sender=environ.get("ALUR_SMTP_FROM") or "alur@localhost", starttls=starttls == "1",
                   every_minutes=_whole(environ, "ALUR_MAIL_EVERY_MINUTES", "10", 1, 24 * 60),
                   base_url=(environ.get("ALUR_BASE_URL") or "http://127.0.0.1:5000").rstrip("/"))


def _whole(environ, name, default, low, high):
    text = (environ.get(name) or default).strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise ConfigError("settings.whole_number", name=name, value=text, low=low, high=high)
    return int(text)
def _percentage(text):
    """ALUR_MONITOR_THRESHOLD: a percentage from 1 to 100 (a trailing % allowed), as a share."""
    try:
        value = float(text.strip().removesuffix("%"))
    except ValueError:
        value = math.nan
    if not 1 <= value <= 100:  # also refuses nan
        raise ConfigError("settings.monitor_threshold", value=text)
    return value / 100


def _megabytes(text):
    """ALUR_MAX_UPLOAD_MB: a whole number of megabytes, at least 1 and at most LARGEST_UPLOAD_MB."""
    value = text.strip()
    if not value.isdigit() or not 1 <= int(value) <= LARGEST_UPLOAD_MB:
        raise ConfigError("settings.max_upload_mb", value=text, limit=LARGEST_UPLOAD_MB)
    return int(value)
