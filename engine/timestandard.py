"""Mutu baku times: read "60 menit", "1 hari", "1 minggu" and their ISO 8601 forms."""

import re

from .errors import InvalidData

# The one table of units: the SOP importer (engine/sopap) and the modeler page (webui/static/modeler.js) use it too.
UNITS = {
    "menit": "M", "mnt": "M", "minute": "M", "minutes": "M",
    "jam": "H", "hour": "H", "hours": "H",
    "hari": "D", "day": "D", "days": "D",
    "minggu": "W", "pekan": "W", "week": "W", "weeks": "W",
    "bulan": "MO", "month": "MO", "months": "MO",
}
_WRITTEN = re.compile(r"^\s*(\d+)\s*([a-zA-Z]+)\s*$")
_ISO = re.compile(r"^P(?:(\d+)W|(\d+)M|(\d+)D|T(?:(\d+)H)?(?:(\d+)M)?)$")


def parse_written(text):
    """'1 hari' -> (1, 'D'); raises InvalidData with a hint when it cannot be read."""
    match = _WRITTEN.match(text or "")
    unit = UNITS.get(match.group(2).lower()) if match else None
    if unit is None:
        raise InvalidData("waktu.unreadable", waktu=text)
    return int(match.group(1)), unit


def to_iso(text):
    """The ISO 8601 duration of a written time standard: '60 menit' -> 'PT60M'."""
    amount, unit = parse_written(text)
    if unit in ("M", "H"):
        return f"PT{amount}{unit}"
    return f"P{amount}{'M' if unit == 'MO' else unit}"


def same_duration(written, iso):
    """True when the ISO form says the same as the written one."""
    return _ISO.match(iso or "") is not None and to_iso(written) == iso

