"""Every refusal Alur gives, in one place.

Each carries the HTTP status the web UI answers with; the CLI prints the message on one line and
exits 2. The message always says what was wrong, where, and what to do.
"""


class AlurError(Exception):
    """Base of every error a user can cause."""

    status = 400


class InvalidDiagram(AlurError):
    """A diagram was refused at deploy; `problems` lists each finding."""

    status = 422

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InvalidExpression(AlurError):
    """An expression uses something the safe evaluator does not allow."""


class InvalidData(AlurError):
    """Data entered for a task does not fit its fields.

    For a field's value, `field` names it and `code` says what is wrong (required, unchecked,
    not_text, not_number, not_date, not_boolean, not_choice, not_list, unknown_field), with the
    items at fault in `items`, so that a UI can say it in its own language.
    """

    def __init__(self, message, field=None, code=None, items=()):
        self.field, self.code, self.items = field, code, list(items)
        super().__init__(message)


class NotFound(AlurError):
    """A process, instance, task or user does not exist."""

    status = 404


class Forbidden(AlurError):
    """The user does not belong to the lane the action needs."""

    status = 403


class Conflict(AlurError):
    """The action came too late: the task or instance moved on."""

    status = 409


class InstanceStuck(AlurError):
    """The engine reached a state with no task to do and no end event: the diagram is at fault."""

    status = 409
