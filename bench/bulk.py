"""Databases of many instances, built in seconds: the engine runs a few template instances, then SQL copies
them (instance, tasks, events) as often as asked.

A copy holds exactly the rows the engine wrote for its template, renumbered densely (instance, task ids, event
seq) and moved back in time, one instance every ten minutes. The copies' event hashes are the template's, not
re-chained: `alur verify` would flag them, and no benchmark that uses these databases verifies.
"""

import shutil
import sqlite3
from pathlib import Path

from engine import Alur

from . import sop

SPACING_SECONDS = 600
TIME_COLUMNS = {"started_at", "ended_at", "ready_at", "due_at", "completed_at", "at"}


def template_db(path, base):
    """The base database with, for each SOP, an instance waiting at each task of its path and one completed
    instance; return {"running": [instance ids], "completed": [instance ids]}."""
    shutil.copyfile(base, path)
    alur = Alur.open(path)
    templates = {"running": [], "completed": []}
    try:
        for process_id in sop.PATHS:
            for stop in range(sop.path_length(alur, process_id)):
                templates["running"].append(sop.walk(alur, process_id, stop_after=stop)[0])
            templates["completed"].append(sop.walk(alur, process_id)[0])
    finally:
        alur.close()
    return templates


def office_mix(templates, count):
    """`count` template ids, half of them completed instances, half waiting at some task of either SOP."""
    running, completed = templates["running"], templates["completed"]
    return [completed[(k // 2) % len(completed)] if k % 2 else running[(k // 2) % len(running)]
            for k in range(count)]


def fill(target, base, template, plan):
    """Write `target`: the base database plus a copy of template instance `plan[k]` for every k, as instance
    k + 1 and so on; the newest copy is plan's last."""
    shutil.copyfile(base, target)
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("ATTACH ? AS tpl", [str(template)])
        conn.execute("BEGIN")
        indexes = _drop_indexes(conn, ("instances", "tasks", "events"))
        _plan(conn, plan)
        _copy(conn)
        for sql in indexes:
            conn.execute(sql)
        conn.execute("INSERT OR REPLACE INTO chain_head (id, seq, hash) "
                     "SELECT 1, seq, hash FROM events ORDER BY seq DESC LIMIT 1")
        conn.execute("COMMIT")
        conn.execute("DETACH tpl")
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()
    return Path(target)


def _drop_indexes(conn, tables):
    """Drop the tables' indexes (a bulk insert is faster without them); return the SQL that makes them again."""
    rows = conn.execute(f"SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                        f"AND tbl_name IN ({', '.join('?' for _ in tables)})", tables).fetchall()
    for name, _ in rows:
        conn.execute(f'DROP INDEX main."{name}"')
    return [sql for _, sql in rows]


def _plan(conn, plan):
    """temp.plan: per copy its id, template, time shift and where its task ids and event seqs start."""
    def per_instance(table):
        return dict(conn.execute(f"SELECT instance_id, COUNT(*) FROM tpl.{table} WHERE instance_id IS NOT NULL "
                                 "GROUP BY instance_id").fetchall())
    tasks, events = per_instance("tasks"), per_instance("events")
    first_id = conn.execute("SELECT COALESCE(MAX(id), 0) FROM main.instances").fetchone()[0] + 1
    task_base = conn.execute("SELECT COALESCE(MAX(id), 0) FROM main.tasks").fetchone()[0]
    seq_base = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM main.events").fetchone()[0]
    rows = []
    for k, template_id in enumerate(plan):
        rows.append((first_id + k, template_id, (len(plan) - k) * SPACING_SECONDS, task_base, seq_base))
        task_base += tasks.get(template_id, 0)
        seq_base += events.get(template_id, 0)
    conn.execute("CREATE TEMP TABLE plan (id INTEGER PRIMARY KEY, tid INTEGER, shift INTEGER, task_base INTEGER, "
                 "seq_base INTEGER)")
    conn.executemany("INSERT INTO temp.plan VALUES (?, ?, ?, ?, ?)", rows)
    conn.execute("CREATE TEMP TABLE task_rank AS SELECT id AS old, ROW_NUMBER() OVER "
                 "(PARTITION BY instance_id ORDER BY id) AS rank FROM tpl.tasks")
    conn.execute("CREATE INDEX temp.task_rank_old ON task_rank (old)")


def _copy(conn):
    def columns(table, special):
        names = [row[1] for row in conn.execute(f"PRAGMA main.table_info({table})")]
        exprs = [special.get(n) or (_shifted(f"x.{n}") if n in TIME_COLUMNS else f"x.{n}") for n in names]
        return ", ".join(names), ", ".join(exprs)

    names, exprs = columns("instances", {"id": "p.id"})
    conn.execute(f"INSERT INTO main.instances ({names}) SELECT {exprs} FROM temp.plan p "
                 "JOIN tpl.instances x ON x.id = p.tid ORDER BY p.id")
    names, exprs = columns("tasks", {"id": "p.task_base + r.rank", "instance_id": "p.id"})
    conn.execute(f"INSERT INTO main.tasks ({names}) SELECT {exprs} FROM temp.plan p "
                 "JOIN tpl.tasks x ON x.instance_id = p.tid JOIN temp.task_rank r ON r.old = x.id "
                 "ORDER BY p.id, x.id")
    names, exprs = columns("events", {"seq": "p.seq_base + ROW_NUMBER() OVER (PARTITION BY p.id ORDER BY x.seq)",
                                      "instance_id": "p.id", "task_id": "p.task_base + r.rank"})
    conn.execute(f"INSERT INTO main.events ({names}) SELECT {exprs} FROM temp.plan p "
                 "JOIN tpl.events x ON x.instance_id = p.tid LEFT JOIN temp.task_rank r ON r.old = x.task_id "
                 "ORDER BY p.id, x.seq")


def _shifted(column):
    """An ISO time text moved back by the copy's shift, its microseconds and offset kept."""
    return (f"strftime('%Y-%m-%dT%H:%M:%S', substr({column}, 1, 19), '-' || p.shift || ' seconds') "
            f"|| substr({column}, 20)")
