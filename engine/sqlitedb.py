"""The database object every command works with: one sqlite3 connection, rows read as dicts, a row inserted
from a dict. (sqlite-utils did this before; its import cost every `alur` command 35 ms, and it wrapped each
query in a savepoint and read `sqlite_master` three times per insert.)

    db.execute(sql, params)                    -> sqlite3 cursor
    db.query(sql, params)                      -> rows as dicts, lazily
    db["tasks"].insert(row).last_pk            -> the new row's rowid
    db["tasks"].insert_all(rows); db["events"].count; db["events"].get(seq); count_where(where, params)
"""


class LockBusy(Exception):
    """Another connection holds the write lock, and the caller asked not to wait for it
    (engine.db.transaction(db, wait=False))."""


class Database:
    postgresql = False   # engine.pgdb.Database is the other store
    LIKE = "LIKE"        # case-insensitive for ASCII letters, as PostgreSQL's ILIKE
    seen_head = None     # (seq, hash) of the chain head as this write transaction read or wrote it (engine.events)

    def __init__(self, conn, timeout=30):
        self.conn, self.timeout = conn, timeout   # seconds a write waits for another connection's lock

    def execute(self, sql, params=()):
        return self.conn.execute(sql, params)

    def executemany(self, sql, rows):
        self.conn.executemany(sql, rows)

    def query(self, sql, params=()):
        cursor = self.conn.execute(sql, params)
        keys = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row))

    def __getitem__(self, name):
        return Table(self, name)

    def close(self):
        self.conn.close()


class Table:
    def __init__(self, db, name):
        self.db, self.name, self.last_pk = db, name, None

    def insert(self, row):
        """Insert one row (column -> value); `last_pk` is then its rowid (its INTEGER PRIMARY KEY)."""
        columns = ", ".join(_quoted(column) for column in row)
        cursor = self.db.execute(f"INSERT INTO {_quoted(self.name)} ({columns}) "
                                 f"VALUES ({', '.join('?' for _ in row)})", list(row.values()))
        self.last_pk = cursor.lastrowid
        return self

    def insert_all(self, rows):
        for row in rows:
            self.insert(row)
        return self

    @property
    def count(self):
        return self.count_where()

    def count_where(self, where=None, params=()):
        clause = f" WHERE {where}" if where else ""
        return self.db.execute(f"SELECT COUNT(*) FROM {_quoted(self.name)}{clause}", params).fetchone()[0]

    def get(self, rowid):
        """The row with this rowid as a dict; KeyError when there is none."""
        for row in self.db.query(f"SELECT * FROM {_quoted(self.name)} WHERE rowid = ?", [rowid]):
            return row
        raise KeyError(rowid)


def _quoted(name):
    return '"' + name.replace('"', '""') + '"'

