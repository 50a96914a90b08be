"""The `rate_limits` table: counters with an expiry, shared by every server process (webui.limits)."""

from . import select


def current(db, key, now):
    """(count, expires_at) of a live counter, or (0, None)."""
    for row in select(db, "SELECT count, expires_at FROM rate_limits WHERE key = ? AND expires_at > ?", [key, now]):
        return row["count"], row["expires_at"]
    return 0, None


def add(db, key, amount, now, expiry):
    """Add `amount` to the counter `key`, starting it afresh (expiring `expiry` seconds after `now`) when it had
    run out; its new count. Call inside a write transaction."""
    count, _ = current(db, key, now)
    if count:
        db.execute("UPDATE rate_limits SET count = count + ? WHERE key = ?", [amount, key])
    else:
        db.execute("INSERT INTO rate_limits (key, count, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE "
                   "SET count = excluded.count, expires_at = excluded.expires_at",
                   [key, amount, now + expiry])
    return count + amount


def clear(db, key=None):
    if key is None:
        return db.execute("DELETE FROM rate_limits").rowcount
    db.execute("DELETE FROM rate_limits WHERE key = ?", [key])
    return None
