"""Deployed versions of processes: validate diagrams, store a new version when content changes, and read them."""

import hashlib
import json
from pathlib import Path

from . import events
from .db import transaction
from .errors import InvalidDiagram, NotFound
from .results import Deployment, Problem, Process, Version
from .store import versions as table
from .vocabulary import EventType


def read_files(paths):
    """(name, bytes) for each path; a missing file is a problem like any other."""
    files, problems = [], []
    for path in map(Path, paths):
        try:
            files.append((str(path), path.read_bytes()))
        except OSError as error:
            problems.append(Problem.of(str(path), "file.unreadable", reason=error.strerror))
    if problems:
        raise InvalidDiagram(problems)
    return files


def deploy(ctx, files, actor):
    """Validate every file, then store each changed process as a new version; all or nothing."""
    checked = [_checked(name, data) for name, data in files]
    problems = [p for _, _, found, _ in checked for p in found]
    problems += _duplicate_processes(checked)
    if problems:
        raise InvalidDiagram(problems)
    with transaction(ctx.db):
        return [_store(ctx, name, data, process_model, actor)
                for name, data, _, models in checked for process_model in models]


def _checked(name, data):
    from . import model, validation  # SpiffWorkflow and lxml: imported by a deploy, not by every command
    from .xmlsafe import Refused, parse

    try:
        root = parse(data, name)
    except Refused as refused:
        return name, data, [refused.problem], []
    found = validation.check(root, name)
    models = [] if found else [model.build(root, p) for p in model.executable_processes(root)]
    return name, data, found, models


def _duplicate_processes(checked):
    seen, problems = {}, []
    for name, _, _, models in checked:
        for m in models:
            if m["process_id"] in seen:
                problems.append(Problem.of(name, "deploy.duplicate_process", process=m["process_id"],
                                           other=seen[m["process_id"]]))
            seen[m["process_id"]] = name
    return problems


def _store(ctx, file_name, data, process_model, actor):
    pid = process_model["process_id"]
    sha = hashlib.sha256(data).hexdigest()
    newest_row = table.newest(ctx.db, pid)
    if newest_row and newest_row["sha256"] == sha:
        return Deployment(file_name, pid, process_model["name"], newest_row["version"], False)
    number = newest_row["version"] + 1 if newest_row else 1
    row = {"process_id": pid, "version": number, "name": process_model["name"], "file_name": Path(file_name).name,
           "sha256": sha, "bpmn": data, "model": json.dumps(process_model, ensure_ascii=False),
           "deployed_at": ctx.clock.stamp(), "deployed_by": actor}
    row["id"] = table.insert(ctx.db, row)
    events.record(ctx.db, ctx.clock, EventType.DEPLOYED, actor, version=row, element=pid,
                  element_name=process_model["name"],
                  data={"version": number, "sha256": sha, "file": row["file_name"]})
    return Deployment(file_name, pid, process_model["name"], number, True)


def newest(db, process_id):
    row = table.newest(db, process_id)
    if row is None:
        raise NotFound("process.not_found", process=process_id)
    return row


def by_id(db, version_id):
    return table.by_id(db, version_id)


def by_number(db, process_id, number):
    newest(db, process_id)  # an unknown process is named as such
    return table.by_number(db, process_id, number)


def model_of(db, version_id):
    return table.model(db, version_id)


def known_lanes(db):
    return {lane for version_id in table.ids(db) for lane in table.model(db, version_id)["lanes"]}


def processes(db, process_id=None, count_running=True):
    """Every deployed process (or one) with its versions; the newest version's model gives name, lanes, header.
    Without `count_running`, each version's running_instances is None (not counted)."""
    result = {}
    for row in table.listing(db, process_id, count_running):
        m = table.model(db, row["id"])
        version = Version(version=row["version"], sha256=row["sha256"], file=row["file_name"],
                          deployed_at=row["deployed_at"], deployed_by=row["deployed_by"],
                          running_instances=row["running_count"])
        earlier = result[row["process_id"]].versions if row["process_id"] in result else []
        result[row["process_id"]] = Process(
            id=row["process_id"], name=m["name"], newest=row["version"], lanes=m["lanes"],
            start_lanes=m["start_lanes"], header=m["header"], documentation=m["documentation"],
            versions=[*earlier, version], start_fields=m.get("start_fields", []))
    return list(result.values())


def process(db, process_id):
    found = processes(db, process_id)
    if not found:
        raise NotFound("process.not_found", process=process_id)
    return found[0]


def bpmn(db, process_id, number):
    """The BPMN bytes of one version, as deployed."""
    return bytes(by_number(db, process_id, number)["bpmn"])
