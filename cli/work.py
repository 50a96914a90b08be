"""`alur` commands for the daily work: users, instances, tasks, administrative acts, the web server."""

import sys

import click

from engine.errors import AlurError
from engine.vocabulary import InstanceStatus

from .common import db_option, dumps, emit, fail, json_option, main, refusal_lines, with_alur
from .attachments import read_files


@main.group()
def users():
    """Manage users and the lanes they belong to."""


@users.command("add")
@click.argument("name")
@click.option("--lane", "lanes", multiple=True, help="A lane (executor column) the user belongs to; repeatable.")
@click.option("--role", "roles", multiple=True, help="admin, analyst or auditor; repeatable.")
@click.option("--password-stdin", is_flag=True, help="Read the web UI password from standard input.")
@click.option("--email", default=None, help="The user's mail address, for notices.")
@with_alur
def users_add(alur, name, lanes, roles, password_stdin, email):
    """Add a user in one or more lanes.

    Example: alur users add budi --lane TPI --password-stdin < password.txt
    """
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    if password_stdin and not password:
        raise click.UsageError("--password-stdin read an empty password")
    user = alur.add_user(name, lanes=lanes, password=password, roles=roles, email=email, strict=True,
                         actor="cli")
    click.echo(f"added {user['name']} in {', '.join(user['lanes']) or 'no lane'}")


@users.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, required=True, help="Read the new password from standard input.")
@with_alur
def users_passwd(alur, name, password_stdin):
    """Give a user a new password; every session they have in the web UI ends.

    Example: alur users passwd budi --password-stdin < password.txt
    """
    ended = alur.set_password(name, sys.stdin.readline().rstrip("\n"))
    click.echo(f"new password for {name}; {ended} web session(s) ended")


@users.command("sign-out")
@click.argument("name")
@with_alur
def users_sign_out(alur, name):
    """End every web UI session of a user (a lost laptop, a departure): a copied cookie stops working at once.

    Example: alur users sign-out budi
    """
    click.echo(f"{alur.end_sessions(name)} web session(s) of {name} ended")


@users.command("list")
@json_option
@with_alur
def users_list(alur, as_json):
    """List users, their lanes and roles.

    Example: alur users list
    """
    emit(alur.users(), as_json, ["name", "lanes", "roles", "email", "active"])


@main.command()
@click.argument("process_id")
@click.option("--as", "user", required=True, help="The user who starts it (in the lane of the first activity).")
@click.option("--subject", required=True, help="What the case is about (perihal), one line of up to 200 characters.")
@click.option("--data", default=None, help="The start event's fields (if the diagram declares any), a JSON object.")
@with_alur
def start(alur, process_id, user, subject, data):
    """Start an instance of the newest version of a process about a subject; print its id.

    Example: alur start pengusulan_wbk_wbbm --as tpi --subject "Usulan WBK Dinas Kesehatan"
    """
    click.echo(alur.start(process_id, user, data, subject=subject))


@main.command()
@click.option("--lane", help="Only this lane's tasks.")
@click.option("--user", help="Only tasks in this user's lanes.")
@click.option("--instance", type=int, help="Only this instance's tasks.")
@click.option("--process", help="Only this process's tasks.")
@click.option("--search", help="Only tasks whose subject, SOP, activity or instance number (#12) holds this text.")
@click.option("--overdue", is_flag=True, help="Only tasks past their due time.")
@click.option("--taken-by", help="Only tasks this user took (alur claim) or was assigned.")
@click.option("--sort", "order", type=click.Choice(["oldest", "due"]), default="oldest", show_default=True,
              help="Ready longest first, or nearest due time first.")
@click.option("--limit", type=int, help="At most this many (1 to 1000).")
@click.option("--offset", type=int, default=0, help="Skip this many first.")
@json_option
@with_alur
def tasks(alur, lane, user, instance, process, search, overdue, taken_by, order, limit, offset, as_json):
    """List READY tasks, oldest first.

    Example: alur tasks --user tpi --search "dinas kesehatan" --limit 50
    """
    emit(alur.tasks(lane=lane, user=user, instance=instance, process=process, search=search, overdue=overdue,
                    taken_by=taken_by, order=order, limit=limit, offset=offset), as_json,
         ["id", "instance", "subject", "process", "number", "name", "lane", "assignee", "mutu_baku.waktu", "due_at"])


@main.command()
@click.argument("task_id", type=int)
@click.option("--as", "user", required=True, help="The user who completes it (in the task's lane).")
@click.option("--data", default=None, help="The task's fields, a JSON object.")
@click.option("--file", "files", multiple=True, metavar="FIELD=PATH",
              help="A document for a file field (PDF, image, office document); repeatable.")
@json_option
@with_alur
def complete(alur, task_id, user, data, files, as_json):
    """Complete a READY task with its fields' data; print the tasks now ready.

    Example: alur complete 3 --as inspektur --data '{"keputusan_5": "setuju"}'

    Example: alur complete 1 --as tpi --data '{"nomor_spt": "700/1"}' --file berkas_spt=spt.pdf
    """
    ready = alur.complete(task_id, user, data, read_files(files))
    if not as_json:
        click.echo(f"completed task {task_id}; now ready:")
    emit(ready, as_json, ["id", "number", "name", "lane", "mutu_baku.waktu", "due_at"])


@main.command()
@click.option("--process", help="Only this process's instances.")
@click.option("--status", type=click.Choice([status.value for status in InstanceStatus]))
@click.option("--search", help="Only instances whose subject, SOP, waiting activity or number (#12) holds this text.")
@click.option("--sort", "order", type=click.Choice(["oldest", "newest"]), default="oldest", show_default=True)
@click.option("--limit", type=int, help="At most this many (1 to 1000).")
@click.option("--offset", type=int, default=0, help="Skip this many first.")
@json_option
@with_alur
def instances(alur, process, status, search, order, limit, offset, as_json):
    """List instances.

    Example: alur instances --status running --search "dinas kesehatan"
    """
    emit(alur.instances(process=process, status=status, search=search, order=order, limit=limit, offset=offset),
         as_json, ["id", "subject", "process", "version", "status", "started_by", "started_at", "ended_at"])


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
    click.echo(f"subject: {shown['subject'] or '-'}")
    click.echo(f"data: {dumps(shown['data'])}")
    click.echo("ready:")
    emit(shown.ready, False, ["id", "number", "name", "lane", "ready_at", "due_at"])
    click.echo("completed:")
    emit(shown.completed, False, ["id", "number", "name", "lane", "completed_by", "completed_at"])


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
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=4, show_default=True, type=int, help="Gunicorn worker processes.")
@click.option("--threads", default=8, show_default=True, type=int,
              help="Threads per worker: how many requests each worker answers at once.")
@db_option
def serve(db_path, host, port, workers, threads):
    """Serve the web UI under gunicorn (several workers on the same database).

    Needs ALUR_SECRET_KEY in the environment, or ALUR_ENV=development for a dev server with demo accounts.

    Example: alur serve --host 0.0.0.0 --port 8000 --workers 4   (with ALUR_SECRET_KEY set)
    """
    from webui.server import ConfigError, serve as serve_web_ui
    try:
        serve_web_ui(db_path, host=host, port=port, workers=workers, threads=threads)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    except AlurError as error:  # the database cannot be reached for the development banner's accounts
        fail(refusal_lines(error))
