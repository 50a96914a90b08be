"""Alur's one notion of now: UTC, ISO 8601 with microseconds, so that text order is time order.

`Alur` holds one `Clock`; everything that stamps or compares times asks it. Tests pass a clock of their own.
"""

from datetime import datetime, timezone


def stamp(moment):
    return moment.isoformat(timespec="microseconds")


def parse(text):
    return datetime.fromisoformat(text) if text else None


class Clock:
    def now(self):
        return datetime.now(timezone.utc)

    def stamp(self, moment=None):
        return stamp(moment or self.now())


class FixedClock(Clock):
    """A clock that stands where it is set (`clock.moment = ...`), and tells the real time until it is set."""

    def __init__(self, moment=None):
        self.moment = moment

    def now(self):
        return self.moment or super().now()
