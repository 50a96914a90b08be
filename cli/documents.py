"""`alur print`: the documents Alur prints from what runs (the SOP AP document)."""

from pathlib import Path

import click

from .common import fail, main, with_alur


@main.command("print")
@click.argument("process_id")
@click.option("--version", "version", type=int, default=None, help="The version to print (default: the newest).")
@click.option("--paper", default="a4", show_default=True, help="Paper, landscape: a4 or f4.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The file to write: FILE.pdf, or FILE.html for the same document as a web page.")
@with_alur
def print_command(alur, process_id, version, paper, output):
    """Print a process's SOP AP document (Permenpan RB 35/2012) from its deployed diagram: the identity page
    and the flowchart table, A4 landscape (or F4); the footer names the version and its sha256.

    Example: alur print pengusulan_wbk_wbbm -o sop.pdf
    """
    fmt = Path(output).suffix.lower().lstrip(".") or "pdf"
    document = alur.print_sop(process_id, version=version, fmt=fmt, paper=paper.lower())
    try:
        Path(output).write_bytes(document)
    except OSError as error:
        fail([f"cannot write {output}: {error.strerror}"])
    click.echo(f"wrote {output}")
