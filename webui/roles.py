"""Who may see and do what beyond their own lanes, by the roles the engine gives users.

- auditor: sees every lane and every instance, replays, verifies, measures and exports; changes nothing.
  Any POST by a user with the auditor role answers 403 (signing out, the language switch and printing the
  monitoring form aside),
  whatever other role or lane the user also has.
- admin: sees every instance; cancels instances and reassigns tasks (the engine checks the role again);
  also replays and verifies.
- analyst: the time-standard report and the export (process mining).
- lane staff: their lanes' tasks and instances, and their lanes' overdue tasks on the time-standard page.
"""

import functools

from flask import abort, g, request

from engine.vocabulary import Role

from .auth import login_required
from .errors import page
from .i18n import _

AUDIT = (Role.AUDITOR, Role.ADMIN)                  # every instance, replay, re-execution, verify
REPORTS = (Role.AUDITOR, Role.ADMIN, Role.ANALYST)   # the whole time-standard report, the export
# POSTs that change nothing in the workflow: an auditor may still sign out and switch language.
HARMLESS_POSTS = {"auth.login", "auth.logout", "views.language", "monitoring.print_form"}  # printing saves nothing


def has_role(user, *roles):
    return bool(user) and bool(set(user["roles"]) & set(roles))


def is_auditor(user):
    return has_role(user, Role.AUDITOR)


def may_change(user):
    """May the user's pages carry forms that change something (complete a task, start a process, deploy,
    migrate): any signed-in user but an auditor, whatever lanes or roles the auditor also holds."""
    return bool(user) and not is_auditor(user)


def sees_every_instance(user):
    return has_role(user, *AUDIT)


def may_administer(user):
    """Cancel and reassign: the admin role, and never a read-only auditor."""
    return has_role(user, Role.ADMIN) and not is_auditor(user)


def role_required(*roles):
    """The view is for users holding one of `roles`; anyone else signed in gets 403."""
    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapped(**kwargs):
            if not has_role(g.user, *roles):
                abort(403)
            return view(**kwargs)
        return wrapped
    return decorate


def read_only_auditors():
    """Before every request: an auditor's POST to anything that could change state answers 403."""
    if request.method not in ("GET", "HEAD", "OPTIONS") and request.endpoint not in HARMLESS_POSTS \
            and is_auditor(g.get("user")):
        return page(403, _("Auditor hanya dapat melihat: peran ini tidak mengubah apa pun."))
    return None


def init_app(app):
    app.before_request(read_only_auditors)
    app.jinja_env.globals.update(has_role=has_role, is_auditor=is_auditor, sees_every_instance=sees_every_instance,
                                 may_administer=may_administer, may_change=may_change)
