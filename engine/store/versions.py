"""The `versions` table: one row per deployed version of a process, never changed once written."""

import functools
import json

from ..vocabulary import InstanceStatus
from . import one, select

_LISTED = ("id", "process_id", "version", "name", "file_name", "sha256", "deployed_at", "deployed_by")
_WITHOUT_BPMN = (*_LISTED, "model")


def insert(db, row):
    return db["versions"].insert(row).last_pk


def newest(db, process_id):
    """The newest version row of `process_id` (as `by_id` gives it), or None."""
    found = next(iter(select(db, "SELECT id FROM versions WHERE process_id = ? ORDER BY version DESC LIMIT 1",
                               [process_id])), None)
    return found and by_id(db, found["id"])


def by_id(db, version_id):
    """A version row, its BPMN read when first asked for (_Row); versions never change, so each is read once per
    connection."""
    cache = _cache(db, "rows")
    if version_id not in cache:
        cache[version_id] = _Row(db, one(select(db, f"SELECT {', '.join(_WITHOUT_BPMN)} FROM versions WHERE id = ?",
                                                [version_id]), "version.id_not_found", version_id=version_id))
    return cache[version_id]


class _Row(dict):
    """A version row without its BPMN until `row["bpmn"]` asks for it. A start or a completion needs the version's
    ids, name and model; its BPMN (56 kB for the Nganjuk SOP, 14 pages) only to parse a spec not yet parsed in this
    process, and a diagram, a print or an export to show it."""

    def __init__(self, db, row):
        super().__init__(row)
        self._db = db

    def __missing__(self, key):
        if key != "bpmn":
            raise KeyError(key)
        self["bpmn"] = one(select(self._db, "SELECT bpmn FROM versions WHERE id = ?", [self["id"]]),
                           "version.id_not_found", version_id=self["id"])["bpmn"]
        return self["bpmn"]


def by_number(db, process_id, number):
    found = one(select(db, "SELECT id FROM versions WHERE process_id = ? AND version = ?", [process_id, number]),
                "version.not_found", process=process_id, version=number)
    return by_id(db, found["id"])


def model(db, version_id):
    """The stored model of a version (engine.model), parsed once per connection."""
    cache = _cache(db, "models")
    if version_id not in cache:
        row = _cache(db, "rows").get(version_id) or one(   # by_id read the whole row already, model and all
            select(db, "SELECT model FROM versions WHERE id = ?", [version_id]),
            "version.id_not_found", version_id=version_id)
        cache[version_id] = _parsed(row["model"])
    return cache[version_id]


# A model's JSON parsed once per process, whichever connection reads it: every command opens its own connection
# (a `alur` command, each engine the web or a script opens), and parsing the Nganjuk SOP's 17 kB cost each 0.1 ms.
# Keyed by the text itself, so two databases never share a model that is not the same; nothing changes a model.
_parsed = functools.lru_cache(maxsize=64)(json.loads)


def listing(db, process_id=None, count_running=True):
    """Every version (without BPMN or model) with its count of running instances (None unless `count_running`:
    counting reads an index entry per running instance), by process and number."""
    clause, params = ("WHERE v.process_id = ?", [process_id]) if process_id else ("", [])
    running, counted = ("(SELECT COUNT(*) FROM instances i WHERE i.version_id = v.id AND i.status = ?)",
                        [InstanceStatus.RUNNING]) if count_running else ("NULL", [])
    return list(select(db,
        f"SELECT {', '.join('v.' + c for c in _LISTED)}, {running} AS running_count FROM versions v {clause} "
        "ORDER BY v.process_id, v.version", [*counted, *params]))


def names(db):
    """process id -> its name in its newest version."""
    return {row["process_id"]: row["name"] for row in db.query("SELECT process_id, name FROM versions ORDER BY version")}


def numbers(db):
    """version id -> version number."""
    return {row["id"]: row["version"] for row in db.query("SELECT id, version FROM versions")}


def ids(db):
    return [row[0] for row in db.execute("SELECT id FROM versions ORDER BY id")]


def _cache(db, name):
    return db.__dict__.setdefault("_alur_versions", {}).setdefault(name, {})
