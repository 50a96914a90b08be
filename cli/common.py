"""What every `alur` command shares: the group, the database option, JSON or table output, and
one-line errors. (The commands themselves are in the sibling modules.)

`alur`: the command-line face of the engine. Each command is a thin wrapper over the `Alur`
method of the same name; a user's mistake prints one line per problem on stderr and exits 2."""

import functools
import json
import math
import os
import sys

import click

from engine import Alur
from engine.db import shown
from engine.errors import AlurError, InvalidDiagram, InvalidFields
from engine.messages import render, render_problem
from engine.results import plain

from .hints import hint


def language():
    """The command line speaks English, or Indonesian with ALUR_LANG=id."""
    return "id" if os.environ.get("ALUR_LANG", "").lower().startswith("id") else "en"


def db_option(command):
    return click.option("--db", "db_path", envvar="ALUR_DB", default="var/alur.db", show_default=True,
                        help="SQLite database file, or a postgresql://user@host/db URL (env ALUR_DB).")(command)


def json_option(command):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(command)


def say(message, zone=None):
    """A Message from the engine, in the command line's language."""
    return render(message, language(), zone)


def spoken(message, zone=None):
    """A Message for `--json`: its code and parameters, and its text in the command line's language."""
    return {**plain(message), "text": say(message, zone)}


def refusal_lines(error, zone=None):
    """An engine refusal as the lines `error: ...` prints: every problem of a refused diagram, else one line
    with the command-line hint."""
    lang = language()
    if isinstance(error, InvalidDiagram):
        return [render_problem(problem, lang, zone) for problem in error.problems]
    if isinstance(error, InvalidFields):  # every field at fault, one line each
        return [line for problem in error.problems for line in refusal_lines(problem, zone)]
    extra = hint(error.message, lang)
    return [render(error.message, lang, zone) + (f" ({extra})" if extra else "")]


def with_alur(command):
    """Open the database for the command and turn Alur's refusals into one-line errors."""
    @db_option
    @functools.wraps(command)
    def wrapper(db_path, **kwargs):
        try:
            alur = Alur.open(db_path)
        except AlurError as error:  # a setting that cannot be used
            fail(refusal_lines(error))
        except Exception as error:  # a path that is a folder, a file that is not SQLite, ...
            fail([f"cannot open the database {shown(db_path)}: {error}"])
        try:
            return command(alur, **kwargs)
        except AlurError as error:
            fail(refusal_lines(error, alur.settings.timezone))
        finally:
            alur.close()
    return wrapper


def fail(lines):
    for line in lines:
        click.echo(f"error: {line}", err=True)
    sys.exit(2)


def emit(rows, as_json, columns):
    """Print `rows` as JSON or as an aligned table of `columns`."""
    if as_json:
        click.echo(dumps(plain(rows), indent=2))
        return
    if not rows:
        click.echo("(none)")
        return
    cells = [[str(_cell(row, c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    click.echo("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths)).rstrip())
    for r in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip())


def dumps(value, **options):
    """JSON text that any JSON reader takes: a NaN or infinity an older Alur stored is written as a string."""
    return json.dumps(_finite(value), ensure_ascii=False, allow_nan=False, **options)


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def _cell(row, column):
    value = row
    for part in column.split("."):
        value = value.get(part, "") if hasattr(value, "get") else ""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "" if value is None else value


@click.group()
@click.version_option(package_name="alur")
def main():
    """Alur runs SOP AP procedures as BPMN processes: deploy diagrams, start instances, and
    complete each lane's tasks."""
