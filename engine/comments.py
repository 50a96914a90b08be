"""Comments on an instance: who, when, what. Each is an event in the chain like every other."""

from . import events, users, versions
from .db import transaction
from .errors import Forbidden, InvalidData
from .history import fold
from .results import Comment
from .store import instances as instance_table
from .vocabulary import EventType, Role

MAX_LENGTH = 4000


def add(ctx, instance_id, user, text):
    """Comment on an instance as `user`: someone of one of its lanes, or an admin; never an auditor."""
    text = (text or "").strip()
    if not text:
        raise InvalidData("comment.empty", field="text")
    if len(text) > MAX_LENGTH:
        raise InvalidData("comment.too_long", field="text", length=len(text), limit=MAX_LENGTH)
    db = ctx.db
    with transaction(db):
        instance = instance_table.get(db, instance_id)
        version = versions.by_id(db, instance["version_id"])
        lanes = versions.model_of(db, version["id"])["lanes"]
        actor = users.get(db, user)
        if Role.AUDITOR in actor.roles:
            raise Forbidden("comment.auditor", user=user)
        if not (set(actor.lanes) & set(lanes) or Role.ADMIN in actor.roles):
            raise Forbidden("comment.outside_lanes", user=user, instance=instance_id, lanes=lanes)
        events.record(db, ctx.clock, EventType.COMMENT_ADDED, user, instance=instance, version=version,
                      element=instance["process_id"], data={"text": text})


def of_instance(db, instance_id):
    instance_table.get(db, instance_id)
    return [Comment(seq=e.seq, instance=instance_id, at=e.at, by=e.actor, text=e.data.get("text", ""))
            for e in fold(events.for_instance(db, instance_id)).comments]
