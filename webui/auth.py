"""Sign in and out with the engine's users (their Argon2-hashed passwords live in the engine)."""

import functools

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for

from engine.errors import NotFound
from engine.demo import PASSWORD as DEMO_PASSWORD

from .db import get_alur
from .i18n import _
from .views import safe_next

bp = Blueprint("auth", __name__, url_prefix="/auth")


def is_dev():
    return current_app.config["ALUR_ENV"] == "development"


@bp.before_app_request
def load_logged_in_user():
    g.user = None
    name = session.get("user")
    if name is None or request.endpoint in ("static", "views.vendor"):
        return
    try:
        g.user = get_alur().user(name)
    except NotFound:  # the account is gone: forget it (a database fault is not a reason to sign anyone out)
        session.pop("user", None)


def login_required(view):
    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            flash(_("Silakan masuk untuk melanjutkan."), "info")
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(**kwargs)
    return wrapped


@bp.route("/login", methods=("GET", "POST"))
def login():
    name = request.form.get("name", "").strip().lower()
    error = None
    if request.method == "POST":
        password = request.form.get("password", "")
        if not is_dev() and password == DEMO_PASSWORD:
            error = _("Kata sandi demo tidak berlaku di server produksi: minta kata sandi kepada admin.")
        else:
            user = get_alur().authenticate(name, password)
            if user is None:
                error = _("Nama pengguna atau kata sandi salah.")
            else:
                lang = session.get("lang")
                session.clear()  # a fresh session at sign-in
                if lang:
                    session["lang"] = lang
                session["user"] = user["name"]
                session.permanent = True
                flash(_("Selamat datang, {name}.", name=user["name"]), "success")
                return redirect(safe_next(request.args.get("next")) or url_for("index"))
    demo = [u for u in get_alur().users() if u["lanes"] or u["roles"]] if is_dev() else []
    return render_template("login.html", name=name, error=error, demo_accounts=demo,
                           demo_password=DEMO_PASSWORD), (401 if error else 200)


@bp.post("/logout")
def logout():
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))
