"""`copy_store`: an office's whole data from one store to another (a SQLite file, a PostgreSQL database), as it
stands: every table in the order its rows can be written, each row with its own id, the events exactly as they
were chained, attachments' bytes, users' password hashes, sessions, notices.

The source is read in one snapshot (a server may keep running on it); the target is written in one transaction,
and before it commits, the target's chain and every instance's state are checked as `alur verify` checks them and
its head must be the source's: anything else rolls the whole copy back. A target that holds anything is refused
before a row is written, as is a source at another schema than this Alur's (opening it with `alur` migrates it).
"""

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from . import db as database
from .errors import AlurError, Conflict, InvalidData
from .results import Message, Record
from .store import catalog
from .store import events as event_table


@dataclass
class CopiedTable(Record):
    table: str
    rows: int


@dataclass
class CopyReport(Record):
    """What `copy_store` wrote: each table with its rows, and the chain it verified on arrival."""

    target: str
    tables: list        # of CopiedTable, in the order written
    events: int
    head: str | None    # the hash of the newest event, the same in both stores


def is_url(location):
    return database.is_url(str(location))


def shown(location):
    """The location as messages may show it: a URL without its password."""
    return database.shown(str(location))


def copy_store(source, target, timeout=30, progress=None):
    """Copy everything in `source` into the empty `target` (each a path or a postgresql:// URL): CopyReport.
    `progress(Message)` hears of each table as it is written."""
    if str(source) == str(target):
        raise InvalidData("copy.same_store", store=shown(source))
    source_db = _open_source(source, timeout)
    created = not is_url(target) and not Path(target).exists()
    try:
        target_db = _open(target, timeout)
        try:
            report = _copy(source_db, target_db, target, progress)
        finally:
            target_db.close()
    except BaseException:
        if created:
            _remove_sqlite(Path(target))   # a file this copy made and did not fill
        raise
    finally:
        source_db.close()
    return report


def _copy(source_db, target_db, target, progress):
    with database.snapshot(source_db):
        names = catalog.tables(source_db)
        missing = sorted(set(names) - set(catalog.tables(target_db)))
        if missing:
            raise InvalidData("copy.tables_differ", target=shown(target), tables=missing)
        source_head = event_table.head(source_db)
        copied = []
        with database.transaction(target_db):
            for name in catalog.tables(target_db):
                rows = 0 if name in catalog.SINGLE_ROW else catalog.count(target_db, name)
                if rows:
                    raise Conflict("copy.target_not_empty", target=shown(target), table=name, count=rows)
            for name in names:
                copied.append(_copy_table(source_db, target_db, name))
                if progress:
                    progress(Message("copy.table", {"table": name, "count": copied[-1].rows}))
            catalog.advance_counters(target_db)
            report = _verified(target_db, source_head, copied)
    report.target = shown(target)
    return report


def _copy_table(source_db, target_db, name):
    if name in catalog.SINGLE_ROW:
        catalog.clear(target_db, name)
    rows = 0
    for columns, values in catalog.rows(source_db, name):
        catalog.insert_many(target_db, name, columns, values)
        rows += len(values)
    written = catalog.count(target_db, name)
    if written != rows:
        raise AlurError("copy.count_differs", table=name, read=rows, written=written)
    return CopiedTable(table=name, rows=rows)


def _verified(target_db, source_head, copied):
    """The report, once the target's chain and instances verify and its head is the source's; else a refusal
    (raised inside the transaction: nothing is kept)."""
    from .audit import verify   # SpiffWorkflow and the history's fold: only when a copy is made
    verification = verify(target_db)
    if not verification.ok:
        raise AlurError("copy.verify_failed", problem=verification.problems[0])
    head = event_table.head(target_db)
    if (head and tuple(head)) != (source_head and tuple(source_head)):
        raise AlurError("copy.head_differs", source=source_head and source_head[0], target=head and head[0])
    return CopyReport(target="", tables=copied, events=verification.events, head=verification.head)


def _open_source(source, timeout):
    """The source store, refused unless it exists and is at this Alur's schema (never migrated by a copy)."""
    version = _schema_version(source, timeout)
    if version != database.SCHEMA_VERSION:
        raise InvalidData("copy.source_schema", source=shown(source), schema=version, current=database.SCHEMA_VERSION)
    return _open(source, timeout)


def _schema_version(location, timeout):
    if is_url(location):
        from . import pgdb
        return pgdb.schema_version(str(location), timeout)
    path = Path(location)
    if not path.is_file():
        raise InvalidData("copy.source_missing", source=str(location))
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise InvalidData("copy.unreadable", store=str(location), reason=str(error)) from error


def _open(location, timeout):
    try:
        return database.connect(str(location) if is_url(location) else Path(location), timeout)
    except AlurError:
        raise
    except Exception as error:  # an address no server answers at, a file that is not a database, ...
        raise _unreadable(location, error) from error


def _unreadable(location, error):
    said = str(error).strip()
    return InvalidData("copy.unreadable", store=shown(location),
                       reason=said.splitlines()[0] if said else type(error).__name__)


def _remove_sqlite(path):
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
