"""`alur claim` and `alur release`: a user takes a ready task of their lane, and gives it back."""

import click

from .common import main, with_alur


@main.command()
@click.argument("task_id", type=int)
@click.option("--as", "user", required=True, help="The user who takes it (in the task's lane).")
@with_alur
def claim(alur, task_id, user):
    """Take a ready task of your lane: colleagues see you work on it, and only you may complete it.

    Example: alur claim 7 --as budi
    """
    alur.claim(task_id, user)
    click.echo(f"task {task_id} is taken by {user}")


@main.command()
@click.argument("task_id", type=int)
@click.option("--as", "user", required=True, help="The user who holds it.")
@with_alur
def release(alur, task_id, user):
    """Give a task you hold back to its lane.

    Example: alur release 7 --as budi
    """
    alur.release(task_id, user)
    click.echo(f"task {task_id} is back in its lane")
