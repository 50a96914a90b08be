"""`alur`: the command-line face of the engine. Each command is a thin wrapper over the `Alur`
method of the same name; a user's mistake prints one line per problem on stderr and exits 2."""

import functools
import json
import sys

import click

from .api import Alur
from .errors import AlurError
from . import demo as demo_module


def db_option(command):
    return click.option("--db", "db_path", envvar="ALUR_DB", default="var/alur.db", show_default=True,
                        help="SQLite database (env ALUR_DB).")(command)


def json_option(command):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(command)


def with_alur(command):
    """Open the database for the command and turn Alur's refusals into one-line errors."""
    @db_option
    @functools.wraps(command)
    def wrapper(db_path, **kwargs):
        try:
            alur = Alur.open(db_path)
        except Exception as error:  # a path that is a folder, a file that is not SQLite, ...
            raise click.ClickException(f"cannot open the database {db_path}: {error}") from None
        try:
            return command(alur, **kwargs)
        except AlurError as error:
            for line in str(error).splitlines():
                click.echo(f"error: {line}", err=True)
            sys.exit(2)
        finally:
            alur.close()
    return wrapper


def emit(rows, as_json, columns):
    """Print `rows` as JSON or as an aligned table of `columns`."""
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("(none)")
        return
    cells = [[str(_cell(row, c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    click.echo("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths)).rstrip())
    for r in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip())


def _cell(row, column):
    value = row
    for part in column.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "" if value is None else value


@click.group()
@click.version_option(package_name="alur")
def main():
    """Alur runs SOP AP procedures as BPMN processes: deploy diagrams, start instances, and
    complete each lane's tasks."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--as", "actor", default="cli", show_default=True, help="Who deploys (recorded in the events).")
@with_alur
def deploy(alur, files, actor):
    """Validate diagrams and store a new version of each changed process.

    Example: alur deploy bpmn/*/*.bpmn
    """
    for result in alur.deploy(files, actor=actor):
        click.echo(str(result))


@main.command("versions")
@click.argument("process_id")
@json_option
@with_alur
def versions_command(alur, process_id, as_json):
    """List a process's versions: who deployed each and when, its hash, its running instances.

    Example: alur versions pengusulan_wbk_wbbm
    """
    process = alur.versions(process_id)
    if as_json:
        return emit(process, True, [])
    emit([{**v, "sha256": v["sha256"][:12]} for v in process["versions"]], False,
         ["version", "deployed_at", "deployed_by", "file", "sha256", "running_instances"])


@main.command("diff")
@click.argument("process_id")
@click.argument("old", type=int)
@click.argument("new", type=int)
@json_option
@with_alur
def diff_command(alur, process_id, old, new, as_json):
    """Say in words what changed between two versions of a process.

    Example: alur diff pengusulan_wbk_wbbm 1 2
    """
    changes = alur.diff(process_id, old, new)
    if as_json:
        return emit(changes, True, [])
    for change in changes or ["no difference in activities, lanes, flows, mutu baku, fields or header"]:
        click.echo(f"- {change}")


@main.command()
@click.argument("instance_id", type=int)
@click.option("--to", "to_version", type=int, required=True, help="The version number to move to.")
@click.option("--as", "user", required=True, help="Who migrates it (analyst role).")
@with_alur
def migrate(alur, instance_id, to_version, user):
    """Move a running instance to another version when its current tasks exist unchanged there.

    Example: alur migrate 3 --to 2 --as analyst
    """
    alur.migrate(instance_id, to_version, user)
    click.echo(f"instance {instance_id} now runs on version {to_version}")


@main.group()
def users():
    """Manage users and the lanes they belong to."""


@users.command("add")
@click.argument("name")
@click.option("--lane", "lanes", multiple=True, help="A lane (executor column) the user belongs to; repeatable.")
@click.option("--role", "roles", multiple=True, help="admin, analyst or auditor; repeatable.")
@click.option("--password-stdin", is_flag=True, help="Read the web UI password from standard input.")
@with_alur
def users_add(alur, name, lanes, roles, password_stdin):
    """Add a user in one or more lanes.

    Example: alur users add budi --lane TPI --password-stdin < password.txt
    """
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    if password_stdin and not password:
        raise click.UsageError("--password-stdin read an empty password")
    user = alur.add_user(name, lanes=lanes, password=password, roles=roles)
    click.echo(f"added {user['name']} in {', '.join(user['lanes']) or 'no lane'}")


@users.command("list")
@json_option
@with_alur
def users_list(alur, as_json):
    """List users, their lanes and roles.

    Example: alur users list
    """
    emit(alur.users(), as_json, ["name", "lanes", "roles"])


@main.command()
@click.argument("process_id")
@click.option("--as", "user", required=True, help="The user who starts it (in the lane of the first activity).")
@click.option("--data", default=None, help="Initial data, a JSON object.")
@with_alur
def start(alur, process_id, user, data):
    """Start an instance of the newest version of a process; print its id.

    Example: alur start pengusulan_wbk_wbbm --as tpi
    """
    click.echo(alur.start(process_id, user, data))


@main.command()
@click.option("--lane", help="Only this lane's tasks.")
@click.option("--user", help="Only tasks in this user's lanes.")
@click.option("--instance", type=int, help="Only this instance's tasks.")
@json_option
@with_alur
def tasks(alur, lane, user, instance, as_json):
    """List READY tasks, oldest first.

    Example: alur tasks --user tpi
    """
    emit(alur.tasks(lane=lane, user=user, instance=instance), as_json,
         ["id", "instance", "process", "number", "name", "lane", "mutu_baku.waktu", "due_at"])


@main.command()
@click.argument("task_id", type=int)
@click.option("--as", "user", required=True, help="The user who completes it (in the task's lane).")
@click.option("--data", default=None, help="The task's fields, a JSON object.")
@json_option
@with_alur
def complete(alur, task_id, user, data, as_json):
    """Complete a READY task with its fields' data; print the tasks now ready.

    Example: alur complete 3 --as inspektur --data '{"keputusan_inspektur": "setuju"}'
    """
    ready = alur.complete(task_id, user, data)
    if not as_json:
        click.echo(f"completed task {task_id}; now ready:")
    emit(ready, as_json, ["id", "number", "name", "lane", "mutu_baku.waktu", "due_at"])


@main.command()
@click.option("--process", help="Only this process's instances.")
@click.option("--status", type=click.Choice(["running", "completed", "cancelled"]))
@json_option
@with_alur
def instances(alur, process, status, as_json):
    """List instances.

    Example: alur instances --status running
    """
    emit(alur.instances(process=process, status=status), as_json,
         ["id", "process", "version", "status", "started_by", "started_at", "ended_at"])


@main.command()
@click.argument("instance_id", type=int)
@json_option
@with_alur
def show(alur, instance_id, as_json):
    """Show an instance: status, version, data, ready and completed tasks.

    Example: alur show 1
    """
    shown = alur.show(instance_id)
    if as_json:
        return emit(shown, True, [])
    click.echo(f"instance {shown['id']}: {shown['name']} ({shown['process']} version {shown['version']}), "
               f"{shown['status']}, started by {shown['started_by']} at {shown['started_at']}")
    click.echo(f"data: {json.dumps(shown['data'], ensure_ascii=False)}")
    click.echo("ready:")
    emit(shown["ready"], False, ["id", "number", "name", "lane", "ready_at", "due_at"])
    click.echo("completed:")
    emit(shown["completed"], False, ["id", "number", "name", "lane", "completed_by", "completed_at"])


@main.command()
@click.argument("instance_id", type=int)
@json_option
@with_alur
def history(alur, instance_id, as_json):
    """List an instance's events in order.

    Example: alur history 1
    """
    emit(alur.history(instance_id), as_json, ["seq", "at", "type", "actor", "lane", "element", "name", "data"])


@main.command()
@json_option
@with_alur
def processes(alur, as_json):
    """List deployed processes with their versions, lanes and SOP header.

    Example: alur processes --json
    """
    rows = alur.processes()
    if as_json:
        return emit(rows, True, [])
    emit([{**p, "nomor": p["header"].get("nomor", ""), "versions": len(p["versions"])} for p in rows], False,
         ["process_id", "newest", "versions", "nomor", "name", "lanes"])


@main.command()
@click.argument("instance_id", type=int)
@click.option("--as", "user", required=True, help="Who cancels it.")
@click.option("--reason", required=True, help="Why (recorded in the events).")
@with_alur
def cancel(alur, instance_id, user, reason):
    """Cancel a running instance (admin role).

    Example: alur cancel 4 --as admin --reason "diajukan ganda"
    """
    alur.cancel(instance_id, user, reason)
    click.echo(f"cancelled instance {instance_id}")


@main.command()
@click.argument("task_id", type=int)
@click.option("--to", "to_user", required=True, help="The user who should do it (in the task's lane).")
@click.option("--as", "user", required=True, help="Who moves it (admin role).")
@click.option("--reason", required=True, help="Why (recorded in the events).")
@with_alur
def reassign(alur, task_id, to_user, user, reason):
    """Move a ready task to one user of its lane (admin role); only they may then complete it.

    Example: alur reassign 7 --to budi --as admin --reason "Ani cuti"
    """
    alur.reassign(task_id, to_user, user, reason)
    click.echo(f"task {task_id} is now assigned to {to_user}")


@main.command()
@json_option
@with_alur
def verify(alur, as_json):
    """Check the event chain and every instance's state against it; exit 1 on the first break.

    Example: alur verify
    """
    report = alur.verify()
    if as_json:
        emit(report, True, [])
    elif report["ok"]:
        click.echo(f"intact: {report['events']} events, head {report['head']}; every instance follows from them")
    else:
        for problem in report["problems"]:
            click.echo(f"BROKEN: {problem}")
    sys.exit(0 if report["ok"] else 1)


@main.command()
@click.argument("instance_id", type=int, required=False)
@click.option("--step", type=int, help="Show the instance as it stood after this event (1-based).")
@click.option("--verify", "reexecute", is_flag=True, help="Re-execute the recorded completions and compare.")
@click.option("--process", help="With --verify: every instance of this process.")
@json_option
@with_alur
def replay(alur, instance_id, step, reexecute, process, as_json):
    """Step through an instance's history, or re-execute it to check the log.

    Example: alur replay 1 --step 4   |   alur replay 1 --verify   |   alur replay --verify --process surat
    """
    if reexecute:
        return _replay_verify(alur, instance_id, process, as_json)
    if instance_id is None or step is None:
        raise click.UsageError("give INSTANCE and --step N, or --verify")
    shown = alur.replay(instance_id, step)
    if as_json:
        return emit(shown, True, [])
    event = shown["event"]
    click.echo(f"instance {instance_id}, step {step} of {shown['steps']}: {event['type']} {event['name'] or ''} "
               f"by {event['actor']}" + (f" ({event['lane']})" if event["lane"] else "") + f" at {event['at']}")
    click.echo(f"status: {shown['status']}; data: {json.dumps(shown['data'], ensure_ascii=False)}")
    click.echo("done:")
    emit(shown["done"], False, ["task", "name", "lane", "actor", "at"])
    click.echo("ready:")
    emit(shown["ready"], False, ["task", "name", "lane"])


def _replay_verify(alur, instance_id, process, as_json):
    if (instance_id is None) == (process is None):
        raise click.UsageError("--verify takes either INSTANCE or --process P")
    ids = [instance_id] if instance_id is not None else [i["id"] for i in alur.instances(process=process)]
    reports = [alur.reexecute(i) for i in ids]
    if as_json:
        emit(reports, True, [])
    for report in [] if as_json else reports:
        if report["ok"]:
            click.echo(f"instance {report['instance']}: faithful, {report['steps']} events re-executed")
        else:
            d = report["divergence"]
            click.echo(f"instance {report['instance']}: DIVERGES at step {d['step']}: {d['message']}")
    sys.exit(0 if all(r["ok"] for r in reports) else 1)


@main.command()
@click.option("--process", help="Only this process.")
@json_option
@with_alur
def sla(alur, process, as_json):
    """Time standards: completed tasks' working time against their mutu baku, and the tasks overdue now.

    Per process, lane, activity and instance: how many were done, the median and 90th percentile
    duration, and the share within the standard. Durations count working time only (ALUR_WORK_HOURS,
    ALUR_TIMEZONE, ALUR_CUTI_BERSAMA); a hari is one working day, a minggu 5, a bulan 20.

    Example: alur sla --process surat
    """
    report = alur.sla(process=process)
    if as_json:
        return emit(report, True, [])
    calendar, day = report["calendar"], report["calendar"]["day_minutes"]
    cuti = ", ".join(calendar["cuti_bersama"]) or "none"
    click.echo(f"Working time: Monday to Friday {calendar['work_hours']} {calendar['timezone']}, less Indonesian "
               f"holidays ({', '.join(calendar['holiday_categories'])}; holidays {calendar['holidays_package']}) "
               f"and configured cuti bersama ({cuti}). 1 hari = {_working_time(day, day + 1)}.")

    def shown(groups, *keys):
        return [{**{k: g[k] for k in keys}, "done": g["count"], "median": _working_time(g["median_minutes"], day),
                 "p90": _working_time(g["p90_minutes"], day), "within": _share(g), "overdue_now": g.get("overdue_now")}
                for g in groups]
    stats = ["done", "median", "p90", "within"]
    for title, rows, keys, extra in [
            ("Processes", report["processes"], ("process", "name"), ["overdue_now"]),
            ("Lanes", report["lanes"], ("process", "lane"), ["overdue_now"]),
            ("Activities", report["activities"], ("process", "number", "name", "lane", "waktu"), []),
            ("Instances", report["instances"], ("instance", "process", "version", "status"), ["overdue_now"])]:
        click.echo(f"\n{title}:")
        emit(shown(rows, *keys), False, [*keys, *stats, *extra])
    click.echo("\nOverdue now:")
    emit([{**t, "late_by": _working_time(t["overdue_minutes"], day)} for t in report["overdue"]], False,
         ["task", "instance", "process", "number", "name", "lane", "waktu", "due_at", "late_by"])


def _working_time(minutes, day_minutes):
    """520.5 -> '1 hari 11 menit' with 510-minute working days."""
    if minutes is None:
        return "-"
    days, rest = divmod(round(minutes), day_minutes)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} hari"] * bool(days) + [f"{hours} jam"] * bool(hours) + [f"{mins} menit"] * bool(mins)
    return " ".join(parts) or "0 menit"


def _share(group):
    if not group["with_standard"]:
        return "-"
    return f"{group['within_standard']}/{group['with_standard']} ({group['share_within']:.0%})"


@main.command()
@click.argument("fmt", metavar="xes|csv", type=click.Choice(["xes", "csv"]))
@click.option("--process", help="Only this process's instances.")
@click.option("--since", metavar="DATE", help="Only instances started on or after this date (YYYY-MM-DD, local time).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of standard output.")
@with_alur
def export(alur, fmt, process, since, output):
    """Export the event log for process mining: XES (IEEE 1849-2016) or CSV, one case per instance.

    Each task gives a start event (when it became ready) and a complete event (who completed it), named
    by the activity, with its lane as the role.

    Example: alur export xes --process surat -o surat.xes
    """
    text = alur.export(fmt, process=process, since=since)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    except OSError as error:
        raise AlurError(f"cannot write {output}: {error.strerror}") from None
    click.echo(f"wrote {output}")


@main.command()
@click.option("--bpmn-dir", default="bpmn", show_default=True, type=click.Path(), help="Where the diagrams are.")
@click.option("--password", default=demo_module.PASSWORD, show_default=True, help="The demo accounts' password.")
@with_alur
def demo(alur, bpmn_dir, password):
    """Deploy every diagram under bpmn/ and add a demo user for every lane (development only).

    Example: alur demo
    """
    for line in demo_module.set_up(alur, bpmn_dir, password):
        click.echo(line)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=4, show_default=True, type=int, help="Gunicorn worker processes.")
@db_option
def serve(db_path, host, port, workers):
    """Serve the web UI under gunicorn (several workers on the same database).

    Needs ALUR_SECRET_KEY in the environment, or ALUR_ENV=development for a dev server with demo accounts.

    Example: alur serve --host 0.0.0.0 --port 8000 --workers 4   (with ALUR_SECRET_KEY set)
    """
    from webui.server import ConfigError, serve as serve_web_ui
    try:
        serve_web_ui(db_path, host=host, port=port, workers=workers)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
