"""The baseline of web_throughput: `alur serve`'s own gunicorn set-up (its options, its workers) serving a
Flask app whose one route makes one durable SQLite write, as Alur opens its database (WAL, synchronous=FULL,
BEGIN IMMEDIATE ... COMMIT), and answers 302 as a completed task does. Nothing else: no session, no engine.

    .venv/bin/python -m bench.baseline_app --db PATH --port PORT --workers N
"""

import argparse
import json
import os
import sqlite3
import threading
from datetime import datetime, timezone

from flask import Flask, redirect, request

from webui import server


def create_app(db_path):
    app = Flask(__name__)
    opened = threading.local()

    def connection():
        # One connection per worker thread, opened after the fork, as webui.db opens Alur's.
        if getattr(opened, "pid", None) != os.getpid():
            conn = sqlite3.connect(db_path, isolation_level=None, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            opened.pid, opened.conn = os.getpid(), conn
        return opened.conn

    @app.get("/")
    def index():
        return "ok"

    @app.post("/write")
    def write():
        conn = connection()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO writes (at, body) VALUES (?, ?)",
                     [datetime.now(timezone.utc).isoformat(), json.dumps(request.form.to_dict(flat=False))])
        conn.execute("COMMIT")
        return redirect("/")

    return app


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    conn = sqlite3.connect(args.db)
    conn.execute("CREATE TABLE IF NOT EXISTS writes (id INTEGER PRIMARY KEY, at TEXT NOT NULL, body TEXT NOT NULL)")
    conn.close()
    # webui.server.serve holds the gunicorn options: run it with this app in place of Alur's.
    server.build = lambda db_path, development=None: create_app(db_path)
    server.banner = lambda app, host, port: []
    server.serve(args.db, "127.0.0.1", args.port, args.workers)


if __name__ == "__main__":
    main()
