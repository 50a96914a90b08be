"""The inbox's table rows, each written by one Python function as one string.

An inbox page lists up to 50 tasks; written by the template's loop, a row cost Jinja about 66 pieces of output
and two thirds of the page's time (docs/performance.md, inbox_scale). Here what the rows share is said once a
page: the labels (translated and escaped), the links' prefixes, and each text that repeats from row to row (the
SOP, the lane, the activity, the time standard, the times: escaped once a page). Every text that comes from
people or diagrams goes through markupsafe's `escape`; ids are numbers."""

from flask import url_for
from markupsafe import Markup, escape

from .i18n import _
from .roles import may_change
from .views import format_stamp, is_overdue


def inbox_rows(tasks, processes, user):
    """The <tr> of each task, as Markup for the template's <tbody>; `processes` maps a process id to its Process
    (the SOPs of the user's lanes)."""
    row = _row_writer(processes, user)
    return Markup("".join([row(task) for task in tasks]))


class _Escaped(dict):
    """text -> the text escaped, each text escaped once: a page's fifty rows repeat their SOPs, lanes and
    activities."""

    def __missing__(self, text):
        self[text] = value = str(escape(text))
        return value


def _row_writer(processes, user):
    escaped = _Escaped()
    label = {key: escaped[text] for key, text in (
        ("subject", _("Perihal")), ("sop", _("SOP")), ("activity", _("Kegiatan")), ("lane", _("Pelaksana")),
        ("time", _("Waktu")), ("since", _("Siap sejak")), ("due", _("Batas waktu")), ("taken", _("Dikerjakan")))}
    late_badge = f' <span class="badge late">{escaped[_("Terlambat")]}</span>'
    # str.format on an escaped sentence, given escaped values: the same as escaping the sentence once filled in.
    assigned, mine, theirs = (escaped[_("Ditugaskan kepada {name}.")], escaped[_("Anda kerjakan sejak {at}.")],
                              escaped[_("Dikerjakan oleh {name} sejak {at}.")])
    buttons = {None: ("claim", "secondary", escaped[_("Saya kerjakan")]),
               user["name"]: ("release", "link", escaped[_("Lepaskan")])}
    task_url = escaped[url_for("tasks.task", task_id=0)[:-1]]
    instance_url = escaped[url_for("instances.instance", instance_id=0)[:-1]]
    several, me, acts = len(user["lanes"]) > 1, user["name"], may_change(user)
    sop_cells = {}

    def when(stamp):   # a time as the page shows it (format_stamp keeps each one it has said)
        return escaped[format_stamp(stamp)]

    def sop_cell(process_id):
        process = processes.get(process_id)
        if process is None:
            return escaped[process_id]
        nomor = process.header.get("nomor")
        return f'{escaped[process.name]}<br><small class="muted">{escaped[nomor]}</small>' if nomor \
            else escaped[process.name]

    def taken_cell(task):
        text = ""
        if task.assignee:
            if not task.taken_at:
                text = f'<small class="assigned">{assigned.format(name=escaped[task.assignee])}</small>'
            elif task.assignee == me:
                text = f'<small class="taken">{mine.format(at=when(task.taken_at))}</small>'
            else:
                whose = theirs.format(name=escaped[task.assignee], at=when(task.taken_at))
                text = f'<small class="taken">{whose}</small>'
        if acts and (task.assignee or None) in buttons:  # a free task is taken, one's own given back
            act, style, button = buttons[task.assignee or None]
            text += (f'\n      <button type="submit" form="take" formaction="{task_url}{task.id}/{act}" '
                     f'class="{style}" data-act="{act}">{button}</button>')
        return text

    def row(task):
        sop = sop_cells.get(task.process)
        if sop is None:
            sop = sop_cells[task.process] = sop_cell(task.process)
        late = is_overdue(task)
        lane = escaped[task.lane]
        return (
            f'  <tr class="task{" overdue" if late else ""}" data-task="{task.id}" data-lane="{lane}">\n'
            f'    <td data-label="{label["subject"]}"><span class="subject">{escaped[task.subject or "–"]}</span>'
            f'<br><a href="{instance_url}{task.instance}"><small>#{task.instance}</small></a></td>\n'
            f'    <td data-label="{label["sop"]}">{sop}</td>\n'
            f'    <td data-label="{label["activity"]}"><a class="open" href="{task_url}{task.id}">'
            f'<span class="num">{escaped[task.number]}</span> {escaped[task.name]}</a></td>\n'
            + (f'    <td data-label="{label["lane"]}">{lane}</td>\n' if several else "")
            + f'    <td data-label="{label["time"]}">{escaped[task.mutu_baku.waktu or "–"]}</td>\n'
            f'    <td data-label="{label["since"]}">{when(task.ready_at)}</td>\n'
            f'    <td data-label="{label["due"]}">{when(task.due_at)}{late_badge if late else ""}</td>\n'
            f'    <td data-label="{label["taken"]}">{taken_cell(task)}</td>\n'
            '  </tr>\n')

    return row
