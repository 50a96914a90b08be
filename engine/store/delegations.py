"""The `lane_heads` and `delegations` tables: who answers for a lane, and who stands in for it when."""

from . import one, select


def head(db, lane):
    for row in select(db, "SELECT \"user\" FROM lane_heads WHERE lane = ?", [lane]):
        return row["user"]
    return None


def heads(db):
    return {row["lane"]: row["user"] for row in select(db, "SELECT lane, \"user\" FROM lane_heads ORDER BY lane")}


def set_head(db, lane, user, at, by):
    db.execute('INSERT INTO lane_heads (lane, "user", set_at, set_by) VALUES (?, ?, ?, ?) ON CONFLICT (lane) DO UPDATE '
               'SET "user" = excluded."user", set_at = excluded.set_at, set_by = excluded.set_by',
               [lane, user, at, by])


def insert(db, row):
    return db["delegations"].insert(row).last_pk


def get(db, delegation_id):
    return one(select(db, "SELECT * FROM delegations WHERE id = ?", [delegation_id]), "delegation.not_found",
               delegation=delegation_id)


def live_for(db, delegate, now):
    """The delegations `delegate` holds at `now`: begun, not yet over, not ended early."""
    return list(select(db, "SELECT * FROM delegations WHERE delegate = ? AND starts_at <= ? AND ends_at > ? "
                           "AND ended_at IS NULL ORDER BY lane", [delegate, now, now]))


def live_in(db, lane, now):
    return list(select(db, "SELECT * FROM delegations WHERE lane = ? AND starts_at <= ? AND ends_at > ? "
                           "AND ended_at IS NULL ORDER BY id", [lane, now, now]))


def every(db):
    return list(select(db, "SELECT * FROM delegations ORDER BY starts_at DESC, id DESC"))


def end(db, delegation_id, at, by, reason):
    db.execute("UPDATE delegations SET ended_at = ?, ended_by = ?, end_reason = ? WHERE id = ?",
               [at, by, reason, delegation_id])


def end_all_of(db, delegate, at, by, reason):
    db.execute("UPDATE delegations SET ended_at = ?, ended_by = ?, end_reason = ? WHERE delegate = ? "
               "AND ended_at IS NULL AND ends_at > ?", [at, by, reason, delegate, at])
