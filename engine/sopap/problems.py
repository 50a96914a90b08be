"""What the importer says about a table: each finding a code with its parameters (where: `sheet`, `row`,
`column`; and what), and a severity. An error leaves no runnable diagram and refuses the import; a warning lets
it through and is shown beside the result. The texts are in engine/messages.py and engine/locale/id.po."""

from dataclasses import dataclass, field

from ..results import Message, Record
from ..vocabulary import Severity

PROSEDUR, IDENTITAS = "Prosedur", "Identitas"


@dataclass
class SopProblem(Record):
    """One finding: `code` and `params` (always with `sheet`, `row` and `column`, None where they do not
    apply: a table typed in the browser has no sheet rows) and `severity`, error or warning."""

    code: str
    params: dict = field(default_factory=dict)
    severity: Severity = Severity.ERROR

    @property
    def message(self):
        return Message(self.code, self.params)

    @property
    def sheet(self):
        return self.params.get("sheet")

    @property
    def row(self):
        return self.params.get("row")

    @property
    def column(self):
        return self.params.get("column")

    @property
    def is_error(self):
        return self.severity == Severity.ERROR

    def __str__(self):
        from ..messages import render_sop_problem
        return render_sop_problem(self)


class Findings(list):
    """The problems found so far, with a helper for each severity."""

    def error(self, code, sheet=PROSEDUR, row=None, column=None, **params):
        self.append(SopProblem(code, {"sheet": sheet, "row": row, "column": column, **params}, Severity.ERROR))

    def warning(self, code, sheet=PROSEDUR, row=None, column=None, **params):
        self.append(SopProblem(code, {"sheet": sheet, "row": row, "column": column, **params}, Severity.WARNING))

    @property
    def errors(self):
        return [p for p in self if p.is_error]
