"""Lane heads and acting officials (Plt / Plh).

A lane's head answers for it and receives its escalations. An admin may delegate a lane to a user for a period:
from the start of the first day to the end of the last (in the office's time zone), the delegate sees and
completes the lane's tasks, and each completion is followed by a `completed_as_acting` event ("budi, Plh
Inspektur"). A delegation ends by itself at its end, by the engine's clock, or earlier with a reason."""

import json
from datetime import date, datetime, time, timedelta, timezone

from . import events, users, versions
from .db import transaction
from .errors import Conflict, InvalidData
from .results import Delegation
from .store import delegations as table
from .store import events as event_table
from .vocabulary import ActingTitle, EventType, Role

MAX_DAYS = 366


def set_head(ctx, lane, user, actor=None):
    """Name `user` (one of the lane's users) the head of `lane`; `actor` None is the command line."""
    db = ctx.db
    with transaction(db):
        if actor is not None:
            users.require_role(db, actor, Role.ADMIN, "action.lane_head")
        actor = actor or users.COMMAND_LINE
        _lane(db, lane)
        head = users.require_active(db, user)
        if lane not in head.lanes:
            raise InvalidData("lane.head_outside", lane=lane, user=user)
        table.set_head(db, lane, user, ctx.clock.stamp(), actor)
        events.record(db, ctx.clock, EventType.LANE_HEAD_SET, actor, lane=lane, data={"user": user})


def heads(db):
    """{lane: the user who heads it}."""
    return table.heads(db)


def delegate(ctx, lane, to_user, first_day, last_day, actor, reason, title=ActingTitle.PLH):
    """Delegate `lane` to `to_user` from the start of `first_day` to the end of `last_day` (dates, or ISO text)."""
    reason = users.required_reason(reason)
    if title not in set(ActingTitle):
        raise InvalidData("delegation.bad_title", title=title, choices=[t.value for t in ActingTitle])
    first, last = _day(first_day, "from"), _day(last_day, "until")
    if last < first or (last - first).days >= MAX_DAYS:
        raise InvalidData("delegation.bad_period", start=first.isoformat(), end=last.isoformat(), days=MAX_DAYS)
    zone = ctx.settings.timezone
    starts = datetime.combine(first, time(), tzinfo=zone).astimezone(timezone.utc)
    ends = datetime.combine(last + timedelta(days=1), time(), tzinfo=zone).astimezone(timezone.utc)
    db = ctx.db
    with transaction(db):
        users.require_role(db, actor, Role.ADMIN, "action.delegate")
        _lane(db, lane)
        user = users.require_active(db, to_user)
        if lane in user.lanes:
            raise InvalidData("delegation.own_lane", lane=lane, user=to_user)
        if ends <= ctx.clock.now():
            raise InvalidData("delegation.in_the_past", end=last.isoformat())
        row = {"lane": lane, "delegate": to_user, "title": ActingTitle(title), "starts_at": ctx.clock.stamp(starts),
               "ends_at": ctx.clock.stamp(ends), "reason": reason, "created_at": ctx.clock.stamp(),
               "created_by": actor}
        row["id"] = table.insert(db, row)
        events.record(db, ctx.clock, EventType.DELEGATION_GRANTED, actor, lane=lane, data={
            "delegation": row["id"], "user": to_user, "title": row["title"], "starts_at": row["starts_at"],
            "ends_at": row["ends_at"], "reason": reason})
    return delegation(db, row["id"], ctx.clock.stamp())


def end(ctx, delegation_id, actor, reason):
    """End a delegation before its time, with a reason."""
    reason = users.required_reason(reason)
    db = ctx.db
    with transaction(db):
        users.require_role(db, actor, Role.ADMIN, "action.end_delegation")
        row = table.get(db, delegation_id)
        now = ctx.clock.stamp()
        if row["ended_at"] or row["ends_at"] <= now:
            raise Conflict("delegation.over", delegation=delegation_id, user=row["delegate"], lane=row["lane"])
        table.end(db, delegation_id, now, actor, reason)
        events.record(db, ctx.clock, EventType.DELEGATION_ENDED, actor, lane=row["lane"],
                      data={"delegation": delegation_id, "user": row["delegate"], "reason": reason})


def acting_in(ctx, user, lane):
    """The delegation under which `user` works in `lane` now, or None."""
    for row in table.live_for(ctx.db, user, ctx.clock.stamp()):
        if row["lane"] == lane:
            return row
    return None


def record_acting(ctx, row, task_event):
    """After a delegate's completion: which delegation they acted under, as what."""
    label = f"{row['delegate']}, {row['title']} {row['lane']}"
    events.record(ctx.db, ctx.clock, EventType.COMPLETED_AS_ACTING, row["delegate"],
                  instance={"id": task_event["instance_id"]}, version={"id": task_event["version_id"],
                                                                        "process_id": task_event["process_id"]},
                  lane=row["lane"], element=task_event["element"], element_name=task_event["element_name"],
                  task_id=task_event["task_id"], data={"delegation": row["id"], "title": row["title"], "as": label})


def delegations(db, now):
    """Every delegation, newest first, with what was completed under each (for auditors and admins)."""
    acts = {}
    for row in event_table.of_type(db, EventType.COMPLETED_AS_ACTING):
        acts.setdefault(json.loads(row["data"])["delegation"], []).append(events.public(row))
    return [_public(row, now, acts.get(row["id"], [])) for row in table.every(db)]


def delegation(db, delegation_id, now):
    return next(d for d in delegations(db, now) if d.id == delegation_id)


def _public(row, now, acts):
    return Delegation(**{k: row[k] for k in ("id", "lane", "delegate", "starts_at", "ends_at", "reason",
                                             "created_at", "created_by", "ended_at", "ended_by", "end_reason")},
                      title=ActingTitle(row["title"]), acts=acts,
                      live=row["ended_at"] is None and row["starts_at"] <= now < row["ends_at"])


def _lane(db, lane):
    known = versions.known_lanes(db)
    if lane not in known:
        raise InvalidData("user.unknown_lane", lane=lane, choices=sorted(known))


def _day(value, which):
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise InvalidData("delegation.bad_date", which=which, value=value) from None
