"""`alur monitor` (the Monitoring Pelaksanaan SOP AP form of a period) and `alur evaluate` (an SOP's time
standards against what was measured, and its lanes' load)."""

import click

from engine.monitor import written
from engine.results import Message, plain

from .common import emit, json_option, main, say, with_alur


def _text_option(name, what):
    return click.option(f"--{name}", "edits_" + name, multiple=True, metavar="PROCESS=TEXT",
                        help=f"With --save: the {what} of one SOP, instead of the drafted one (repeatable).")


@main.command()
@click.option("--process", help="Only this SOP.")
@click.option("--from", "start", metavar="DATE", help="First day of the period (YYYY-MM-DD); six months ago by default.")
@click.option("--to", "end", metavar="DATE", help="Last day of the period (YYYY-MM-DD); today by default.")
@click.option("--save", is_flag=True, help="Keep the form of the period (admin or analyst role), recorded in the chain.")
@click.option("--as", "user", help="With --save: the assessor.")
@_text_option("catatan", "catatan hasil penilaian")
@_text_option("tindakan", "tindakan yang harus diambil")
@click.option("--forms", "list_forms", is_flag=True, help="List the saved forms.")
@click.option("--form", "form_id", type=int, help="Show one saved form.")
@json_option
@with_alur
def monitor(alur, process, start, end, save, user, edits_catatan, edits_tindakan, list_forms, form_id, as_json):
    """Monitoring Pelaksanaan SOP AP (Permenpan RB 35/2012, Tabel 7) for a period, one row per SOP.

    Penilaian is "Berjalan dengan baik" when the share of tasks done within their mutu baku (tasks waiting past
    their due now count as late) reaches ALUR_MONITOR_THRESHOLD (80% by default). Catatan and Tindakan are drafted
    from the measures; --save keeps the form, with your edits.

    Example: alur monitor --from 2026-01-01 --to 2026-06-30   |   alur monitor --save --as analyst
    """
    if list_forms:
        return emit(alur.monitoring_forms(), as_json, ["id", "period_from", "period_to", "assessed_by",
                                                        "assessed_at", "event_seq"])
    if form_id is not None:
        form = alur.monitoring_form(form_id)
        return emit(form, True, []) if as_json else _print_saved(form)
    if save:
        if not user:
            raise click.UsageError("--save needs --as USER")
        entries = {}
        for key, edits in (("catatan", edits_catatan), ("tindakan", edits_tindakan)):
            for edit in edits:
                name, sep, text = edit.partition("=")
                if not sep:
                    raise click.UsageError(f"--{key} takes PROCESS=TEXT, not {edit!r}")
                entries.setdefault(name, {})[key] = text.replace("\\n", "\n")
        form_id = alur.assess(user, start=start, end=end, entries=entries)
        click.echo(f"saved monitoring form {form_id}")
        return None
    report = alur.monitor(process=process, start=start, end=end)
    if as_json:
        return emit({**plain(report), "rows": [_spoken_row(row) for row in report["rows"]]}, True, [])
    _print_report(report)


def _penilaian(row):
    return say(Message(f"monitor.penilaian.{row['penilaian']}"))


def _spoken_row(row):
    return {**plain(row), "penilaian_text": _penilaian(row),
            "catatan": [say(note) for note in row["catatan"]], "tindakan": [say(note) for note in row["tindakan"]]}


def _print_report(report):
    period, day = report["period"], report["day_minutes"]
    click.echo(f"Monitoring Pelaksanaan SOP AP, {period['from']} to {period['to']} "
               f"(working well from {report['threshold']:.0%} within the mutu baku)")
    emit([{**row, "penilaian": _penilaian(row),
           "within": "-" if row["share_within"] is None else f"{row['within']}/{row['judged']} ({row['share_within']:.0%})",
           "overdue": len(row["overdue_now"])} for row in report["rows"]], False,
         ["no", "process", "penilaian", "within", "started", "finished", "cancellations", "running_now", "overdue"])
    for row in report["rows"]:
        click.echo(f"\n{row['no']}. {row['name']}")
        click.echo("   Catatan hasil penilaian:")
        for note in row["catatan"]:
            click.echo(f"   - {say(note)}")
        click.echo("   Tindakan yang harus diambil:")
        for note in row["tindakan"]:
            click.echo(f"   - {say(note)}")
        for task in row["overdue_now"]:
            click.echo(f"   late now: task {task['task']} (instance {task['instance']}) {task['number']} {task['name']}, "
                       f"{task['lane']}, by {written(task['overdue_minutes'], day)}")


def _print_saved(form):
    click.echo(f"Monitoring form {form['id']}, {form['period_from']} to {form['period_to']}, assessed by "
               f"{form['assessed_by']} at {form['assessed_at']} (event {form['event_seq']})")
    for row in form["rows"]:
        click.echo(f"\n{row['no']}. {row['name']}: {_penilaian(row)}")
        click.echo("   Catatan: " + row["catatan"].replace("\n", "\n            "))
        click.echo("   Tindakan: " + row["tindakan"].replace("\n", "\n             "))


@main.command()
@click.argument("process")
@json_option
@with_alur
def evaluate(alur, process, as_json):
    """Evaluate an SOP: each activity's written waktu against the working time measured (median, 90th percentile,
    share within), a proposed mutu baku where the written one is unrealistic, and each lane's load.

    Example: alur evaluate pengusulan_wbk_wbbm
    """
    report = alur.evaluate(process)
    if as_json:
        return emit(report, True, [])
    day = report["day_minutes"]

    def time_of(minutes):
        return "-" if minutes is None else written(minutes, day)
    click.echo(f"{report['name']} (version {report['version']}): time standards against the working time measured")
    emit([{**a, "median": time_of(a["median_minutes"]), "p90": time_of(a["p90_minutes"]),
           "within": "-" if a["share_within"] is None else f"{a['share_within']:.0%}",
           "proposed": f"{a['proposed_waktu']} ({a['judgement']})" if a["proposed_waktu"] else ""}
          for a in report["activities"]], False,
         ["number", "name", "lane", "waktu", "count", "median", "p90", "within", "proposed"])
    click.echo("\nLanes:")
    emit(report["lanes"], False, ["lane", "done", "waiting", "late"])
