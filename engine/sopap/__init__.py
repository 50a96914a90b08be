"""SOP AP tables in and out: the workbook template, reading a workbook or a table typed in the browser,
the problems found, the laid-out BPMN diagram, and a deployed diagram back as a table or a workbook.

Modules: `table` (the Table and its JSON), `readings` (how cells are read), `reader` (xlsx -> Table),
`plan` (Table -> process, with problems), `layout` and `writer` (the diagram), `template` (Table -> xlsx),
`export` (diagram -> Table), `service` (what engine.api.Alur calls).
"""

from .problems import SopProblem
from .service import SopImport, from_table, read_sop
from .table import Row, Table

__all__ = ["Row", "SopImport", "SopProblem", "Table", "from_table", "read_sop"]
