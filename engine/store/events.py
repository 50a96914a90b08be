"""The `events` and `chain_head` tables: the append-only history (engine.events links it into a chain)."""

from ..vocabulary import EventType
from . import select, where

_WITH_VERSION = "SELECT e.*, v.version FROM events e LEFT JOIN versions v ON v.id = e.version_id"
COLUMNS = ("seq", "at", "type", "instance_id", "version_id", "process_id", "actor", "lane", "element", "element_name",
           "task_id", "data", "prev_hash", "hash")
_INSERT = (f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)}) "
           "ON CONFLICT (seq) DO NOTHING")


def last(db):
    """(seq, hash) of the newest event, or None."""
    return db.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()


def newest_of_instance(db, instance_id):
    """The seq of the instance's newest event (0 for none): it changes with every change to the instance. Read with
    the chain's head as written (`seen_head`), which the command's next event may link to."""
    newest, seq, hash_ = db.execute(
        "SELECT (SELECT COALESCE(MAX(seq), 0) FROM events WHERE instance_id = ?), "
        "(SELECT seq FROM chain_head WHERE id = 1), (SELECT hash FROM chain_head WHERE id = 1)",
        [instance_id]).fetchone()
    db.seen_head = None if seq is None else (seq, hash_)
    return newest


def append(db, row):
    """Insert the event `row` (its keys COLUMNS); False, inserting nothing, when its seq is taken already."""
    return db.execute(_INSERT, [row[column] for column in COLUMNS]).rowcount == 1


def advance_head(db, seen, row):
    """Make the event `row` the chain's head if the head is still `seen` (seq, hash); whether it was."""
    return db.execute("UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1 AND seq = ? AND hash = ?",
                      [row["seq"], row["hash"], seen[0], seen[1]]).rowcount == 1


def set_head(db, row):
    db.execute("INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE "
               "SET seq = excluded.seq, hash = excluded.hash", [row["seq"], row["hash"]])


def head(db):
    """(seq, hash) as last written, or None for an empty history."""
    return db.execute("SELECT seq, hash FROM chain_head").fetchone()


def every(db):
    return db.query("SELECT * FROM events ORDER BY seq")


def of_instance(db, instance_id):
    return select(db, f"{_WITH_VERSION} WHERE e.instance_id = ? ORDER BY e.seq", [instance_id])


def taken_flows(db, instance_id):
    return {row["element"] for row in select(db, "SELECT element FROM events WHERE instance_id = ? AND type = ?",
                                                [instance_id, EventType.FLOW_TAKEN])}


def of_tasks(db, process=None, since=None):
    """Tasks' ready and completed events of the instances of `process` started since `since`, by instance."""
    clause, params = where({"i.process_id = ?": process, "i.started_at >= ?": since})
    clause = f"{clause} AND" if clause else " WHERE"
    return select(db,
        "SELECT e.seq, e.at, e.type, e.instance_id, e.actor, e.lane, e.element, e.element_name, e.task_id, v.version "
        "FROM events e JOIN instances i ON i.id = e.instance_id LEFT JOIN versions v ON v.id = e.version_id"
        f"{clause} e.type IN (?, ?) ORDER BY e.instance_id, e.seq",
        [*params, EventType.TASK_READY, EventType.TASK_COMPLETED])


def completion(db, instance_id, task_id):
    """The data (JSON text) of a task's `task_completed` event, or None."""
    row = next(iter(select(db, "SELECT data FROM events WHERE instance_id = ? AND task_id = ? AND type = ? "
                               "ORDER BY seq DESC LIMIT 1", [instance_id, task_id, EventType.TASK_COMPLETED])), None)
    return row and row["data"]
def of_type(db, *types):
    """Events of `types`, in order, with their version number."""
    return select(db, f"{_WITH_VERSION} WHERE e.type IN ({', '.join('?' for _ in types)}) ORDER BY e.seq", list(types))


def after(db, seq, types, limit=500):
    """Events of `types` after `seq`, in order (the notices' scan)."""
    return list(select(db, f"SELECT * FROM events WHERE seq > ? AND type IN ({', '.join('?' for _ in types)}) "
                           f"ORDER BY seq LIMIT {int(limit)}", [seq, *types]))
