"""Users, their lanes and roles. Passwords are hashed with Argon2."""

import re

from . import versions
from .db import transaction
from .errors import Conflict, Forbidden, InvalidData
from .results import Message, User
from .store import users as table
from .vocabulary import Role

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def add(ctx, name, lanes, password=None, roles=()):
    if not _NAME.match(name or ""):
        raise InvalidData("user.bad_name", user=name)
    lanes = [lane.strip() for lane in lanes if lane and lane.strip()]
    if not lanes and not roles:
        raise InvalidData("user.needs_lane_or_role", user=name)
    unknown = [r for r in roles if r not in set(Role)]
    if unknown:
        raise InvalidData("user.unknown_role", role=unknown[0], choices=[r.value for r in Role])
    db = ctx.db
    with transaction(db):
        known = versions.known_lanes(db)
        outside = [lane for lane in lanes if lane not in known]
        if outside:
            raise InvalidData("user.unknown_lane", lane=outside[0], choices=sorted(known))
        if table.exists(db, name):
            raise Conflict("user.exists", user=name)
        table.insert(db, name, ctx.clock.stamp(), [Role(r) for r in roles],
                     ctx.hasher.hash(password) if password else None, lanes)
    return get(db, name)


def get(db, name):
    return _public(table.get(db, name))


def all_users(db):
    return [_public(row) for row in table.every(db)]


def _public(row):
    return User(name=row["name"], lanes=row["lanes"], roles=[Role(r) for r in row["roles"]],
                has_password=row["password_hash"] is not None, created_at=row["created_at"])


def require_role(db, name, role, action):
    """The user, if they hold `role`; else Forbidden naming the role and the action (a code, `action.*`)."""
    user = get(db, name)
    if role not in user.roles:
        raise Forbidden("user.lacks_role", user=name, role=role, action=Message(action),
                        roles=list(user.roles) or Message("user.no_role"))
    return user


def authenticate(ctx, name, password):
    """The user when `password` is theirs, else None. A wrong name costs the same hash check as a wrong
    password, so the time taken does not tell which names exist."""
    from argon2.exceptions import InvalidHashError, VerificationError  # as engine.settings.argon2_parameters

    stored = table.password_hash(ctx.db, name)
    try:
        if ctx.hasher.verify(stored or ctx.stand_in_hash, password or "") and stored:
            return get(ctx.db, name)
    except (VerificationError, InvalidHashError):
        pass
    return None


MIN_PASSWORD = 10


def set_password(ctx, name, password):
    """Give `name` a new password and end every session they have: whoever held the old one is signed out."""
    from . import sessions
    if len(password or "") < MIN_PASSWORD:
        raise InvalidData("password.too_short", minimum=MIN_PASSWORD)
    if password.strip().lower() == name:
        raise InvalidData("password.is_name", user=name)
    get(ctx.db, name)
    with transaction(ctx.db):
        table.set_password_hash(ctx.db, name, ctx.hasher.hash(password))
        ended = sessions.table.end_all(ctx.db, name, ctx.clock.stamp())
    return ended


def exists(db, name):
    return table.exists(db, name)

