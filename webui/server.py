"""`alur serve`: the web UI under gunicorn, several worker processes on one SQLite database.

SQLite copes with that: the engine runs in WAL mode and takes the write lock at the start of each
command (BEGIN IMMEDIATE), so two workers completing the same task cannot both succeed.
"""

import gc
import os
import secrets
import sys
import threading

from gunicorn.app.base import BaseApplication
from gunicorn.http import wsgi

from engine.api import preload
from engine.db import shown

from . import ConfigError, create_app


class _Gunicorn(BaseApplication):
    def __init__(self, app, options):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def one_at_a_time(app):
    """`app` answering one request at a time in each worker process; the worker's other threads meanwhile send
    answers already made (gunicorn writes the body after the app returns) and wait for clients.

    Python runs one thread of a process at a time anyway, so a second request computing alongside gains nothing,
    and it costs: a thread that holds the database's write lock must wait, between two statements, for the other
    thread to let Python go, and every other worker waits for the lock meanwhile. One at a time, a completion
    holds the lock for its own statements only (docs/performance.md, web_throughput)."""
    computing = threading.Lock()  # each worker its own: none is held at the fork

    def answer(environ, start_response):
        with computing:
            return app(environ, start_response)
    return answer


class _QuietResponse(wsgi.Response):
    """gunicorn's response without its `Server: gunicorn` header: nothing tells a visitor what serves Alur."""

    def default_headers(self):
        return [line for line in super().default_headers() if not line.lower().startswith("server:")]


def build(db_path, development=None):
    """The app `alur serve` runs; in development mode a random key shared by every worker."""
    if development is None:
        development = os.environ.get("ALUR_ENV") == "development"
    config = {"ALUR_DB": db_path, "ALUR_ENV": "development" if development else "production"}
    if development and not os.environ.get("ALUR_SECRET_KEY"):
        # One key for all workers (they fork from this process), new at each start.
        config["SECRET_KEY"] = secrets.token_hex(32)
    return create_app(config)


def banner(app, host, port):
    """What `alur serve` prints at start-up: the address and, in development, the demo accounts."""
    from engine import Alur
    from engine.demo import PASSWORD

    shown_host = f"[{host}]" if ":" in host else host
    lines = [f"Alur web UI: http://{shown_host}:{port}/  (database {shown(app.config['ALUR_DB'])}, "
             f"{app.config['ALUR_ENV']} mode)"]
    if app.config["ALUR_ENV"] == "development":
        alur = Alur.open(app.config["ALUR_DB"])
        try:
            accounts = [u for u in alur.users() if (u["lanes"] or u["roles"]) and alur.authenticate(u["name"], PASSWORD)]
        finally:
            alur.close()
        if accounts:
            lines.append(f"Demo accounts (password {PASSWORD!r}):")
            width = max(len(u["name"]) for u in accounts)
            for user in accounts:
                what = ", ".join(user["lanes"]) or "role " + ", ".join(user["roles"])
                lines.append(f"  {user['name'].ljust(width)}  {what}")
        else:
            lines.append("No demo account: run `alur demo` to deploy bpmn/ and add one user per lane.")
    return lines


def serve(db_path, host="127.0.0.1", port=5000, workers=4, threads=8, development=None, out=sys.stdout):
    """Run the web UI until interrupted. Raises ConfigError when it cannot start."""
    if workers < 1:
        raise ConfigError("--workers must be at least 1")
    if threads < 1:
        raise ConfigError("--threads must be at least 1")
    app = build(db_path, development)
    preload()
    for line in banner(app, host, port):
        print(line, file=out, flush=True)
    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        # Threads, and a request reaches one only once it has arrived, body and all (webui.slow_clients): clients that
        # send slowly or not at all wait in each worker's event loop instead of holding the threads.
        "worker_class": "webui.slow_clients.ArrivedFirstWorker",
        "threads": threads,
        "timeout": 60,
        "graceful_timeout": 10,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "alur",
        "max_requests": 2000,
        "max_requests_jitter": 200,
    }
    wsgi.Response = _QuietResponse  # gunicorn builds every response from this name (gunicorn.http.wsgi.create)
    # What the master has loaded (Flask, SpiffWorkflow, the engine: some 80,000 objects) lives as long as the
    # workers it forks: kept out of the collector, a worker's full collections no longer walk it (they cost 2% of
    # a task completion's CPU), and its pages stay shared with the master.
    gc.freeze()
    _Gunicorn(one_at_a_time(app), options).run()
