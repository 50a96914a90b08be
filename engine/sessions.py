"""Signed-in sessions kept on the server: a browser holds a random token, the database its SHA-256. A session
ends when its holder signs out, when the user's password changes, when an admin ends it, or when it expires;
a copied cookie stops working at that moment, not when the cookie would have run out."""

import hashlib
import secrets
from datetime import timedelta

from . import users
from .db import transaction
from .results import Record
from .store import sessions as table
from dataclasses import dataclass


@dataclass(frozen=True)
class SignIn(Record):
    user: object          # engine.results.User
    token: str            # what the browser keeps (in its signed session cookie); never stored


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in(ctx, name, password, lifetime):
    """A new session for `name` when `password` is theirs, lasting `lifetime` (a timedelta); else None."""
    user = users.authenticate(ctx, name, password)
    if user is None:
        return None
    token = secrets.token_urlsafe(32)
    now = ctx.clock.now()
    with transaction(ctx.db):
        table.forget_expired(ctx.db, ctx.clock.stamp(now))
        table.insert(ctx.db, _hash(token), user.name, ctx.clock.stamp(now), ctx.clock.stamp(now + lifetime))
    return SignIn(user=user, token=token)


def signed_in(ctx, token):
    """The user whose live session `token` is, or None (ended, expired, unknown, or the account is gone)."""
    if not token or not isinstance(token, str):
        return None
    name = table.live_user(ctx.db, _hash(token), ctx.clock.stamp())
    if name is None:
        return None
    user = users.current(ctx, name)  # with the lanes they stand in for now
    return user if user.active else None


def sign_out(ctx, token):
    if token and isinstance(token, str):
        with transaction(ctx.db):
            table.end(ctx.db, _hash(token), ctx.clock.stamp())


def end_all(ctx, name):
    """End every session of `name` (a lost laptop, a departure); how many were live."""
    users.get(ctx.db, name)  # NotFound for an unknown name
    with transaction(ctx.db):
        return table.end_all(ctx.db, name, ctx.clock.stamp())


LIFETIME = timedelta(hours=12)
