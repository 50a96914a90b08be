"""The one front door to Alur: the CLI, the web UI and the tests all go through `Alur`."""

import functools
import importlib

from . import admin, queries, users, versions
from . import db as database
from .clock import Clock
from .context import Context
from .settings import Settings


class _OnFirstUse:
    """An engine module imported when a method first reaches into it: the modules that run SpiffWorkflow, lxml
    or statistics cost a command that only reads (`alur tasks`) 60 ms to import."""

    def __init__(self, name):
        self._name = name

    def __getattr__(self, attribute):
        return getattr(importlib.import_module(f"{__package__}.{self._name}"), attribute)


audit, instances, migration, replay = (_OnFirstUse(name) for name in ("audit", "instances", "migration", "replay"))
claims, diff, sessions, worklist = (_OnFirstUse(name) for name in ("claims", "diff", "sessions", "worklist"))
exporting, time_standards = _OnFirstUse("export"), _OnFirstUse("sla")
# openpyxl (the SOP AP workbooks), WeasyPrint (printing) and statistics (monitoring): only the commands that use them
sopap, sop_service, sop_document = _OnFirstUse("sopap"), _OnFirstUse("sopap.service"), _OnFirstUse("documents.sop")
evaluation, heat, monitoring = _OnFirstUse("evaluate"), _OnFirstUse("heatmap"), _OnFirstUse("monitor")
attachments, comments, rework = (_OnFirstUse(name) for name in ("attachments", "comments", "rework"))
delegation, notices = _OnFirstUse("delegation"), _OnFirstUse("notices")
copystore, drafts = _OnFirstUse("copystore"), _OnFirstUse("drafts")
LAZY = (audit, instances, migration, replay, exporting, time_standards, sopap, sop_service, sop_document, evaluation,
        heat, monitoring, attachments, comments, rework, claims, diff, sessions, worklist, delegation, notices)


def preload():
    """Import every engine module now: a server does it once before it forks its workers, which share them."""
    for module in LAZY:
        getattr(module, "__name__")
    from . import workcalendar  # imported already (engine.settings); its holidays table is not
    workcalendar.preload()


def _database_faults(cls):
    """Every public method of `cls` refuses a database fault (a lock held too long, a read-only file, a full
    disk) with engine.errors.Unavailable rather than SQLite's error: the faces say what happened and what to do."""
    for name, method in list(vars(cls).items()):
        if not name.startswith("_") and callable(method) and not isinstance(method, staticmethod):
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

    def processes(self, count_running=True):
        """Every deployed process with its versions: [Process]. `count_running=False` leaves each version's
        running_instances None, for a page that needs names, lanes and headers only (counting costs a read per
        running instance)."""
        return versions.processes(self.db, count_running=count_running)

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
    def sign_in(self, name, password, lifetime=None):
        """A new session for `name` if `password` is theirs, for `lifetime` (engine.sessions.LIFETIME by default)."""
        return sessions.sign_in(self.ctx, name, password, lifetime or sessions.LIFETIME)

    def signed_in(self, token):
        return sessions.signed_in(self.ctx, token)

    def sign_out(self, token):
        sessions.sign_out(self.ctx, token)

    def end_sessions(self, name):
        return sessions.end_all(self.ctx, name)

    # Instances and tasks
    def start(self, process_id, user, data=None, subject=None):
        """Start an instance about `subject` (perihal) with the start event's fields in `data`; return its id."""
        return instances.start(self.ctx, process_id, user, data, subject)

    def complete(self, task_id, user, data=None, files=None):
        """Complete a task; return the tasks of its instance now ready. `files` ({file field: (file name,
        bytes)}) fills its `file` fields. The same submission again by the same user answers as the first."""
        instance_id, ready = instances.complete(self.ctx, task_id, user, data, files)
        return queries.ready_of(self.db, instance_id, ready)

    def cancel(self, instance_id, user, reason):
        """Cancel a running instance (admin role, with a reason)."""
        admin.cancel(self.ctx, instance_id, user, reason)

    def reassign(self, task_id, to_user, user, reason):
        """Move a ready task to another user of its lane (admin role, with a reason)."""
        admin.reassign(self.ctx, task_id, to_user, user, reason)

    def tasks(self, lane=None, user=None, instance=None, *, process=None, search=None, overdue=False, taken_by=None,
              open_to=None, order=None, limit=None, offset=0):
        """READY tasks, in `lane`, in the lanes of `user`, of `instance` or `process`, matching `search` (subject,
        SOP, activity, instance number), `overdue`, taken by the user `taken_by`, held by no one but `open_to`;
        `order` 'oldest' (the default) or 'due'; `limit` of them from `offset`: [Task]."""
        return queries.tasks(self.ctx, order, limit, offset, lane=lane, user=user, instance=instance,
                             process=process, search=search, overdue=overdue, taken_by=taken_by, open_to=open_to)

    def count_tasks(self, lane=None, user=None, instance=None, *, process=None, search=None, overdue=False,
                    taken_by=None):
        """How many READY tasks `tasks` would list with these conditions, up to a cap: Count."""
        return worklist.count_tasks(self.ctx, worklist.task_filter(
            self.ctx, lane=lane, user=user, instance=instance, process=process, search=search, overdue=overdue,
            taken_by=taken_by))

    def claim(self, task_id, user):
        """Take a ready task of one's lane ("Saya kerjakan"): only its taker may complete it until released."""
        claims.claim(self.ctx, task_id, user)

    def release(self, task_id, user):
        """Give a task one holds back to its lane."""
        claims.release(self.ctx, task_id, user)

    def task(self, task_id):
        return queries.task(self.db, task_id)

    def instances(self, process=None, status=None, *, search=None, processes=None, activity=None, order=None,
                  limit=None, offset=0):
        """Instances of `process` (or of any of `processes`), with `status`, matching `search`, waiting at the
        element `activity`; `order` 'oldest' (the default) or 'newest'; `limit` of them from `offset`: [Instance]."""
        return queries.list_instances(self.ctx, order, limit, offset, process=process, status=status, search=search,
                                      processes=processes, activity=activity)

    def count_instances(self, process=None, status=None, *, search=None, processes=None, activity=None):
        """How many instances `instances` would list, up to a cap: Count."""
        return worklist.count_instances(self.ctx, worklist.instance_filter(
            self.ctx, process=process, status=status, search=search, processes=processes, activity=activity))

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

    # Monitoring and evaluation (Permenpan RB 35/2012)
    def monitor(self, process=None, start=None, end=None, now=None):
        """The Monitoring Pelaksanaan SOP AP form measured for a period (dates, YYYY-MM-DD; by default the six
        months up to today): one row per SOP with its penilaian and drafted catatan and tindakan (engine.monitor)."""
        return monitoring.measure(self.ctx, process=process, start=start, end=end, now=now)

    def assess(self, user, start=None, end=None, entries=None, now=None):
        """Keep the monitoring form of a period with the assessor's catatan and tindakan; returns its id."""
        return monitoring.assess(self.ctx, user, start, end, entries or {}, now=now)

    def evaluate(self, process, now=None):
        """Per activity the written waktu against the working time measured, with a proposed mutu baku where the
        written one is unrealistic; per lane the load (engine.evaluate)."""
        return evaluation.evaluate(self.ctx, process, now=now)

    def heatmap(self, process, now=None):
        """Where the work is now: per activity of the newest diagram, how many running instances wait there, for
        how long, how many past their due time (engine.heatmap)."""
        return heat.heatmap(self.ctx, process, now=now)

    def monitoring_forms(self):
        return monitoring.forms(self.db)

    def monitoring_form(self, form_id):
        return monitoring.form(self.db, form_id)

    # Process mining
    def export(self, fmt, process=None, since=None):
        """The event log as XES or CSV text, one case per instance (engine.export)."""
        return exporting.export(self.ctx, fmt, process=process, since=since)

    # SOP AP tables (engine.sopap): the workbook template, import, and the way back
    read_sop_limit = 5 * 1024 * 1024   # the largest workbook read_sop reads (engine.sopap.reader.MAX_BYTES)

    @staticmethod
    def sop_template():
        """The empty SOP AP workbook (xlsx bytes): sheets Identitas and Prosedur, and a Petunjuk (no database)."""
        return sop_service.template_bytes()

    def read_sop(self, data, file_name):
        """Read an SOP AP workbook (bytes): SopImport with its table, problems and diagram. Stores nothing and
        never raises for a bad workbook: what is wrong is in `.problems`."""
        return sopap.read_sop(data, file_name)

    def sop_from_table(self, table_json):
        """The same for a table typed in the browser (Table.to_json() form): SopImport."""
        return sopap.from_table(table_json)

    def import_sop(self, data, file_name, user, deploy=False):
        """Read a workbook and, with `deploy` and no error, deploy its diagram through `deploy_bytes` (its checks,
        its event): SopImport with `.deployments`. Nothing is stored when there is an error."""
        return self._deployed(self.read_sop(data, file_name), user, deploy)

    def import_table(self, table_json, user, deploy=False):
        """`import_sop` for a table typed in the browser."""
        return self._deployed(self.sop_from_table(table_json), user, deploy)

    def sop_table(self, process_id, version=None):
        """A deployed version (the newest without `version`) as an SOP AP Table."""
        return sop_service.table_of(self.version_bpmn(process_id, self._version(process_id, version)))

    def export_sop(self, process_id, version=None):
        """A deployed version as the SOP AP workbook (xlsx bytes) that imports as the same diagram."""
        return sop_service.workbook_of(self.version_bpmn(process_id, self._version(process_id, version)))

    def _version(self, process_id, version):
        return version if version is not None else versions.newest(self.db, process_id)["version"]

    def _deployed(self, result, user, deploy):
        if deploy and result.ok and result.bpmn:
            result.deployments = sop_service.deploy(result, lambda files: self.deploy_bytes(files, user))
        return result

    # SOP drafts between an upload and its deploy, in the database so that any server shows them (engine.drafts)
    def keep_sop_draft(self, user, file_name, workbook=None, table=None):
        """Keep an analyst's draft (a workbook's bytes, or the table editor's JSON) for a day; its token."""
        return drafts.keep(self.ctx, user, file_name, workbook, table)

    def sop_draft(self, token, user):
        """The draft `token` of `user`, or None (never made, expired, deployed, or another analyst's)."""
        return drafts.get(self.ctx, token, user)

    def discard_sop_draft(self, token):
        drafts.discard(self.ctx, token)

    # Moving an office from one store to another (engine.copystore)
    @staticmethod
    def copy_store(source, target, settings=None, progress=None):
        """Copy an office's whole data from `source` into the empty `target` (each a SQLite path or a postgresql://
        URL) in one transaction, kept only when the chain and every instance verify on arrival: CopyReport."""
        settings = settings or Settings.from_env()
        with database.faults(settings.db_timeout):
            return copystore.copy_store(source, target, settings.db_timeout, progress)

    # Printed documents
    def print_sop(self, process_id, version=None, fmt="pdf", paper="a4"):
        """The SOP AP document of a process (its newest version, or `version`) as PDF or HTML bytes, A4 or F4
        landscape, drawn from the deployed diagram (engine.documents.sop)."""
        return sop_document.print_sop(self.ctx, process_id, version, fmt, paper)
