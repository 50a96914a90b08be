"""`alur copy-store`: move an office's data between stores (a SQLite file, a PostgreSQL database)."""

import click

from engine import Alur
from engine.errors import AlurError
from engine.results import Message

from .common import fail, main, refusal_lines, say


@main.command("copy-store")
@click.argument("source")
@click.argument("target")
def copy_store(source, target):
    """Copy everything in SOURCE into the empty TARGET (each a SQLite file or a postgresql:// URL), in one
    transaction, kept only when the chain verifies on arrival as `alur verify` checks it.

    Example: alur copy-store var/alur.db postgresql://alur@db.kantor/alur
    """
    try:
        report = Alur.copy_store(source, target, progress=lambda message: click.echo(say(message)))
    except AlurError as error:
        fail(refusal_lines(error))
    click.echo(say(Message("copy.done", {"target": report.target, "events": report.events,
                                         "head": report.head or "-"})))
