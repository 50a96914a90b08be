"""The importer as the API uses it: a workbook or a table typed in the browser in, the table, its problems and
the diagram out (SopImport); a deployed diagram back out as a table or a workbook."""

from dataclasses import dataclass, field

from ..errors import InvalidDiagram
from ..results import Record
from . import export, reader, template
from .layout import LayoutError
from .plan import plan
from .problems import Findings
from .table import Table
from .writer import write


@dataclass
class SopImport(Record):
    """What an import gives: the table read (None when the file could not be read at all), every problem
    (engine.sopap.problems.SopProblem, errors first), the diagram (None when an error leaves nothing
    runnable), the process id, and the deployments when it was deployed."""

    file: str
    table: Table | None
    problems: list = field(default_factory=list)
    bpmn: bytes | None = None
    process_id: str | None = None
    deployments: list = field(default_factory=list)

    @property
    def ok(self):
        """True when no problem is an error (warnings let an import through)."""
        return not any(p.is_error for p in self.problems)

    @property
    def bpmn_name(self):
        """The diagram's file name: the workbook's with .bpmn, or the process id's for a table typed in the browser."""
        stem = (self.file or "").rsplit("/", 1)[-1]
        stem = stem[: -len(".xlsx")] if stem.lower().endswith(".xlsx") else stem
        return (stem or self.process_id or "sop") + ".bpmn"

    def to_json(self):
        return {"file": self.file, "ok": self.ok, "process_id": self.process_id,
                "table": self.table.to_json() if self.table else None,
                "problems": [p.to_json() for p in self.problems],
                "bpmn": self.bpmn.decode("utf-8") if self.bpmn else None,
                "deployments": [d.to_json() for d in self.deployments]}


def read_sop(data, file_name):
    """A workbook's bytes -> SopImport; never raises for a bad workbook."""
    table, found, letters = reader.read(bytes(data or b""), file_name)
    if table is None:
        return SopImport(file_name, None, list(found))
    result = from_table(table, file_name)
    result.problems = _sorted(_with_cells(list(found) + result.problems, letters))
    if any(p.is_error for p in found):
        result.bpmn = None
    return result


def from_table(table, file_name=None):
    """A Table (or its JSON) -> SopImport."""
    if not isinstance(table, Table):
        table = Table.from_json(table)
    planned, found = plan(table)
    result = SopImport(file_name, table, _sorted(found))
    if planned is None:
        return result
    result.process_id = planned["process_id"]
    try:
        result.bpmn = write(planned)
    except LayoutError as error:
        extra = Findings()
        extra.error("sop.layout_failed", row=None, detail=str(error))
        result.problems = _sorted(result.problems + extra)
    return result


def deploy(result, deploy_bytes):
    """Deploy `result`'s diagram with `deploy_bytes` (Alur.deploy_bytes: its checks, its event); a refusal of
    the deploy's checks becomes the import's problems and nothing is stored."""
    try:
        return deploy_bytes([(result.bpmn_name, result.bpmn)])
    except InvalidDiagram as refused:
        extra = Findings()
        for problem in refused.problems:
            extra.error("sop.deploy_refused", row=None, element=problem.element, reason=problem.message)
        result.problems = _sorted(result.problems + extra)
        return []


def _with_cells(problems, letters):
    """Each problem of a Prosedur row names its cell as well: column 'Waktu' at row 12 -> cell 'F12'."""
    for problem in problems:
        params = problem.params
        letter = letters.get(params.get("column") or "")
        if letter and params.get("row"):
            params["cell"] = f"{letter}{params['row']}"
    return problems


def _sorted(problems):
    return sorted(problems, key=lambda p: (not p.is_error, p.params.get("row") or 0))


def template_bytes():
    return template.workbook()


def table_of(bpmn_bytes):
    return export.table_of(bpmn_bytes)


def workbook_of(bpmn_bytes):
    return template.workbook(export.table_of(bpmn_bytes))
