"""`alur` commands for auditors: verify the history, replay it, time standards, export."""

import sys

import click

from engine.monitor import written
from engine.results import plain

from .common import dumps, emit, fail, json_option, main, say, spoken, with_alur


@main.command()
@json_option
@with_alur
def verify(alur, as_json):
    """Check the event chain and every instance's state against it; exit 1 on the first break.

    Example: alur verify
    """
    report = alur.verify()
    if as_json:
        emit({**plain(report), "problems": [spoken(p, alur.settings.timezone) for p in report.problems]}, True, [])
    elif report["ok"]:
        click.echo(f"intact: {report['events']} events, head {report['head']}; every instance follows from them")
    else:
        zone = alur.settings.timezone
        for problem in report.problems:
            click.echo(f"BROKEN: {say(problem, zone)}")
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
    click.echo(f"status: {shown['status']}; data: {dumps(shown['data'])}")
    click.echo("done:")
    emit(shown.done, False, ["task", "name", "lane", "actor", "at"])
    click.echo("ready:")
    emit(shown.ready, False, ["task", "name", "lane"])


def _replay_verify(alur, instance_id, process, as_json):
    if (instance_id is None) == (process is None):
        raise click.UsageError("--verify takes either INSTANCE or --process P")
    ids = [instance_id] if instance_id is not None else [i["id"] for i in alur.instances(process=process)]
    reports = [alur.reexecute(i) for i in ids]
    zone = alur.settings.timezone
    if as_json:
        emit([{**plain(r), "divergence": r.divergence and {**plain(r.divergence),
                                                           "message": spoken(r.divergence.message, zone)}}
              for r in reports], True, [])
    for report in [] if as_json else reports:
        if report["ok"]:
            click.echo(f"instance {report['instance']}: faithful, {report['steps']} events re-executed")
        else:
            d = report["divergence"]
            click.echo(f"instance {report.instance}: DIVERGES at step {d.step}: {say(d.message, zone)}")
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
    return "-" if minutes is None else written(minutes, day_minutes)


def _share(group):
    if not group["with_standard"]:
        return "-"
    return f"{group['within_standard']}/{group['with_standard']} ({group['share_within']:.0%})"


@main.command()
@click.argument("fmt", metavar="xes|csv|pnml", type=click.Choice(["xes", "csv", "pnml"]))
@click.option("--process", help="Only this process's instances.")
@click.option("--since", metavar="DATE", help="Only instances started on or after this date (YYYY-MM-DD, local time).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of standard output.")
@with_alur
def export(alur, fmt, process, since, output):
    """Export the event log for process mining: XES (IEEE 1849-2016) or CSV, one case per instance.

    Each task gives a start event (when it became ready) and a complete event (who completed it), named
    by the activity, with its lane as the role. `pnml` writes the process's diagram as a Petri net to replay
    the log on (every path of the diagram, loops and intermediate events included, is a firing sequence).

    Example: alur export xes --process surat -o surat.xes   |   alur export pnml --process surat -o surat.pnml
    """
    text = alur.export(fmt, process=process, since=since)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    except OSError as error:
        fail([f"cannot write {output}: {error.strerror}"])
    click.echo(f"wrote {output}")
