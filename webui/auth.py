"""Sign in and out with the engine's users (their Argon2-hashed passwords live in the engine)."""

import functools

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_limiter.errors import RateLimitExceeded

from engine.demo import PASSWORD as DEMO_PASSWORD

from . import limits
from .db import get_alur
from .i18n import _, ngettext
from .views import safe_next

bp = Blueprint("auth", __name__, url_prefix="/auth")


def is_dev():
    return current_app.config["ALUR_ENV"] == "development"


@bp.before_app_request
def load_logged_in_user():
    """The signed-in user is whoever's live server-side session the cookie names (engine.sessions): signing out,
    a new password or `alur users sign-out` ends it, and a copy of the cookie with it."""
    g.user = None
    token = session.get("sid")
    if token is None or request.endpoint in ("static", "views.vendor"):
        return
    g.user = get_alur().signed_in(token)
    if g.user is None:  # ended, expired or the account is gone (a database fault raises instead: nobody is signed out)
        session.pop("sid", None)


def login_required(view):
    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            flash(_("Silakan masuk untuk melanjutkan."), "info")
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(**kwargs)
    return wrapped


@bp.route("/login", methods=("GET", "POST"))
@limits.limited
def login():
    name = request.form.get("name", "").strip().lower()
    error = None
    if request.method == "POST":
        password = request.form.get("password", "")
        if not is_dev() and password == DEMO_PASSWORD:
            error = _("Kata sandi demo tidak berlaku di server produksi: minta kata sandi kepada admin.")
        else:
            signed = get_alur().sign_in(name, password, current_app.permanent_session_lifetime)
            if signed is None:
                error = _("Nama pengguna atau kata sandi salah.")
            else:
                lang = session.get("lang")
                session.clear()  # a fresh session at sign-in
                if lang:
                    session["lang"] = lang
                session["sid"] = signed.token
                session.permanent = True
                flash(_("Selamat datang, {name}.", name=signed.user.name), "success")
                return redirect(safe_next(request.args.get("next")) or url_for("index"))
    return login_page(name, error, 401 if error else 200)


def login_page(name, error, status):
    demo = [u for u in get_alur().users() if u["lanes"] or u["roles"]] if is_dev() else []
    return render_template("login.html", name=name, error=error, demo_accounts=demo,
                           demo_password=DEMO_PASSWORD), status


@bp.app_errorhandler(RateLimitExceeded)
def too_many_sign_ins(error):
    minutes = limits.retry_after_minutes()
    page, status = login_page(request.form.get("name", "").strip().lower(), ngettext(
        "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {count} menit.",
        "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {count} menit.", minutes), 429)
    return page, status, {"Retry-After": str(minutes * 60)}


@bp.post("/logout")
def logout():
    get_alur().sign_out(session.get("sid"))
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))
