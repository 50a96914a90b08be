"""SOP drafts: what an analyst uploaded or wrote in the table editor, kept between the POST that brings it and the
pages that show it (post-redirect-get), until it is deployed or a day has passed. Kept in the database, so that
any server behind a load balancer shows the draft another one received.

A draft is not part of the record (deploying writes the version and its event); only the analyst who made it can
read it, by a random token whose SHA-256 is all the database holds."""

import hashlib
import json
import secrets
import time

from .db import transaction
from .store import drafts as table

MAX_AGE = 24 * 3600
TOKEN_BYTES = 16


def keep(ctx, user, file_name, workbook=None, table_json=None):
    """Keep a draft (a workbook's bytes, or the editor's table); its token. Drafts older than a day go now."""
    token, now = secrets.token_urlsafe(TOKEN_BYTES), time.time()
    with transaction(ctx.db):
        table.delete_older(ctx.db, now - MAX_AGE)
        table.insert(ctx.db, {"token_hash": _hash(token), "made_by": user, "file_name": file_name,
                              "kind": "workbook" if workbook is not None else "table",
                              "table_json": None if table_json is None else json.dumps(table_json, ensure_ascii=False),
                              "workbook": workbook, "created_at": now})
    return token


def get(ctx, token, user):
    """The draft `token` of `user` ({user, file_name, kind, table, workbook, created, token}); None when there is
    none (never made, expired, deployed, or another analyst's)."""
    if not _valid(token):
        return None
    row = table.get(ctx.db, _hash(token))
    if row is None or row["made_by"] != user or time.time() - row["created_at"] > MAX_AGE:
        return None
    return {"user": row["made_by"], "file_name": row["file_name"], "kind": row["kind"], "token": token,
            "table": None if row["table_json"] is None else json.loads(row["table_json"]),
            "workbook": None if row["workbook"] is None else bytes(row["workbook"]), "created": row["created_at"]}


def discard(ctx, token):
    if _valid(token):
        with transaction(ctx.db):
            table.delete(ctx.db, _hash(token))


def _valid(token):
    return isinstance(token, str) and 10 <= len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token)


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()
