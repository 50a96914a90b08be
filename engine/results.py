"""What the API returns: one dataclass per thing, one spelling per field.

An instance is `instance`, a process `process`, a task `task` wherever another record points to one; a
record's own identifier is `id`. Records read as attributes (`task.lane`); templates and `--json` read them
as mappings too (`task["lane"]`, `to_json()`), with the same names.
"""

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from .vocabulary import EventType, InstanceStatus, TaskState


class Record(Mapping):
    """Mapping-style reading for templates, `{**record}` and JSON output; the keys are the dataclass's fields."""

    def __getitem__(self, key):
        if key not in self.__dataclass_fields__:
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self):
        return iter(self.__dataclass_fields__)

    def __len__(self):
        return len(self.__dataclass_fields__)

    def to_json(self):
        return plain(self)


def plain(value):
    """Records, enums and containers as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


@dataclass(frozen=True)
class Message:
    """Something Alur says (a refusal, a change between versions, a finding of `verify`): a code with its
    parameters, which each face renders in its own language (`engine.messages`)."""

    code: str
    params: dict = field(default_factory=dict)

    def __str__(self):
        from .messages import render  # English, for logs; the faces render their own language
        return render(self)


@dataclass
class Problem(Record):
    """One finding about a diagram: where it is (file, line, element) and what is wrong (a message)."""

    file: str
    message: Message
    line: int | None = None
    element: str | None = None
    readable: bool = True  # False when the bytes themselves were refused: nothing of them may be shown

    @classmethod
    def of(cls, file, code, line=None, element=None, **params):
        return cls(file, Message(code, params), line, element)

    def __str__(self):
        from .messages import render_problem
        return render_problem(self)


@dataclass
class Deployment(Record):
    """One process of a deployed file: a new version, or `changed` False when the content was deployed before."""

    file: str
    process: str
    name: str
    version: int
    changed: bool

    @property
    def message(self):
        return Message("deploy.deployed" if self.changed else "deploy.unchanged", dict(self))

    def __str__(self):
        return str(self.message)


@dataclass
class MutuBaku(Record):
    kelengkapan: str = ""
    waktu: str = ""
    waktu_iso: str = ""
    output: str = ""
    keterangan: str = ""


@dataclass
class Task(Record):
    id: int
    instance: int
    process: str
    version: int
    element: str
    number: str
    name: str
    lane: str
    documentation: str
    state: TaskState
    mutu_baku: MutuBaku
    ready_at: str
    due_at: str | None
    completed_at: str | None
    completed_by: str | None
    assignee: str | None
    fields: list
    subject: str | None = None     # the instance's subject (perihal); None for a case started before subjects
    taken_at: str | None = None    # when the assignee took it ("Saya kerjakan"); None when an admin assigned it


@dataclass
class Instance(Record):
    id: int
    process: str
    name: str
    version: int
    status: InstanceStatus
    started_at: str
    started_by: str
    ended_at: str | None
    subject: str | None = None     # what the case is about (perihal); None for a case started before subjects


@dataclass
class InstanceDetail(Instance):
    data: dict = field(default_factory=dict)
    ready: list = field(default_factory=list)
    completed: list = field(default_factory=list)


@dataclass
class Version(Record):
    version: int
    sha256: str
    file: str
    deployed_at: str
    deployed_by: str
    running_instances: int | None    # None when not counted (Alur.processes(count_running=False))


@dataclass
class Process(Record):
    id: str
    name: str
    newest: int
    lanes: list
    start_lanes: list
    header: dict
    documentation: str
    versions: list
    start_fields: list = field(default_factory=list)   # what Mulai Proses asks beside the subject (start event)


@dataclass
class Event(Record):
    seq: int
    at: str
    type: EventType
    instance: int | None
    process: str | None
    version: int | None
    version_id: int | None
    actor: str
    lane: str | None
    element: str | None
    name: str | None
    task: int | None
    data: dict
    hash: str


@dataclass
class User(Record):
    name: str
    lanes: list
    roles: list
    has_password: bool
    created_at: str


@dataclass
class Highlight(Record):
    done: list
    current: list
    flows: list


@dataclass
class Diagram(Record):
    instance: int
    process: str
    version: int
    bpmn: str
    done: list
    current: list
    flows: list


@dataclass
class ReplayedTask(Record):
    task: int
    element: str
    name: str
    lane: str
    actor: str | None = None
    at: str | None = None
    data: dict | None = None


@dataclass
class ReplayStep(Record):
    instance: int
    step: int
    steps: int
    event: Event
    status: InstanceStatus
    actor: str
    lane: str | None
    data: dict
    done: list
    ready: list
    highlight: Highlight
    subject: str | None = None


@dataclass
class Divergence(Record):
    step: int
    event: int | None
    message: Message


@dataclass
class Reexecution(Record):
    instance: int
    process: str
    version: int
    steps: int
    ok: bool
    divergence: Divergence | None


@dataclass
class Verification(Record):
    ok: bool
    events: int
    head: str | None
    problems: list  # of Message, the first broken link first



@dataclass
class Attachment(Record):
    """A document attached to a task's `file` field (its bytes: Alur.attachment_content)."""

    id: int
    instance: int
    task: int
    field: str
    name: str
    type: str
    size: int
    sha256: str
    added_at: str
    added_by: str


@dataclass
class Comment(Record):
    """A comment on an instance: an event in the chain like every other."""

    seq: int
    instance: int
    at: str
    by: str
    text: str


@dataclass
class Rework(Record):
    """Why a task is ready again: the work was sent back to it. `by` completed `activity` (`element`, in
    `lane`) at `at` with `answer` (the decision, {field, label, value}) and `notes` (what they wrote, each
    {field, label, value}); `previous` is what was entered the last time this task was done, `missing` the
    kelengkapan items the sender recorded as missing ({field: [items]})."""

    task: int
    by: str
    at: str
    activity: str
    element: str
    lane: str | None
    answer: dict | None
    notes: list
    previous: dict
    previous_task: int
    missing: dict


@dataclass
class Count(Record):
    """How many items a list holds: `count` exactly, or at least `count` when `more` (a count stops at a cap)."""
    count: int
    more: bool = False
