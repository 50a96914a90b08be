"""An instance's history folded into what it says: status, the tasks ready and done, the flows taken and the
data entered. `audit.verify` compares it with what is stored; `replay` shows it after any event."""

from dataclasses import dataclass, field

from .attachments import is_value as is_attachment
from .kelengkapan import MISSING
from .vocabulary import ENDING_EVENTS, EventType, InstanceStatus


@dataclass
class Folded:
    status: InstanceStatus = InstanceStatus.RUNNING
    ready: dict = field(default_factory=dict)     # task id -> its task_ready event
    done: list = field(default_factory=list)      # task_completed events, in order
    flows: list = field(default_factory=list)     # flow ids taken at gateways, in order
    data: dict = field(default_factory=dict)
    version_id: int | None = None                 # the version the instance was on
    subject: str | None = None                    # what the case is about (perihal)
    taken: dict = field(default_factory=dict)     # ready task id -> the user it is assigned to or taken by
    attachments: dict = field(default_factory=dict)  # attachment id -> its SHA-256, as its completion recorded
    comments: list = field(default_factory=list)  # comment_added events, in order

    @property
    def completed(self):
        """task id -> who completed it."""
        return {event.task: event.actor for event in self.done}


def started(data):
    """(subject, data) of an `instance_started` event's data: {"subject", "data"} since schema 3, the start data
    alone before (no subject)."""
    if set(data) == {"subject", "data"} and isinstance(data["data"], dict):
        return data["subject"], data["data"]
    return None, data


def fold(events):
    """What `events` (one instance's, in order) say of it."""
    state = Folded()
    for event in events:
        if event.version_id:
            state.version_id = event.version_id
        if event.type == EventType.INSTANCE_STARTED:
            state.subject, start_data = started(event.data)
            state.data.update(start_data)
        elif event.type == EventType.TASK_COMPLETED:  # the kelengkapan found missing is said, not data
            entered = {key: value for key, value in event.data.items() if key != MISSING}
            state.data.update(entered)
            state.attachments.update({v["attachment"]: v["sha256"] for v in entered.values() if is_attachment(v)})
        elif event.type == EventType.COMMENT_ADDED:
            state.comments.append(event)
        if event.type == EventType.TASK_READY:
            state.ready[event.task] = event
        elif event.type == EventType.TASK_COMPLETED:
            state.ready.pop(event.task, None)
            state.taken.pop(event.task, None)
            state.done.append(event)
        elif event.type in (EventType.TASK_REASSIGNED, EventType.TASK_CLAIMED):
            state.taken[event.task] = event.data.get("to") or event.actor
        elif event.type == EventType.TASK_RELEASED:
            state.taken.pop(event.task, None)
        elif event.type == EventType.FLOW_TAKEN:
            state.flows.append(event.element)
        elif event.type in ENDING_EVENTS:
            state.status = ENDING_EVENTS[event.type]
            if state.status == InstanceStatus.CANCELLED:
                state.ready, state.taken = {}, {}
    state.taken = {task: user for task, user in state.taken.items() if task in state.ready}
    return state
