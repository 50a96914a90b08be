"""Rework: a task ready again because the work was sent back to it (a loop taken). Its history says who sent
it back, from which activity, when, with which answer and words, and what was entered the last time."""

from . import events, versions
from .kelengkapan import MISSING
from .results import Rework
from .store import tasks as task_table
from .vocabulary import EventType

NOTE_TYPES = ("text", "textarea")


def of_task(db, task_id):
    """Rework for `task_id`, or None when it is the activity's first pass in its instance."""
    row = task_table.get(db, task_id)
    history = events.for_instance(db, row["instance_id"])
    ready = next((n for n, e in enumerate(history) if e.type == EventType.TASK_READY and e.task == task_id), None)
    done = [e for e in history[:ready] if e.type == EventType.TASK_COMPLETED]
    previous = next((e for e in reversed(done) if e.element == row["element"]), None)
    if previous is None:
        return None
    sender = done[-1]
    activity = versions.model_of(db, sender.version_id)["activities"].get(sender.element, {"fields": []})
    said = [({"field": f["name"], "label": f["label"], "value": sender.data[f["name"]]}, f["type"])
            for f in activity["fields"] if sender.data.get(f["name"]) not in (None, "", [])]
    return Rework(task=task_id, by=sender.actor, at=sender.at, activity=sender.name, element=sender.element,
                  lane=sender.lane, answer=next((s for s, kind in said if kind == "choice"), None),
                  notes=[s for s, kind in said if kind in NOTE_TYPES],
                  previous={k: v for k, v in previous.data.items() if k != MISSING}, previous_task=previous.task,
                  missing=sender.data.get(MISSING, {}))
