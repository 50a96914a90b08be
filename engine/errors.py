"""Every refusal Alur gives, in one place.

A refusal is a code with its parameters (`message`); each face says it in its own language through
`engine.messages`. Each class carries the HTTP status the web UI answers with; the command line prints the
message on one line and exits 2.
"""

from .results import Message


class AlurError(Exception):
    """Base of every error a user can cause: `code` names what was wrong, `params` where and with what."""

    status = 400

    def __init__(self, code, **params):
        self.message = Message(code, params)
        super().__init__(code)

    @property
    def code(self):
        return self.message.code

    @property
    def params(self):
        return self.message.params

    def __str__(self):
        return str(self.message)  # English, for logs and tracebacks; the faces render their own


class InvalidDiagram(AlurError):
    """A diagram was refused at deploy; `problems` lists each finding (engine.results.Problem)."""

    status = 422

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("diagram.refused", count=len(self.problems))

    def __str__(self):
        return "\n".join(map(str, self.problems))


class InvalidExpression(AlurError):
    """An expression uses something the safe evaluator does not allow."""


class InvalidData(AlurError):
    """Data entered for a task, or an argument, does not fit. For a task's field, `field` names it and
    `items` lists the answers at fault (the choices, or the items not yet checked)."""

    def __init__(self, code, field=None, items=(), **params):
        self.field, self.items = field, list(items)
        super().__init__(code, field=field, items=self.items, **params)


class InvalidFields(InvalidData):
    """Several fields of one submission refused at once: `problems` holds one InvalidData per field, in the
    form's order; the error itself says the first."""

    def __init__(self, problems):
        self.problems = list(problems)
        first = self.problems[0]
        params = {key: value for key, value in first.params.items() if key not in ("field", "items")}
        super().__init__(first.code, field=first.field, items=first.items, **params)


class NotFound(AlurError):
    """A process, version, instance, task or user does not exist."""

    status = 404


class Forbidden(AlurError):
    """The user does not belong to the lane, or lacks the role, the action needs."""

    status = 403


class Conflict(AlurError):
    """The action came too late: the task or instance moved on."""

    status = 409


class InstanceStuck(AlurError):
    """The engine reached a state with no task to do and no end event: the diagram is at fault."""

    status = 409


class Unavailable(AlurError):
    """The database cannot do the command now: another program held its lock too long, it is read-only, or its
    disk is full (engine.db.refusal). Nothing was changed. `retry_after` is how many seconds to wait before trying
    again when waiting may help, None when someone must act first."""

    status = 503

    def __init__(self, code, retry_after=None, **params):
        self.retry_after = retry_after
        super().__init__(code, **params)


class ConfigError(AlurError):
    """A setting in the environment cannot be used (a time zone, working hours, a holiday list)."""
