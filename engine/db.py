"""The SQLite database: connection, schema, and the one-transaction-per-command rule. A postgresql:// URL
opens PostgreSQL instead (engine.pgdb), with the same schema and the same rule."""

import contextlib
import itertools
import sqlite3
import sys
import time
from pathlib import Path

from .errors import ConfigError, Unavailable
from .sqlitedb import Database, LockBusy

# SQLite's primary result codes for what goes wrong outside Alur (an extended code keeps its primary code in its
# low byte): another connection holds the lock, the file or its folder cannot be written, the disk is full.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_FULL = 5, 6, 8, 13
RETRY_AFTER_LOCKED = 5      # seconds: a lock held too long is usually let go soon
RETRY_AFTER_FULL = 300      # seconds: freeing disk space takes someone a while

SCHEMA = """
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY,
    process_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bpmn BLOB NOT NULL,
    model TEXT NOT NULL,          -- JSON: header, lanes, activities, flows (engine.model)
    deployed_at TEXT NOT NULL,
    deployed_by TEXT NOT NULL,
    UNIQUE (process_id, version)
);
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    password_hash TEXT,
    roles TEXT NOT NULL DEFAULT '[]',  -- JSON list of engine.vocabulary.Role
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS user_lanes (
    user TEXT NOT NULL REFERENCES users(name),
    lane TEXT NOT NULL,
    PRIMARY KEY (user, lane)
);
CREATE TABLE IF NOT EXISTS instances (
    id INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES versions(id),
    process_id TEXT NOT NULL,
    status TEXT NOT NULL,          -- engine.vocabulary.InstanceStatus
    started_at TEXT NOT NULL,
    started_by TEXT NOT NULL,
    ended_at TEXT,
    data TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL            -- SpiffWorkflow state, pruned to what is still to come (engine.runtime)
);
CREATE INDEX IF NOT EXISTS instances_by_process ON instances (process_id, status);
CREATE INDEX IF NOT EXISTS instances_by_version ON instances (version_id, status);
CREATE TABLE IF NOT EXISTS tasks (
    id INTEGER PRIMARY KEY,
    instance_id INTEGER NOT NULL REFERENCES instances(id),
    spiff_id TEXT NOT NULL,
    element TEXT NOT NULL,
    lane TEXT NOT NULL,
    state TEXT NOT NULL,           -- engine.vocabulary.TaskState
    ready_at TEXT NOT NULL,
    due_at TEXT,
    completed_at TEXT,
    completed_by TEXT,
    assignee TEXT,                 -- set when an admin moves the task to one user of its lane
    UNIQUE (instance_id, spiff_id)
);
CREATE INDEX IF NOT EXISTS tasks_by_state ON tasks (state, lane);
CREATE INDEX IF NOT EXISTS tasks_by_instance ON tasks (instance_id, state);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    type TEXT NOT NULL,            -- engine.vocabulary.EventType
    instance_id INTEGER,
    version_id INTEGER,
    process_id TEXT,
    actor TEXT NOT NULL,
    lane TEXT,
    element TEXT,
    element_name TEXT,
    task_id INTEGER,
    data TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,       -- the previous event's hash: the chain (engine.events)
    hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chain_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_instance ON events (instance_id, seq);
CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
"""

# What came after schema 2, one step per version: SCHEMA above stays as schema 2 was, and a database at version
# N runs every step after N, in order, inside the transaction that sets its new version. Give a new step the
# next number; a step runs once, so it may ALTER TABLE.
STEPS = {
    # 3: every case has a subject (perihal; NULL for instances started before), a task may be taken by a user of
    # its lane (`taken_at` set beside `assignee`), and the paged lists read their pages from indexes.
    # instances_listed covers what Daftar Proses filters on: the subject, added last, sits after the engine state
    # in the row (kilobytes in overflow pages, which a search through the rows would walk for every instance).
    3: """
ALTER TABLE instances ADD COLUMN subject TEXT;
ALTER TABLE tasks ADD COLUMN taken_at TEXT;
CREATE INDEX IF NOT EXISTS tasks_ready_queue ON tasks (state, lane, ready_at, id);
CREATE INDEX IF NOT EXISTS tasks_due_queue ON tasks (state, lane, due_at, id);
CREATE INDEX IF NOT EXISTS tasks_by_assignee ON tasks (assignee, state);
CREATE INDEX IF NOT EXISTS instances_by_status ON instances (status, id);
CREATE INDEX IF NOT EXISTS instances_listed ON instances (id, version_id, process_id, status, subject);
""",
    4: """
CREATE TABLE IF NOT EXISTS attachments (
    id INTEGER PRIMARY KEY,
    instance_id INTEGER NOT NULL REFERENCES instances(id),
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    field TEXT NOT NULL,           -- the `file` field of the task it was attached to
    name TEXT NOT NULL,            -- the file name as uploaded (shown, never trusted for the type)
    type TEXT NOT NULL,            -- the media type sniffed from the content (engine.filetypes)
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,          -- also in the task_completed event: engine.audit compares
    content BLOB NOT NULL,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attachments_by_instance ON attachments (instance_id, id);
CREATE TRIGGER IF NOT EXISTS attachments_append_only_update BEFORE UPDATE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END;
CREATE TRIGGER IF NOT EXISTS attachments_append_only_delete BEFORE DELETE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END;
""",
    5: """
CREATE TABLE IF NOT EXISTS monitoring_forms (
    id INTEGER PRIMARY KEY,
    period_from TEXT NOT NULL,     -- YYYY-MM-DD, in the office's time zone
    period_to TEXT NOT NULL,
    assessed_at TEXT NOT NULL,
    assessed_by TEXT NOT NULL,
    rows TEXT NOT NULL,            -- JSON: per SOP its measures, penilaian, catatan and tindakan (engine.monitor)
    event_seq INTEGER NOT NULL     -- the monitoring_assessed event that records it in the chain
);
""",
    # Signed-in sessions, so that signing out, a new password or an admin ends them on the server
    # (engine.sessions); and the counters that limit sign-in attempts across every server process (webui.limits).
    8: """
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,   -- SHA-256 of the token the browser holds: a copy of the database opens none
    user TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX sessions_by_user ON sessions (user, ended_at);
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    expires_at REAL NOT NULL       -- seconds since the epoch
);
""",
    # People (issue 15): mail addresses, deactivation, a password an admin reset, mail turned off; lane heads;
    # acting officials (Plt/Plh) for a period; and the notices `alur worker` mails, each claimed and sent once.
    9: """
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN deactivated_at TEXT;
ALTER TABLE users ADD COLUMN deactivated_reason TEXT;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN mail_off INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN inbox_seen_at TEXT;
CREATE TABLE lane_heads (
    lane TEXT PRIMARY KEY,
    user TEXT NOT NULL REFERENCES users(name),
    set_at TEXT NOT NULL,
    set_by TEXT NOT NULL
);
CREATE TABLE delegations (
    id INTEGER PRIMARY KEY,
    lane TEXT NOT NULL,
    delegate TEXT NOT NULL REFERENCES users(name),
    title TEXT NOT NULL,           -- engine.vocabulary.ActingTitle: Plt or Plh
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,         -- it ends by itself then (by the engine's clock)
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    ended_at TEXT,                 -- ended early
    ended_by TEXT,
    end_reason TEXT
);
CREATE INDEX delegations_by_delegate ON delegations (delegate, ends_at);
CREATE TABLE notices (
    key TEXT PRIMARY KEY,          -- what the notice is about, once: 'ready:<task>:<user>', 'late:<task>:<user>', ...
    kind TEXT NOT NULL,            -- engine.vocabulary.NoticeKind
    user TEXT NOT NULL,
    task_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    due_at TEXT NOT NULL,          -- not mailed before (grouping ready notices per ALUR_MAIL_EVERY_MINUTES)
    sent_at TEXT,
    skipped TEXT,                  -- why it is never mailed (the user turned mail off, has no address)
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    claimed_by TEXT,
    claimed_until TEXT
);
CREATE INDEX notices_pending ON notices (sent_at, skipped, due_at);
CREATE INDEX notices_by_task ON notices (task_id, kind);
CREATE INDEX notices_by_user ON notices (user, sent_at);
CREATE TABLE notice_scan (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    event_seq INTEGER NOT NULL     -- events up to here have been turned into notices
);
INSERT INTO notice_scan (id, event_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM events;
""",
    # SOP drafts (an analyst's upload or table before it is deployed) in the database rather than in files beside
    # it, so that the pages after the upload may come from any server behind the load balancer (webui.sopdrafts).
    12: """
CREATE TABLE sop_drafts (
    token_hash TEXT PRIMARY KEY,   -- SHA-256 of the token in the analyst's address
    made_by TEXT NOT NULL,         -- the analyst, who alone may read it
    file_name TEXT NOT NULL,
    kind TEXT NOT NULL,            -- 'workbook' (its bytes in `workbook`) or 'table' (the editor's JSON)
    table_json TEXT,
    workbook BLOB,
    created_at REAL NOT NULL       -- seconds since the epoch; a draft older than a day is gone
);
CREATE INDEX sop_drafts_by_age ON sop_drafts (created_at);
""",
    # tasks_ready_queue (state, lane, ready_at, id) begins with every column of tasks_by_state (state, lane), so it
    # serves each query the older index did; one index fewer to write at each task's change, and to read at each open.
    13: """
DROP INDEX IF EXISTS tasks_by_state;
""",
    # Only tasks someone holds are looked up by who holds them (taken_by, a user's tasks released): with the others
    # out of the index, a completion or a new task of nobody's writes no page of it.
    14: """
DROP INDEX IF EXISTS tasks_by_assignee;
CREATE INDEX tasks_by_assignee ON tasks (assignee, state) WHERE assignee IS NOT NULL;
""",
}
SCHEMA_VERSION = max(STEPS, default=2)


def is_url(target):
    """True for a PostgreSQL URL (postgresql://, postgres://); anything else is a SQLite file's path."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def shown(target):
    """The database as a message may name it: a URL without its password."""
    if is_url(target):
        from .pgdb import shown as without_password
        return without_password(target)
    return str(target)


def connect(path, timeout=30):
    """Open (and if need be create) the database at `path`, or the PostgreSQL database a postgresql:// URL
    names (engine.pgdb: imported only then); a command waits up to `timeout` seconds for another connection's
    write lock (ALUR_DB_TIMEOUT, engine.settings)."""
    if is_url(path):
        from . import pgdb
        return pgdb.connect(path, timeout)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Autocommit mode: transactions are opened explicitly by `transaction()`.
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=timeout, check_same_thread=False)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        db = Database(conn, timeout)
        _migrate(db)
    except BaseException:  # not a database, a newer schema, ...: leave nothing open
        conn.close()
        raise
    return db


def _migrate(db):
    current = db.execute("PRAGMA user_version").fetchone()[0]
    if current > SCHEMA_VERSION:
        raise ConfigError("database.too_new", schema=current, supported=SCHEMA_VERSION)
    if current < SCHEMA_VERSION:
        with transaction(db):
            if current < 2:
                for statement in _statements(SCHEMA):
                    db.execute(statement)
            for number in sorted(n for n in STEPS if n > current):
                for statement in _statements(STEPS[number]):
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _statements(script):
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""


@contextlib.contextmanager
def transaction(db, wait=True):
    """One write transaction: everything inside commits together or not at all.

    BEGIN IMMEDIATE takes the write lock at once, so a check made inside (is this task still
    ready?) still holds when the write happens: two processes cannot both complete a task. (On PostgreSQL the
    chain head's row lock does the same: engine.pgdb.transaction.) With `wait=False`, LockBusy is raised before
    anything runs when another connection holds the lock.
    """
    db.seen_head = None   # a head read before this transaction may be another's past (engine.events.record)
    if db.postgresql:
        from . import pgdb
        with pgdb.transaction(db, wait):
            yield db
        return
    _begin_immediate(db, db.timeout if wait else 0)
    try:
        yield db
        db.execute("COMMIT")  # a COMMIT that fails (a full disk) rolls back too
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:   # after the lock is let go: holding it, no statement waits for another connection
        _wait_when_busy(db)


def _begin_immediate(db, timeout):
    """BEGIN IMMEDIATE, waiting up to the connection's timeout while another connection holds the write lock.
    SQLite's own wait sleeps 1, 2, 5, 10 ms and longer between tries, so a writer would sleep on long after
    the lock was let go (a write here holds it for about a millisecond): this one tries again every fifth of a
    millisecond for the first 2 ms, then every millisecond (under load a writer waits 20 ms and more, and each try
    costs about 8 us of CPU: polling at 0.2 ms all along was 6% of a busy server's CPU). After the timeout,
    SQLite's "database is locked" error stands; with no timeout, LockBusy does at the first refusal. Once it has
    the lock, the connection's own wait stays off until the transaction ends (`transaction` turns it back on)."""
    deadline = time.monotonic() + timeout
    db.execute("PRAGMA busy_timeout = 0")
    try:
        for attempt in itertools.count():
            try:
                db.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if (getattr(error, "sqlite_errorcode", 0) & 0xFF) != SQLITE_BUSY:
                    raise
                if not timeout:
                    raise LockBusy() from None
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.0002 if attempt < 10 else 0.001)
    except BaseException:
        _wait_when_busy(db)
        raise


def _wait_when_busy(db):
    """The connection waits again up to its timeout for another's lock (reads, a snapshot's first statement)."""
    db.execute(f"PRAGMA busy_timeout = {int(db.timeout * 1000)}")


@contextlib.contextmanager
def snapshot(db):
    """A read transaction: everything read inside sees the database as one moment left it, whatever other
    connections commit meanwhile (WAL), and no writer waits for it."""
    if db.postgresql:
        from . import pgdb
        with pgdb.snapshot(db):
            yield db
        return
    db.execute("BEGIN DEFERRED")
    try:
        yield db
    finally:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")  # nothing was written: ending the read is all there is to do


def refusal(error, timeout):
    """The refusal for an error SQLite raised because of the world outside Alur (a lock held longer than
    `timeout` seconds, a read-only file or folder, a full disk), or None for any other (a bug, which keeps its
    trace). Each command is one transaction, rolled back on any error: nothing was changed."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = None if code is None else code & 0xFF
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return Unavailable("database.locked", retry_after=RETRY_AFTER_LOCKED, seconds=round(timeout, 1))
    if primary == SQLITE_READONLY:
        return Unavailable("database.read_only")
    if primary == SQLITE_FULL:
        return Unavailable("database.full", retry_after=RETRY_AFTER_FULL)
    return None


@contextlib.contextmanager
def faults(timeout):
    """Turn the database faults `refusal` knows into that refusal (engine.errors.Unavailable)."""
    try:
        yield
    except sqlite3.Error as error:
        refused = refusal(error, timeout)
        if refused is None:
            raise
        raise refused from error
    except Exception as error:
        pgdb = sys.modules.get("engine.pgdb")   # loaded once a PostgreSQL database was opened
        refused = pgdb and pgdb.refusal(error, timeout)
        if not refused:
            raise
        raise refused from error


def driver_errors():
    """The database drivers' error classes loaded so far (for webui.limits)."""
    pgdb = sys.modules.get("engine.pgdb")
    return (sqlite3.Error, pgdb.psycopg.Error) if pgdb else (sqlite3.Error,)
