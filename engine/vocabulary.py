"""Alur's one vocabulary: the statuses of instances, the states of tasks, the types of events and the roles
of users. Nothing else spells them: the database stores these values, the faces show them by name.

Each is a `StrEnum`, so a member compares equal to its stored text, binds as an SQL parameter and prints in
JSON as that text.
"""

from enum import StrEnum


class InstanceStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class TaskState(StrEnum):
    READY = "ready"
    COMPLETED = "completed"
    CANCELLED = "cancelled"   # the instance was cancelled, or the task was withdrawn by the engine


class EventType(StrEnum):
    DEPLOYED = "deployed"
    INSTANCE_STARTED = "instance_started"
    TASK_READY = "task_ready"
    TASK_COMPLETED = "task_completed"
    FLOW_TAKEN = "flow_taken"
    INSTANCE_COMPLETED = "instance_completed"
    INSTANCE_CANCELLED = "instance_cancelled"
    TASK_REASSIGNED = "task_reassigned"
    INSTANCE_MIGRATED = "instance_migrated"
    COMMENT_ADDED = "comment_added"
    MONITORING_ASSESSED = "monitoring_assessed"   # a Monitoring Pelaksanaan SOP AP form saved (engine.monitor)
    TASK_CLAIMED = "task_claimed"       # a user of the lane took the task ("Saya kerjakan")
    TASK_RELEASED = "task_released"     # they gave it back to the lane


class Assessment(StrEnum):
    """Penilaian terhadap penerapan, in the monitoring form (Permenpan RB 35/2012, Tabel 7)."""
    GOOD = "berjalan_baik"            # Berjalan dengan baik
    NOT_GOOD = "tidak_berjalan_baik"  # Tidak berjalan dengan baik
    UNMEASURED = "belum_terukur"      # nothing done in the period to judge by


class Severity(StrEnum):
    """How much a finding about an imported SOP table weighs: an error refuses the import, a warning lets it
    through and is shown beside the result (engine.sopap)."""
    ERROR = "error"
    WARNING = "warning"


class Role(StrEnum):
    ADMIN = "admin"         # cancels instances, reassigns tasks
    ANALYST = "analyst"     # deploys diagrams, migrates instances
    AUDITOR = "auditor"     # sees everything, changes nothing


# What each instance status ends with (the event that sets it).
ENDING_EVENTS = {EventType.INSTANCE_COMPLETED: InstanceStatus.COMPLETED,
                 EventType.INSTANCE_CANCELLED: InstanceStatus.CANCELLED}
