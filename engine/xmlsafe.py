"""Read diagram bytes as XML without resolving entities or fetching anything."""

import re
from dataclasses import dataclass

from lxml import etree

MAX_BYTES = 5 * 1024 * 1024
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass
class Problem:
    """One finding about a diagram: where it is and what to do about it."""

    file: str
    message: str
    line: int | None = None
    element: str | None = None
    readable: bool = True  # False when the bytes themselves were refused: nothing of them may be shown

    def __str__(self):
        where = self.file + (f":{self.line}" if self.line else "")
        what = f" element '{self.element}':" if self.element else ""
        return f"{where}:{what} {self.message}"


class Refused(Exception):
    def __init__(self, problem):
        problem.readable = False
        self.problem = problem
        super().__init__(str(problem))


def parse(data, file_name):
    """Parse `data` (bytes) into an lxml root element, or raise Refused with the reason."""
    if len(data) > MAX_BYTES:
        raise Refused(Problem(file_name, f"the file is {len(data) / 1048576:.1f} MB; Alur takes diagrams "
                                         f"up to {MAX_BYTES // 1048576} MB: is this the right file?"))
    declaration = _DECLARATION.search(data)
    if declaration:
        line = data.count(b"\n", 0, declaration.start()) + 1
        raise Refused(Problem(file_name, "DTD and entity declarations are not allowed in a diagram "
                                         "(they can expand or fetch content): remove the <!DOCTYPE ...> block", line))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_blank_text=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise Refused(Problem(file_name, f"this is not well-formed XML ({error.msg}): "
                                         "save the diagram again from the modeler", error.lineno)) from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise Refused(Problem(file_name, "DTD declarations are not allowed in a diagram"))
    return root
