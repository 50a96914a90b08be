"""Alur's web UI for staff: each lane's tasks in the browser.

`create_app()` is the Flask app factory. The UI holds no workflow logic: every action goes through
the engine's `Alur` API, which checks lanes and data itself; the UI only decides what to show to whom.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

REPO_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The app cannot start with this configuration (no secret key in production, ...)."""


def create_app(config=None):
    """Build the app. `config` (a dict) overrides the defaults and the environment; `ALUR_SETTINGS` (engine
    settings; from the environment by default, where the time zone times are shown in comes from) and
    `ALUR_CLOCK` (the engine's clock) may be given too.

    Environment: ALUR_DB (a SQLite path or a postgresql:// URL), ALUR_ENV (`development` for dev mode), ALUR_SECRET_KEY
    (required outside dev mode), ALUR_SECURE_COOKIES=1 (send the session cookie over HTTPS only), ALUR_BPMN_JS_DIST (where
    bpmn-js's dist/ folder is; default node_modules/bpmn-js/dist).
    """
    app = Flask(__name__)
    config = dict(config or {})
    env = config.get("ALUR_ENV", os.environ.get("ALUR_ENV", "production"))
    app.config.from_mapping(
        ALUR_ENV=env,
        ALUR_DB=os.environ.get("ALUR_DB", "var/alur.db"),
        BPMN_JS_DIST=os.environ.get("ALUR_BPMN_JS_DIST", str(REPO_ROOT / "node_modules" / "bpmn-js" / "dist")),
        SECRET_KEY=os.environ.get("ALUR_SECRET_KEY"),
        SESSION_COOKIE_NAME="alur_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get("ALUR_SECURE_COOKIES", "") in ("1", "true", "yes"),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        # The cookie is sent again only when the session changed (webui/session_cookie.py says why).
        SESSION_REFRESH_EACH_REQUEST=False,
        # A task page may stay open for hours: the CSRF token lives as long as the session.
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=1024 * 1024,
    )
    app.config.update(config)
    if not app.config["SECRET_KEY"]:
        if app.config["ALUR_ENV"] == "development" or app.config.get("TESTING"):
            app.config["SECRET_KEY"] = secrets.token_hex(32)
        else:
            raise ConfigError("ALUR_SECRET_KEY is not set: in production the session key must come from the "
                              "environment (for example ALUR_SECRET_KEY=$(python3 -c 'import secrets; "
                              "print(secrets.token_hex(32))')), or set ALUR_ENV=development for a dev server")

    csrf.init_app(app)

    from . import (admin_acts, analyst, attachments, audit, auth, documents, errors, i18n, inbox, instances, limits,
                   monitoring, people, roles, session_cookie, sop, tasks, views)
    session_cookie.init_app(app)
    limits.init_app(app)
    i18n.init_app(app)
    views.init_app(app)
    errors.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(tasks.bp)
    app.register_blueprint(instances.bp)
    roles.init_app(app)  # after auth: its check reads the signed-in user
    audit.init_app(app)
    app.register_blueprint(admin_acts.bp)
    analyst.init_app(app)
    sop.init_app(app)
    documents.init_app(app)
    monitoring.init_app(app)
    inbox.init_app(app)
    attachments.init_app(app)
    people.init_app(app)  # after auth: it reads the signed-in user
    app.add_url_rule("/", endpoint="index", view_func=tasks.home)
    return app
