"""What a store holds, whichever it is (SQLite or PostgreSQL): its tables, their rows in bulk, and the counters that
hand out ids. `alur copy-store` (engine.copystore) moves a whole office through these."""

import itertools

# Tables in the order their rows can be written (a row's references written before it); a table a later schema
# step adds and this list does not name is copied after these, by name.
ORDER = ("versions", "users", "user_lanes", "lane_heads", "delegations", "instances", "tasks", "events", "chain_head",
         "attachments", "monitoring_forms", "sessions", "rate_limits", "notices", "notice_scan", "sop_drafts")
# One-row tables a fresh schema may fill (the chain's head, the notices' scan): the copy replaces their row.
SINGLE_ROW = ("chain_head", "notice_scan")
# PostgreSQL's record of the schema itself (engine.pgdb), not an office's data; SQLite keeps it in user_version.
BOOKKEEPING = ("schema_version",)
BATCH = 500
_cursors = itertools.count(1)


def quoted(name):
    return '"' + name.replace('"', '""') + '"'


def tables(db):
    """The store's tables (Alur's own), in the order they can be written."""
    if db.postgresql:
        rows = db.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                          "AND table_type = 'BASE TABLE'").fetchall()
    else:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetchall()
    names = {row[0] for row in rows} - set(BOOKKEEPING)
    return [name for name in ORDER if name in names] + sorted(names - set(ORDER))


def count(db, table):
    return db.execute(f"SELECT COUNT(*) FROM {quoted(table)}").fetchone()[0]


def rows(db, table):
    """Every row of `table` as (columns, list of value lists), in batches of BATCH, in a steady order; on PostgreSQL
    through a server-side cursor, so that a table of documents is never held whole in memory."""
    sql = f"SELECT * FROM {quoted(table)} ORDER BY 1"
    if db.postgresql:
        cursor = db.conn.cursor(name=f"alur_copy_{next(_cursors)}")
        cursor.execute(sql)
    else:
        cursor = db.execute(sql)
    try:
        columns = [column[0] for column in cursor.description]
        while batch := cursor.fetchmany(BATCH):
            yield columns, [list(row) for row in batch]
    finally:
        cursor.close()


def clear(db, table):
    db.execute(f"DELETE FROM {quoted(table)}")


def insert_many(db, table, columns, values):
    """Write rows with the ids they have."""
    names = ", ".join(quoted(column) for column in columns)
    db.executemany(f"INSERT INTO {quoted(table)} ({names}) VALUES ({', '.join('?' for _ in columns)})", values)


def advance_counters(db):
    """On PostgreSQL, set every id's sequence past the largest id written, so that the next row gets a new one.
    (SQLite takes the largest rowid plus one by itself.)"""
    if not db.postgresql:
        return
    generated = db.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                           "current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')").fetchall()
    for table, column in generated:
        db.execute(f"SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX({quoted(column)}), 1), "
                   f"MAX({quoted(column)}) IS NOT NULL) FROM {quoted(table)}", [quoted(table), column])
