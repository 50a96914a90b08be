"""The `sessions` table: one row per sign-in, ended by signing out, a new password or an admin."""

from . import select


def insert(db, token_hash, user, created_at, expires_at):
    db.execute("INSERT INTO sessions (token_hash, \"user\", created_at, expires_at) VALUES (?, ?, ?, ?)",
               [token_hash, user, created_at, expires_at])


def live_user(db, token_hash, now):
    """The user of a session that has not ended nor expired at `now` and whose account still exists, or None."""
    for row in select(db, 'SELECT s."user" FROM sessions s JOIN users u ON u.name = s."user" WHERE s.token_hash = ? '
                          "AND s.ended_at IS NULL AND s.expires_at > ?", [token_hash, now]):
        return row["user"]
    return None


def end(db, token_hash, at):
    db.execute("UPDATE sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL", [at, token_hash])


def end_all(db, user, at):
    """End every live session of `user`; how many there were."""
    return db.execute("UPDATE sessions SET ended_at = ? WHERE \"user\" = ? AND ended_at IS NULL", [at, user]).rowcount


def forget_expired(db, now):
    db.execute("DELETE FROM sessions WHERE expires_at <= ? OR ended_at IS NOT NULL", [now])
