"""The SQL of each table, in one module per table: `versions`, `instances`, `tasks`, `events`, `users`.

Nothing outside this package writes SQL. Each function takes the database (`sqlite_utils.Database`) and
returns rows as dicts; `one()` turns "no row" into the refusal the caller names.
"""

from ..errors import NotFound


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
