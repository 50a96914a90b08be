"""Users and the lanes they belong to. Passwords are hashed with Argon2."""

import json
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from . import clock
from .db import transaction
from .errors import Conflict, Forbidden, InvalidData, NotFound

ROLES = ("admin", "analyst", "auditor")
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_HASHER = PasswordHasher()


def add(db, name, lanes, password=None, roles=()):
    if not _NAME.match(name or ""):
        raise InvalidData(f"user name '{name}' must be 1-64 lower-case letters, digits, '.', '_' or '-'")
    lanes = [lane.strip() for lane in lanes if lane and lane.strip()]
    if not lanes and not roles:
        raise InvalidData(f"user '{name}' needs at least one lane (--lane) or role (--role)")
    bad_role = [r for r in roles if r not in ROLES]
    if bad_role:
        raise InvalidData(f"unknown role '{bad_role[0]}': roles are {', '.join(ROLES)}")
    with transaction(db):
        _check_lanes_exist(db, lanes)
        if db["users"].count_where("name = ?", [name]):
            raise Conflict(f"user '{name}' exists already: pick another name")
        db["users"].insert({"name": name, "created_at": clock.stamp(), "roles": json.dumps(list(roles)),
                            "password_hash": _HASHER.hash(password) if password else None})
        db["user_lanes"].insert_all([{"user": name, "lane": lane} for lane in dict.fromkeys(lanes)])
    return get(db, name)


def _check_lanes_exist(db, lanes):
    known = set()
    for row in db.execute("SELECT model FROM versions"):
        known.update(json.loads(row[0])["lanes"])
    unknown = [lane for lane in lanes if lane not in known]
    if unknown:
        listed = ", ".join(sorted(known)) or "none yet: deploy a diagram first"
        raise InvalidData(f"no deployed process has a lane '{unknown[0]}'; lanes are: {listed}")


def get(db, name):
    rows = list(db.query("SELECT * FROM users WHERE name = ?", [name]))
    if not rows:
        raise NotFound(f"no user '{name}': add one with `alur users add {name} --lane LANE`")
    return _public(db, rows[0])


def all_users(db):
    return [_public(db, row) for row in db.query("SELECT * FROM users ORDER BY name")]


def _public(db, row):
    lanes = [r["lane"] for r in db.query("SELECT lane FROM user_lanes WHERE user = ? ORDER BY lane", [row["name"]])]
    return {"name": row["name"], "lanes": lanes, "roles": json.loads(row["roles"]),
            "has_password": row["password_hash"] is not None, "created_at": row["created_at"]}


def require_role(db, name, role, action):
    """The user, if they hold `role`; else Forbidden naming the action."""
    user = get(db, name)
    if role not in user["roles"]:
        raise Forbidden(f"only a user with the {role} role may {action}; '{name}' has "
                        f"{', '.join(user['roles']) or 'no role'}")
    return user


def authenticate(db, name, password):
    """The user when `password` is theirs, else None (the same answer for a wrong name)."""
    rows = list(db.query("SELECT password_hash FROM users WHERE name = ?", [name]))
    stored = rows[0]["password_hash"] if rows else None
    try:
        if stored and _HASHER.verify(stored, password or ""):
            return get(db, name)
    except (VerificationError, InvalidHashError):
        pass
    return None
