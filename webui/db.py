"""One `Alur` per request, opened on first use and closed when the request ends."""

from flask import current_app, g

from engine import Alur


def get_alur():
    if "alur" not in g:
        g.alur = Alur.open(current_app.config["ALUR_DB"])
    return g.alur


def close_alur(exception=None):
    alur = g.pop("alur", None)
    if alur is not None:
        alur.close()


def init_app(app):
    app.teardown_appcontext(close_alur)
