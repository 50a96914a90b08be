"""`alur` commands for analysts: deploy diagrams, list processes and versions, diff, migrate."""

import click

from engine import demo as demo_module
from engine import demo_history
from engine.results import Message
from .common import emit, json_option, main, say, spoken, with_alur


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--as", "actor", default="cli", show_default=True, help="Who deploys (recorded in the events).")
@with_alur
def deploy(alur, files, actor):
    """Validate diagrams and store a new version of each changed process.

    Example: alur deploy bpmn/*/*.bpmn
    """
    for result in alur.deploy(files, actor=actor):
        click.echo(say(result.message))


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
    emit([{**p, "nomor": p.header.get("nomor", ""), "versions": len(p.versions)} for p in rows], False,
         ["id", "newest", "versions", "nomor", "name", "lanes"])


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
    emit([{**v, "sha256": v.sha256[:12]} for v in process.versions], False,
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
        return emit([spoken(change) for change in changes], True, [])
    for change in changes or [Message("diff.none")]:
        click.echo(f"- {say(change)}")


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


@main.command()
@click.option("--bpmn-dir", default="bpmn", show_default=True, type=click.Path(), help="Where the diagrams are.")
@click.option("--password", default=demo_module.PASSWORD, show_default=True, help="The demo accounts' password.")
@click.option("--history", is_flag=True, help="Also fill an empty database with months of made-up runs.")
@click.option("--months", default=6, show_default=True, type=click.IntRange(1, 24), help="With --history: how many.")
@with_alur
def demo(alur, bpmn_dir, password, history, months):
    """Deploy every diagram under bpmn/ and add a demo user for every lane (development only); with --history,
    months of runs (on time and late, loops, cancellations, tasks still waiting) made through the engine.

    Example: alur demo --history
    """
    for message in demo_module.set_up(alur, bpmn_dir, password):
        click.echo(say(message))
    for message in demo_history.fill(alur, months=months) if history else ():
        click.echo(say(message))
