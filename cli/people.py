"""`alur` commands for people: changing and deactivating users, lane heads, acting officials (Plt/Plh), and the
worker that mails notices."""

import signal
import time

import click

from engine.errors import AlurError
from engine.vocabulary import ActingTitle

from .common import emit, json_option, main, with_alur
from .work import users


@users.command("edit")
@click.argument("name")
@click.option("--lane", "lanes", multiple=True, help="The user's lanes from now on (replaces them); repeatable.")
@click.option("--role", "roles", multiple=True, help="The user's roles from now on (replaces them); repeatable.")
@click.option("--no-roles", is_flag=True, help="Take every role away.")
@click.option("--email", default=None, help="A new mail address ('' removes it).")
@with_alur
def users_edit(alur, name, lanes, roles, no_roles, email):
    """Change a user's lanes, roles or mail address; what is not given stays.

    Example: alur users edit budi --lane TPI --lane Inspektur --email budi@inspektorat.go.id
    """
    user = alur.edit_user(name, lanes=list(lanes) if lanes else None,
                          roles=[] if no_roles else (list(roles) if roles else None), email=email)
    click.echo(f"{user.name}: lanes {', '.join(user.lanes) or '-'}; roles {', '.join(user.roles) or '-'}; "
               f"mail {user.email or '-'}")


@users.command("deactivate")
@click.argument("name")
@click.option("--as", "actor", required=True, help="Who deactivates (admin role).")
@click.option("--reason", required=True, help="Why (recorded in the history).")
@with_alur
def users_deactivate(alur, name, actor, reason):
    """Deactivate a user: they can no longer sign in nor be given a task; the history keeps their name.

    Example: alur users deactivate budi --as admin --reason "pindah tugas ke Dinas Kesehatan"
    """
    ended = alur.deactivate_user(name, actor, reason)
    click.echo(f"{name} is deactivated; {ended} web session(s) ended")


@main.group()
def lanes():
    """Lanes (the executor columns of the SOPs) and their heads."""


@lanes.command("list")
@json_option
@with_alur
def lanes_list(alur, as_json):
    """List every lane with its head.

    Example: alur lanes list
    """
    heads = alur.lane_heads()
    emit([{"lane": lane, "head": heads.get(lane)} for lane in alur.lanes()], as_json, ["lane", "head"])


@lanes.command("head")
@click.argument("lane")
@click.argument("user")
@with_alur
def lanes_head(alur, lane, user):
    """Name the head of a lane (one of its users): they receive the lane's escalations.

    Example: alur lanes head Inspektur inspektur
    """
    alur.set_lane_head(lane, user)
    click.echo(f"{user} heads {lane}")


@main.command()
@click.option("--lane", required=True, help="The lane to stand in for.")
@click.option("--to", "to_user", required=True, help="Who stands in (not in the lane).")
@click.option("--from", "first_day", required=True, help="The first day, 2026-12-01.")
@click.option("--until", "last_day", required=True, help="The last day (included), 2026-12-14.")
@click.option("--title", type=click.Choice([t.value for t in ActingTitle]), default=ActingTitle.PLH.value,
              show_default=True, help="Plh stands in for an official away; Plt for a vacant post.")
@click.option("--as", "actor", required=True, help="Who delegates (admin role).")
@click.option("--reason", required=True, help="Why (recorded in the history).")
@with_alur
def delegate(alur, lane, to_user, first_day, last_day, title, actor, reason):
    """Make a user the acting official (Plh or Plt) of a lane for a period: they see and complete its tasks.

    Example: alur delegate --lane Inspektur --to budi --from 2026-12-01 --until 2026-12-14 --as admin --reason cuti
    """
    made = alur.delegate(lane, to_user, first_day, last_day, actor, reason, title)
    click.echo(f"delegation {made.id}: {made.delegate}, {made.title} {made.lane}, from {made.starts_at} "
               f"until {made.ends_at}")


@main.group()
def delegations():
    """Acting officials (Plt / Plh): every delegation and what was done under it."""


@delegations.command("list")
@json_option
@with_alur
def delegations_list(alur, as_json):
    """List every delegation, newest first, with how many tasks were completed under it.

    Example: alur delegations list
    """
    rows = [{**d, "acts": len(d.acts)} for d in alur.delegations()] if not as_json else alur.delegations()
    emit(rows, as_json, ["id", "lane", "delegate", "title", "starts_at", "ends_at", "live", "ended_at", "acts"])


@delegations.command("end")
@click.argument("delegation_id", type=int)
@click.option("--as", "actor", required=True, help="Who ends it (admin role).")
@click.option("--reason", required=True, help="Why (recorded in the history).")
@with_alur
def delegations_end(alur, delegation_id, actor, reason):
    """End a delegation before its last day.

    Example: alur delegations end 3 --as admin --reason "Inspektur kembali lebih awal"
    """
    alur.end_delegation(delegation_id, actor, reason)
    click.echo(f"delegation {delegation_id} ended")


@main.command()
@click.option("--once", is_flag=True, help="One round, then exit.")
@click.option("--every", "interval", default=15.0, show_default=True, help="Seconds between rounds.")
@with_alur
def worker(alur, once, interval):
    """Mail notices (tasks ready, reassigned, overdue, escalations) through ALUR_SMTP_HOST; run beside `alur serve`.

    Example: alur worker   (with ALUR_SMTP_HOST=mail.kantor.go.id in the environment)
    """
    stopping = []
    for stop in (signal.SIGTERM, signal.SIGINT):  # finish the round under way, then exit
        signal.signal(stop, lambda *_: stopping.append(True))
    from engine.mailer import from_settings  # smtplib and ssl: only the worker needs them (alur's start-up)
    mailer = from_settings(alur.settings)
    if mailer is None:
        click.echo("ALUR_SMTP_HOST is not set: no mail is sent", err=True)
    elif not once:
        click.echo(f"alur worker: mail through {alur.settings.mail.host}:{alur.settings.mail.port}, "
                   f"a round every {interval:g} s", nl=True)
    while True:
        try:
            done = alur.run_notices(mailer)
        except AlurError as error:  # the database locked too long, say: the next round tries again
            click.echo(f"this round failed, the next tries again: {error}", err=True)
            done = None
        for user, address, count in done.mails if done else ():
            click.echo(f"mailed {count} notice(s) to {user} <{address}>", nl=True)
        for user, error in done.failed if done else ():
            click.echo(f"mail to {user} failed, will retry: {error}", err=True)
        if once or stopping:
            return
        deadline = time.monotonic() + interval
        while time.monotonic() < deadline and not stopping:
            time.sleep(min(0.5, interval))
        if stopping:
            return
