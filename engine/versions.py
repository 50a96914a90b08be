"""Deployed versions of processes: validate diagrams and store a new version when content changes."""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from . import clock, events, model, validation
from .db import transaction
from .errors import InvalidDiagram, NotFound
from .xmlsafe import Problem, Refused, parse


@dataclass
class DeployResult:
    file: str
    process_id: str
    name: str
    version: int
    changed: bool

    def __str__(self):
        if self.changed:
            return f"{self.file}: deployed {self.process_id} version {self.version} ({self.name})"
        return f"{self.file}: {self.process_id} unchanged, still version {self.version}"


def read_files(paths):
    """(name, bytes) for each path; a missing file is a problem like any other."""
    files, problems = [], []
    for path in map(Path, paths):
        try:
            files.append((str(path), path.read_bytes()))
        except OSError as error:
            problems.append(Problem(str(path), f"cannot read the file ({error.strerror})"))
    if problems:
        raise InvalidDiagram(problems)
    return files


def deploy(db, files, actor):
    """Validate every file, then store each changed process as a new version; all or nothing."""
    checked = [_checked(name, data) for name, data in files]
    problems = [p for _, _, found, _ in checked for p in found]
    problems += _duplicate_processes(checked)
    if problems:
        raise InvalidDiagram(problems)
    results = []
    with transaction(db):
        for name, data, _, models in checked:
            for process_model in models:
                results.append(_store(db, name, data, process_model, actor))
    return results


def _checked(name, data):
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
                problems.append(Problem(name, f"process '{m['process_id']}' is also in {seen[m['process_id']]}: "
                                              "deploy one file per process"))
            seen[m["process_id"]] = name
    return problems


def _store(db, file_name, data, process_model, actor):
    pid = process_model["process_id"]
    sha = hashlib.sha256(data).hexdigest()
    newest = _newest_row(db, pid)
    if newest and newest["sha256"] == sha:
        return DeployResult(file_name, pid, process_model["name"], newest["version"], False)
    number = newest["version"] + 1 if newest else 1
    row = {"process_id": pid, "version": number, "name": process_model["name"], "file_name": Path(file_name).name,
           "sha256": sha, "bpmn": data, "model": json.dumps(process_model, ensure_ascii=False),
           "deployed_at": clock.stamp(), "deployed_by": actor}
    row["id"] = db["versions"].insert(row).last_pk
    events.record(db, "deployed", actor, version=row, element=pid, element_name=process_model["name"],
                  data={"version": number, "sha256": sha, "file": row["file_name"]})
    return DeployResult(file_name, pid, process_model["name"], number, True)


def _newest_row(db, process_id):
    rows = list(db.query("SELECT * FROM versions WHERE process_id = ? ORDER BY version DESC LIMIT 1", [process_id]))
    return rows[0] if rows else None


def newest(db, process_id):
    row = _newest_row(db, process_id)
    if row is None:
        raise NotFound(f"no process '{process_id}' is deployed: see `alur processes`")
    return row


def by_id(db, version_id):
    return db["versions"].get(version_id)


def model_of(db, version_id):
    """The parsed model of a version, cached on the connection: versions never change."""
    cache = db.__dict__.setdefault("_alur_models", {})
    if version_id not in cache:
        row = db.execute("SELECT model FROM versions WHERE id = ?", [version_id]).fetchone()
        if row is None:
            raise NotFound(f"no version with id {version_id}")
        cache[version_id] = json.loads(row[0])
    return cache[version_id]
