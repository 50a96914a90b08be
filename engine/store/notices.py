"""The `notices` and `notice_scan` tables: what `alur worker` has to mail, has mailed, and how far it has read."""

from . import select


def scanned(db):
    row = db.execute("SELECT event_seq FROM notice_scan WHERE id = 1").fetchone()
    return row[0] if row else 0


def set_scanned(db, seq):
    db.execute("INSERT INTO notice_scan (id, event_seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE "
               "SET event_seq = excluded.event_seq", [seq])


def add(db, key, kind, user, task_id, created_at, due_at, skipped=None):
    """A notice, unless one with `key` exists already (each notice once, whatever restarts)."""
    return db.execute("INSERT INTO notices (key, kind, \"user\", task_id, created_at, due_at, skipped) "
               "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
               [key, kind, user, task_id, created_at, due_at, skipped]).rowcount


def last_sent(db, user):
    return db.execute("SELECT MAX(sent_at) FROM notices WHERE \"user\" = ?", [user]).fetchone()[0]


def users_waiting(db, now):
    return [row["user"] for row in select(db, "SELECT DISTINCT \"user\" FROM notices WHERE sent_at IS NULL AND skipped "
                                              "IS NULL AND due_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)",
                                          [now, now])]


def waiting_for(db, user, now):
    return list(select(db, "SELECT n.*, t.state AS task_state FROM notices n JOIN tasks t ON t.id = n.task_id "
                           "WHERE n.\"user\" = ? AND n.sent_at IS NULL AND n.skipped IS NULL AND n.due_at <= ? "
                           "AND (n.claimed_until IS NULL OR n.claimed_until < ?) ORDER BY n.created_at, n.key",
                       [user, now, now]))


def claim(db, keys, worker, until, now):
    """Claim the notices of `keys` still waiting unclaimed at `now`; the keys claimed. Each claim is one UPDATE
    that checks and sets together: of two workers (two processes, two machines on one PostgreSQL) reading the same
    notices at once, the second's UPDATE waits for the first's row lock, then finds the claim and takes nothing."""
    return [key for key in keys
            if db.execute("UPDATE notices SET claimed_by = ?, claimed_until = ? WHERE key = ? AND sent_at IS NULL "
                          "AND skipped IS NULL AND (claimed_until IS NULL OR claimed_until < ?)",
                          [worker, until, key, now]).rowcount]


def skip(db, keys, why):
    db.executemany("UPDATE notices SET skipped = ?, claimed_by = NULL, claimed_until = NULL WHERE key = ?",
                   [[why, key] for key in keys])


def sent(db, keys, at):
    db.executemany("UPDATE notices SET sent_at = ?, claimed_by = NULL, claimed_until = NULL WHERE key = ?",
                   [[at, key] for key in keys])


def failed(db, keys, error, retry_at):
    db.executemany("UPDATE notices SET attempts = attempts + 1, last_error = ?, due_at = ?, claimed_by = NULL, "
                   "claimed_until = NULL WHERE key = ?", [[error, retry_at, key] for key in keys])


def of_user(db, user):
    return list(select(db, "SELECT * FROM notices WHERE \"user\" = ? ORDER BY created_at, key", [user]))


def overdue_tasks(db, now, ready_state, late_kinds):
    """Ready tasks past their due time that no late notice names yet (so a round stays short however many wait)."""
    return list(select(db, "SELECT t.id, t.lane, t.assignee, t.due_at FROM tasks t WHERE t.state = ? "
                           "AND t.due_at IS NOT NULL AND t.due_at < ? AND NOT EXISTS (SELECT 1 FROM notices n "
                           "WHERE n.task_id = t.id AND n.kind IN (?, ?)) ORDER BY t.due_at",
                       [ready_state, now, *late_kinds]))


def new_tasks(db, lanes, since, ready_state):
    if not lanes:
        return 0
    marks = ", ".join("?" for _ in lanes)
    return db.execute(f"SELECT COUNT(*) FROM tasks WHERE state = ? AND lane IN ({marks}) AND ready_at > ?",
                      [ready_state, *lanes, since or ""]).fetchone()[0]
