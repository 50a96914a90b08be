"""`alur` commands for what staff add to an instance besides fields: documents (`file` fields) and comments."""

from pathlib import Path

import click

from .common import emit, fail, json_option, main, with_alur


def read_files(specs):
    """`--file FIELD=PATH` options as {field: (file name, bytes)}; a spec or file that cannot be read stops the
    command with a message naming it (nothing was changed)."""
    files, problems = {}, []
    for spec in specs:
        field, sep, path = spec.partition("=")
        if not sep or not field or not path:
            problems.append(f"--file {spec}: write it as FIELD=PATH, such as --file berkas_spt=spt.pdf")
            continue
        try:
            files[field.strip()] = (Path(path).name, Path(path).read_bytes())
        except OSError as error:
            problems.append(f"--file {spec}: cannot read {path} ({error.strerror or error})")
    if problems:
        fail(problems)
    return files


@main.command()
@click.argument("instance_id", type=int)
@json_option
@with_alur
def attachments(alur, instance_id, as_json):
    """List the documents attached to an instance's tasks.

    Example: alur attachments 1 --json
    """
    emit(alur.attachments(instance_id), as_json, ["id", "task", "field", "name", "type", "size", "added_by",
                                                  "added_at", "sha256"])


@main.command()
@click.argument("attachment_id", type=int)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Where to write the document ('-' for standard output).")
@with_alur
def attachment(alur, attachment_id, output):
    """Write an attached document, exactly as attached, to a file.

    Example: alur attachment 3 -o spt.pdf
    """
    content = alur.attachment_content(attachment_id)
    if output == "-":
        click.get_binary_stream("stdout").write(content)
        return
    try:
        Path(output).write_bytes(content)
    except OSError as error:
        fail([f"cannot write {output} ({error.strerror or error})"])
    shown = alur.attachment(attachment_id)
    click.echo(f"wrote {output}: {shown.name}, {shown.type}, {shown.size} bytes, sha256 {shown.sha256}", err=True)


@main.command()
@click.argument("instance_id", type=int)
@click.argument("text")
@click.option("--as", "user", required=True, help="Who writes it (staff of one of the instance's lanes, or admin).")
@with_alur
def comment(alur, instance_id, text, user):
    """Comment on an instance; the comment is an event in the chain.

    Example: alur comment 1 --as tpi "SPT sudah dikirim lewat surel"
    """
    alur.comment(instance_id, user, text)
    click.echo(f"commented on instance {instance_id}")
