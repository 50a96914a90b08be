"""The `users` and `user_lanes` tables."""

import json

from . import one, select


def insert(db, name, created_at, roles, password_hash, lanes):
    db["users"].insert({"name": name, "created_at": created_at, "roles": json.dumps(list(roles)),
                        "password_hash": password_hash})
    db["user_lanes"].insert_all([{"user": name, "lane": lane} for lane in dict.fromkeys(lanes)])


def exists(db, name):
    return bool(db["users"].count_where("name = ?", [name]))


def get(db, name):
    return one(_rows(db, "WHERE u.name = ?", [name]), "user.not_found", user=name)


def every(db):
    return list(_rows(db, "", []))


def password_hash(db, name):
    row = db.execute("SELECT password_hash FROM users WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


def set_password_hash(db, name, password_hash):
    db.execute("UPDATE users SET password_hash = ? WHERE name = ?", [password_hash, name])


def _rows(db, clause, params):
    for row in select(db, f"SELECT u.*, (SELECT json_group_array(lane) FROM (SELECT lane FROM user_lanes "
                        f"WHERE user = u.name ORDER BY lane)) AS lanes FROM users u {clause} ORDER BY u.name", params):
        yield {**row, "roles": json.loads(row["roles"]), "lanes": json.loads(row["lanes"])}
