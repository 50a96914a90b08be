"""The one front door to Alur: the CLI, the web UI and the tests all go through `Alur`."""

from . import db as database
from . import admin, audit, diff, instances, migration, queries, replay, users, versions
from . import export as exporting
from . import sla as time_standards


class Alur:
    """Alur over one SQLite database. Build it with `Alur.open(path)`."""

    def __init__(self, db):
        self.db = db

    @classmethod
    def open(cls, path):
        return cls(database.connect(path))

    def close(self):
        self.db.close()

    # Processes
    def deploy(self, paths, actor="cli"):
        return versions.deploy(self.db, versions.read_files(paths), actor)

    def deploy_bytes(self, files, actor):
        """Deploy [(file name, bytes)], as uploaded."""
        return versions.deploy(self.db, files, actor)

    def processes(self):
        return queries.processes(self.db)

    def versions(self, process_id):
        """One process with its versions and their running instances."""
        return queries.versions_of(self.db, process_id)

    def version_bpmn(self, process_id, version):
        """The BPMN bytes of one version of a process, exactly as deployed (for a modeler)."""
        return queries.version_bpmn(self.db, process_id, version)

    def diff(self, process_id, old, new):
        """What changed between two versions of a process, in sentences."""
        return queries.version_diff(self.db, process_id, old, new)

    def diff_elements(self, process_id, old, new):
        """The element ids behind `diff`, to mark on the two diagrams: {added, removed, changed}."""
        return queries.version_diff(self.db, process_id, old, new, what=diff.elements)

    def migrate(self, instance_id, to_version, user):
        """Move a running instance to another version when its current tasks exist unchanged there."""
        migration.migrate(self.db, instance_id, to_version, user)

    # Users
    def add_user(self, name, lanes=(), password=None, roles=()):
        return users.add(self.db, name, list(lanes), password, tuple(roles))

    def users(self):
        return users.all_users(self.db)

    def user(self, name):
        return users.get(self.db, name)

    def authenticate(self, name, password):
        return users.authenticate(self.db, name, password)

    # Instances and tasks
    def start(self, process_id, user, data=None):
        return instances.start(self.db, process_id, user, data)

    def complete(self, task_id, user, data=None):
        """Complete a task; return the tasks of its instance now ready."""
        instance_id = instances.complete(self.db, task_id, user, data)
        return queries.tasks(self.db, instance=instance_id)

    def cancel(self, instance_id, user, reason):
        """Cancel a running instance (admin role, with a reason)."""
        admin.cancel(self.db, instance_id, user, reason)

    def reassign(self, task_id, to_user, user, reason):
        """Move a ready task to another user of its lane (admin role, with a reason)."""
        admin.reassign(self.db, task_id, to_user, user, reason)

    def tasks(self, lane=None, user=None, instance=None):
        return queries.tasks(self.db, lane=lane, user=user, instance=instance)

    def task(self, task_id):
        return queries.task(self.db, task_id)

    def instances(self, process=None, status=None):
        return queries.list_instances(self.db, process=process, status=status)

    def show(self, instance_id):
        return queries.show(self.db, instance_id)

    def history(self, instance_id):
        return queries.history(self.db, instance_id)

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
    def sla(self, process=None):
        """Completed tasks' working time against their mutu baku, per instance, activity, lane and process,
        and the tasks overdue now (engine.sla)."""
        return time_standards.report(self.db, process=process)

    # Process mining
    def export(self, fmt, process=None, since=None):
        """The event log as XES or CSV text, one case per instance (engine.export)."""
        return exporting.export(self.db, fmt, process=process, since=since)
