"""The event log for process mining: XES (IEEE 1849-2016) or CSV, one case per instance; and the model to replay
it on, a process's diagram as a Petri net (PNML, engine.petrinet).

Each task's `task_ready` event becomes a `start` and its `task_completed` event a `complete` (the
standard lifecycle model), named by the activity as in the diagram, with the lane as `org:role`. Only a
completion has an `org:resource`, the user who completed it; a task's becoming ready is caused by
whoever finished the step before, who does not perform it, so that event names no resource.

XES is written without an XML namespace, as the IEEE schema (which has no target namespace) wants, with
`xes.version="1849.2016"` (the schema types it as a decimal). tests/test_export.py reads it with pm4py.
"""

import csv
import io
from datetime import date, datetime, time, timezone

from lxml import etree

from . import clock, petrinet, versions, workcalendar
from .errors import InvalidData
from .store import events as event_table
from .store import instances as instance_table
from .vocabulary import EventType

FORMATS = ("xes", "csv", "pnml")
COLUMNS = ("case_id", "activity", "timestamp", "lifecycle", "resource", "role", "process", "version", "element",
           "task", "subject")
LIFECYCLE = {EventType.TASK_READY: "start", EventType.TASK_COMPLETED: "complete"}
EXTENSIONS = (("Concept", "concept", "http://www.xes-standard.org/concept.xesext"),
              ("Time", "time", "http://www.xes-standard.org/time.xesext"),
              ("Organizational", "org", "http://www.xes-standard.org/org.xesext"),
              ("Lifecycle", "lifecycle", "http://www.xes-standard.org/lifecycle.xesext"))


def export(ctx, fmt, process=None, since=None):
    """The log as text: `fmt` 'xes' or 'csv'; only `process`'s instances, only those started on or after
    `since` (a date, YYYY-MM-DD, midnight in the working calendar's time zone)."""
    if fmt not in FORMATS:
        raise InvalidData("export.unknown_format", format=fmt, choices=list(FORMATS))
    if process:
        versions.newest(ctx.db, process)  # NotFound for a process never deployed
    if fmt == "pnml":  # the model to replay the log on, not the log (engine.petrinet)
        if not process:
            raise InvalidData("export.pnml_process")
        return petrinet.pnml(ctx.db, process)
    cases = _cases(ctx.db, process, _since(since, ctx.settings.calendar))
    return _xes(cases, process, since, ctx.clock) if fmt == "xes" else _csv(cases)


def _since(since, calendar):
    if since is None or since == "":
        return None
    if isinstance(since, datetime):
        moment = since
    else:
        day = since if isinstance(since, date) else workcalendar.parse_date(since, "--since")
        moment = datetime.combine(day, time(0), tzinfo=calendar.zone)
    return clock.stamp(moment.astimezone(timezone.utc))


def _cases(db, process, since):
    cases = {row["id"]: {**row, "events": []} for row in instance_table.listing(db, process=process, since=since)}
    for event in event_table.of_tasks(db, process=process, since=since):
        kind = EventType(event["type"])
        cases[event["instance_id"]]["events"].append({
            "case_id": str(event["instance_id"]), "activity": event["element_name"], "timestamp": event["at"],
            "lifecycle": LIFECYCLE[kind], "resource": event["actor"] if kind == EventType.TASK_COMPLETED else None,
            "role": event["lane"], "process": cases[event["instance_id"]]["process_id"],
            "version": event["version"], "element": event["element"], "task": event["task_id"],
            "subject": cases[event["instance_id"]]["subject"]})
    return list(cases.values())


def _csv(cases):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for case in cases:
        for event in case["events"]:
            writer.writerow(["" if event[c] is None else event[c] for c in COLUMNS])
    return out.getvalue()


def _xes(cases, process, since, clock):
    log = etree.Element("log", {"xes.version": "1849.2016"})
    for name, prefix, uri in EXTENSIONS:
        etree.SubElement(log, "extension", name=name, prefix=prefix, uri=uri)
    trace_globals = etree.SubElement(log, "global", scope="trace")
    _attribute(trace_globals, "string", "concept:name", "UNKNOWN")
    event_globals = etree.SubElement(log, "global", scope="event")
    _attribute(event_globals, "string", "concept:name", "UNKNOWN")
    _attribute(event_globals, "string", "lifecycle:transition", "complete")
    _attribute(event_globals, "date", "time:timestamp", "1970-01-01T00:00:00.000+00:00")
    _attribute(event_globals, "string", "org:role", "UNKNOWN")
    etree.SubElement(log, "classifier", name="Activity", keys="concept:name")
    etree.SubElement(log, "classifier", name="ActivityLifecycle", keys="concept:name lifecycle:transition")
    _attribute(log, "string", "concept:name", f"Alur: {process}" if process else "Alur")
    _attribute(log, "string", "lifecycle:model", "standard")
    _attribute(log, "string", "source", "Alur")
    _attribute(log, "date", "exported_at", clock.stamp())
    if since:
        _attribute(log, "string", "since", str(since))
    for case in cases:
        trace = etree.SubElement(log, "trace")
        _attribute(trace, "string", "concept:name", str(case["id"]))
        _attribute(trace, "string", "process", case["process_id"])
        _attribute(trace, "int", "version", str(case["version"]))
        _attribute(trace, "string", "status", case["status"])
        _attribute(trace, "date", "started_at", case["started_at"])
        if case["subject"]:
            _attribute(trace, "string", "subject", case["subject"])
        for row in case["events"]:
            event = etree.SubElement(trace, "event")
            _attribute(event, "string", "concept:name", row["activity"])
            _attribute(event, "string", "lifecycle:transition", row["lifecycle"])
            _attribute(event, "date", "time:timestamp", row["timestamp"])
            if row["resource"]:
                _attribute(event, "string", "org:resource", row["resource"])
            _attribute(event, "string", "org:role", row["role"])
            _attribute(event, "string", "concept:instance", str(row["task"]))
            _attribute(event, "string", "element", row["element"])
            if row["version"] is not None:
                _attribute(event, "int", "version", str(row["version"]))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(log, encoding="unicode", pretty_print=True)


def _attribute(parent, kind, key, value):
    etree.SubElement(parent, kind, key=key, value=value)
