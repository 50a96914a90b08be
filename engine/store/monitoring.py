"""The `monitoring_forms` table (saved Monitoring Pelaksanaan SOP AP forms) and the reads monitoring needs."""

from ..vocabulary import EventType
from . import one, select, where


def insert(db, row):
    return db["monitoring_forms"].insert(row).last_pk


def forms(db):
    """Saved forms, newest first."""
    return list(select(db, "SELECT * FROM monitoring_forms ORDER BY id DESC"))


def form(db, form_id):
    return one(select(db, "SELECT * FROM monitoring_forms WHERE id = ?", [form_id]), "monitor.form_not_found",
               form=form_id)


def flows_taken(db, process=None, start=None, end=None):
    """Flows taken at decisions between `start` and `end` (stamps): process, instance, flow id, when."""
    clause, params = where({"process_id = ?": process, "at >= ?": start, "at < ?": end, "type = ?":
                            EventType.FLOW_TAKEN})
    return list(select(db, f"SELECT process_id, instance_id, element, at FROM events{clause} ORDER BY seq", params))
