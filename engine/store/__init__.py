"""The SQL of each table, in one module per table: `versions`, `instances`, `tasks`, `events`, `users`.

Nothing outside this package writes SQL, and one SQL text serves both stores: each function takes the database
(`engine.sqlitedb.Database`, or `engine.pgdb.Database` whose `?` placeholders are translated there) and
returns rows as dicts; every SELECT with parameters goes through `select()`, where ids from outside enter;
`one()` turns "no row" into the refusal the caller names.
"""

from ..errors import NotFound

# SQLite's integers are 64-bit, as PostgreSQL's BIGINT: a larger one cannot be bound to a query, and no row holds it.
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


def counted(db, sql, params):
    """The number a `SELECT COUNT(*) AS n` gives (0 when a parameter is outside SQLite's integers)."""
    return next(iter(select(db, sql, params)), {"n": 0})["n"]


def marks(values):
    """'?, ?, ?' for `values` ('NULL' for none: `x IN (NULL)` matches nothing)."""
    return ", ".join("?" for _ in values) or "NULL"


def search_clause(search, activities_sql, like="LIKE"):
    """(SQL, params): a row matches `search` (engine.worklist.Search) by its instance's subject, its process, its
    number, or an activity; `activities_sql` is the condition on `(i.version_id, t.element) IN (...)` to use,
    with `{pairs}` where the pairs go; `like` the database's case-insensitive LIKE (the Database's LIKE)."""
    alternatives, params = [f"i.subject {like} ? ESCAPE '\\'"], [search.like]
    if search.processes:
        alternatives.append(f"i.process_id IN ({marks(search.processes)})")
        params += search.processes
    if search.activities:
        pairs = ", ".join("(?, ?)" for _ in search.activities)
        alternatives.append(activities_sql.format(pairs=pairs))
        params += [value for pair in search.activities for value in pair]
    if search.number is not None:
        alternatives.append("i.id = ?")
        params.append(search.number)
    return "(" + " OR ".join(alternatives) + ")", params
