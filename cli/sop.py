"""`alur` commands for SOP AP workbooks: the template, import (check, write the diagram, deploy) and the way
back from a deployed process to its workbook."""

import click

from engine import Alur
from engine.messages import name as word
from engine.messages import render_sop_problem

from .common import dumps, fail, language, main, say, with_alur


def _write(path, data):
    try:
        with open(path, "wb") as out:
            out.write(data)
    except OSError as error:
        fail([f"cannot write {path}: {error.strerror}"])


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The .xlsx file to write.")
def template(output):
    """Write the empty SOP AP workbook to fill in: Identitas (the header), Prosedur (the table), Petunjuk.

    Example: alur template -o sop.xlsx
    """
    _write(output, Alur.sop_template())
    click.echo(f"wrote {output}")


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the diagram (.bpmn) to this file.")
@click.option("--deploy", is_flag=True, help="Deploy the diagram as a new version when there is no error.")
@click.option("--as", "user", help="Who deploys (recorded in the events); needed with --deploy.")
@click.option("--json", "as_json", is_flag=True, help="Print the table, the problems and the result as JSON.")
@with_alur
def import_command(alur, file, output, deploy, user, as_json):
    """Read an SOP AP workbook, list its problems (sheet, row, column, what to do) and make its diagram.

    Exits 1 when a problem is an error (nothing is written or deployed), 0 otherwise, warnings shown.

    Example: alur import sop.xlsx -o sop.bpmn --deploy --as analyst
    """
    if deploy and not user:
        fail(["--deploy needs --as USER (who deploys)"])
    try:
        with open(file, "rb") as source:
            data = source.read(alur.read_sop_limit + 1)
    except OSError as error:
        fail([f"cannot read {file}: {error.strerror}"])
    result = alur.import_sop(data, file, user or "cli", deploy=deploy)
    if output and result.ok:
        _write(output, result.bpmn)
    lang = language()
    if as_json:
        shown = result.to_json()
        shown["problems"] = [{**p.to_json(), "text": render_sop_problem(p, lang)} for p in result.problems]
        click.echo(dumps(shown, indent=2))
    else:
        for problem in result.problems:
            click.echo(f"{word(lang, str(problem.severity))}: {render_sop_problem(problem, lang)}", err=True)
        if result.ok:
            rows = len(result.table.rows)
            click.echo(f"{result.process_id}: {rows} activities read" + (f", wrote {output}" if output else ""))
            for deployment in result.deployments:
                click.echo(say(deployment.message))
    if not result.ok:
        raise SystemExit(1)


@main.command("export-sop")
@click.argument("process_id")
@click.option("--version", "version", type=int, help="The version to export (default: the newest).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The .xlsx file to write.")
@with_alur
def export_sop(alur, process_id, version, output):
    """Write a deployed process as its SOP AP workbook, to edit the table and import it again.

    Example: alur export-sop kompetisi_sinovik -o sinovik.xlsx
    """
    _write(output, alur.export_sop(process_id, version))
    click.echo(f"wrote {output}")
