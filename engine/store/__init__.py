"""The SQL of each table, in one module per table: `versions`, `instances`, `tasks`, `events`, `users`.

Nothing outside this package writes SQL. Each function takes the database (`engine.sqlitedb.Database`) and
returns rows as dicts; every SELECT with parameters goes through `select()`, where ids from outside enter;
`one()` turns "no row" into the refusal the caller names.
"""

from ..errors import NotFound

# SQLite's integers are 64-bit: a larger one cannot be bound to a query, and no row holds it.
INT_MIN, INT_MAX = -2**63, 2**63 - 1


def select(db, sql, params=()):
    """The rows (dicts, lazily) of a SELECT. An integer parameter outside SQLite's range (an id such as 2**64 from
    a URL or a command line) matches no row: the answer is no rows, without asking SQLite, which would refuse it."""
    if any(isinstance(value, int) and not INT_MIN <= value <= INT_MAX for value in params):
        return iter(())
    return db.query(sql, params)


def one(rows, code, **params):
    """The first of `rows`, or NotFound(code, **params) when there is none."""
    for row in rows:
        return row
    raise NotFound(code, **params)


def where(conditions):
    """(' WHERE a = ? AND b = ?', [values]) from {SQL condition with one ?: value}, skipping None values."""
    kept = {sql: value for sql, value in conditions.items() if value is not None}
    if not kept:
        return "", []
    return " WHERE " + " AND ".join(kept), list(kept.values())
