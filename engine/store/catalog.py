"""What a store holds, whichever it is (SQLite or PostgreSQL): its tables, their rows in bulk, and the counters that
hand out ids. `alur copy-store` (engine.copystore) moves a whole office through these."""

# Tables in the order their rows can be written (a row's references written before it); a table a later schema
# step adds and this list does not name is copied after these, by name.
ORDER = ("versions", "users", "user_lanes", "lane_heads", "delegations", "instances", "tasks", "events", "chain_head",
         "attachments", "monitoring_forms", "sessions", "rate_limits", "notices", "notice_scan")
# One-row tables a fresh schema may fill (the chain's head, the notices' scan): the copy replaces their row.
SINGLE_ROW = ("chain_head", "notice_scan")
BATCH = 500


def is_postgres(db):
    return type(db).__module__.endswith("pgdb")


def quoted(name):
    return '"' + name.replace('"', '""') + '"'


def tables(db):
    """The store's tables (Alur's own, not the database's bookkeeping), in the order they can be written."""
    if is_postgres(db):
        rows = db.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                          "AND table_type = 'BASE TABLE'").fetchall()
    else:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetchall()
    names = {row[0] for row in rows} - set(bookkeeping(db))
    return [name for name in ORDER if name in names] + sorted(names - set(ORDER))


def bookkeeping(db):
    """Tables that record the schema itself rather than an office's data (PostgreSQL's migration record)."""
    return getattr(db, "bookkeeping_tables", ())


def count(db, table):
    return db.execute(f"SELECT COUNT(*) FROM {quoted(table)}").fetchone()[0]


def rows(db, table):
    """Every row of `table` as (columns, list of value lists), in batches of BATCH, in a steady order."""
    cursor = db.execute(f"SELECT * FROM {quoted(table)} ORDER BY 1")
    columns = [column[0] for column in cursor.description]
    while True:
        batch = cursor.fetchmany(BATCH)
        if not batch:
            return
        yield columns, [list(row) for row in batch]


def clear(db, table):
    db.execute(f"DELETE FROM {quoted(table)}")


def insert_many(db, table, columns, values):
    """Write rows with their own ids: an id column PostgreSQL generates ALWAYS takes the given value."""
    names = ", ".join(quoted(column) for column in columns)
    overriding = " OVERRIDING SYSTEM VALUE" if is_postgres(db) and table in _always_generated(db) else ""
    sql = f"INSERT INTO {quoted(table)} ({names}){overriding} VALUES ({', '.join('?' for _ in columns)})"
    for row in values:
        db.execute(sql, row)


def _always_generated(db):
    rows = db.execute("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
                      "AND is_identity = 'YES' AND identity_generation = 'ALWAYS'").fetchall()
    return {row[0] for row in rows}


def advance_counters(db):
    """On PostgreSQL, set every id sequence past the largest id written, so the next row gets a new one. (SQLite
    takes the largest rowid plus one by itself.)"""
    if not is_postgres(db):
        return
    generated = db.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                           "current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')").fetchall()
    for table, column in generated:
        db.execute(f"SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX({quoted(column)}), 1), "
                   f"MAX({quoted(column)}) IS NOT NULL) FROM {quoted(table)}", [quoted(table), column])
