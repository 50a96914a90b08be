"""Sign-in attempts limited per account and per address with Flask-Limiter, its counters kept in Alur's
database (engine.store.rate_limits) so that every worker process of `alur serve` counts the same attempts and
a restart forgets none. Only failed attempts count; once over, the sign-in page says when to try again."""

import functools
import time

from flask import g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits.storage import Storage

from engine.db import driver_errors, faults, transaction
from engine.store import rate_limits

from .db import get_alur

PER_ACCOUNT = "5 per 15 minutes"
PER_ADDRESS = "30 per 15 minutes"


class AlurStorage(Storage):
    """`limits` storage on the app's Alur database (URI `alur://`): the counters of the fixed-window strategy."""

    STORAGE_SCHEME = ["alur"]

    @property
    def base_exceptions(self):
        return driver_errors()

    def _db(self):
        alur = get_alur()
        return alur.db, alur.settings.db_timeout

    def incr(self, key, expiry, amount=1):
        db, timeout = self._db()
        with faults(timeout), transaction(db):
            return rate_limits.add(db, key, amount, time.time(), expiry)

    def get(self, key):
        db, timeout = self._db()
        with faults(timeout):
            return rate_limits.current(db, key, time.time())[0]

    def get_expiry(self, key):
        db, timeout = self._db()
        with faults(timeout):
            return rate_limits.current(db, key, time.time())[1] or time.time()

    def check(self):
        return True

    def reset(self):
        db, timeout = self._db()
        with faults(timeout), transaction(db):
            return rate_limits.clear(db)

    def clear(self, key):
        db, timeout = self._db()
        with faults(timeout), transaction(db):
            rate_limits.clear(db, key)


def account():
    """The account a sign-in names, as the sign-in reads it."""
    return "account:" + request.form.get("name", "").strip().lower()


def _failed(response):
    return response.status_code == 401


# auto_check off: the limiter adds no hook before every request (it resolved its limits on each, a sixtieth of a
# completion's CPU, to find none); `limited` checks the sign-in's limits itself.
limiter = Limiter(get_remote_address, storage_uri="alur://", strategy="fixed-window", headers_enabled=True,
                  auto_check=False)

# Both count a failed sign-in only; either being over refuses the next attempt, right password or not.
signin_limits = [
    limiter.limit(PER_ACCOUNT, key_func=account, methods=["POST"], deduct_when=_failed, scope="signin-account"),
    limiter.limit(PER_ADDRESS, methods=["POST"], deduct_when=_failed, scope="signin-address"),
]


def limited(view):
    """The view with the sign-in limits, checked before it runs (RateLimitExceeded once over)."""
    for limit in signin_limits:
        view = limit(view)

    @functools.wraps(view)
    def checked(**kwargs):
        limiter.check()
        return view(**kwargs)
    return checked


def retry_after_minutes():
    """Whole minutes until the limit that refused this request lets go (at least 1)."""
    window = getattr(g, "view_rate_limit", None)
    if window is None:
        return 15
    reset_at = limiter.limiter.get_window_stats(*window).reset_time
    return max(1, -int(-(reset_at - time.time()) // 60))


def init_app(app):
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
