"""Users, their lanes, roles and mail address, and their accounts' life: added, changed, a password reset by an
admin, deactivated. Passwords are hashed with Argon2. Each change that matters is an event in the chain."""

import re
from functools import cache
from pathlib import Path

from . import events, versions
from .db import transaction
from .errors import Conflict, Forbidden, InvalidData
from .results import Acting, Message, User
from .store import delegations as delegation_table
from .store import instances as instance_table
from .store import sessions as session_table
from .store import tasks as task_table
from .store import users as table
from .vocabulary import ActingTitle, EventType, Role

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
MIN_PASSWORD = 10
COMMAND_LINE = "cli"   # the actor of the events of a command given without --as (as `alur deploy` records)
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")


def add(ctx, name, lanes, password=None, roles=(), email=None, actor=None, strict=False, must_change=False):
    """A new user. `strict` holds the password to the rules (`check_password`); `must_change` makes them set
    their own at the first sign-in (an admin gave them this one). Added by an `actor` (an admin in the browser,
    `cli` for `alur users add`), it is an event in the chain; without one (`alur demo`, a test's set-up) not."""
    if not _NAME.match(name or ""):
        raise InvalidData("user.bad_name", user=name)
    lanes, roles, email = _lanes(lanes), _roles(roles), _email(email)
    if not lanes and not roles:
        raise InvalidData("user.needs_lane_or_role", user=name)
    if password and strict:
        check_password(name, password)
    db = ctx.db
    with transaction(db):
        if actor not in (None, COMMAND_LINE):
            require_role(db, actor, Role.ADMIN, "action.add_user")
        _known(db, lanes)
        if table.exists(db, name):
            raise Conflict("user.exists", user=name)
        table.insert(db, name, ctx.clock.stamp(), roles, ctx.hasher.hash(password) if password else None, lanes,
                     email, must_change)
        if actor is not None:
            events.record(db, ctx.clock, EventType.USER_ADDED, actor,
                          data={"user": name, "lanes": lanes, "roles": roles, "email": email})
    return get(db, name)


def edit(ctx, name, actor=None, lanes=None, roles=None, email=None):
    """Change a user's lanes, roles or mail address (None keeps it; an empty email removes it). `actor` None is
    the command line, run by whoever runs the server; any other actor needs the admin role."""
    db = ctx.db
    with transaction(db):
        if actor is not None:
            require_role(db, actor, Role.ADMIN, "action.edit_user")
        user = get(db, name)
        change = {}
        if lanes is not None and sorted(_lanes(lanes)) != user.lanes:
            change["lanes"] = _known(db, _lanes(lanes))
        if roles is not None and sorted(_roles(roles)) != sorted(user.roles):
            change["roles"] = _roles(roles)
        if email is not None and (_email(email) or None) != user.email:
            change["email"] = _email(email) or None
        after = {"lanes": user.lanes, "roles": user.roles, **change}
        if not after["lanes"] and not after["roles"]:
            raise InvalidData("user.needs_lane_or_role", user=name)
        if not change:
            return user
        if "lanes" in change:
            table.set_lanes(db, name, change["lanes"])
        table.update(db, name, **{k: v for k, v in change.items() if k != "lanes"})
        events.record(db, ctx.clock, EventType.USER_CHANGED, actor or COMMAND_LINE, data={"user": name, **change})
    return get(db, name)


def deactivate(ctx, name, actor, reason):
    """The user can no longer sign in nor be given a task; their sessions and delegations end, tasks assigned to
    them go back to their lane. The history keeps their name."""
    reason = required_reason(reason)
    db = ctx.db
    with transaction(db):
        require_role(db, actor, Role.ADMIN, "action.deactivate")
        user = get(db, name)
        if not user.active:
            raise Conflict("user.inactive", user=name)
        if name == actor:
            raise Forbidden("user.deactivate_self", user=name)
        now = ctx.clock.stamp()
        table.update(db, name, deactivated_at=now, deactivated_reason=reason)
        sessions = session_table.end_all(db, name, now)
        released = task_table.release(db, name)
        for task_id in released:  # each task given back to its lane is an event of its instance, as a release is
            _record_release(ctx, task_id, name, actor, reason)
        delegation_table.end_all_of(db, name, now, actor, reason)
        events.record(db, ctx.clock, EventType.USER_DEACTIVATED, actor,
                      data={"user": name, "reason": reason, "released_tasks": released})
    return sessions


def _record_release(ctx, task_id, name, actor, reason):
    db = ctx.db
    row = task_table.get(db, task_id)
    instance = instance_table.get(db, row["instance_id"])
    version = versions.by_id(db, instance["version_id"])
    activity = versions.model_of(db, version["id"])["activities"][row["element"]]
    events.record(db, ctx.clock, EventType.TASK_RELEASED, actor, instance=instance, version=version, lane=row["lane"],
                  element=row["element"], element_name=activity["name"], task_id=task_id,
                  data={"from": name, "reason": reason})


def required_reason(reason):
    """An act that needs a reason (the history records why): the reason, trimmed, or a refusal."""
    if not (reason or "").strip():
        raise InvalidData("admin.no_reason")
    return reason.strip()


def check_password(name, password):
    """Refuse a password too short, the user's name, or one on the list of common passwords."""
    if len(password or "") < MIN_PASSWORD:
        raise InvalidData("password.too_short", minimum=MIN_PASSWORD)
    if password.strip().lower() == name:
        raise InvalidData("password.is_name", user=name)
    if password.strip().lower() in common_passwords():
        raise InvalidData("password.common")


@cache
def common_passwords():
    return frozenset(line.strip().lower() for line in COMMON_PASSWORDS.read_text().splitlines()
                     if line.strip() and not line.startswith("#"))


def set_password(ctx, name, password, actor=None, must_change=False):
    """Give `name` a new password and end every session they have: whoever held the old one is signed out. An
    admin's reset (`actor` given) is an event, and the user must choose their own at the next sign-in."""
    check_password(name, password)
    with transaction(ctx.db):
        if actor is not None:
            require_role(ctx.db, actor, Role.ADMIN, "action.reset_password")
        user = get(ctx.db, name)
        if not user.active:
            raise Conflict("user.inactive", user=name)
        table.set_password_hash(ctx.db, name, ctx.hasher.hash(password), must_change)
        ended = session_table.end_all(ctx.db, name, ctx.clock.stamp())
        if actor is not None:
            events.record(ctx.db, ctx.clock, EventType.PASSWORD_RESET, actor, data={"user": name})
    return ended


def change_own_password(ctx, name, current, new):
    """The user's own new password, given their current one; every session of theirs ends."""
    if authenticate(ctx, name, current) is None:
        raise Forbidden("password.wrong_current")
    if current == new:
        raise InvalidData("password.unchanged")
    return set_password(ctx, name, new)


def set_own_mail(ctx, name, email, mail_off):
    """The user's own mail address and whether they want mail."""
    email = _email(email) or None
    with transaction(ctx.db):
        user = get(ctx.db, name)
        table.update(ctx.db, name, email=email, mail_off=int(bool(mail_off)))
        if email != user.email:
            events.record(ctx.db, ctx.clock, EventType.USER_CHANGED, name, data={"user": name, "email": email})
    return get(ctx.db, name)


def get(db, name, now=None):
    """The user; with `now` (a stamp), also the lanes they stand in for at that moment."""
    user = _public(table.get(db, name))
    if now is not None and user.active:
        user.acting = [Acting(delegation=row["id"], lane=row["lane"], title=ActingTitle(row["title"]),
                              starts_at=row["starts_at"], ends_at=row["ends_at"])
                       for row in delegation_table.live_for(db, name, now)]
    return user


def current(ctx, name):
    return get(ctx.db, name, ctx.clock.stamp())


def all_users(db):
    return [_public(row) for row in table.every(db)]


def _public(row):
    return User(name=row["name"], lanes=row["lanes"], roles=[Role(r) for r in row["roles"]],
                has_password=row["password_hash"] is not None, created_at=row["created_at"], email=row["email"],
                active=row["deactivated_at"] is None, deactivated_reason=row["deactivated_reason"],
                must_change_password=bool(row["must_change_password"]), mail_off=bool(row["mail_off"]))


def require_role(db, name, role, action):
    """The user, if they hold `role`; else Forbidden naming the role and the action (a code, `action.*`)."""
    user = get(db, name)
    if role not in user.roles or not user.active:
        raise Forbidden("user.lacks_role", user=name, role=role, action=Message(action),
                        roles=list(user.roles) or Message("user.no_role"))
    return user


def require_active(db, name, now=None):
    user = get(db, name, now)
    if not user.active:
        raise Forbidden("user.inactive", user=name)
    return user


def authenticate(ctx, name, password):
    """The user when `password` is theirs (and their account is active), else None. A wrong name costs the same
    hash check as a wrong password, so the time taken does not tell which names exist."""
    from argon2.exceptions import InvalidHashError, VerificationError  # as engine.settings.argon2_parameters

    stored = table.password_hash(ctx.db, name)
    try:
        if ctx.hasher.verify(stored or ctx.stand_in_hash, password or "") and stored:
            return get(ctx.db, name)
    except (VerificationError, InvalidHashError):
        pass
    return None


def exists(db, name):
    return table.exists(db, name)


def _lanes(lanes):
    return list(dict.fromkeys(lane.strip() for lane in lanes or () if lane and lane.strip()))


def _roles(roles):
    roles = [r.strip() for r in roles or () if r and r.strip()]
    unknown = [r for r in roles if r not in set(Role)]
    if unknown:
        raise InvalidData("user.unknown_role", role=unknown[0], choices=[r.value for r in Role])
    return list(dict.fromkeys(Role(r) for r in roles))


def _known(db, lanes):
    known = versions.known_lanes(db)
    outside = [lane for lane in lanes if lane not in known]
    if outside:
        raise InvalidData("user.unknown_lane", lane=outside[0], choices=sorted(known))
    return lanes


def _email(email):
    """A mail address as typed, checked for its shape; '' for none."""
    email = (email or "").strip()
    if email and not _EMAIL.match(email):
        raise InvalidData("user.bad_email", email=email)
    return email
