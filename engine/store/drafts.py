"""The `sop_drafts` table: analysts' SOP drafts between the upload and the deploy (engine.drafts)."""

from . import select


def insert(db, row):
    db["sop_drafts"].insert(row)


def get(db, token_hash):
    return next(iter(select(db, "SELECT * FROM sop_drafts WHERE token_hash = ?", [token_hash])), None)


def delete(db, token_hash):
    db.execute("DELETE FROM sop_drafts WHERE token_hash = ?", [token_hash])


def delete_older(db, before):
    db.execute("DELETE FROM sop_drafts WHERE created_at < ?", [before])
