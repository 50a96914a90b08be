"""The one front door to Alur: the CLI, the web UI and the tests all go through `Alur`."""

import functools

from . import admin, audit, delegation, diff, instances, migration, notices, queries, replay, sessions, users
from . import versions
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
    def add_user(self, name, lanes=(), password=None, roles=(), email=None, actor=None, strict=False,
                 must_change=False):
        """A new user; `strict` holds the password to the rules, `must_change` has them choose their own."""
        return users.add(self.ctx, name, list(lanes), password, tuple(roles), email, actor, strict, must_change)

    # People (issue 15): accounts, lane heads, acting officials, mail notices
    def edit_user(self, name, actor=None, lanes=None, roles=None, email=None):
        """Change a user; `actor` (admin role) None for the command line."""
        return users.edit(self.ctx, name, actor, lanes=lanes, roles=roles, email=email)

    def deactivate_user(self, name, actor, reason):
        """Deactivate `name` (admin role, with a reason); returns how many of their sessions ended."""
        return users.deactivate(self.ctx, name, actor, reason)

    def reset_password(self, name, password, actor):
        """An admin gives `name` a temporary password, which they must change at the next sign-in."""
        return users.set_password(self.ctx, name, password, actor=actor, must_change=True)

    def change_password(self, name, current, new):
        return users.change_own_password(self.ctx, name, current, new)

    def set_mail(self, name, email, mail_off=False):
        return users.set_own_mail(self.ctx, name, email, mail_off)

    def current_user(self, name):
        """The user with the lanes they stand in for now."""
        return users.current(self.ctx, name)

    def set_lane_head(self, lane, user, actor=None):
        delegation.set_head(self.ctx, lane, user, actor)

    def lane_heads(self):
        return delegation.heads(self.db)

    def lanes(self):
        """Every lane of the deployed processes, sorted."""
        return sorted(versions.known_lanes(self.db))

    def delegate(self, lane, to_user, first_day, last_day, actor, reason, title="Plh"):
        return delegation.delegate(self.ctx, lane, to_user, first_day, last_day, actor, reason, title)

    def end_delegation(self, delegation_id, actor, reason):
        delegation.end(self.ctx, delegation_id, actor, reason)

    def delegations(self):
        return delegation.delegations(self.db, self.clock.stamp())

    def run_notices(self, mailer, worker="worker"):
        """One round of the mail worker: turn new events and late tasks into notices, mail what is due."""
        return notices.run_once(self.ctx, mailer, worker)

    def new_task_count(self, name):
        """How many tasks became ready in the user's lanes since they last opened their inbox."""
        return notices.new_task_count(self.ctx, name)

    def inbox_seen(self, name):
        notices.inbox_seen(self.ctx, name)

    def users(self):
        return users.all_users(self.db)

    def user(self, name):
        return users.get(self.db, name)

    def authenticate(self, name, password):
        return users.authenticate(self.ctx, name, password)

    def set_password(self, name, password):
        """A new password for `name` (`alur users passwd`); every session they have ends. Returns how many were live."""
        return users.set_password(self.ctx, name, password)

    # Sessions (engine.sessions): the web UI's sign-in, kept on the server so that it can be ended
    def sign_in(self, name, password, lifetime=sessions.LIFETIME):
        return sessions.sign_in(self.ctx, name, password, lifetime)

    def signed_in(self, token):
        return sessions.signed_in(self.ctx, token)

    def sign_out(self, token):
        sessions.sign_out(self.ctx, token)

    def end_sessions(self, name):
        return sessions.end_all(self.ctx, name)

    # Instances and tasks
    def start(self, process_id, user, data=None):
        return instances.start(self.ctx, process_id, user, data)

    def complete(self, task_id, user, data=None):
        """Complete a task; return the tasks of its instance now ready."""
        instance_id = instances.complete(self.ctx, task_id, user, data)
        return queries.tasks(self.db, instance=instance_id)

    def cancel(self, instance_id, user, reason):
        """Cancel a running instance (admin role, with a reason)."""
        admin.cancel(self.ctx, instance_id, user, reason)

    def reassign(self, task_id, to_user, user, reason):
        """Move a ready task to another user of its lane (admin role, with a reason)."""
        admin.reassign(self.ctx, task_id, to_user, user, reason)

    def tasks(self, lane=None, user=None, instance=None):
        """READY tasks, oldest first: [Task]."""
        return queries.tasks(self.db, lane=lane, user=user, instance=instance, now=self.clock.stamp())

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
    def sla(self, process=None, now=None):
        """Completed tasks' working time against their mutu baku, per instance, activity, lane and process,
        and the tasks overdue at `now` (engine.sla)."""
        return time_standards.report(self.ctx, process=process, now=now)

    # Process mining
    def export(self, fmt, process=None, since=None):
        """The event log as XES or CSV text, one case per instance (engine.export)."""
        return exporting.export(self.ctx, fmt, process=process, since=since)
