"""The one front door to Alur: the CLI, the web UI and the tests all go through `Alur`."""

import functools

from . import admin, attachments, audit, comments, diff, instances, migration, queries, replay, rework, users, versions
from . import db as database
from . import export as exporting
from . import sla as time_standards
from .clock import Clock
from .context import Context
from .settings import Settings


def _database_faults(cls):
    """Every public method of `cls` refuses a database fault (a lock held too long, a read-only file, a full
    disk) with engine.errors.Unavailable rather than SQLite's error: the faces say what happened and what to do."""
    for name, method in list(vars(cls).items()):
        if not name.startswith("_") and callable(method):
            setattr(cls, name, _refusing_faults(method))
    return cls


def _refusing_faults(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with database.faults(self.settings.db_timeout):
            return method(self, *args, **kwargs)
    return wrapper


@_database_faults
class Alur:
    """Alur over one SQLite database. Build it with `Alur.open(path)`; settings come from the environment
    unless given, and are read once. A database fault is refused as engine.errors.Unavailable."""

    def __init__(self, db, settings=None, clock=None):
        self.ctx = Context(db=db, clock=clock or Clock(), settings=settings or Settings.from_env())

    @classmethod
    def open(cls, path, settings=None, clock=None):
        settings = settings or Settings.from_env()   # a bad setting is refused before the database is touched
        with database.faults(settings.db_timeout):
            return cls(database.connect(path, settings.db_timeout), settings, clock)

    @property
    def db(self):
        return self.ctx.db

    @property
    def settings(self):
        return self.ctx.settings

    @property
    def clock(self):
        return self.ctx.clock

    def close(self):
        self.db.close()

    # Processes
    def deploy(self, paths, actor="cli"):
        """Validate diagram files and store a new version of each changed process: [Deployment]."""
        return versions.deploy(self.ctx, versions.read_files(paths), actor)

    def deploy_bytes(self, files, actor):
        """Deploy [(file name, bytes)], as uploaded."""
        return versions.deploy(self.ctx, files, actor)

    def processes(self):
        """Every deployed process with its versions: [Process]."""
        return versions.processes(self.db)

    def versions(self, process_id):
        """One process with its versions and their running instances."""
        return versions.process(self.db, process_id)

    def version_bpmn(self, process_id, version):
        """The BPMN bytes of one version of a process, exactly as deployed (for a modeler)."""
        return versions.bpmn(self.db, process_id, version)

    def diff(self, process_id, old, new):
        """What changed between two versions of a process: [Message]."""
        return queries.version_diff(self.db, process_id, old, new, diff.between)

    def diff_elements(self, process_id, old, new):
        """The element ids behind `diff`, to mark on the two diagrams: {added, removed, changed}."""
        return queries.version_diff(self.db, process_id, old, new, diff.elements)

    def migrate(self, instance_id, to_version, user):
        """Move a running instance to another version when its current tasks exist unchanged there."""
        migration.migrate(self.ctx, instance_id, to_version, user)

    # Users
    def add_user(self, name, lanes=(), password=None, roles=()):
        return users.add(self.ctx, name, list(lanes), password, tuple(roles))

    def users(self):
        return users.all_users(self.db)

    def user(self, name):
        return users.get(self.db, name)

    def authenticate(self, name, password):
        return users.authenticate(self.ctx, name, password)

    # Instances and tasks
    def start(self, process_id, user, data=None):
        return instances.start(self.ctx, process_id, user, data)

    def complete(self, task_id, user, data=None, files=None):
        """Complete a task; return the tasks of its instance now ready. `files` ({file field: (file name,
        bytes)}) fills its `file` fields. The same submission again by the same user answers as the first."""
        instance_id = instances.complete(self.ctx, task_id, user, data, files)
        return queries.tasks(self.db, instance=instance_id)

    def cancel(self, instance_id, user, reason):
        """Cancel a running instance (admin role, with a reason)."""
        admin.cancel(self.ctx, instance_id, user, reason)

    def reassign(self, task_id, to_user, user, reason):
        """Move a ready task to another user of its lane (admin role, with a reason)."""
        admin.reassign(self.ctx, task_id, to_user, user, reason)

    def tasks(self, lane=None, user=None, instance=None):
        """READY tasks, oldest first: [Task]."""
        return queries.tasks(self.db, lane=lane, user=user, instance=instance)

    def task(self, task_id):
        return queries.task(self.db, task_id)

    def instances(self, process=None, status=None):
        return queries.list_instances(self.db, process=process, status=status)

    def show(self, instance_id):
        return queries.show(self.db, instance_id)

    def history(self, instance_id):
        return queries.history(self.db, instance_id)

    # Rework, documents and comments
    def rework(self, task_id):
        """Why a task is ready again (Rework: who sent the work back, from where, the answer and the words,
        what was entered last time), or None on its first pass."""
        return rework.of_task(self.db, task_id)

    def attachments(self, instance_id):
        """The documents attached to an instance's tasks: [Attachment]."""
        return queries.checked_instance(self.db, instance_id, attachments.of_instance)

    def attachment(self, attachment_id):
        return attachments.get(self.db, attachment_id)

    def attachment_content(self, attachment_id):
        """The bytes of a document, exactly as attached."""
        return attachments.content(self.db, attachment_id)

    def comment(self, instance_id, user, text):
        """Comment on an instance (an event in the chain)."""
        comments.add(self.ctx, instance_id, user, text)

    def comments(self, instance_id):
        return comments.of_instance(self.db, instance_id)

    # Audit
    def verify(self):
        """Check the event chain and every instance's stored state against it."""
        return audit.verify(self.db)

    def replay(self, instance_id, step):
        """The instance as it stood after its `step`-th event."""
        return replay.step(self.db, instance_id, step)

    def reexecute(self, instance_id):
        """Run the recorded completions again on the recorded version and compare with the log."""
        return replay.reexecute(self.db, instance_id)

    def diagram(self, instance_id):
        """The instance's BPMN and the element ids to highlight: done, current, and taken flows."""
        return queries.diagram(self.db, instance_id)

    # Time standards
    def sla(self, process=None, now=None):
        """Completed tasks' working time against their mutu baku, per instance, activity, lane and process,
        and the tasks overdue at `now` (engine.sla)."""
        return time_standards.report(self.ctx, process=process, now=now)

    # Process mining
    def export(self, fmt, process=None, since=None):
        """The event log as XES or CSV text, one case per instance (engine.export)."""
        return exporting.export(self.ctx, fmt, process=process, since=since)
