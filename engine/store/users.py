"""The `users` and `user_lanes` tables."""

import json

from . import one, select


def insert(db, name, created_at, roles, password_hash, lanes, email=None, must_change=False):
    db["users"].insert({"name": name, "created_at": created_at, "roles": json.dumps(list(roles)),
                        "password_hash": password_hash, "email": email, "must_change_password": int(must_change)})
    set_lanes(db, name, lanes)


def set_lanes(db, name, lanes):
    db.execute("DELETE FROM user_lanes WHERE \"user\" = ?", [name])
    db["user_lanes"].insert_all([{"user": name, "lane": lane} for lane in dict.fromkeys(lanes)])


def update(db, name, **columns):
    """Set `columns` (roles as a list) of user `name`."""
    if "roles" in columns:
        columns["roles"] = json.dumps(list(columns["roles"]))
    assignments = ", ".join(f"{column} = ?" for column in columns)
    db.execute(f"UPDATE users SET {assignments} WHERE name = ?", [*columns.values(), name])


def exists(db, name):
    return bool(db["users"].count_where("name = ?", [name]))


def get(db, name):
    return one(_rows(db, "WHERE u.name = ?", [name]), "user.not_found", user=name)


def every(db):
    return list(_rows(db, "", []))


def password_hash(db, name):
    row = db.execute("SELECT password_hash FROM users WHERE name = ? AND deactivated_at IS NULL", [name]).fetchone()
    return row[0] if row else None


def set_password_hash(db, name, password_hash, must_change=False):
    db.execute("UPDATE users SET password_hash = ?, must_change_password = ? WHERE name = ?",
               [password_hash, int(must_change), name])


def in_lane(db, lane):
    """The active users of `lane` (by their own lanes), with their mail settings."""
    return list(select(db, "SELECT u.name, u.email, u.mail_off FROM users u JOIN user_lanes l ON l.\"user\" = u.name "
                           "WHERE l.lane = ? AND u.deactivated_at IS NULL ORDER BY u.name", [lane]))


def _rows(db, clause, params):
    for row in select(db, f"SELECT u.*, (SELECT json_group_array(lane) FROM (SELECT lane FROM user_lanes "
                        f"WHERE \"user\" = u.name ORDER BY lane) AS own) AS lanes FROM users u {clause} "
                        "ORDER BY u.name", params):
        yield {**row, "roles": json.loads(row["roles"]), "lanes": json.loads(row["lanes"])}


def inbox_seen_at(db, name):
    row = db.execute("SELECT inbox_seen_at FROM users WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


def person(db, name):
    """An active user's name and mail settings, or None."""
    for row in select(db, "SELECT name, email, mail_off FROM users WHERE name = ? AND deactivated_at IS NULL", [name]):
        return row
    return None
