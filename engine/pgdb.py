"""PostgreSQL, the second store: the same Database interface as engine.sqlitedb over one psycopg 3 connection,
the same schema (translated once from engine.db's SQLite text), and the same one-transaction-per-command rule.

Chosen: psycopg 3 directly, not SQLAlchemy Core. The store's SQL is already in one place per table
(engine.store) and nearly all of it is common SQL; what differs is the placeholder (`?` -> `%s`, translated
here once per SQL text and cached), the DDL (translated here, so a new schema step in engine.db serves both),
and two spots with a hook (ILIKE, the reserved word "user", quoted in the store). SQLAlchemy would have put an
expression layer under every SQLite query too, which the embedded default must not pay for.

Writes are ordered by the database: every write transaction first locks the one row of `chain_head`
(SELECT ... FOR UPDATE), so writes from any number of servers run one after the other exactly as SQLite's
BEGIN IMMEDIATE orders them, a check made inside still holds at the write, and an event's seq (the head's + 1)
is assigned inside the transaction that links its hash: no gap, no fork.
"""

import contextlib
import functools
import re
from urllib.parse import urlsplit

import psycopg
from psycopg import errors as pgerrors
from psycopg.rows import dict_row

from . import sqlitedb
from .errors import ConfigError, Unavailable
from .sqlitedb import _quoted

RETRY_AFTER_LOCKED = 5
RETRY_AFTER_FULL = 300
RETRY_AFTER_UNREACHABLE = 30
MIGRATION_LOCK = 0x616C7572   # pg_advisory_xact_lock key ("alur"): two servers starting at once migrate once
CONNECT_TIMEOUT = 10          # seconds to reach the server


def connect(url, timeout=30):
    """Open the PostgreSQL database at `url` (postgresql://, postgres://, or libpq's ?host=/socket/dir) and
    bring its schema up to date. A write waits up to `timeout` seconds for another's lock (lock_timeout)."""
    db = Database(_open(url, timeout), timeout, url)
    try:
        _migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def _open(url, timeout):
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
    except psycopg.OperationalError as error:   # refused, no such socket, no such database or role
        raise Unavailable("database.unreachable", retry_after=RETRY_AFTER_UNREACHABLE, database=shown(url),
                          reason=_reason(error)) from error
    try:
        conn.execute(f"SET lock_timeout = {int(timeout * 1000)}")
    except BaseException:
        conn.close()
        raise
    return conn


class Database:
    """engine.sqlitedb.Database's interface on a psycopg connection in autocommit mode (transactions are
    opened by `transaction()` and `snapshot()`). A connection lost (the server restarted) fails the command
    under way, which is rolled back; the next statement outside a transaction connects again, so a web worker
    or `alur worker` goes on once the server is back."""

    postgresql = True
    LIKE = "ILIKE"   # SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's ILIKE does the same
    seen_head = None   # as engine.sqlitedb.Database's

    def __init__(self, conn, timeout=30, url=None):
        self.conn, self.timeout, self.url = conn, timeout, url
        self.in_transaction = self.closed = False

    def _live(self):
        if (self.conn.broken or self.conn.closed) and not self.in_transaction and self.url and not self.closed:
            self.conn = _open(self.url, self.timeout)
        return self.conn

    def execute(self, sql, params=()):
        return self._live().execute(placeholders(sql), params)

    def executemany(self, sql, rows):
        with self._live().cursor() as cursor:
            cursor.executemany(placeholders(sql), rows)

    def query(self, sql, params=()):
        cursor = self._live().cursor(row_factory=dict_row)
        cursor.execute(placeholders(sql), params)
        yield from cursor

    def __getitem__(self, name):
        return Table(self, name)

    def close(self):
        self.closed = True
        self.conn.close()


class Table(sqlitedb.Table):
    """engine.sqlitedb.Table where PostgreSQL differs: the new id comes back by RETURNING, and a row is found by
    its primary key (PostgreSQL has no rowid)."""

    def insert(self, row):
        """Insert one row; `last_pk` is then its id, for a table whose key is a generated integer id."""
        columns = ", ".join(_quoted(column) for column in row)
        returning = " RETURNING id" if self.name in IDENTITY_TABLES else ""
        cursor = self.db.execute(f"INSERT INTO {_quoted(self.name)} ({columns}) "
                                 f"VALUES ({', '.join('?' for _ in row)}){returning}", list(row.values()))
        self.last_pk = cursor.fetchone()[0] if returning else None
        return self

    def get(self, key):
        """The row with this primary key as a dict; KeyError when there is none."""
        column = PRIMARY_KEYS[self.name]
        for row in self.db.query(f"SELECT * FROM {_quoted(self.name)} WHERE {_quoted(column)} = ?", [key]):
            return row
        raise KeyError(key)


@functools.lru_cache(maxsize=4096)
def placeholders(sql):
    """The SQL with SQLite's `?` placeholders as psycopg's `%s` (outside quoted strings and names) and every
    `%` doubled, so that a `%` in a literal is not read as a placeholder."""
    out, quote = [], None
    for char in sql:
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "?":
            out.append("%s")
            continue
        out.append("%%" if char == "%" else char)
    return "".join(out)


@contextlib.contextmanager
def transaction(db, wait=True):
    """One write transaction, first in line for the chain head's row lock (READ COMMITTED: each statement after
    the lock sees every write committed before it). With `wait=False`, LockBusy when another holds the lock."""
    db._live().execute("BEGIN")
    db.in_transaction = True
    try:
        try:
            db.conn.execute("SELECT seq FROM chain_head WHERE id = 1 FOR UPDATE" + ("" if wait else " NOWAIT"))
        except pgerrors.LockNotAvailable:
            if wait:
                raise
            raise sqlitedb.LockBusy() from None
        yield db
        db.conn.execute("COMMIT")
    except BaseException:
        _rollback(db)
        raise
    finally:
        db.in_transaction = False


@contextlib.contextmanager
def snapshot(db):
    """A read transaction that sees one moment, whatever commits meanwhile; it holds no lock."""
    db._live().execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    db.in_transaction = True
    try:
        yield db
    finally:
        db.in_transaction = False
        _rollback(db)


def _rollback(db):
    if db.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE and not db.conn.broken:
        with contextlib.suppress(psycopg.Error):
            db.conn.execute("ROLLBACK")


def reset_identities(db):
    """After rows came in with their ids (a copy from another store, alur copy-store): each generated id
    column's next value is past the largest id its table holds."""
    for table in sorted(IDENTITY_TABLES):
        db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                   f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)")


def refusal(error, timeout):
    """The refusal for a PostgreSQL error from the world outside Alur, or None (a bug keeps its trace)."""
    if not isinstance(error, psycopg.Error):
        return None
    if isinstance(error, (pgerrors.LockNotAvailable, pgerrors.DeadlockDetected, pgerrors.SerializationFailure)):
        return Unavailable("database.locked", retry_after=RETRY_AFTER_LOCKED, seconds=round(timeout, 1))
    if isinstance(error, pgerrors.DiskFull):
        return Unavailable("database.full", retry_after=RETRY_AFTER_FULL)
    if isinstance(error, pgerrors.ReadOnlySqlTransaction):
        return Unavailable("database.server_read_only")
    state = error.sqlstate or ""
    if isinstance(error, psycopg.OperationalError) and (not state or state[:2] in ("08", "57", "53")):
        # lost, shut down, or too many connections: no answer from the server now
        return Unavailable("database.connection_lost", retry_after=RETRY_AFTER_UNREACHABLE)
    return None


def _reason(error):
    """libpq's reason, short: 'Connection refused', 'database "x" does not exist', ..."""
    first = (str(error).strip().splitlines() or [""])[0]
    return first.rsplit(": ", 1)[-1].strip() or type(error).__name__


def shown(url):
    """The URL without its password, to print."""
    parts = urlsplit(url)
    query = re.sub(r"(^|&)password=[^&]*", r"\1password=***", parts.query)
    if parts.password is None and query == parts.query:
        return url
    user, _, host = parts.netloc.rpartition("@")
    netloc = f"{user.split(':', 1)[0]}:***@{host}" if parts.password is not None else parts.netloc
    # (not urlunsplit: it drops the empty host of postgresql:///db)
    return f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")


# The schema: engine.db's SQLite text, translated once.

def schema_version(url, timeout=30):
    """The schema version of the database at `url` (0 when Alur never opened it), read without migrating it;
    a server that cannot be reached is refused as on opening (database.unreachable)."""
    conn = _open(url, timeout)
    try:
        return _version(conn)
    finally:
        conn.close()


def _version(conn):
    try:
        return conn.execute("SELECT version FROM schema_version").fetchone()[0]
    except pgerrors.UndefinedTable:
        return 0


def _migrate(db):
    current = _version(db.conn)
    from .db import SCHEMA_VERSION
    if current > SCHEMA_VERSION:
        raise ConfigError("database.too_new", schema=current, supported=SCHEMA_VERSION)
    if current == SCHEMA_VERSION:
        return
    with transaction_for_migration(db):
        row = db.conn.execute("SELECT version FROM schema_version").fetchone()
        current = row[0] if row else 0   # another server may have migrated while this one waited
        for statement in pending_statements(current):
            db.conn.execute(statement)
        db.conn.execute("UPDATE schema_version SET version = %s", [SCHEMA_VERSION])


@contextlib.contextmanager
def transaction_for_migration(db):
    db.conn.execute("BEGIN")
    try:
        db.conn.execute(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        db.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), "
                        "version INTEGER NOT NULL)")
        db.conn.execute("INSERT INTO schema_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING")
        yield
        db.conn.execute("COMMIT")
    except BaseException:
        _rollback(db)
        raise


# What SQLite has built in that the store uses: json_group_array (engine.store.users), and the function the
# append-only triggers call.
PRELUDE = [
    "CREATE OR REPLACE FUNCTION alur_json_text(anycompatiblearray) RETURNS text LANGUAGE sql IMMUTABLE "
    "AS 'SELECT array_to_json($1)::text'",
    "CREATE OR REPLACE AGGREGATE json_group_array(anycompatible) (SFUNC = array_append, "
    "STYPE = anycompatiblearray, INITCOND = '{}', FINALFUNC = alur_json_text)",
    "CREATE OR REPLACE FUNCTION alur_refuse() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation'; END $$",
]


def pending_statements(current):
    """The PostgreSQL statements that bring a database at schema version `current` to engine.db's newest."""
    from .db import SCHEMA, STEPS, _statements
    statements = []
    if current < 2:
        statements += PRELUDE
        statements += [pg for statement in _statements(SCHEMA) for pg in translated(statement)]
        statements.append("INSERT INTO chain_head (id, seq, hash) VALUES (1, 0, '" + "0" * 64 + "')")
    for number in sorted(n for n in STEPS if n > current):
        statements += [pg for statement in _statements(STEPS[number]) for pg in translated(statement)]
    return statements


_TRIGGER = re.compile(r"CREATE TRIGGER (?:IF NOT EXISTS )?(\w+) BEFORE (UPDATE|DELETE) ON (\w+)\s+"
                      r"BEGIN SELECT RAISE\(ABORT, '([^']*)'\); END;?", re.S)


def translated(statement):
    """One SQLite DDL statement of engine.db as PostgreSQL statements. Integer ids become identity columns
    (64-bit), every integer 64-bit as in SQLite, BLOB bytea, REAL double precision, text compared byte by byte
    as SQLite does (COLLATE "C"), the column named user quoted, and a RAISE(ABORT) trigger a plpgsql one
    (with TRUNCATE refused too)."""
    statement = re.sub(r"--[^\n]*", "", statement).strip().rstrip(";")
    trigger = _TRIGGER.fullmatch(statement)
    if trigger:
        name, action, table, message = trigger.groups()
        made = [f"CREATE OR REPLACE TRIGGER {name} BEFORE {action} ON {table} FOR EACH ROW "
                f"EXECUTE FUNCTION alur_refuse('{message}')"]
        if action == "DELETE":
            made.append(f"CREATE OR REPLACE TRIGGER {table}_append_only_truncate BEFORE TRUNCATE ON {table} "
                        f"FOR EACH STATEMENT EXECUTE FUNCTION alur_refuse('{message}')")
        return made
    statement = re.sub(r"\bid INTEGER PRIMARY KEY\b(?! CHECK)", "id BIGINT GENERATED BY DEFAULT AS IDENTITY "
                       "PRIMARY KEY", statement)
    statement = re.sub(r"\bINTEGER\b", "BIGINT", statement)
    statement = re.sub(r"\bBLOB\b", "BYTEA", statement)
    statement = re.sub(r"\bREAL\b", "DOUBLE PRECISION", statement)
    statement = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', statement)
    statement = re.sub(r'(?<![\w".])user\b', '"user"', statement)
    return [statement]


def _keys():
    """{table: its primary key column} and the tables whose key is a generated id, from engine.db's schema."""
    from .db import SCHEMA, STEPS
    keys, identity = {}, set()
    for script in (SCHEMA, *STEPS.values()):
        for table, body in re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+) \((.*?)\n\);", script, re.S):
            for column, rest in re.findall(r"^\s*(\w+) (.*PRIMARY KEY.*)$", body, re.M):
                keys[table] = column
                if column == "id" and rest.startswith("INTEGER PRIMARY KEY") and "CHECK" not in rest:
                    identity.add(table)
    return keys, frozenset(identity)


PRIMARY_KEYS, IDENTITY_TABLES = _keys()
