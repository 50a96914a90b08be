"""People in the browser: the Pengguna page (admins add, change, reset and deactivate users, name lane heads,
delegate lanes to acting officials), the Penunjukan page (every delegation and what was done under it, for
admins and auditors), and the Akun page (every user's own password, mail address and mail setting).

The engine checks the admin role again and records every change that matters as an event. A refusal is shown
at the top of the page it came from, with what was typed kept; a user whose password an admin reset is sent to
the Akun page until they choose their own."""

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for

from engine.errors import AlurError
from engine.vocabulary import ActingTitle, Role

from .auth import login_required
from .db import get_alur
from .i18n import _
from .roles import may_administer, role_required
from .views import say_alone

bp = Blueprint("people", __name__)
TEXT_LIMIT = 500
# Where a user who must choose a new password may still go.
WHILE_MUST_CHANGE = {"people.account", "people.password", "auth.logout", "auth.login", "views.language", "static",
                     "views.vendor"}


def _admin_only():
    if not may_administer(g.user):
        abort(403)


def _field(name):
    return request.form.get(name, "").strip()[:TEXT_LIMIT]


def _users_page(refused=None, values=None, status=200):
    alur = get_alur()
    return render_template("users.html", users=alur.users(), lanes=alur.lanes(), heads=alur.lane_heads(),
                           roles=list(Role), titles=list(ActingTitle), delegations=alur.delegations(),
                           refused=refused, values=values or {}, today=alur.clock.now().date()), status


def _act(form, act, success, values=None):
    """Do `act` (an engine call); on a refusal the page again with the message by `form` and the values kept."""
    try:
        act()
    except AlurError as error:
        # An unknown name or lane typed into a form is the form's mistake: 400, with the page to correct it.
        return _users_page({"form": form, "message": say_alone(error.message)}, values or dict(request.form),
                           error.status if error.status in (403, 409) else 400)
    flash(success, "success")
    return redirect(url_for("people.users") + f"#{form}")


@bp.get("/users")
@login_required
def users():
    _admin_only()
    return _users_page()


@bp.post("/users")
@login_required
def add():
    _admin_only()
    name = _field("name").lower()
    return _act("add", lambda: get_alur().add_user(
        name, lanes=request.form.getlist("lanes"), password=request.form.get("password", ""),
        roles=request.form.getlist("roles"), email=_field("email"), actor=g.user["name"], strict=True,
        must_change=True), _("Pengguna {name} ditambahkan. Ia harus mengganti kata sandinya saat pertama masuk.",
                             name=name))


@bp.post("/users/edit")
@login_required
def edit():
    _admin_only()
    name = _field("name")
    return _act(f"user-{name}", lambda: get_alur().edit_user(
        name, actor=g.user["name"], lanes=request.form.getlist("lanes"), roles=request.form.getlist("roles"),
        email=_field("email")), _("Data {name} disimpan.", name=name))


@bp.post("/users/password")
@login_required
def reset():
    _admin_only()
    name = _field("name")
    return _act(f"user-{name}", lambda: get_alur().reset_password(name, request.form.get("password", ""),
                                                                  g.user["name"]),
                _("Kata sandi {name} diatur ulang: ia harus menggantinya saat masuk berikutnya.", name=name))


@bp.post("/users/deactivate")
@login_required
def deactivate():
    _admin_only()
    name = _field("name")
    return _act(f"user-{name}", lambda: get_alur().deactivate_user(name, g.user["name"], _field("reason")),
                _("{name} dinonaktifkan. Riwayat tetap mencatat namanya.", name=name))


@bp.post("/lanes/head")
@login_required
def head():
    _admin_only()
    lane, user = _field("lane"), _field("user")
    return _act("heads", lambda: get_alur().set_lane_head(lane, user, g.user["name"]),
                _("{user} ditetapkan sebagai kepala {lane}.", user=user, lane=lane))


@bp.post("/delegations")
@login_required
def delegate():
    _admin_only()
    lane, user, title = _field("lane"), _field("user"), _field("title") or ActingTitle.PLH
    return _act("delegate", lambda: get_alur().delegate(lane, user, _field("from"), _field("until"), g.user["name"],
                                                        _field("reason"), title),
                _("{user} ditunjuk sebagai {title} {lane}.", user=user, title=title, lane=lane))


@bp.post("/delegations/end")
@login_required
def end_delegation():
    _admin_only()
    number = _field("delegation")
    return _act("delegations", lambda: get_alur().end_delegation(int(number) if number.isdecimal() else 0,
                                                                 g.user["name"], _field("reason")),
                _("Penunjukan #{id} diakhiri.", id=number))


@bp.get("/delegations")
@role_required(Role.ADMIN, Role.AUDITOR)
def delegations():
    return render_template("delegations.html", delegations=get_alur().delegations())


@bp.get("/account")
@login_required
def account():
    return _account_page()


def _account_page(refused=None, status=200):
    return render_template("account.html", me=get_alur().user(g.user["name"]), refused=refused), status


@bp.post("/account/password")
@login_required
def password():
    alur, name = get_alur(), g.user["name"]
    new = request.form.get("new", "")
    if new != request.form.get("again", ""):
        return _account_page({"form": "password", "message": _("Kedua kata sandi baru tidak sama.")}, 400)
    try:
        alur.change_password(name, request.form.get("current", ""), new)
    except AlurError as error:
        return _account_page({"form": "password", "message": say_alone(error.message)}, 400)
    # Every session of theirs ended with the old password; this browser gets a new one.
    signed = alur.sign_in(name, new, current_app.permanent_session_lifetime)
    session["sid"] = signed.token
    flash(_("Kata sandi Anda diganti. Sesi Anda di peramban lain sudah berakhir."), "success")
    return redirect(url_for("people.account"))


@bp.post("/account/mail")
@login_required
def mail():
    try:
        get_alur().set_mail(g.user["name"], _field("email"), mail_off=bool(request.form.get("mail_off")))
    except AlurError as error:
        return _account_page({"form": "mail", "message": say_alone(error.message)}, 400)
    flash(_("Pengaturan surel disimpan."), "success")
    return redirect(url_for("people.account"))


def must_change_first():
    """Before every request: a user whose password an admin reset goes to the Akun page first."""
    user = g.get("user")
    if user is not None and user.must_change_password and request.endpoint not in WHILE_MUST_CHANGE:
        flash(_("Admin mengatur ulang kata sandi Anda: pilih kata sandi Anda sendiri dahulu."), "info")
        return redirect(url_for("people.account"))
    return None


def new_tasks():
    """The count of new tasks in the header: tasks ready in the user's lanes since they last opened the inbox."""
    user = g.get("user")
    if user is None or not user.lanes:
        return 0
    return get_alur().new_task_count(user["name"])


def init_app(app):
    app.register_blueprint(bp)
    app.before_request(must_change_first)
    app.jinja_env.globals.update(new_tasks=new_tasks)
