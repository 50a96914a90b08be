"""SOP drafts: what an analyst uploaded or wrote in the table editor, kept between the POST that brings it
and the pages that show it (post-redirect-get), until it is deployed or a day has passed.

A draft is not part of the record (nothing acknowledged lives here: deploying writes the version and its
event in the engine's database); it is a file next to the database, named by a random token and readable
only by the analyst who made it. The page recomputes the problems and the diagram from it each time.
"""

import json
import os
import secrets
import tempfile
import time
from pathlib import Path

from flask import current_app

from engine.db import is_url

MAX_AGE = 24 * 3600
TOKEN_BYTES = 16


def folder():
    """`SOP_DRAFTS` from the app's config, else `sop-drafts/` beside the database (under var/ for PostgreSQL)."""
    configured, database = current_app.config.get("SOP_DRAFTS"), current_app.config["ALUR_DB"]
    beside = Path("var") if is_url(database) else Path(database).resolve().parent
    path = Path(configured) if configured else beside / "sop-drafts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _valid(token):
    return isinstance(token, str) and 10 <= len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token)


def _write(path, data):
    """Whole or not at all: a reader never sees half a draft."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


def save(user, file_name, workbook=None, table=None):
    """Keep a draft: the uploaded workbook's bytes, or a table (the editor's JSON). Returns its token."""
    where = folder()
    _sweep(where)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    if workbook is not None:
        _write(where / f"{token}.xlsx", workbook)
    meta = {"user": user, "file_name": file_name, "kind": "workbook" if workbook is not None else "table",
            "table": table, "created": time.time()}
    _write(where / f"{token}.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    return token


def load(token, user):
    """The draft `token` of `user`, with its workbook's bytes under "workbook"; None when there is none (never
    made, expired, deployed, or another analyst's)."""
    if not _valid(token):
        return None
    where = folder()
    try:
        meta = json.loads((where / f"{token}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("user") != user or time.time() - meta.get("created", 0) > MAX_AGE:
        return None
    if meta["kind"] == "workbook":
        try:
            meta["workbook"] = (where / f"{token}.xlsx").read_bytes()
        except OSError:
            return None
    meta["token"] = token
    return meta


def discard(token):
    if not _valid(token):
        return
    where = folder()
    for suffix in (".json", ".xlsx"):
        (where / f"{token}{suffix}").unlink(missing_ok=True)


def _sweep(where):
    """Drafts older than MAX_AGE go when a new one is made."""
    limit = time.time() - MAX_AGE
    for path in where.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            pass
