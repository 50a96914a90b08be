"""Alur's one notion of now: UTC, ISO 8601 with microseconds, so that text order is time order."""

from datetime import datetime, timezone


def now():
    return datetime.now(timezone.utc)


def stamp(moment=None):
    return (moment or now()).isoformat(timespec="microseconds")
