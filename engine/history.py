"""An instance's history folded into what it says: status, the tasks ready and done, the flows taken and the
data entered. `audit.verify` compares it with what is stored; `replay` shows it after any event."""

from dataclasses import dataclass, field

from .vocabulary import ENDING_EVENTS, EventType, InstanceStatus


@dataclass
class Folded:
    status: InstanceStatus = InstanceStatus.RUNNING
    ready: dict = field(default_factory=dict)     # task id -> its task_ready event
    done: list = field(default_factory=list)      # task_completed events, in order
    flows: list = field(default_factory=list)     # flow ids taken at gateways, in order
    data: dict = field(default_factory=dict)
    version_id: int | None = None                 # the version the instance was on

    @property
    def completed(self):
        """task id -> who completed it."""
        return {event.task: event.actor for event in self.done}


def fold(events):
    """What `events` (one instance's, in order) say of it."""
    state = Folded()
    for event in events:
        if event.version_id:
            state.version_id = event.version_id
        if event.type in (EventType.INSTANCE_STARTED, EventType.TASK_COMPLETED):
            state.data.update(event.data)
        if event.type == EventType.TASK_READY:
            state.ready[event.task] = event
        elif event.type == EventType.TASK_COMPLETED:
            state.ready.pop(event.task, None)
            state.done.append(event)
        elif event.type == EventType.FLOW_TAKEN:
            state.flows.append(event.element)
        elif event.type in ENDING_EVENTS:
            state.status = ENDING_EVENTS[event.type]
            if state.status == InstanceStatus.CANCELLED:
                state.ready = {}
    return state
