"""Monitoring Pelaksanaan SOP AP (Permenpan RB 35/2012, Tabel 7), measured from what ran in a period.

For each SOP: the instances started, finished and cancelled in the period and running now; the tasks judged
against their mutu baku (those completed in the period whose activity has a `waktu`, and those waiting now past
their due time, which count as late); the activities most often late and by how much; how often each return
loop was taken; the tasks waiting past their due now.

Penilaian: "Berjalan dengan baik" when the share of judged tasks done within their mutu baku is at least the
threshold (`ALUR_MONITOR_THRESHOLD`, 80% by default), "Tidak berjalan dengan baik" below it, and not judged when
no task was. Catatan and Tindakan are drafted from the measures (messages each face says in its language); the
assessor edits them, and `assess` keeps the form with who assessed it and when, as an event in the chain.
"""

import json
from collections import defaultdict
from datetime import datetime, time, timedelta, timezone

from . import clock, events, flowgraph, messages, users, versions, workcalendar
from . import sla as time_standards
from .db import transaction
from .errors import Forbidden, InvalidData
from .results import Message, plain
from .sla import percentile
from .store import instances as instance_table
from .store import monitoring as table
from .vocabulary import Assessment, EventType, InstanceStatus, Role

PERIOD_MONTHS = 6       # Permenpan RB 35/2012: monitoring every six months
TOP_LATE = 3
MAX_TEXT = 2000         # characters of one Catatan or Tindakan
ASSESSORS = (Role.ADMIN, Role.ANALYST)   # auditors read and print; they change nothing


def period(calendar, start=None, end=None, today=None):
    """(first day, last day) of the period, dates; by default the six months up to today (local)."""
    last = workcalendar.parse_date(end, "--to") if end else today
    first = workcalendar.parse_date(start, "--from") if start else _months_before(last, PERIOD_MONTHS)
    if first > last:
        raise InvalidData("monitor.period_reversed", start=first.isoformat(), end=last.isoformat())
    return first, last


def _months_before(day, months):
    month = day.month - months
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    for candidate in range(day.day, 0, -1):
        try:
            return day.replace(year=year, month=month, day=candidate) + timedelta(days=1)
        except ValueError:
            continue


def _bounds(calendar, first, last):
    """The period's first and last instants as stamps: local midnight to the midnight after the last day."""
    begin = datetime.combine(first, time(0), tzinfo=calendar.zone)
    finish = datetime.combine(last + timedelta(days=1), time(0), tzinfo=calendar.zone)
    return clock.stamp(begin.astimezone(timezone.utc)), clock.stamp(finish.astimezone(timezone.utc))


def measure(ctx, process=None, start=None, end=None, now=None):
    """The monitoring form as measured: {period, threshold, generated_at, rows}, one row per SOP."""
    calendar, db = ctx.settings.calendar, ctx.db
    now = now or ctx.clock.now()
    first, last = period(calendar, start, end, now.astimezone(calendar.zone).date())
    begin, finish = _bounds(calendar, first, last)
    report = time_standards.report(ctx, process=process, now=now)
    done = [t for t in report["tasks"] if begin <= t["completed_at"] < finish]
    taken = table.flows_taken(db, process, begin, finish)
    rows = []
    for number, proc in enumerate(versions.processes(db, process), start=1):
        rows.append(_row(number, proc, db, calendar, ctx.settings.monitor_threshold, begin, finish,
                         [t for t in done if t["process"] == proc.id],
                         [t for t in report["overdue"] if t["process"] == proc.id],
                         [f for f in taken if f["process_id"] == proc.id]))
    return {"period": {"from": first.isoformat(), "to": last.isoformat()},
            "threshold": ctx.settings.monitor_threshold, "generated_at": ctx.clock.stamp(now),
            "day_minutes": calendar.day_minutes, "rows": rows}


def _row(number, proc, db, calendar, threshold, begin, finish, done, overdue, taken):
    model = versions.model_of(db, versions.newest(db, proc.id)["id"])
    instances = instance_table.listing(db, process=proc.id)
    counts = {
        "started": sum(begin <= i["started_at"] < finish for i in instances),
        "finished": sum(i["status"] == InstanceStatus.COMPLETED and begin <= (i["ended_at"] or "") < finish
                        for i in instances),
        "cancellations": sum(i["status"] == InstanceStatus.CANCELLED and begin <= (i["ended_at"] or "") < finish
                         for i in instances),
        "running_now": sum(i["status"] == InstanceStatus.RUNNING for i in instances)}
    judged = [t for t in done if t["within"] is not None]
    within = sum(t["within"] for t in judged)
    count = len(judged) + len(overdue)
    share = round(within / count, 4) if count else None
    assessment = Assessment.UNMEASURED if share is None else \
        Assessment.GOOD if share >= threshold else Assessment.NOT_GOOD
    row = {"no": number, "process": proc.id, "name": proc.name, "nomor": proc.header.get("nomor", ""), **counts,
           "judged": count, "within": within, "share_within": share, "late": _late(done),
           "loops": _loops(model, taken), "overdue_now": [_overdue(t) for t in overdue],
           "penilaian": assessment}
    row["catatan"] = _notes(row, threshold, calendar.day_minutes)
    row["tindakan"] = _actions(row)
    return row


def _late(done):
    """The activities late most often in the period: how many of how many, the median and longest lateness."""
    groups = defaultdict(list)
    for task in done:
        if task["within"] is not None:
            groups[task["element"]].append(task)
    result = []
    for element, tasks in groups.items():
        over = sorted(t["minutes"] - t["standard_minutes"] for t in tasks if not t["within"])
        if over:
            newest = tasks[-1]
            result.append({"element": element, "number": newest["number"], "name": newest["name"],
                           "lane": newest["lane"], "waktu": newest["waktu"], "late": len(over), "of": len(tasks),
                           "median_late_minutes": round(percentile(over, 0.5), 2),
                           "max_late_minutes": round(over[-1], 2)})
    result.sort(key=lambda a: (-a["late"], -a["median_late_minutes"], a["element"]))
    return result[:TOP_LATE]


def _loops(model, taken):
    """Each returning answer of a decision (engine.flowgraph): times taken in the period, in how many instances."""
    counts, instances = defaultdict(int), defaultdict(set)
    for flow in taken:
        counts[flow["element"]] += 1
        instances[flow["element"]].add(flow["instance_id"])
    return [{**loop, "taken": counts[flow_id], "instances": len(instances[flow_id])}
            for flow_id, loop in sorted(flowgraph.returns(model).items())]


def _overdue(task):
    return {key: task[key] for key in ("task", "instance", "element", "number", "name", "lane", "due_at",
                                       "overdue_minutes")}


def _notes(row, threshold, day):
    notes = [Message("monitor.note.counts", {key: row[key] for key in ("started", "finished", "cancellations",
                                                                       "running_now")})]
    if row["share_within"] is None:
        notes.append(Message("monitor.note.unmeasured", {}))
    else:
        notes.append(Message("monitor.note.share", {"within": row["within"], "judged": row["judged"],
                                                    "share": round(row["share_within"] * 100),
                                                    "threshold": round(threshold * 100)}))
    for late in row["late"]:
        notes.append(Message("monitor.note.late", {"number": late["number"], "name": late["name"],
                                                   "lane": late["lane"], "late": late["late"], "of": late["of"],
                                                   "waktu": late["waktu"],
                                                   "median": written(late["median_late_minutes"], day)}))
    for loop in row["loops"]:
        if loop["taken"]:
            notes.append(Message("monitor.note.loop", {"decision": loop["decision_name"] or loop["decision"],
                                                       "answer": loop["name"] or loop["flow"],
                                                       "taken": loop["taken"], "instances": loop["instances"]}))
    if row["overdue_now"]:
        longest = max(t["overdue_minutes"] for t in row["overdue_now"])
        notes.append(Message("monitor.note.overdue", {"count": len(row["overdue_now"]),
                                                      "longest": written(longest, day)}))
    return notes


def _actions(row):
    if row["penilaian"] == Assessment.UNMEASURED:
        return [Message("monitor.action.unmeasured", {})]
    actions = [Message("monitor.action.review_late", {"number": late["number"], "name": late["name"],
                                                      "lane": late["lane"]})
               for late in row["late"][:1] if row["penilaian"] == Assessment.NOT_GOOD]
    if row["overdue_now"]:
        actions.append(Message("monitor.action.follow_up", {"count": len(row["overdue_now"])}))
    return actions or [Message("monitor.action.keep", {})]


def written(minutes, day_minutes):
    """Working minutes as the SOP writes time: 520.5 -> '1 hari 11 menit' with 510-minute working days."""
    days, rest = divmod(round(minutes), day_minutes)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} hari"] * bool(days) + [f"{hours} jam"] * bool(hours) + [f"{mins} menit"] * bool(mins)
    return " ".join(parts) or "0 menit"


# The saved form ------------------------------------------------------------------------------------------

def assess(ctx, user, start, end, entries, now=None):
    """Keep the form of the period as `user` assessed it: `entries` {process: {"catatan", "tindakan"}} as edited
    (texts); the penilaian and the measures are the engine's. One event in the chain records it. Returns the id."""
    db = ctx.db
    with transaction(db):
        assessor = users.get(db, user)
        if not set(assessor.roles) & set(ASSESSORS) or Role.AUDITOR in assessor.roles:
            raise Forbidden("monitor.assess_role", user=user, roles=list(ASSESSORS))
        measured = measure(ctx, start=start, end=end, now=now)
        known = {row["process"] for row in measured["rows"]}
        unknown = sorted(set(entries) - known)
        if unknown:
            raise InvalidData("monitor.unknown_process", process=unknown[0], choices=sorted(known))
        rows = []
        for row in measured["rows"]:
            edited = entries.get(row["process"], {})
            texts = {key: _text(edited[key], row["process"], key) if key in edited else _drafted(row[key])
                     for key in ("catatan", "tindakan")}
            rows.append({**plain(row), **texts})
        stamp = ctx.clock.stamp(now)
        summary = {"period": measured["period"], "rows": [
            {key: r[key] for key in ("process", "penilaian", "share_within", "catatan", "tindakan")} for r in rows]}
        event = events.record(db, ctx.clock, EventType.MONITORING_ASSESSED, user, data=summary)
        form_id = table.insert(db, {"period_from": measured["period"]["from"], "period_to": measured["period"]["to"],
                                    "assessed_at": stamp, "assessed_by": user,
                                    "rows": json.dumps({"threshold": measured["threshold"], "rows": rows},
                                                       ensure_ascii=False),
                                    "event_seq": event["seq"]})
    return form_id


def _drafted(notes):
    """The drafted notes as the form's text: Indonesian, one a line."""
    return "\n".join(messages.render(note, "id") for note in notes)


def _text(value, process, key):
    text = "" if value is None else str(value).replace("\r\n", "\n").strip()   # browsers send CRLF
    if len(text) > MAX_TEXT:
        raise InvalidData("monitor.text_too_long", field=f"{key}:{process}", what=key, process=process,
                          limit=MAX_TEXT, length=len(text))
    return text


def forms(db):
    """Saved forms, newest first, without their rows."""
    return [{key: row[key] for key in ("id", "period_from", "period_to", "assessed_at", "assessed_by",
                                       "event_seq")} for row in table.forms(db)]


def form(db, form_id):
    row = table.form(db, form_id)
    content = json.loads(row["rows"])
    return {**{key: row[key] for key in ("id", "period_from", "period_to", "assessed_at", "assessed_by",
                                         "event_seq")},
            "period": {"from": row["period_from"], "to": row["period_to"]}, **content}
